/**
 * What train's loop trains with: a model and its optimizer on one backend. Two implementations, one contract:
 * - the tfjs engine (here): model.ts's MLP and optimizers.ts's update rules in tfjs-core ops, on any tfjs backend;
 * - the fused engine (fused/kernel.ts): the same maths as one WebAssembly SIMD call per batch.
 * The loop (train.ts) owns the schedule, the timing, the statistics and the divergence rule, so both engines run
 * exactly the same training; only the arithmetic's place differs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BatchStats, FusedMlp, type FusedModelSpec, instantiateFusedKernel } from './fused/kernel';
import type { DenseWeights } from './init';
import { Mlp } from './model';
import { createOptimizer, type Hyper } from './optimizers';

export type { BatchStats };

export interface Engine {
  /** Sets the values the next step uses (a scheduler writing the param group / Keras's optimizer.learning_rate). */
  setHyper(hyper: Hyper): void;
  /** What the optimizer holds now (read back after setHyper: what the next step uses). */
  readonly learningRate: number;
  /** SGD / RMSprop momentum, or Adam / AdamW β1. */
  readonly momentum: number;
  /** One optimizer step on the training rows `indices`. */
  trainStep(indices: Int32Array): Promise<BatchStats>;
  /** The validation set's mean loss and top-1 count, and Σ|w| over the weights (non-finite when a weight is). */
  evaluate(): Promise<{ loss: number; correct: number; weightMagnitude: number }>;
  /** The predicted class and its probability per row of `points` (rows × features). */
  predict(points: Float32Array): Promise<{ predicted: Int32Array; confidence: Float32Array }>;
  /** Every parameter, Keras layout (copies). */
  readWeights(): Promise<DenseWeights[]>;
  dispose(): void;
}

/** Everything an engine is built from: FusedModelSpec's fields (the weights, the data, the optimizer and its rule). */
export type EngineSpec = FusedModelSpec & { classes: number };

export async function createFusedEngine(spec: EngineSpec): Promise<Engine> {
  const model = new FusedMlp(await instantiateFusedKernel(), spec);
  return {
    setHyper: (hyper) => model.setHyper(hyper),
    get learningRate() {
      return model.learningRate;
    },
    get momentum() {
      return model.momentum;
    },
    trainStep: async (indices) => model.trainStep(indices),
    evaluate: async () => model.evaluate(),
    predict: async (points) => model.predict(points),
    readWeights: async () => model.readWeights(),
    // The instance's memory goes with the last reference to it.
    dispose: () => {},
  };
}

/** The tfjs engine on tfjs's current backend. Every tensor it makes is disposed by `dispose` (or inside a tidy). */
export function createTfjsEngine(spec: EngineSpec): Engine {
  const { train, validation, classes } = spec;
  const owned: { dispose(): void }[] = [];
  const keep = <T extends { dispose(): void }>(x: T): T => {
    owned.push(x);
    return x;
  };
  try {
    const model = keep(new Mlp(spec.weights, spec.activation, spec.lossKind));
    const optimizer = keep(createOptimizer(spec.optimizer, spec.rule, model.parameters));
    const trainX = keep(tf.tensor2d(train.x, [train.y.length, train.features]));
    const trainY = keep(tf.tensor1d(train.y, 'int32'));
    const valX = keep(tf.tensor2d(validation.x, [validation.y.length, validation.features]));
    const valY = keep(tf.tensor1d(validation.y, 'int32'));
    const valOneHot = keep(tf.tidy(() => tf.cast(tf.oneHot(valY, classes), 'float32') as tf.Tensor2D));
    // predict's inputs stay on the device between calls (the boundary grid is the same every epoch).
    const pointTensors = new Map<Float32Array, tf.Tensor2D>();
    return {
      setHyper: (hyper) => optimizer.setHyper(hyper),
      get learningRate() {
        return optimizer.learningRate;
      },
      get momentum() {
        return optimizer.momentum;
      },
      async trainStep(indices) {
        const statsTensor = tf.tidy(() => {
          const rows = tf.tensor1d(indices, 'int32');
          const x = tf.gather(trainX, rows) as tf.Tensor2D;
          const labels = tf.gather(trainY, rows) as tf.Tensor1D;
          const oneHot = tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
          const { stats, gradients } = model.lossAndGradients(x, oneHot, labels);
          optimizer.apply(gradients);
          return tf.stack([stats.loss, stats.correct, stats.rawLoss]);
        });
        try {
          const [loss, correct, rawLoss] = (await statsTensor.data()) as Float32Array;
          return { loss: loss as number, correct: correct as number, rawLoss: rawLoss as number };
        } finally {
          statsTensor.dispose();
        }
      },
      async evaluate() {
        const packed = tf.tidy(() => {
          const stats = model.evaluate(valX, valOneHot, valY);
          return tf.stack([stats.loss, stats.correct, model.weightMagnitude()]);
        });
        try {
          const [loss, correct, magnitude] = (await packed.data()) as Float32Array;
          return { loss: loss as number, correct: correct as number, weightMagnitude: magnitude as number };
        } finally {
          packed.dispose();
        }
      },
      async predict(points) {
        let x = pointTensors.get(points);
        if (!x) {
          x = keep(tf.tensor2d(points, [points.length / train.features, train.features]));
          pointTensors.set(points, x);
        }
        const input = x;
        const [argMax, max] = tf.tidy(() => {
          const p = model.probabilities(input);
          return [tf.argMax(p, 1), tf.max(p, 1)];
        }) as [tf.Tensor, tf.Tensor];
        try {
          const [predicted, confidence] = await Promise.all([argMax.data(), max.data()]);
          return { predicted: Int32Array.from(predicted), confidence: Float32Array.from(confidence) };
        } finally {
          argMax.dispose();
          max.dispose();
        }
      },
      readWeights: () => model.readWeights(),
      dispose() {
        for (const x of owned.splice(0).reverse()) x.dispose();
      },
    };
  } catch (err) {
    for (const x of owned.splice(0).reverse()) x.dispose();
    throw err;
  }
}
