/**
 * Lining up schedules that tick at different rates on one x axis, and choosing which points to draw.
 * Everything is indexed by optimizer step when any series is per step (an epoch-ticked LR holds for every step
 * of its epoch); when all are per epoch, by epoch. The values themselves are never changed or interpolated.
 */
import type { Horizon } from './store';

export interface TickSeries {
  tick: 'epoch' | 'step';
  lr: readonly number[];
  momentum?: readonly number[] | undefined;
}

export interface Alignment {
  /** 'step' when any series ticks per optimizer step. */
  unit: 'epoch' | 'step';
  /** Number of aligned positions: epochs, or epochs × steps per epoch. */
  length: number;
  stepsPerEpoch: number;
}

export function alignment(series: readonly (TickSeries | null | undefined)[], horizon: Horizon): Alignment {
  const unit = series.some((s) => s?.tick === 'step') ? 'step' : 'epoch';
  const length = unit === 'step' ? horizon.epochs * horizon.stepsPerEpoch : horizon.epochs;
  return { unit, length, stepsPerEpoch: horizon.stepsPerEpoch };
}

/** The tick of `series` at aligned position `i` (undefined past the series' end). */
export function tickAt(series: TickSeries, align: Alignment, i: number): number {
  return align.unit === 'step' && series.tick === 'epoch' ? Math.floor(i / align.stepsPerEpoch) : i;
}

export function valueAt(values: readonly number[] | undefined, series: TickSeries, align: Alignment, i: number): number | undefined {
  return values?.[tickAt(series, align, i)];
}

/** The x coordinate of aligned position `i` on an axis counting epochs or steps. */
export function xOf(align: Alignment, i: number, axis: 'epoch' | 'step'): number {
  if (align.unit === axis) return i;
  return axis === 'step' ? i * align.stepsPerEpoch : i / align.stepsPerEpoch;
}

/** Index of the first aligned position where two series differ (relative 1e-12, absolute 1e-15), or -1. */
export function firstDivergence(a: TickSeries, b: TickSeries, align: Alignment): number {
  for (let i = 0; i < align.length; i++) {
    const x = valueAt(a.lr, a, align, i);
    const y = valueAt(b.lr, b, align, i);
    if (x === undefined || y === undefined) return x === y ? -1 : i;
    if (!(Math.abs(x - y) <= Math.max(1e-12 * Math.max(Math.abs(x), Math.abs(y)), 1e-15))) return i;
  }
  return -1;
}
