/**
 * A panel's runs (one per seed) summarized for the view: mean ± sample standard deviation over seeds, the
 * per-epoch band the charts draw, and the CSV export. Pure (no tfjs), so the page imports it.
 *
 * Which seeds count where:
 * - final val accuracy and final val loss: each seed's last epoch, over the seeds that have an epoch and did not
 *   diverge (a diverged run's last good epoch is not where it ended; those seeds are listed in `diverged`);
 * - best val accuracy, best epoch and epochs to target: every seed that has an epoch, diverged or not (what a run
 *   reached before diverging it did reach);
 * - epochs are counted from 1 in bestEpoch and epochsToTarget (EpochMetrics.epoch + 1: "reached it in epoch 3").
 * A non-finite value (NaN or ±Infinity, how a diverging loss shows) is skipped wherever values are averaged.
 */
import type { EpochMetrics } from './types';

export interface SeedSeries {
  seed: number;
  epochs: EpochMetrics[];
  diverged?: { epoch: number; step: number; lr: number; reason?: string };
  /** The run's own total seconds, when known; else the sum of its epochs' seconds is used. */
  seconds?: number;
}

/** Sample standard deviation (n − 1); sd 0 when n = 1; mean and sd NaN when n = 0. */
export interface MeanSd {
  mean: number;
  sd: number;
  n: number;
}

export interface PanelSummary {
  finalValAccuracy: MeanSd;
  bestValAccuracy: MeanSd;
  /** The epoch (counted from 1) of each seed's best val accuracy, the first one on a tie. */
  bestEpoch: MeanSd;
  finalValLoss: MeanSd;
  /** Epochs (counted from 1) until val_accuracy ≥ target, over the seeds that reached it; `of` = every seed. */
  epochsToTarget: MeanSd & { reached: number; of: number };
  /**
   * Final val accuracy minus the baseline panel's, paired by seed (only seeds with a final value in both panels).
   * Absent when no baseline is given, or when the baseline is this panel's own array.
   */
  pairedDifference?: MeanSd;
  /**
   * The sum over seeds of each seed's seconds (its `seconds`, else the sum of its epochs' seconds): the compute the
   * panel cost. Runs that train side by side in one worker share the wall clock, so this can exceed the elapsed time.
   */
  wallSeconds: number;
  diverged: { seed: number; epoch: number; lr: number }[];
}

export type BandMetric = 'loss' | 'val_loss' | 'accuracy' | 'val_accuracy' | 'lr';

export interface BandPoint {
  epoch: number;
  mean: number;
  min: number;
  max: number;
  n: number;
}

/** Mean and sample standard deviation of the finite values among `values`. */
export function meanSd(values: readonly number[]): MeanSd {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n: 0 };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0, n };
  const squares = finite.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (n - 1)), n };
}

/** A seed's final val accuracy and loss, or undefined when it diverged or has no epoch. */
function finalOf(series: SeedSeries): EpochMetrics | undefined {
  return series.diverged ? undefined : series.epochs.at(-1);
}

/** The best finite val accuracy and its epoch (from 1, first on a tie), or undefined when there is none. */
function bestOf(series: SeedSeries): { accuracy: number; epoch: number } | undefined {
  let best: { accuracy: number; epoch: number } | undefined;
  for (const m of series.epochs) {
    if (!Number.isFinite(m.val_accuracy)) continue;
    if (best === undefined || m.val_accuracy > best.accuracy) best = { accuracy: m.val_accuracy, epoch: m.epoch + 1 };
  }
  return best;
}

export function summarizePanel(seeds: readonly SeedSeries[], target: number, baseline?: readonly SeedSeries[]): PanelSummary {
  const finals = seeds.map((s) => ({ seed: s.seed, last: finalOf(s) }));
  const bests = seeds.map(bestOf).filter((b) => b !== undefined);
  const toTarget: number[] = [];
  for (const s of seeds) {
    const hit = s.epochs.find((m) => m.val_accuracy >= target);
    if (hit) toTarget.push(hit.epoch + 1);
  }
  const summary: PanelSummary = {
    finalValAccuracy: meanSd(finals.flatMap((f) => (f.last ? [f.last.val_accuracy] : []))),
    bestValAccuracy: meanSd(bests.map((b) => b.accuracy)),
    bestEpoch: meanSd(bests.map((b) => b.epoch)),
    finalValLoss: meanSd(finals.flatMap((f) => (f.last ? [f.last.val_loss] : []))),
    epochsToTarget: { ...meanSd(toTarget), reached: toTarget.length, of: seeds.length },
    wallSeconds: seeds.reduce((sum, s) => sum + (s.seconds ?? s.epochs.reduce((t, m) => t + m.seconds, 0)), 0),
    diverged: seeds.flatMap((s) => (s.diverged ? [{ seed: s.seed, epoch: s.diverged.epoch, lr: s.diverged.lr }] : [])),
  };
  if (baseline !== undefined && baseline !== seeds) {
    const base = new Map<number, number>();
    for (const s of baseline) {
      const last = finalOf(s);
      if (last && Number.isFinite(last.val_accuracy) && !base.has(s.seed)) base.set(s.seed, last.val_accuracy);
    }
    const differences: number[] = [];
    const paired = new Set<number>();
    for (const { seed, last } of finals) {
      const other = base.get(seed);
      if (last === undefined || other === undefined || paired.has(seed) || !Number.isFinite(last.val_accuracy)) continue;
      paired.add(seed);
      differences.push(last.val_accuracy - other);
    }
    summary.pairedDifference = meanSd(differences);
  }
  return summary;
}

/** Per epoch (ascending), over the seeds that have a finite value of `metric` there: mean, min, max and how many. */
export function bandOf(seeds: readonly SeedSeries[], metric: BandMetric): BandPoint[] {
  const byEpoch = new Map<number, number[]>();
  for (const s of seeds) {
    for (const m of s.epochs) {
      const v = m[metric];
      if (!Number.isFinite(v)) continue;
      const list = byEpoch.get(m.epoch);
      if (list) list.push(v);
      else byEpoch.set(m.epoch, [v]);
    }
  }
  return [...byEpoch.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epoch, values]) => ({
      epoch,
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      n: values.length,
    }));
}

export const TRAINING_CSV_HEADER = 'panel,seed,epoch,loss,accuracy,val_loss,val_accuracy,lr';

/** A CSV field: quoted (RFC 4180, quotes doubled) when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Every (panel, seed, epoch) as one line, in the order given, under TRAINING_CSV_HEADER; numbers as String(x) (full
 * precision; NaN and Infinity spelled so); every line ends in \n. The epoch is EpochMetrics.epoch (from 0).
 */
export function trainingCsv(rows: readonly { panel: string; seed: number; epochs: readonly EpochMetrics[] }[]): string {
  const lines = [TRAINING_CSV_HEADER];
  for (const row of rows) {
    const panel = field(row.panel);
    for (const m of row.epochs) {
      lines.push([panel, row.seed, m.epoch, m.loss, m.accuracy, m.val_loss, m.val_accuracy, m.lr].map(String).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
