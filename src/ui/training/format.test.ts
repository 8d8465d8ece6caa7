import { describe, expect, it } from 'vitest';
import { finiteDomain, MAX_CURVE_POINTS, plannedLrRows, stepLrRows } from './chartRows';
import {
  divergedText,
  etaSeconds,
  formatDuration,
  formatLr,
  formatMeanSd,
  formatPercentMeanSd,
  formatPointsMeanSd,
  panelProgress,
  stepsSentence,
} from './format';
import type { SeedRun } from './session';
import { parseHidden, parseNumber, percentOf } from './TrainingSettingsForm';

describe('training view formatting', () => {
  it('writes mean ± sd, for one seed the value alone, for none a dash', () => {
    expect(formatMeanSd({ mean: 0.41234, sd: 0.0312, n: 3 })).toBe('0.412 ± 0.031');
    expect(formatMeanSd({ mean: 0.41234, sd: 0, n: 1 })).toBe('0.412');
    expect(formatMeanSd({ mean: Number.NaN, sd: Number.NaN, n: 0 })).toBe('—');
    expect(formatPercentMeanSd({ mean: 0.9434, sd: 0.0121, n: 3 })).toBe('94.3 % ± 1.2');
    expect(formatPointsMeanSd({ mean: -0.021, sd: 0.008, n: 2 })).toBe('−2.1 ± 0.8 pp');
    expect(formatPointsMeanSd({ mean: 0.021, sd: 0, n: 1 })).toBe('+2.1 pp');
  });

  it('writes durations and LRs', () => {
    expect(formatDuration(3.24)).toBe('3.2 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(3840)).toBe('1 h 04 min');
    expect(formatLr(50)).toBe('50');
    expect(formatLr(0.1)).toBe('0.1');
    expect(formatLr(1.25e-5)).toBe('1.25e-5');
    expect(divergedText({ epoch: 2, lr: 50 })).toBe('diverged at epoch 3 (lr = 50)');
  });

  it('says the steps per epoch as the division it is', () => {
    expect(stepsSentence(1437, 32, 45)).toBe('45 steps per epoch = ⌈1,437 training samples / 32⌉');
  });

  it('counts a panel’s progress by its slowest seed, and the ETA by the rate so far', () => {
    const run = (epochs: number, status: SeedRun['status']) => ({ epochs: new Array(epochs), status }) as unknown as SeedRun;
    expect(panelProgress([run(4, 'running'), run(2, 'running')])).toEqual({ done: 2, finished: false });
    expect(panelProgress([run(4, 'done'), run(1, 'diverged')])).toEqual({ done: 1, finished: true });
    expect(panelProgress([])).toEqual({ done: 0, finished: false });
    expect(etaSeconds(10, 2, 10)).toBe(40);
    expect(etaSeconds(10, 0, 10)).toBeUndefined();
    expect(etaSeconds(10, 10, 10)).toBe(0);
  });

  it('reads the settings boxes', () => {
    expect(parseHidden('128, 64')).toEqual([128, 64]);
    expect(parseHidden(' 32 16 ')).toEqual([32, 16]);
    expect(parseHidden('')).toEqual([]);
    expect(parseHidden('12, x')).toBeUndefined();
    expect(parseNumber('1,000')).toBe(1000);
    expect(parseNumber('0.3')).toBe(0.3);
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
    expect(percentOf(0.57)).toBe(57);
    expect(percentOf(0.95)).toBe(95);
  });
});

describe('training chart rows', () => {
  it('puts step LRs at fractional epochs and closes the last level', () => {
    expect(stepLrRows([1, 1, 0.5, 0.5], 2)).toEqual([
      { x: 0, y: 1 },
      { x: 0.5, y: 1 },
      { x: 1, y: 0.5 },
      { x: 1.5, y: 0.5 },
      { x: 2, y: 0.5 },
    ]);
  });

  it('thins a long curve but keeps every change of level', () => {
    const lr = Array.from({ length: 20_000 }, (_, s) => (s < 12_345 ? 0.1 : 0.01));
    const rows = stepLrRows(lr, 100);
    expect(rows.length).toBeLessThan(MAX_CURVE_POINTS + 10);
    expect(rows.some((r) => r.x === 123.45 && r.y === 0.01)).toBe(true);
  });

  it('draws a per-epoch plan per epoch', () => {
    expect(plannedLrRows({ tick: 'epoch', needsMetric: false, lr: [0.1, 0.05, 0.025] }, 2, 10)).toEqual([
      { x: 0, y: 0.1 },
      { x: 1, y: 0.05 },
      { x: 2, y: 0.05 },
    ]);
    expect(plannedLrRows(undefined, 2, 10)).toEqual([]);
  });

  it('fits a y domain to the finite values only', () => {
    expect(
      finiteDomain([
        [
          { x: 1, y: 2 },
          { x: 2, y: Number.NaN },
          { x: 3, y: Number.POSITIVE_INFINITY },
        ],
      ]),
    ).toEqual([0, 2.1]);
    expect(finiteDomain([])).toEqual([0, 1]);
  });
});
