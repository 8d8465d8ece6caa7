/**
 * The fused kernel's proofs (issue 14): its gradients equal tfjs autodiff's; after k steps its weights equal the
 * tfjs path's, for every optimizer of both frameworks; a run is bit-identical when repeated; the committed .wasm
 * is its source compiled now; and `train` on it behaves as on tfjs (statistics, boundary, evaluation, divergence).
 * The comparison against real PyTorch and Keras runs on this path too (reference.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradient functions by itself (the engine never uses autodiff; this comparison does).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernel } from '../../../scripts/build-kernel.mjs';
import { createFusedEngine, createTfjsEngine, type EngineSpec } from '../engine';
import { type DenseWeights, initialWeights } from '../init';
import { KERAS_EPSILON, type LossKind } from '../model';
import { createRng } from '../random';
import { registerFusedKernelFromDisk } from '../testing/fused';
import { publicDatasets, relativeL2Difference, relativeMaxDifference } from '../testing/reference';
import { train } from '../train';
import type { TrainingConfig, UpdateRule } from '../types';
import { FusedMlp, instantiateFusedKernel } from './kernel';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFusedKernelFromDisk();
});

const flat = (layers: readonly { kernel: Float32Array; bias: Float32Array }[]): Float32Array =>
  Float32Array.from(layers.flatMap((l) => [...l.kernel, ...l.bias]));

interface Shape {
  features: number;
  hidden: number[];
  classes: number;
  rows: number;
  batch: number;
}
/** The article's MLP on the digits' shape, and an odd one whose every size is off the kernel's blocks of 4 and 8. */
const ARTICLE: Shape = { features: 64, hidden: [128, 64], classes: 10, rows: 96, batch: 32 };
const ODD: Shape = { features: 3, hidden: [5, 7, 9], classes: 3, rows: 40, batch: 13 };

function dataOf(shape: Shape, seed: number, scale = 1) {
  const rng = createRng(seed, 11);
  const x = Float32Array.from({ length: shape.rows * shape.features }, () => (rng.next() * 2 - 1) * scale);
  const y = Int32Array.from({ length: shape.rows }, () => rng.int(shape.classes));
  return { x, y, features: shape.features, classes: shape.classes };
}

function specOf(
  shape: Shape,
  o: { optimizer?: TrainingConfig['optimizer']; rule?: UpdateRule; activation?: 'relu' | 'tanh'; weightScale?: number },
) {
  const data = dataOf(shape, 5);
  const rule = o.rule ?? 'torch';
  const weights = initialWeights([shape.features, ...shape.hidden, shape.classes], 'glorot_uniform', 9).map((w) => ({
    ...w,
    kernel: w.kernel.map((v) => v * (o.weightScale ?? 1)),
  }));
  return {
    weights,
    activation: o.activation ?? 'relu',
    lossKind: (rule === 'keras' ? 'clipped-probability' : 'log-softmax') as LossKind,
    optimizer: o.optimizer ?? { kind: 'SGD', lr: 0.1 },
    rule,
    train: data,
    validation: dataOf(shape, 6),
    capacity: shape.batch,
    classes: shape.classes,
  } satisfies EngineSpec;
}

/** The batch's loss written with tfjs ops only, differentiated by tf.variableGrads (not model.ts's backward pass). */
function autodiffGradients(
  spec: ReturnType<typeof specOf>,
  indices: Int32Array,
): { loss: number; gradients: Float32Array; largestLogit: number } {
  const variables = spec.weights.flatMap((w) => [
    tf.variable(tf.tensor2d(w.kernel, [w.fanIn, w.fanOut])),
    tf.variable(tf.tensor1d(w.bias)),
  ]);
  try {
    const result = tf.tidy(() => {
      const rows = Array.from(indices);
      const x = tf.tensor2d(
        rows.flatMap((r) => Array.from(spec.train.x.subarray(r * spec.train.features, (r + 1) * spec.train.features))),
        [rows.length, spec.train.features],
      );
      const labels = tf.tensor1d(
        rows.map((r) => spec.train.y[r] as number),
        'int32',
      );
      const oneHot = tf.cast(tf.oneHot(labels, spec.classes), 'float32');
      const forwardLogits = (input: tf.Tensor): tf.Tensor => {
        let h = input;
        for (let l = 0; l < spec.weights.length; l++) {
          const z = tf.add(tf.matMul(h, variables[2 * l] as tf.Variable), variables[2 * l + 1] as tf.Variable);
          h = l + 1 < spec.weights.length ? (spec.activation === 'relu' ? tf.relu(z) : tf.tanh(z)) : z;
        }
        return h;
      };
      const clippedProbability = (): tf.Tensor => {
        const p = tf.softmax(forwardLogits(x));
        return tf.div(tf.sum(tf.mul(p, oneHot), 1), tf.sum(p, 1));
      };
      // Computed before the tape: a constant to the gradient.
      const q0 = clippedProbability();
      const inside = tf.cast(tf.logicalAnd(tf.greaterEqual(q0, KERAS_EPSILON), tf.lessEqual(q0, 1 - KERAS_EPSILON)), 'float32');
      const { value, grads } = tf.variableGrads(() => {
        const h = forwardLogits(x);
        const logProbabilities = tf.sum(tf.mul(oneHot, tf.logSoftmax(h)), 1);
        if (spec.lossKind === 'log-softmax') return tf.neg(tf.mean(logProbabilities)) as tf.Scalar;
        // Keras's −log clip(q), q = p_y / Σp, differentiated in its well-conditioned form: −log softmax_y where q
        // is inside the clip (Σp = 1 exactly), nothing where it is outside. Which rows are outside is tfjs's own
        // clip test on q. (tfjs's float32 autodiff through p_y / Σp itself loses digits near p_y = 1 to
        // cancellation: 2e-5 relative was measured on the clipped case below, where the kernel's float64 softmax
        // is exact.)
        return tf.neg(tf.mean(tf.mul(inside, logProbabilities))) as tf.Scalar;
      }, variables);
      const ordered = variables.map((v) => grads[v.name] as tf.Tensor);
      let loss = value.dataSync()[0] as number;
      if (spec.lossKind === 'clipped-probability') {
        // The loss value as Keras computes it (the clipped form), for the statistics.
        loss = tf.neg(tf.mean(tf.log(tf.clipByValue(q0, KERAS_EPSILON, 1 - KERAS_EPSILON)))).dataSync()[0] as number;
      }
      const largestLogit = tf.max(tf.abs(forwardLogits(x))).dataSync()[0] as number;
      return { loss, gradients: Float32Array.from(ordered.flatMap((g) => Array.from(g.dataSync()))), largestLogit };
    });
    return result;
  } finally {
    for (const v of variables) v.dispose();
  }
}

describe('the fused kernel’s gradients equal tfjs autodiff’s (relative 1e-6)', () => {
  const cases = [
    ['article MLP, relu, torch loss', ARTICLE, { activation: 'relu' }],
    ['article MLP, tanh, torch loss', ARTICLE, { activation: 'tanh' }],
    ['article MLP, relu, Keras loss', ARTICLE, { activation: 'relu', rule: 'keras' }],
    ['odd sizes (3 → 5 → 7 → 9 → 3, batch 13), tanh, torch loss', ODD, { activation: 'tanh' }],
    ['odd sizes, relu, Keras loss', ODD, { activation: 'relu', rule: 'keras' }],
    // Large weights: confident rows whose clipped probability passes no gradient (the Keras clip's branch).
    ['article MLP, Keras loss with clipped rows (weights × 6)', ARTICLE, { activation: 'relu', rule: 'keras', weightScale: 6 }],
  ] as const satisfies readonly (readonly [string, Shape, { activation: 'relu' | 'tanh'; rule?: UpdateRule; weightScale?: number }])[];
  it.each(cases)('%s', async (_name, shape, options) => {
    const o: { activation: 'relu' | 'tanh'; rule?: UpdateRule; weightScale?: number } = options;
    const spec = specOf(shape, o);
    const model = new FusedMlp(await instantiateFusedKernel(), spec);
    for (const start of [0, shape.batch]) {
      const indices = Int32Array.from({ length: shape.batch }, (_, i) => (start + 3 * i) % shape.rows);
      const fused = model.gradients(indices);
      const reference = autodiffGradients(spec, indices);
      const error = relativeL2Difference(flat(fused.gradients), reference.gradients);
      // A logit z carries its float32 rounding, |z|·2⁻²⁴, into every softmax probability as a relative error (either
      // side's): with the weights × 6 the logits reach ~110 and no float32 computation agrees to 1e-6 (2.0e-5
      // measured). So 1e-6, and for that case 16 roundings of the largest logit.
      const tolerance = o.weightScale ? 16 * 2 ** -24 * reference.largestLogit : 1e-6;
      expect(error, `relative L2 error ${error}`).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(fused.stats.loss - reference.loss) / reference.loss).toBeLessThanOrEqual(1e-6);
    }
    if (o.weightScale) {
      // The clipped branch really ran: some row's gradient was dropped, so the unclipped gradient differs.
      const indices = Int32Array.from({ length: shape.batch }, (_, i) => i);
      const keras = model.gradients(indices).gradients;
      const torch = new FusedMlp(await instantiateFusedKernel(), { ...spec, lossKind: 'log-softmax' }).gradients(indices).gradients;
      expect(relativeL2Difference(flat(keras), flat(torch))).toBeGreaterThan(1e-3);
    }
  });
});

describe('after k steps the fused weights equal the tfjs path’s (float32 tolerance)', () => {
  // Every update rule with what changes it: momentum (torch's lazy buffer, Keras's velocity), Nesterov, weight
  // decay (torch's L2, AdamW's and Keras's decoupled), and a schedule that moves the LR and momentum / β1 at
  // every step, as OneCycleLR does.
  const optimizers: [string, UpdateRule, TrainingConfig['optimizer']][] = [];
  for (const rule of ['torch', 'keras'] as const) {
    optimizers.push(
      [`${rule} SGD`, rule, { kind: 'SGD', lr: 0.1 }],
      [`${rule} SGD momentum, weight decay`, rule, { kind: 'SGD', lr: 0.05, momentum: 0.9, weight_decay: 0.01 }],
      [`${rule} SGD Nesterov`, rule, { kind: 'SGD', lr: 0.05, momentum: 0.9, nesterov: true }],
      [`${rule} Adam`, rule, { kind: 'Adam', lr: 0.003, betas: [0.9, 0.999], eps: rule === 'torch' ? 1e-8 : 1e-7 }],
      [`${rule} Adam, weight decay`, rule, { kind: 'Adam', lr: 0.003, betas: [0.9, 0.999], weight_decay: 0.01 }],
      [`${rule} AdamW`, rule, { kind: 'AdamW', lr: 0.003, betas: [0.9, 0.99], weight_decay: 0.05 }],
      [`${rule} RMSprop`, rule, { kind: 'RMSprop', lr: 0.002 }],
      [`${rule} RMSprop momentum, weight decay`, rule, { kind: 'RMSprop', lr: 0.001, momentum: 0.8, weight_decay: 0.01 }],
    );
  }
  const STEPS = 25;
  it.each(optimizers)('%s', async (_name, rule, optimizer) => {
    const tensorsBefore = tf.memory().numTensors;
    for (const shape of [ARTICLE, ODD]) {
      const spec = specOf(shape, { optimizer, rule, activation: shape === ODD ? 'tanh' : 'relu' });
      const tfjs = createTfjsEngine(spec);
      const fused = await createFusedEngine(spec);
      const adam = optimizer.kind === 'Adam' || optimizer.kind === 'AdamW';
      try {
        for (let s = 0; s < STEPS; s++) {
          const hyper = {
            lr: optimizer.lr * (0.5 + s / STEPS),
            momentum: adam ? 0.95 - 0.1 * (s / STEPS) : (optimizer.momentum ?? 0) * (1 - s / (2 * STEPS)),
          };
          tfjs.setHyper(hyper);
          fused.setHyper(hyper);
          expect(fused.learningRate).toBe(tfjs.learningRate);
          expect(fused.momentum).toBe(tfjs.momentum);
          const indices = Int32Array.from({ length: shape.batch }, (_, i) => (s * shape.batch + i) % shape.rows);
          const [a, b] = [await tfjs.trainStep(indices), await fused.trainStep(indices)];
          expect(Math.abs(a.loss - b.loss)).toBeLessThanOrEqual(1e-4 * Math.max(1, a.loss));
          expect(b.correct).toBe(a.correct);
        }
        const [wa, wb] = [flat(await tfjs.readWeights()), flat(await fused.readWeights())];
        // Both sum in float32 in different orders; Adam and RMSprop amplify that where |g| is near ε (see
        // reference.test.ts), so the bound is relative to the largest weight, not per element.
        expect(relativeMaxDifference(wb, wa)).toBeLessThanOrEqual(2e-4);
        expect(relativeL2Difference(wb, wa)).toBeLessThanOrEqual(1e-5);
        const [ea, eb] = [await tfjs.evaluate(), await fused.evaluate()];
        expect(Math.abs(ea.loss - eb.loss)).toBeLessThanOrEqual(1e-4 * Math.max(1, ea.loss));
        expect(Math.abs(ea.weightMagnitude - eb.weightMagnitude) / ea.weightMagnitude).toBeLessThanOrEqual(1e-5);
      } finally {
        tfjs.dispose();
        fused.dispose();
      }
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

const DIGITS_RUN: TrainingConfig = {
  dataset: { name: 'digits', samples: 600 },
  model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
  init: 'glorot_uniform',
  optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 },
  schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 60 }, stepEvery: 'batch' },
  epochs: 4,
  batchSize: 32,
  seed: 3,
};

async function fusedRun(config: TrainingConfig, extra: Parameters<typeof train>[1] = {}) {
  let final: DenseWeights[] = [];
  const losses: number[] = [];
  const r = await train(config, {
    backend: 'fused',
    datasetSource: publicDatasets,
    onBatch: (_step, loss) => losses.push(loss),
    onWeights: (stage, w) => {
      if (stage === 'final') final = w;
    },
    ...extra,
  });
  if (!r.ok) throw new Error(r.error.message);
  return { result: r.value, final, losses };
}

describe('train on the fused backend', () => {
  it('is bit-identical across two runs', async () => {
    const a = await fusedRun(DIGITS_RUN);
    const b = await fusedRun(DIGITS_RUN);
    expect(a.result.backend).toBe('fused');
    expect(new Uint32Array(flat(a.final).buffer)).toEqual(new Uint32Array(flat(b.final).buffer));
    expect(a.losses).toEqual(b.losses);
    expect(a.result.epochs.map(({ seconds: _s, ...m }) => m)).toEqual(b.result.epochs.map(({ seconds: _s, ...m }) => m));
  });

  it('trains the same run as the tfjs path (same LR per step, losses and accuracy within float32 noise)', async () => {
    const fused = await fusedRun(DIGITS_RUN);
    const cpu = await train(DIGITS_RUN, { backend: 'cpu', datasetSource: publicDatasets });
    if (!cpu.ok) throw new Error(cpu.error.message);
    expect(fused.result.appliedLr).toEqual(cpu.value.appliedLr);
    expect(fused.result.appliedMomentum).toEqual(cpu.value.appliedMomentum);
    expect(fused.result.initialWeightsHash).toBe(cpu.value.initialWeightsHash);
    expect(fused.result.batchOrderHash).toBe(cpu.value.batchOrderHash);
    fused.result.epochs.forEach((e, i) => {
      const t = cpu.value.epochs[i] as (typeof cpu.value.epochs)[number];
      expect(Math.abs(e.loss - t.loss) / t.loss).toBeLessThanOrEqual(2e-4);
      expect(Math.abs(e.val_loss - t.val_loss) / t.val_loss).toBeLessThanOrEqual(2e-4);
      expect(Math.abs(e.val_accuracy - t.val_accuracy)).toBeLessThanOrEqual(2 / 120);
    });
    expect((fused.result.epochs.at(-1)?.val_accuracy ?? 0) > 0.85).toBe(true);
  });

  it('draws the boundary of a 2-D set and evaluates an image set, as the tfjs path does', async () => {
    const moons: TrainingConfig = { ...DIGITS_RUN, dataset: { name: 'moons', samples: 200, noise: 0.1 }, epochs: 2 };
    const grids: { epoch: number; predicted: Uint8Array }[] = [];
    const fused = await fusedRun(moons, {
      onBoundary: (epoch, grid) => grids.push({ epoch, predicted: grid.predicted }),
      boundarySize: 16,
    });
    expect(grids.map((g) => g.epoch)).toEqual([-1, 0, 1]);
    const cpuGrids: Uint8Array[] = [];
    await train(moons, { backend: 'cpu', onBoundary: (_e, grid) => cpuGrids.push(grid.predicted), boundarySize: 16 });
    // The initial weights are the same, so the first map is the same prediction (float32 ties aside: none here).
    expect(grids[0]?.predicted).toEqual(cpuGrids[0]);
    expect(fused.result.epochs).toHaveLength(2);

    let evaluation: { confusion: number[][] } | undefined;
    await fusedRun({ ...DIGITS_RUN, epochs: 1 }, { onEvaluation: (e) => (evaluation = e) });
    const total = evaluation?.confusion.flat().reduce((s, n) => s + n, 0);
    expect(total).toBe(120);
  });

  it('stops a diverging run with the same rule', async () => {
    const r = await train(
      { ...DIGITS_RUN, optimizer: { kind: 'SGD', lr: 90 }, schedule: { framework: 'torch', name: 'ConstantLR', args: { factor: 1 } } },
      {
        backend: 'fused',
        datasetSource: publicDatasets,
      },
    );
    expect(r.ok && r.value.diverged).toBeTruthy();
  });
});

describe('the kernel binary', () => {
  it('is its AssemblyScript source compiled now, byte for byte (run node scripts/build-kernel.mjs after editing it)', async () => {
    const committed = new Uint8Array(await readFile(new URL('./mlp-kernel.wasm', import.meta.url)));
    const fresh = await compileKernel();
    expect(fresh.length).toBe(committed.length);
    expect(Buffer.from(fresh).equals(Buffer.from(committed))).toBe(true);
  }, 60_000);

  it('uses SIMD128 only: no relaxed-SIMD instruction (no FMA), and imports nothing', async () => {
    const bytes = new Uint8Array(await readFile(new URL('./mlp-kernel.wasm', import.meta.url)));
    const module = await WebAssembly.compile(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    // Relaxed SIMD opcodes are 0xFD 0x80 0x02 … 0xFD 0x93 0x02 (LEB128 0x100…0x113); SIMD128 ends below 0x100.
    let relaxed = 0;
    for (let i = 0; i + 2 < bytes.length; i++)
      if (bytes[i] === 0xfd && (bytes[i + 1] as number) >= 0x80 && bytes[i + 2] === 0x02) relaxed++;
    // A byte pattern can also occur inside constants; there should be none at all in practice.
    expect(relaxed).toBe(0);
  });
});
