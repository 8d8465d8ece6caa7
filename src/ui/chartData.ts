import { type Alignment, alignment, pointsToDraw, type TickSeries, tickAt, valueAt, xOf } from '../state/series';
import type { Horizon } from '../state/store';
import type { PanelSamples } from './outcome';

export interface ChartSeries {
  /** The panel's letter: "A", "B", ... */
  key: string;
  color: string;
  samples: PanelSamples;
  /** The panel's current settings are invalid; these are its last good samples. */
  stale: boolean;
}

/**
 * Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), in an order that keeps the first
 * few curves far apart; `ink` is the text colour readable on it.
 */
export const PALETTE = [
  { color: '#0072B2', ink: '#ffffff' },
  { color: '#D55E00', ink: '#ffffff' },
  { color: '#009E73', ink: '#ffffff' },
  { color: '#CC79A7', ink: '#1f2937' },
  { color: '#E69F00', ink: '#1f2937' },
  { color: '#56B4E9', ink: '#1f2937' },
] as const;

export const paletteOf = (index: number) => PALETTE[index % PALETTE.length] ?? PALETTE[0];

export const momentumKey = (key: string) => `${key} momentum`;

export type ChartRow = Record<string, number | null>;

export interface ChartModel {
  align: Alignment;
  rows: ChartRow[];
  /** What the x axis counts. */
  axis: 'epoch' | 'step';
}

const asTickSeries = (s: ChartSeries): TickSeries => s.samples;

/**
 * The rows recharts draws: only the positions `pointsToDraw` keeps (the picture is the same), each carrying its
 * aligned index `i` so the hover read-out can show exact values. A log axis cannot show 0 or negatives: gaps.
 */
export function chartModel(series: readonly ChartSeries[], horizon: Horizon, axis: 'epoch' | 'step', logScale: boolean): ChartModel {
  const ticks = series.map(asTickSeries);
  const align = alignment(ticks, horizon);
  const plot = (v: number | undefined) => (v === undefined || (logScale && v <= 0) ? null : v);
  const rowAt = (i: number, x: number): ChartRow => {
    const row: ChartRow = { i, x };
    for (const s of series) {
      row[s.key] = plot(valueAt(s.samples.lr, s.samples, align, i));
      if (s.samples.momentum) row[momentumKey(s.key)] = valueAt(s.samples.momentum, s.samples, align, i) ?? null;
    }
    return row;
  };
  const rows = pointsToDraw(ticks, align).map((i) => rowAt(i, xOf(align, i, axis)));
  // The last tick lasts until the end of the horizon (epoch 49 spans [49, 50)): without this closing row a
  // step curve would draw its last level with no width.
  if (align.length > 0) rows.push(rowAt(align.length - 1, xOf(align, align.length, axis)));
  return { align, rows, axis };
}

/** The exact values at aligned position `i`, for the hover read-out. */
export function exactValuesAt(series: readonly ChartSeries[], align: Alignment, i: number) {
  return series.map((s) => {
    const tick = tickAt(s.samples, align, i);
    return { key: s.key, color: s.color, tick, unit: s.samples.tick, lr: s.samples.lr[tick], momentum: s.samples.momentum?.[tick] };
  });
}

/** A y domain shared by several small charts. */
export function sharedDomain(series: readonly ChartSeries[], logScale: boolean): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const v of s.samples.lr) {
      if (logScale && v <= 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (!logScale) return [Math.min(0, min), max === min ? max + 1 : max];
  return [min, max === min ? max * 10 : max];
}

/** Short axis labels: 0.1, 0.0316, 1e-5. */
export function formatAxisValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e4) return value.toExponential(1).replace('.0e', 'e');
  return String(Number(value.toPrecision(3)));
}

export const formatX = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : String(Number(x.toFixed(2))));
