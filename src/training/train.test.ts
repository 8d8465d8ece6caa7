/**
 * `train` in Node on the cpu backend: bad settings, fairness (same weights and batches for every schedule),
 * determinism, the schedule's timing for every family, the two frameworks' momentum rules, divergence, stopping,
 * pausing, and that every tensor is freed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultArgs, families, fromFramework, sample } from '../schedules/index';
import { validateConfig } from './config';
import { EXPLOSION_FACTOR } from './divergence';
import { publicDatasets } from './testing/reference';
import { stratifiedSplit, take } from './data/split';
import { generateSynthetic } from './data/synthetic';
import type { DenseWeights } from './init';
import { loadTrainingData, train } from './train';
import type { BoundaryGrid, EpochMetrics, Evaluation, RunResult, TrainingConfig } from './types';

const SGD: TrainingConfig['optimizer'] = { kind: 'SGD', lr: 0.1, momentum: 0.9 };
const STEP_LR: TrainingConfig['schedule'] = { framework: 'torch', name: 'StepLR', args: { step_size: 2, gamma: 0.5 } };

/** A quick run: 200 moons points (160 train: 5 batches of 32), a small MLP, 3 epochs. */
function quick(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return {
    dataset: { name: 'moons', samples: 200, noise: 0.1 },
    model: { kind: 'mlp', hidden: [16, 8], activation: 'relu' },
    init: 'glorot_uniform',
    optimizer: SGD,
    schedule: STEP_LR,
    epochs: 3,
    batchSize: 32,
    seed: 3,
    ...overrides,
  };
}

async function run(config: TrainingConfig, options: Parameters<typeof train>[1] = {}): Promise<RunResult> {
  const r = await train(config, { backend: 'cpu', datasetSource: publicDatasets, ...options });
  if (!r.ok) throw new Error(`${r.error.path}: ${r.error.message}`);
  return r.value;
}

describe('bad settings come back as { ok: false } with a path and what is allowed, never a throw', () => {
  it.each([
    ['batch size 0', { batchSize: 0 }, 'batchSize', /integer from 1 to 4096/],
    ['10,000 epochs', { epochs: 10_000 }, 'epochs', /integer from 1 to 1000/],
    ['an LR of 1e9', { optimizer: { kind: 'SGD', lr: 1e9 } }, 'optimizer.lr', /\(0, 100\]/],
    ['an unknown dataset', { dataset: { name: 'mnist' } }, 'dataset.name', /one of 'digits'/],
    ['five hidden layers', { model: { kind: 'mlp', hidden: [8, 8, 8, 8, 8], activation: 'relu' } }, 'model.hidden', /at most 4/],
    ['an unknown schedule', { schedule: { framework: 'torch', name: 'StepLRR', args: {} } }, 'schedule', /StepLR/],
  ] as const)('%s', async (_what, override, path, message) => {
    const r = await train({ ...quick(), ...(override as Partial<TrainingConfig>) }, { backend: 'cpu' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path?.startsWith(path)).toBe(true);
    expect(r.error.message).toMatch(message);
  });

  it('takes garbage without throwing', async () => {
    for (const garbage of [null, undefined, 42, 'config', [], { dataset: null }]) {
      const r = await train(garbage as unknown as TrainingConfig);
      expect(r.ok).toBe(false);
    }
  });

  it('reports a schedule that fails mid-run with the step (OneCycleLR stepped past total_steps, as torch raises)', async () => {
    const events: EpochMetrics[] = [];
    const r = await train(quick({ schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 7 } } }), {
      backend: 'cpu',
      onEpoch: (m) => events.push(m),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe('schedule');
    expect(r.error.message).toMatch(/after optimizer step 8 \(epoch 2, batch 3\).*Tried to step 8 times/);
    expect(events).toHaveLength(1);
  });
});

describe('fair by construction', () => {
  it('gives bit-identical losses for the same schedule and seed', async () => {
    const a = await run(quick());
    const b = await run(quick());
    expect(b.epochs.map((e) => [e.loss, e.val_loss, e.accuracy])).toEqual(a.epochs.map((e) => [e.loss, e.val_loss, e.accuracy]));
  });

  it('gives every schedule of one seed the same initial weights, batches and first-batch loss', async () => {
    const firsts: number[] = [];
    const results: RunResult[] = [];
    const configs: TrainingConfig[] = [
      quick(),
      quick({ schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.5, total_steps: 15 } } }),
      quick({
        optimizer: { kind: 'Adam', lr: 0.01 },
        schedule: { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.01, decay_steps: 15 } },
      }),
    ];
    for (const config of configs) {
      results.push(await run(config, { onBatch: (step, loss) => step === 0 && firsts.push(loss) }));
    }
    expect(new Set(results.map((r) => r.initialWeightsHash)).size).toBe(1);
    expect(new Set(results.map((r) => r.batchOrderHash)).size).toBe(1);
    expect(new Set(firsts).size).toBe(1);
    // …and another seed changes both.
    const other = await run(quick({ seed: 4 }));
    expect(other.initialWeightsHash).not.toBe(results[0]?.initialWeightsHash);
    expect(other.batchOrderHash).not.toBe(results[0]?.batchOrderHash);
  });
});

describe('the schedule timing', () => {
  // Every non-plateau family, with its documented example arguments: appliedLr (read back from the optimizer) is
  // sample() of the same call, one value per optimizer step.
  const cases = families
    .filter((f) => !f.needsMetric)
    .map((f) => [`${f.framework} ${f.name}`, { framework: f.framework, name: f.name, args: defaultArgs(f) }] as const);

  it.each(cases)('%s: appliedLr equals sample() of the same call', async (_id, schedule) => {
    const config = quick({
      dataset: { name: 'moons', samples: 60, noise: 0.1 },
      model: { kind: 'mlp', hidden: [4], activation: 'relu' },
      batchSize: 16,
      schedule,
    });
    const checked = validateConfig(config);
    if (!checked.ok) throw new Error(`${checked.error.path}: ${checked.error.message}`);
    const built = fromFramework(checked.value.schedule);
    if (!built.ok) throw new Error(built.error.message);
    const stepsPerEpoch = 3; // 48 training points in batches of 16
    const perBatch = built.value.tick === 'step';
    const r = await train(config, { backend: 'cpu' });
    if (!r.ok) {
      // A family whose example needs more steps than this short run has fails as its framework would: at a step.
      expect(r.error.path).toBe('schedule');
      return;
    }
    const sampled = sample(built.value, perBatch ? 3 * stepsPerEpoch : 3);
    if (!sampled.ok) throw new Error(sampled.error.message);
    const expected = perBatch
      ? sampled.value.lr
      : r.value.appliedLr.map((_, i) => sampled.value.lr[Math.floor(i / stepsPerEpoch)] as number);
    expect(r.value.appliedLr).toEqual(expected);
    expect(r.value.epochs.map((e) => e.lr)).toEqual([0, 1, 2].map((e) => expected[e * stepsPerEpoch]));
    if (built.value.cyclesMomentum) expect(r.value.appliedMomentum).toEqual(sampled.value.momentum);
    else expect(r.value.appliedMomentum).toBeUndefined();
  });

  it('feeds both ReduceLROnPlateau versions the monitored metric at each epoch end', async () => {
    for (const schedule of [
      { framework: 'torch', name: 'ReduceLROnPlateau', args: { mode: 'max', factor: 0.5, patience: 0, threshold: 10 } },
      { framework: 'keras', name: 'ReduceLROnPlateau', args: { monitor: 'val_accuracy', factor: 0.5, patience: 0, min_delta: 10 } },
    ] as const) {
      const r = await run(quick({ schedule, epochs: 4 }));
      const built = fromFramework((validateConfig(quick({ schedule })) as { ok: true; value: TrainingConfig }).value.schedule);
      if (!built.ok) throw new Error(built.error.message);
      const monitored = r.epochs.map((e) => e[built.value.monitor?.metric ?? 'val_loss']);
      const sampled = sample(built.value, 4, { metric: monitored });
      if (!sampled.ok) throw new Error(sampled.error.message);
      expect(r.epochs.map((e) => e.lr)).toEqual(sampled.value.lr);
      // The first metric sets the best and no later one improves enough (threshold 10): with patience 0 the LR
      // halves after every later epoch.
      expect(r.epochs.map((e) => e.lr)).toEqual([0.1, 0.1, 0.05, 0.025]);
    }
  });
});

describe("each framework's update rule", () => {
  const constant = (framework: 'torch' | 'keras'): TrainingConfig['schedule'] =>
    framework === 'torch'
      ? { framework, name: 'ConstantLR', args: { factor: 1, total_iters: 0 } }
      : { framework, name: 'PiecewiseConstantDecay', args: { boundaries: [1000], values: [0.1, 0.1] } };
  const dropping = (framework: 'torch' | 'keras'): TrainingConfig['schedule'] =>
    framework === 'torch'
      ? { framework, name: 'StepLR', args: { step_size: 1, gamma: 0.1 } }
      : { framework, name: 'PiecewiseConstantDecay', args: { boundaries: [5, 10], values: [0.1, 0.01, 0.001] } };

  it('torch and Keras SGD momentum agree while the LR is constant and part as soon as it changes', async () => {
    const losses = async (schedule: TrainingConfig['schedule']) => (await run(quick({ schedule }))).epochs.map((e) => e.loss);
    const [torchConstant, kerasConstant] = [await losses(constant('torch')), await losses(constant('keras'))];
    // v = μv + g; p −= lr·v and v = μv − lr·g; p += v are the same update at a constant LR (up to float32 rounding).
    torchConstant.forEach((l, i) => {
      expect(Math.abs(l - (kerasConstant[i] as number)) / l).toBeLessThan(1e-5);
    });
    const [torchDrop, kerasDrop] = [await losses(dropping('torch')), await losses(dropping('keras'))];
    // Both drop the LR tenfold after 5 steps; torch's buffer keeps the old gradients at full weight, Keras's has them at the old LR.
    expect(Math.abs((torchDrop[2] as number) - (kerasDrop[2] as number)) / (torchDrop[2] as number)).toBeGreaterThan(1e-3);
  });

  it('cycles momentum into the update (OneCycleLR): a run with cycle_momentum=False trains differently', async () => {
    const onecycle = (cycle: boolean): TrainingConfig['schedule'] => ({
      framework: 'torch',
      name: 'OneCycleLR',
      args: { max_lr: 0.3, total_steps: 15, cycle_momentum: cycle },
    });
    const cycled = await run(quick({ schedule: onecycle(true) }));
    const fixed = await run(quick({ schedule: onecycle(false) }));
    expect(cycled.appliedMomentum?.[0]).toBeCloseTo(0.95, 12);
    expect(Math.min(...(cycled.appliedMomentum as number[]))).toBeCloseTo(0.85, 2);
    expect(fixed.appliedMomentum).toBeUndefined();
    expect(cycled.appliedLr).toEqual(fixed.appliedLr);
    expect(cycled.epochs[2]?.loss).not.toBe(fixed.epochs[2]?.loss);
  });
});

describe('divergence', () => {
  it('stops a run whose loss explodes, with the epoch, step and LR', async () => {
    const r = await run(
      quick({
        dataset: { name: 'digits', samples: 300 },
        model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
        optimizer: { kind: 'SGD', lr: 10 },
      }),
    );
    expect(r.diverged).toMatchObject({ epoch: 0, lr: 10 });
    expect(r.diverged?.reason).toMatch(new RegExp(`above ${EXPLOSION_FACTOR}× the first batch's|NaN|Infinity`));
    expect(r.epochs).toHaveLength(0);
  });

  it('leaves a healthy high-LR run alone', async () => {
    const r = await run(
      quick({
        dataset: { name: 'digits', samples: 300 },
        model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
        optimizer: { kind: 'SGD', lr: 0.5 },
      }),
    );
    expect(r.diverged).toBeUndefined();
    expect(r.epochs).toHaveLength(3);
  });
});

describe('stopping, pausing and memory', () => {
  it('stops mid-epoch when aborted, and the tensor count returns to its baseline over 20 start/stop cycles', async () => {
    const baseline = tf.memory().numTensors;
    for (let cycle = 0; cycle < 20; cycle++) {
      const controller = new AbortController();
      const stopAt = 1 + (cycle % 7);
      const r = await run(quick({ epochs: 5 }), { signal: controller.signal, onBatch: (step) => step + 1 >= stopAt && controller.abort() });
      expect(r.stopped).toBe(true);
      expect(r.appliedLr).toHaveLength(stopAt);
      expect(tf.memory().numTensors).toBe(baseline);
    }
  });

  it('frees everything after a finished, a diverged and a failed run', async () => {
    const baseline = tf.memory().numTensors;
    await run(quick());
    await run(quick({ optimizer: { kind: 'SGD', lr: 10 }, dataset: { name: 'digits', samples: 300 } }));
    await train(quick({ schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 3 } } }), { backend: 'cpu' });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('waits while paused, between batches', async () => {
    let release: () => void = () => {};
    let paused = true;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: number[] = [];
    const running = run(quick({ epochs: 1 }), {
      waitWhilePaused: () => (paused ? gate : Promise.resolve()),
      onBatch: (step) => seen.push(step),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
    paused = false;
    release();
    const r = await running;
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(r.epochs).toHaveLength(1);
  });

  it('streams one epoch event per epoch and one batch loss per step, in order', async () => {
    const epochs: number[] = [];
    const steps: number[] = [];
    const r = await run(quick(), { onEpoch: (m) => epochs.push(m.epoch), onBatch: (s) => steps.push(s) });
    expect(epochs).toEqual([0, 1, 2]);
    expect(steps).toEqual(Array.from({ length: 15 }, (_, i) => i));
    for (const e of r.epochs) {
      expect(e.seconds).toBeGreaterThanOrEqual(0);
      expect(e.accuracy).toBeGreaterThanOrEqual(0);
      expect(e.val_accuracy).toBeLessThanOrEqual(1);
    }
  });
});

describe('datasets', () => {
  it.each(['spiral', 'moons', 'circles', 'xor', 'blobs'] as const)('learns %s above chance', async (name) => {
    const r = await run(
      quick({
        dataset: { name, samples: 400 },
        model: { kind: 'mlp', hidden: [32, 32], activation: 'relu' },
        optimizer: { kind: 'Adam', lr: 0.02 },
        schedule: { framework: 'torch', name: 'ConstantLR', args: { factor: 1, total_iters: 0 } },
        epochs: 15,
      }),
    );
    const chance = name === 'blobs' ? 1 / 3 : 1 / 2;
    expect(r.epochs.at(-1)?.val_accuracy).toBeGreaterThan(chance + 0.2);
  });

  it('trains the article MLP on the digits and on Fashion-MNIST', async () => {
    const article: TrainingConfig['model'] = { kind: 'mlp', hidden: [128, 64], activation: 'relu' };
    const digits = await run(
      quick({
        dataset: { name: 'digits' },
        model: article,
        optimizer: { kind: 'Adam', lr: 0.001 },
        schedule: { framework: 'torch', name: 'ConstantLR', args: { factor: 1, total_iters: 0 } },
        epochs: 3,
      }),
    );
    expect(digits.epochs.at(-1)?.val_accuracy).toBeGreaterThan(0.85);
    const fashion = await run(
      quick({
        dataset: { name: 'fashion-mnist', samples: 2000 },
        model: article,
        optimizer: { kind: 'Adam', lr: 0.001 },
        schedule: { framework: 'torch', name: 'ConstantLR', args: { factor: 1, total_iters: 0 } },
        epochs: 3,
      }),
    );
    expect(fashion.epochs.at(-1)?.val_accuracy).toBeGreaterThan(0.6);
  }, 60_000);
});

describe('the decision boundary (2-D sets) and the final evaluation (image sets)', () => {
  /** Softmax of a plain-JS forward pass with Keras-layout weights (relu hidden layers). */
  function forward(weights: DenseWeights[], input: number[]): number[] {
    let h = input;
    weights.forEach((w, l) => {
      const z = Array.from({ length: w.fanOut }, (_, o) => {
        let sum = w.bias[o] as number;
        for (let i = 0; i < w.fanIn; i++) sum += (h[i] as number) * (w.kernel[i * w.fanOut + o] as number);
        return sum;
      });
      h = l + 1 < weights.length ? z.map((v) => Math.max(0, v)) : z;
    });
    const top = Math.max(...h);
    const e = h.map((v) => Math.exp(v - top));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  }

  it('gives a grid before training and after every epoch, over the raw range ± 10 %, standardized as train does', async () => {
    const baseline = tf.memory().numTensors;
    const grids: [number, BoundaryGrid][] = [];
    let final: DenseWeights[] = [];
    const epochs: number[] = [];
    const r = await run(quick({ dataset: { name: 'blobs', samples: 150, noise: 0.2 } }), {
      boundarySize: 6,
      onEpoch: (m) => epochs.push(m.epoch),
      onBoundary: (epoch, grid) => {
        // Each epoch's grid comes after its epoch event.
        if (epoch >= 0) expect(epochs.at(-1)).toBe(epoch);
        grids.push([epoch, grid]);
      },
      onWeights: (stage, w) => {
        if (stage === 'final') final = w;
      },
      onEvaluation: () => {
        throw new Error('no evaluation for a 2-D set');
      },
    });
    expect(r.epochs).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(baseline);
    expect(grids.map(([e]) => e)).toEqual([-1, 0, 1, 2]);
    // The raw data (seeded: the same points train generated) and the training split's statistics, computed here.
    const raw = generateSynthetic('blobs', { samples: 150, noise: 0.2, seed: 3 });
    if (!raw.ok) throw new Error(raw.error.message);
    const xs = Array.from({ length: 150 }, (_, i) => raw.value.x[2 * i] as number);
    const ys = Array.from({ length: 150 }, (_, i) => raw.value.x[2 * i + 1] as number);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const grid = grids.at(-1)?.[1] as BoundaryGrid;
    expect(grid.extent.xMin).toBeCloseTo(x0 - 0.1 * (x1 - x0), 10);
    expect(grid.extent.xMax).toBeCloseTo(x1 + 0.1 * (x1 - x0), 10);
    expect(grid.extent.yMin).toBeCloseTo(y0 - 0.1 * (y1 - y0), 10);
    expect(grid.extent.yMax).toBeCloseTo(y1 + 0.1 * (y1 - y0), 10);
    expect(grid.size).toBe(6);
    expect(grid.classes).toBe(3);
    expect(grid.predicted).toBeInstanceOf(Uint8Array);
    expect(grid.confidence).toBeInstanceOf(Float32Array);
    expect(grid.predicted).toHaveLength(36);
    expect(grid.confidence).toHaveLength(36);
    const split = stratifiedSplit(raw.value, 3, 0.2);
    if (!split.ok) throw new Error(split.error.message);
    const trainSet = take(raw.value, split.value.train);
    const stats = [0, 1].map((j) => {
      const v = Array.from({ length: trainSet.y.length }, (_, i) => trainSet.x[2 * i + j] as number);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
    });
    const { xMin, xMax, yMin, yMax } = grid.extent;
    for (let row = 0; row < 6; row++) {
      for (let col = 0; col < 6; col++) {
        const x = xMin + ((col + 0.5) * (xMax - xMin)) / 6;
        const y = yMax - ((row + 0.5) * (yMax - yMin)) / 6;
        const p = forward(final, [
          (x - (stats[0]?.mean as number)) / (stats[0]?.std as number),
          (y - (stats[1]?.mean as number)) / (stats[1]?.std as number),
        ]);
        const best = p.indexOf(Math.max(...p));
        const cell = row * 6 + col;
        const sorted = [...p].sort((a, b) => b - a);
        // A near-tie may argmax differently in float32; elsewhere the class must agree.
        if ((sorted[0] as number) - (sorted[1] as number) > 1e-4) expect(grid.predicted[cell]).toBe(best);
        expect(grid.confidence[cell]).toBeCloseTo(p[grid.predicted[cell] as number] as number, 4);
      }
    }
    // Training moved the boundary.
    expect(grids[0]?.[1].confidence).not.toEqual(grid.confidence);
  });

  it('defaults to 48 × 48 cells, refuses a bad boundarySize, and skips a run that diverges or stops', async () => {
    const sizes: number[] = [];
    await run(quick({ epochs: 1 }), { onBoundary: (_e, g) => sizes.push(g.predicted.length) });
    expect(sizes).toEqual([48 * 48, 48 * 48]);
    for (const boundarySize of [1, 257, 2.5]) {
      const bad = await train(quick(), { backend: 'cpu', boundarySize, onBoundary: () => {} });
      expect(bad.ok === false && bad.error.path).toBe('boundarySize');
    }
    const controller = new AbortController();
    const seen: number[] = [];
    const stopped = await run(quick(), {
      signal: controller.signal,
      onBatch: (s) => s === 6 && controller.abort(),
      onBoundary: (e) => seen.push(e),
    });
    expect(stopped.stopped).toBe(true);
    expect(seen).toEqual([-1, 0]);
  });

  it('evaluates an image run once at the end: the confusion matrix and the most confident mistakes', async () => {
    const baseline = tf.memory().numTensors;
    const evaluations: Evaluation[] = [];
    const config = quick({
      dataset: { name: 'digits', samples: 400 },
      model: { kind: 'mlp', hidden: [16], activation: 'relu' },
      optimizer: { kind: 'SGD', lr: 0.05 },
      epochs: 1,
    });
    const r = await run(config, {
      onEvaluation: (e) => evaluations.push(e),
      onBoundary: () => {
        throw new Error('no boundary for an image set');
      },
    });
    expect(tf.memory().numTensors).toBe(baseline);
    expect(evaluations).toHaveLength(1);
    const e = evaluations[0] as Evaluation;
    expect([e.width, e.height]).toEqual([8, 8]);
    const data = await loadTrainingData({ ...config, dataset: { name: 'digits', samples: 400, validationFraction: 0.2 } }, publicDatasets);
    if (!data.ok) throw new Error(data.error.message);
    const validation = data.value.validation;
    expect(e.confusion).toHaveLength(10);
    // Row c sums to class c's validation count; the diagonal is the final val accuracy.
    const perClass = Array.from({ length: 10 }, (_, c) => validation.y.filter((y) => y === c).length);
    expect(e.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(perClass);
    const correct = e.confusion.reduce((sum, row, c) => sum + (row[c] as number), 0);
    expect(correct / validation.y.length).toBeCloseTo(r.epochs.at(-1)?.val_accuracy as number, 6);
    const wrong = validation.y.length - correct;
    expect(e.misclassified).toHaveLength(Math.min(8, wrong));
    expect(wrong).toBeGreaterThan(0);
    for (let i = 0; i < e.misclassified.length; i++) {
      const m = e.misclassified[i] as Evaluation['misclassified'][number];
      expect(m.label).not.toBe(m.predicted);
      expect(m.confidence).toBeGreaterThan(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
      if (i > 0) expect(m.confidence).toBeLessThanOrEqual(e.misclassified[i - 1]?.confidence as number);
      expect(m.pixels).toBeInstanceOf(Float32Array);
      expect(m.pixels).toHaveLength(64);
      // The pixels are one of the validation images with that label.
      const match = Array.from({ length: validation.y.length }, (_, j) => j).find(
        (j) => validation.y[j] === m.label && validation.x.subarray(j * 64, (j + 1) * 64).every((v, k) => v === m.pixels[k]),
      );
      expect(match).toBeDefined();
    }
  });

  it('evaluates a stopped image run too, never a diverged one', async () => {
    const controller = new AbortController();
    const seen: Evaluation[] = [];
    const config = quick({ dataset: { name: 'digits', samples: 300 }, model: { kind: 'mlp', hidden: [8], activation: 'relu' } });
    const stopped = await run(config, {
      signal: controller.signal,
      onBatch: (s) => s === 2 && controller.abort(),
      onEvaluation: (e) => seen.push(e),
    });
    expect(stopped.stopped).toBe(true);
    expect(seen).toHaveLength(1);
    const diverged = await run(
      { ...config, model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' }, optimizer: { kind: 'SGD', lr: 10 } },
      {
        onEvaluation: (e) => seen.push(e),
      },
    );
    expect(diverged.diverged).toBeDefined();
    expect(seen).toHaveLength(1);
  });
});
