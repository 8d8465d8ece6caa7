import type { PanelSamples } from './outcome';

export interface ChartSeries {
  /** The panel's letter: "A", "B", ... */
  key: string;
  samples: PanelSamples;
  /** The panel's current settings are invalid; these are its last good samples. */
  stale: boolean;
}

/** Recharts slows down with tens of thousands of points; the values table stays exact. */
export const MAX_CHART_POINTS = 2000;

/** `count` indices spread evenly over 0..n-1, always including the first and the last. */
export function evenIndices(n: number, count: number = MAX_CHART_POINTS): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Math.round((k * (n - 1)) / (count - 1)));
  return out;
}

export const momentumKey = (key: string) => `${key} momentum`;

export type ChartRow = Record<string, number | null>;

/** One row per drawn tick. A log axis cannot show 0 or negatives, so those become gaps. */
export function chartRows(series: readonly ChartSeries[], logScale: boolean): ChartRow[] {
  const n = Math.max(0, ...series.map((s) => s.samples.lr.length));
  const plot = (v: number | undefined) => (v === undefined || (logScale && v <= 0) ? null : v);
  return evenIndices(n).map((tick) => {
    const row: ChartRow = { tick };
    for (const s of series) {
      row[s.key] = plot(s.samples.lr[tick]);
      if (s.samples.momentum) row[momentumKey(s.key)] = s.samples.momentum[tick] ?? null;
    }
    return row;
  });
}

/** Short axis labels: 0.1, 0.0316, 1e-5. */
export function formatAxisValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e4) return value.toExponential(1).replace('.0e', 'e');
  return String(Number(value.toPrecision(3)));
}
