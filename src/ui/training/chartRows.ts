/**
 * The rows the training charts draw, from a panel's runs. Pure. The x axis counts epochs: an epoch's metrics sit
 * at its end (epoch e at x = e + 1), an LR at the moment it applies (epoch e's first step at x = e, step s at
 * x = s / stepsPerEpoch), so the applied LR lies on the planned curve.
 */
import type { BandMetric, SeedSeries } from '../../training/summary';
import { bandOf } from '../../training/summary';
import type { EpochMetrics } from '../../training/types';
import type { PanelSamples } from '../outcome';
import type { SeedRun } from './session';

export interface LineRow {
  x: number;
  y: number;
}

export interface BandRow {
  x: number;
  mean: number;
  /** [min, max] over seeds: the band an Area with a range draws. */
  range: [number, number];
}

/** What summary.ts takes for a run (its seconds are left to summary.ts: the sum of its epochs'). */
export function seedSeriesOf(run: SeedRun): SeedSeries {
  return { seed: run.seed, epochs: run.epochs as EpochMetrics[], ...(run.diverged ? { diverged: run.diverged } : {}) };
}

/** Mean and [min, max] per epoch over seeds, at x = epoch + 1 (or x = epoch for an LR, `atStart`). */
export function bandRows(seeds: readonly SeedSeries[], metric: BandMetric, atStart = false): BandRow[] {
  return bandOf(seeds, metric).map((p) => ({ x: p.epoch + (atStart ? 0 : 1), mean: p.mean, range: [p.min, p.max] }));
}

/** The most points a curve is drawn with: a step curve of 45,000 steps looks the same at this many. */
export const MAX_CURVE_POINTS = 1500;

/** Positions 0 … n − 1 thinned to at most `max`, always keeping the first, the last and every change of value. */
function thinned(values: readonly number[], max: number): number[] {
  const n = values.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const stride = Math.ceil(n / max);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const changes = i > 0 && values[i] !== values[i - 1];
    if (i % stride === 0 || i === n - 1 || (changes && keep.length < 2 * max)) keep.push(i);
  }
  return keep;
}

/** An LR per step as chart rows, x in epochs; closed at x = steps / stepsPerEpoch so the last level has width. */
export function stepLrRows(lr: readonly number[], stepsPerEpoch: number): LineRow[] {
  if (lr.length === 0 || stepsPerEpoch <= 0) return [];
  const rows = thinned(lr, MAX_CURVE_POINTS).map((s) => ({ x: s / stepsPerEpoch, y: lr[s] as number }));
  rows.push({ x: lr.length / stepsPerEpoch, y: lr[lr.length - 1] as number });
  return rows;
}

/** The planned schedule (the chart's samples) over `epochs` epochs of `stepsPerEpoch` steps. */
export function plannedLrRows(samples: PanelSamples | undefined, epochs: number, stepsPerEpoch: number): LineRow[] {
  if (!samples || samples.lr.length === 0) return [];
  if (samples.tick === 'step') return stepLrRows(samples.lr.slice(0, epochs * stepsPerEpoch), stepsPerEpoch);
  const lr = samples.lr.slice(0, epochs);
  const rows = lr.map((y, e) => ({ x: e, y }));
  rows.push({ x: lr.length, y: lr[lr.length - 1] as number });
  return rows;
}

/** A y domain for values that may include NaN or Infinity (a diverging loss): the finite ones, padded 5 %. */
export function finiteDomain(rows: readonly (readonly BandRow[] | readonly LineRow[])[], floorZero = true): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const see = (v: number) => {
    if (!Number.isFinite(v)) return;
    if (v < min) min = v;
    if (v > max) max = v;
  };
  for (const list of rows) {
    for (const row of list) {
      if ('range' in row) {
        see(row.range[0]);
        see(row.range[1]);
        see(row.mean);
      } else see(row.y);
    }
  }
  if (min > max) return [0, 1];
  const lo = floorZero ? Math.min(0, min) : min;
  const span = max - lo || Math.abs(max) || 1;
  return [lo, max + span * 0.05];
}
