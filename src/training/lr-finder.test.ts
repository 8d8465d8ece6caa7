/**
 * The LR range test in Node (cpu and fused backends): its options, each convention's sweep, smoothing and stop
 * rule on a real model, that it leaves no trace on a run, stopping, and the tensors it frees.
 * The comparisons with the real libraries are in lr-finder.reference.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { correctlyRoundedPow } from './exact-pow';
import { createSmoother, LR_RANGE_DEFAULTS, lrAt, lrRangeTest, resolveLrRangeOptions, suggestionWindow } from './lr-finder';
import { registerFusedKernelFromDisk } from './testing/fused';
import { publicDatasets } from './testing/reference';
import { train } from './train';
import type { TrainingConfig } from './types';

/** The article's MLP on 600 digits (480 train: 15 batches of 32), SGD: the test sweeps it from 1e-7 to 10. */
function digits(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return {
    dataset: { name: 'digits', samples: 600 },
    model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
    init: 'glorot_uniform',
    optimizer: { kind: 'SGD', lr: 0.01 },
    schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 300 }, stepEvery: 'batch' },
    epochs: 20,
    batchSize: 32,
    seed: 1,
    ...overrides,
  };
}

async function rangeTest(
  config: TrainingConfig,
  options: Parameters<typeof lrRangeTest>[1] = {},
  run: Parameters<typeof lrRangeTest>[2] = {},
) {
  const r = await lrRangeTest(config, options, { backend: 'cpu', datasetSource: publicDatasets, ...run });
  if (!r.ok) throw new Error(`${r.error.path}: ${r.error.message}`);
  return r.value;
}

describe('options', () => {
  it('defaults are fastai lr_find’s', () => {
    const r = resolveLrRangeOptions({});
    expect(r).toEqual({ ok: true, value: { startLr: 1e-7, endLr: 10, numIter: 100, mode: 'exp', convention: 'fastai' } });
    expect(resolveLrRangeOptions(undefined)).toEqual(r);
  });

  it.each([
    ['startLr 0', { startLr: 0 }, 'startLr', /above 0/],
    ['endLr below startLr', { startLr: 1e-3, endLr: 1e-4 }, 'endLr', /above startLr/],
    ['endLr 1000', { endLr: 1000 }, 'endLr', /at most 100/],
    ['numIter 5', { numIter: 5 }, 'numIter', /integer from 6 to 1000/],
    ['numIter 10.5', { numIter: 10.5 }, 'numIter', /integer/],
    ['a mode', { mode: 'cosine' }, 'mode', /'exp' or 'linear'/],
    ['a convention', { convention: 'keras' }, 'convention', /'fastai' or 'torch-lr-finder'/],
    ['an unknown key', { stop_div: false }, 'stop_div', /Unknown LR range test option/],
    ['NaN', { startLr: Number.NaN }, 'startLr', /above 0/],
  ])('%s is refused with what is allowed', (_what, options, path, message) => {
    const r = resolveLrRangeOptions(options);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe(path);
    expect(r.error.message).toMatch(message);
  });

  it('garbage never throws', async () => {
    for (const garbage of [null, 42, 'fast', [1]]) expect(resolveLrRangeOptions(garbage).ok).toBe(false);
    const r = await lrRangeTest(digits(), { numIter: 3 }, { backend: 'cpu' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('options.numIter');
    const bad = await lrRangeTest(null as unknown as TrainingConfig, {}, { backend: 'cpu' });
    expect(bad.ok).toBe(false);
  });
});

describe('each convention’s sweep and windows', () => {
  const fastai = LR_RANGE_DEFAULTS;
  const torch = { ...LR_RANGE_DEFAULTS, convention: 'torch-lr-finder' as const };
  it('fastai: start·(end/start)^(i/numIter), never reaching end; torch-lr-finder: reaches end at numIter − 1', () => {
    expect(lrAt(0, fastai)).toBe(1e-7);
    expect(lrAt(50, fastai)).toBeCloseTo(1e-7 * 1e8 ** 0.5, 18);
    expect(lrAt(99, fastai)).toBeLessThan(10);
    expect(lrAt(99, torch)).toBeCloseTo(10, 12);
    expect(lrAt(0, { ...torch, mode: 'linear', startLr: 0.001, endLr: 1 })).toBe(0.001);
    expect(lrAt(99, { ...torch, mode: 'linear', startLr: 0.001, endLr: 1 })).toBe(1);
  });
  it('fastai debiases its EMA (the first value is the first loss, in float32); torch-lr-finder seeds with it', () => {
    for (const convention of ['fastai', 'torch-lr-finder'] as const) {
      const s = createSmoother(convention);
      // fastai's arithmetic is float32 (within a few float32 ulps of the float64 formula); torch-lr-finder's float64.
      const digits = convention === 'fastai' ? 5 : 14;
      expect(s(2.5)).toBeCloseTo(2.5, digits);
      expect(s(1.5)).toBeCloseTo(
        convention === 'fastai' ? (0.98 * 0.02 * 2.5 + 0.02 * 1.5) / (1 - 0.98 ** 2) : 0.05 * 1.5 + 0.95 * 2.5,
        digits,
      );
    }
  });
  it('suggestions use lr_find’s [numIter // 10 : −5] and plot’s [10 : −5]', () => {
    expect(suggestionWindow(100, fastai)).toEqual({ start: 10, end: 95 });
    expect(suggestionWindow(40, { convention: 'fastai', numIter: 100 })).toEqual({ start: 10, end: 35 });
    expect(suggestionWindow(12, { convention: 'torch-lr-finder', numIter: 100 })).toEqual({ start: 10, end: 10 });
    expect(suggestionWindow(3, { convention: 'fastai', numIter: 100 })).toEqual({ start: 3, end: 3 });
  });
});

describe('on the digits (cpu backend)', () => {
  it('sweeps up, falls, then blows up and stops by the fastai rule; suggestions lie where the loss falls', async () => {
    const r = await rangeTest(digits());
    const n = r.lrs.length;
    expect(r.rawLosses).toHaveLength(n);
    expect(r.losses).toHaveLength(n);
    for (let i = 0; i < n; i++) expect(r.lrs[i]).toBe(lrAt(i, r.options));
    expect(r.rawLosses[0]).toBeGreaterThan(2);
    expect(r.rawLosses[0]).toBeLessThan(2.6);
    // SGD on this MLP diverges long before lr 10: the 4× rule stops it, and the diverging step is recorded.
    expect(r.end).toBe('diverged');
    expect(n).toBeLessThan(100);
    const best = Math.min(...r.losses);
    expect(r.losses[n - 1]).toBeGreaterThan(4 * best);
    expect(r.losses.slice(0, n - 1).every((l, i) => l <= 4 * Math.min(...r.losses.slice(0, i + 1)))).toBe(true);
    const lossAt = (lr: number) => r.losses[r.lrs.findIndex((x) => x >= lr)] as number;
    for (const key of ['valley', 'steep', 'slide'] as const) {
      const lr = r.suggestions[key];
      expect(lr, key).not.toBeNull();
      expect(lossAt(lr as number), key).toBeLessThan(r.losses[0] as number);
    }
    expect(r.suggestions.minimum).toBeCloseTo((r.markers.minimum?.lr as number) / 10, 20);
    expect(r.markers.minimum?.loss).toBe(Math.min(...r.losses.slice(10, n - 5)));
  }, 120_000);

  it('torch-lr-finder’s convention: its sweep, its smoothing and its 5× rule', async () => {
    const r = await rangeTest(digits(), { convention: 'torch-lr-finder', numIter: 80, startLr: 1e-5, endLr: 10 });
    const smooth = createSmoother('torch-lr-finder');
    r.rawLosses.forEach((raw, i) => {
      expect(r.lrs[i]).toBe(1e-5 * correctlyRoundedPow(10 / 1e-5, i / 79));
      expect(Math.abs((r.lrs[i] as number) / (1e-5 * (10 / 1e-5) ** (i / 79)) - 1)).toBeLessThan(3e-16);
      expect(r.losses[i]).toBe(smooth(raw));
    });
    expect(['diverged', 'completed']).toContain(r.end);
    if (r.end === 'diverged') expect(r.losses.at(-1)).toBeGreaterThan(5 * Math.min(...r.losses));
    expect(r.suggestions.steep).not.toBeNull();
  }, 120_000);

  it('leaves no trace: a run trained after the test equals one trained without it', async () => {
    const config = digits({ epochs: 2 });
    const before = await train(config, { backend: 'cpu', datasetSource: publicDatasets });
    await rangeTest(config);
    const after = await train(config, { backend: 'cpu', datasetSource: publicDatasets });
    expect(before.ok && after.ok).toBe(true);
    if (!before.ok || !after.ok) return;
    expect(after.value.epochs.map(({ seconds: _s, ...m }) => m)).toEqual(before.value.epochs.map(({ seconds: _s, ...m }) => m));
    expect(after.value.initialWeightsHash).toBe(before.value.initialWeightsHash);
  }, 120_000);

  it('is deterministic, starts from the run’s initial weights, and frees every tensor', async () => {
    const baseline = tf.memory().numTensors;
    const a = await rangeTest(digits(), { numIter: 30 });
    const b = await rangeTest(digits(), { numIter: 30 });
    expect(b.rawLosses).toEqual(a.rawLosses);
    expect(tf.memory().numTensors).toBe(baseline);
    const run = await train(digits({ epochs: 1 }), { backend: 'cpu', datasetSource: publicDatasets });
    expect(run.ok && run.value.initialWeightsHash).toBe(a.initialWeightsHash);
  }, 120_000);

  it('stops when aborted, with what ran so far', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const r = await rangeTest(
      digits(),
      {},
      {
        signal: controller.signal,
        onStep(i) {
          steps.push(i);
          if (i === 7) controller.abort();
        },
      },
    );
    expect(r.end).toBe('stopped');
    expect(r.lrs).toHaveLength(8);
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  }, 120_000);

  it('a loss that becomes NaN ends the test at that step', async () => {
    // SGD up to lr 100 with momentum 0.99 overflows float32 within a few steps.
    const r = await rangeTest(digits({ optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.99 } }), {
      startLr: 1,
      endLr: 100,
      numIter: 60,
      convention: 'torch-lr-finder',
    });
    expect(['non-finite', 'diverged']).toContain(r.end);
    if (r.end === 'non-finite') expect(Number.isFinite(r.rawLosses.at(-1) as number)).toBe(false);
  }, 120_000);

  it('the fused kernel gives the same test as tfjs’s cpu backend (float32 tolerance)', async () => {
    registerFusedKernelFromDisk();
    const cpu = await rangeTest(digits(), { numIter: 40 });
    const fused = await rangeTest(digits(), { numIter: 40 }, { backend: 'fused' });
    expect(fused.backend).toBe('fused');
    expect(fused.lrs).toEqual(cpu.lrs);
    for (const [i, l] of fused.rawLosses.entries()) expect(Math.abs(l - (cpu.rawLosses[i] as number))).toBeLessThan(1e-4 * Math.max(1, l));
  }, 120_000);
});
