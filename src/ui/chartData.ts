import { type Alignment, alignment, type TickSeries, tickAt, valueAt, xOf } from '../state/series';
import type { Horizon } from '../state/store';
import { type Lane, m4Positions } from './decimate';
import type { PanelSamples } from './outcome';

export interface ChartSeries {
  /** The panel's letter: "A", "B", ... */
  key: string;
  /** The legend's name for the curve: "A: StepLR(step_size=10, γ=0.5)" (see seriesLabel). */
  label: string;
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

export const asTickSeries = (s: ChartSeries): TickSeries => s.samples;

/** Pixel columns assumed before the chart's width is known: a wide screen's, so nothing is left out. */
export const DEFAULT_COLUMNS = 3840;

/**
 * The rows recharts draws: only the positions M4 keeps for `columns` pixel columns (decimate.ts: the picture is
 * the same), each carrying its aligned index `i` so the hover read-out can show exact values. A log axis cannot
 * show 0 or negatives: gaps. The rows are frozen: the chart library's store freezes what it is given, and frozen
 * rows spare it a walk over every one of them.
 */
export function chartModel(
  series: readonly ChartSeries[],
  horizon: Horizon,
  axis: 'epoch' | 'step',
  logScale: boolean,
  columns: number = DEFAULT_COLUMNS,
): ChartModel {
  const ticks = series.map(asTickSeries);
  const align = alignment(ticks, horizon);
  const plot = (v: number | undefined) => (v === undefined || (logScale && v <= 0) ? null : v);
  const rowAt = (i: number, x: number): ChartRow => {
    const row: ChartRow = { i, x };
    for (const s of series) {
      row[s.key] = plot(valueAt(s.samples.lr, s.samples, align, i));
      if (s.samples.momentum) row[momentumKey(s.key)] = valueAt(s.samples.momentum, s.samples, align, i) ?? null;
    }
    return Object.freeze(row);
  };
  const lanes = series.flatMap((s): Lane[] => {
    const lr: Lane = (i) => plot(valueAt(s.samples.lr, s.samples, align, i));
    const momentum = s.samples.momentum;
    return momentum ? [lr, (i) => valueAt(momentum, s.samples, align, i)] : [lr];
  });
  const rows = m4Positions(align.length, columns, lanes).map((i) => rowAt(i, xOf(align, i, axis)));
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

/**
 * The smallest span an axis is given. The chart library's tick maths divides the span into a few steps, and a
 * span near the denormals (a 5e-324 LR) makes that step 0 and throws; values that small draw as 0 either way.
 */
const MIN_LINEAR_SPAN = 1e-300;
/** The log axis leaves this fraction of its decades free above and below, so the lowest level is off the x axis. */
const LOG_PADDING = 0.06;

/**
 * A y domain every value can be drawn on, always two finite numbers: a linear axis from 0 (or the lowest
 * negative value) to the highest value plus 5 %, a log axis over the positive values padded by a few percent
 * of its decades. Non-finite values are left out (the engine refuses them before they get here).
 */
export function axisDomain(values: Iterable<number>, logScale: boolean): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v) || (logScale && v <= 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return logScale ? [0.1, 1] : [0, 1];
  if (!logScale) {
    const lo = Math.min(0, min);
    const hi = Math.max(max, lo + MIN_LINEAR_SPAN);
    const padded = hi + (hi - lo) * 0.05;
    return [lo, Number.isFinite(padded) ? padded : Number.MAX_VALUE];
  }
  // Values below the smallest normal-ish magnitude sit at the bottom edge (the library's log maths needs normals).
  min = Math.max(min, MIN_LINEAR_SPAN);
  max = Math.max(max, min);
  const decades = Math.max(Math.log10(max) - Math.log10(min), 1);
  const lo = min / 10 ** (decades * LOG_PADDING);
  const hi = max * 10 ** (decades * LOG_PADDING);
  return [lo > 0 ? lo : min, Number.isFinite(hi) ? hi : Number.MAX_VALUE];
}

/** Magnitudes the chart library's own 'auto' domain and nice ticks handle (beyond them its tick maths fails). */
const AUTO_SAFE = { min: 1e-290, max: 1e290 } as const;

/** Whether every finite value is 0 or of a magnitude the library's 'auto' axis handles. */
export function autoAxisSafe(values: Iterable<number>): boolean {
  for (const v of values) {
    if (!Number.isFinite(v) || v === 0) continue;
    const m = Math.abs(v);
    if (m < AUTO_SAFE.min || m > AUTO_SAFE.max) return false;
  }
  return true;
}

/** autoAxisSafe per value array: samples are immutable, and a redraw after a slider move rechecks only the new one. */
const autoSafeCache = new WeakMap<readonly number[], boolean>();

function arrayAutoSafe(values: readonly number[]): boolean {
  let safe = autoSafeCache.get(values);
  if (safe === undefined) {
    safe = autoAxisSafe(values);
    autoSafeCache.set(values, safe);
  }
  return safe;
}

export const lrAutoSafe = (series: readonly ChartSeries[]) => series.every((s) => arrayAutoSafe(s.samples.lr));
export const momentumAutoSafe = (series: readonly ChartSeries[]) =>
  series.every((s) => s.samples.momentum === undefined || arrayAutoSafe(s.samples.momentum));

function* lrValues(series: readonly ChartSeries[]): Iterable<number> {
  for (const s of series) yield* s.samples.lr;
}

function* momentumValues(series: readonly ChartSeries[]): Iterable<number> {
  for (const s of series) if (s.samples.momentum) yield* s.samples.momentum;
}

/** The LR axis's domain for these series (shared by the small charts side by side). */
export const lrDomain = (series: readonly ChartSeries[], logScale: boolean) => axisDomain(lrValues(series), logScale);

/** The momentum axis's domain: fitted to the values with 5 % either side (momentum is never drawn on a log axis). */
export function momentumDomain(series: readonly ChartSeries[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of momentumValues(series)) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return [0, 1];
  const pad = Math.max((max - min) * 0.05, Math.abs(max) * 0.01, MIN_LINEAR_SPAN);
  const lo = min - pad;
  const hi = max + pad;
  return [Number.isFinite(lo) ? lo : -Number.MAX_VALUE, Number.isFinite(hi) ? hi : Number.MAX_VALUE];
}

/** Short axis labels: 0.1, 0.0316, 1e-5. */
export function formatAxisValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e4) return value.toExponential(1).replace('.0e', 'e');
  return String(Number(value.toPrecision(3)));
}

/**
 * An x axis label: whole numbers with thousands separators (12,500), others to two decimals. The chart calls it
 * for every drawn row (its hover positions), so whole numbers are grouped by hand: the same text as
 * toLocaleString('en-US'), without its per-call cost.
 */
export function formatX(x: number): string {
  if (!Number.isInteger(x)) return String(Number(x.toFixed(2)));
  if (!Number.isSafeInteger(x) || Object.is(x, -0)) return x.toLocaleString('en-US');
  const digits = String(Math.abs(x));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return x < 0 ? `-${grouped}` : grouped;
}

const LABEL_LENGTH = 44;
const SHORT_NAMES: Readonly<Record<string, string>> = { gamma: 'γ', eta_min: 'η_min' };

function shortValue(value: unknown): string | undefined {
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value.length <= 12 && !/[\s()]/.test(value) ? `'${value}'` : '…';
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    const text = `[${value.slice(0, 3).join(', ')}${value.length > 3 ? ', …' : ''}]`;
    return text;
  }
  return undefined;
}

/**
 * What a legend, a tooltip and the PNG call a curve: "A: StepLR(step_size=10, γ=0.5)". The settings shown are
 * those that differ from the family's defaults (else its first ones), cut to fit a legend entry.
 */
export function seriesLabel(
  letter: string,
  call: { name: string; args: Readonly<Record<string, unknown>> },
  defaults: Readonly<Record<string, unknown>> = {},
): string {
  const entries = Object.entries(call.args).filter(([, v]) => shortValue(v) !== undefined);
  const changed = entries.filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k]));
  const shown = (changed.length > 0 ? changed : entries).map(([k, v]) => `${SHORT_NAMES[k] ?? k}=${shortValue(v)}`);
  let text = `${letter}: ${call.name}(`;
  for (const [i, part] of shown.entries()) {
    const next = `${i > 0 ? ', ' : ''}${part}`;
    if (text.length + next.length + 1 > LABEL_LENGTH) {
      text += i > 0 ? ', …' : '…';
      break;
    }
    text += next;
  }
  return `${text})`;
}
