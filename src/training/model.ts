/**
 * The MLP, forward and backward by hand in tfjs-core ops (float32 on every backend): Dense layers with bias,
 * relu or tanh between them, and a softmax output trained with cross-entropy.
 *
 * Why not tfjs-layers or tf.grads: the optimizer update rules are our own (optimizers.ts), so the engine only
 * needs the gradients, and writing the backward pass out takes about a quarter of autodiff's kernel calls per batch
 * (ENVIRONMENT.md measured ~29 against ~124 for `fit`). The formulas are the textbook ones; the Python reference
 * comparison (reference.test.ts) checks them against real PyTorch and Keras autograd.
 *
 * Layout: layer l's kernel is [fanIn, fanOut] (Keras's), so z = h · W + b.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseWeights } from './init';
import type { TrainingConfig } from './types';

/**
 * Which cross-entropy: the one each framework computes for this model.
 * - 'log-softmax' (PyTorch's nn.CrossEntropyLoss on logits): loss = mean(logsumexp(z) − z_y), ∂loss/∂z = (softmax(z) − onehot(y)) / B.
 * - 'clipped-probability' (Keras 3's sparse_categorical_crossentropy on a softmax output, keras/src/backend/torch/nn.py):
 *   p = softmax(z); q = p_y / Σp, clipped to [ε, 1 − ε] with ε = 1e-7 (keras.backend.epsilon()); loss = mean(−log q).
 *   Its gradient is (softmax(z) − onehot(y)) / B where q was inside the clip, and 0 for a sample whose q was clipped
 *   (torch.clip passes no gradient there): a sample the model already gets right with p_y > 1 − 1e-7 stops teaching.
 */
export type LossKind = 'log-softmax' | 'clipped-probability';
export const KERAS_EPSILON = 1e-7;

export interface StepStats {
  /** The batch's loss as the framework reports it (mean over the batch). */
  loss: tf.Scalar;
  /** Top-1 correct predictions in the batch (a count, float32). */
  correct: tf.Scalar;
  /** Log-softmax cross-entropy, whatever the framework: the divergence rule's measure (Keras's clip caps its loss at 16.1). */
  rawLoss: tf.Scalar;
}

/**
 * A trainable variable holding `initial`'s values. tf.variable keeps its own reference to the data, so the initial
 * tensor is disposed here: left alive, it would stay behind after the run (ENVIRONMENT.md's trap).
 */
export function variableOf(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

export class Mlp {
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];
  readonly activation: TrainingConfig['model']['activation'];
  readonly lossKind: LossKind;

  constructor(weights: readonly DenseWeights[], activation: TrainingConfig['model']['activation'], lossKind: LossKind) {
    this.activation = activation;
    this.lossKind = lossKind;
    this.kernels = weights.map((w) => variableOf(tf.tensor2d(w.kernel, [w.fanIn, w.fanOut])));
    this.biases = weights.map((w) => variableOf(tf.tensor1d(w.bias)));
  }

  /** Parameters in the order the optimizer and the gradients use: kernel0, bias0, kernel1, bias1, … */
  get parameters(): tf.Variable[] {
    return this.kernels.flatMap((k, l) => [k, this.biases[l] as tf.Variable]);
  }

  private act(z: tf.Tensor2D): tf.Tensor2D {
    return this.activation === 'relu' ? tf.relu(z) : tf.tanh(z);
  }

  /** ∂h/∂z times the upstream gradient, from the activation's output h: relu 1[h > 0] (torch's threshold_backward), tanh 1 − h². */
  private actBackward(dh: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    if (this.activation === 'relu') return tf.mul(dh, tf.step(h, 0));
    return tf.mul(dh, tf.sub(1, tf.square(h)));
  }

  /** Logits and every hidden activation (inputs first), for the backward pass. Call inside tf.tidy. */
  private forward(x: tf.Tensor2D): { logits: tf.Tensor2D; activations: tf.Tensor2D[] } {
    const activations: tf.Tensor2D[] = [x];
    let h = x;
    const last = this.kernels.length - 1;
    for (let l = 0; l < last; l++) {
      h = this.act(tf.add(tf.matMul(h, this.kernels[l] as tf.Variable), this.biases[l] as tf.Variable));
      activations.push(h);
    }
    const logits = tf.add(tf.matMul(h, this.kernels[last] as tf.Variable), this.biases[last] as tf.Variable) as tf.Tensor2D;
    return { logits, activations };
  }

  /** The loss, the top-1 count and ∂loss/∂logits for one batch (labels as a one-hot float32 matrix). */
  private lossAndOutputGradient(logits: tf.Tensor2D, oneHot: tf.Tensor2D, labels: tf.Tensor1D): StepStats & { dLogits: tf.Tensor2D } {
    const batch = logits.shape[0];
    const logProbabilities = tf.logSoftmax(logits);
    const rawLoss = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbabilities), 1))) as tf.Scalar;
    const probabilities = tf.softmax(logits);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
    let loss: tf.Scalar = rawLoss;
    let dLogits = tf.div(tf.sub(probabilities, oneHot), batch) as tf.Tensor2D;
    if (this.lossKind === 'clipped-probability') {
      const q = tf.div(tf.sum(tf.mul(probabilities, oneHot), 1), tf.sum(probabilities, 1));
      loss = tf.neg(tf.mean(tf.log(tf.clipByValue(q, KERAS_EPSILON, 1 - KERAS_EPSILON)))) as tf.Scalar;
      const inside = tf.cast(tf.logicalAnd(tf.greaterEqual(q, KERAS_EPSILON), tf.lessEqual(q, 1 - KERAS_EPSILON)), 'float32');
      dLogits = tf.mul(dLogits, tf.expandDims(inside, 1));
    }
    return { loss, correct, rawLoss, dLogits };
  }

  /** One batch: the statistics and the gradients, in `parameters` order. Call inside tf.tidy. */
  lossAndGradients(x: tf.Tensor2D, oneHot: tf.Tensor2D, labels: tf.Tensor1D): { stats: StepStats; gradients: tf.Tensor[] } {
    const { logits, activations } = this.forward(x);
    const { dLogits, ...stats } = this.lossAndOutputGradient(logits, oneHot, labels);
    const gradients: tf.Tensor[] = new Array(2 * this.kernels.length);
    let dz = dLogits;
    for (let l = this.kernels.length - 1; l >= 0; l--) {
      const input = activations[l] as tf.Tensor2D;
      gradients[2 * l] = tf.matMul(input, dz, true, false);
      gradients[2 * l + 1] = tf.sum(dz, 0);
      if (l > 0) dz = this.actBackward(tf.matMul(dz, this.kernels[l] as tf.Variable, false, true), input);
    }
    return { stats, gradients };
  }

  /** The loss and top-1 count over a whole set, with the current weights (no gradients). Call inside tf.tidy. */
  evaluate(x: tf.Tensor2D, oneHot: tf.Tensor2D, labels: tf.Tensor1D): StepStats {
    const { logits } = this.forward(x);
    const { dLogits: _unused, ...stats } = this.lossAndOutputGradient(logits, oneHot, labels);
    return stats;
  }

  /** Softmax probabilities per row (the prediction, whatever the loss), with the current weights. Call inside tf.tidy. */
  probabilities(x: tf.Tensor2D): tf.Tensor2D {
    return tf.softmax(this.forward(x).logits);
  }

  /** Every parameter read back (copies: a backend may hand out its own buffer), Keras layout. */
  async readWeights(): Promise<DenseWeights[]> {
    return Promise.all(
      this.kernels.map(async (kernel, l) => {
        const [fanIn, fanOut] = kernel.shape as [number, number];
        const bias = this.biases[l] as tf.Variable;
        return {
          fanIn,
          fanOut,
          kernel: ((await kernel.data()) as Float32Array).slice(),
          bias: ((await bias.data()) as Float32Array).slice(),
        };
      }),
    );
  }

  /** Σ|w| over every parameter: finite exactly when no weight is NaN or infinite (or so large that the sum overflows). */
  weightMagnitude(): tf.Scalar {
    return tf.tidy(() => tf.addN(this.parameters.map((p) => tf.sum(tf.abs(p)))) as tf.Scalar);
  }

  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }
}
