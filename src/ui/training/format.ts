/** Pure text and arithmetic for the training view: progress, ETA, mean ± sd, durations. */
import type { SeedRun } from './session';
import { isFinished } from './session';

export interface MeanSdLike {
  mean: number;
  sd: number;
  n: number;
}

const fixed = (x: number, digits: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "0.412 ± 0.031" over n > 1 seeds, "0.412" for one, "—" for none (or a non-finite mean). */
export function formatMeanSd(value: MeanSdLike | undefined, digits = 3): string {
  if (!value || value.n === 0 || !Number.isFinite(value.mean)) return '—';
  if (value.n === 1 || !Number.isFinite(value.sd)) return fixed(value.mean, digits);
  return `${fixed(value.mean, digits)} ± ${fixed(value.sd, digits)}`;
}

/** Accuracies as percentages: "94.3 % ± 1.2". */
export function formatPercentMeanSd(value: MeanSdLike | undefined, digits = 1): string {
  if (!value || value.n === 0 || !Number.isFinite(value.mean)) return '—';
  const m = `${fixed(100 * value.mean, digits)} %`;
  return value.n === 1 || !Number.isFinite(value.sd) ? m : `${m} ± ${fixed(100 * value.sd, digits)}`;
}

/** Percentage points with a sign, for a difference: "+2.1 ± 0.8 pp". */
export function formatPointsMeanSd(value: MeanSdLike | undefined, digits = 1): string {
  if (!value || value.n === 0 || !Number.isFinite(value.mean)) return '—';
  const sign = value.mean > 0 ? '+' : value.mean < 0 ? '−' : '±';
  const m = `${sign}${fixed(Math.abs(100 * value.mean), digits)}`;
  return `${value.n === 1 || !Number.isFinite(value.sd) ? m : `${m} ± ${fixed(100 * value.sd, digits)}`} pp`;
}

/** "8 s", "2 min 05 s", "1 h 04 min"; under 10 s with a decimal. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A learning rate in a sentence: 0.1, 0.00316, 1.2e-5. */
export function formatLr(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  if (lr === 0) return '0';
  const m = Math.abs(lr);
  if (m < 1e-3 || m >= 1e4) return lr.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(lr.toPrecision(3)));
}

/**
 * A panel's progress: the epochs its slowest seed has trained (runs that ended early, diverged or stopped, count
 * what they trained), so "done" means every seed has reached it. `finished` when every run has ended.
 */
export function panelProgress(runs: readonly SeedRun[]): { done: number; finished: boolean } {
  if (runs.length === 0) return { done: 0, finished: false };
  let done = Number.POSITIVE_INFINITY;
  for (const run of runs) done = Math.min(done, run.epochs.length);
  return { done, finished: runs.every((r) => isFinished(r.status)) };
}

/**
 * Seconds left, by the rate so far: the panel's runs share the workers for the whole session, so its remaining
 * epochs take as long per epoch as the done ones did. Undefined before the first epoch (no rate yet).
 */
export function etaSeconds(elapsedSeconds: number, done: number, total: number): number | undefined {
  if (done <= 0 || !Number.isFinite(elapsedSeconds)) return undefined;
  return Math.max(0, (elapsedSeconds * Math.max(0, total - done)) / done);
}

/** "45 steps per epoch = ⌈1,437 training samples / 32⌉". */
export function stepsSentence(train: number, batchSize: number, steps: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(steps)} step${steps === 1 ? '' : 's'} per epoch = ⌈${n(train)} training sample${train === 1 ? '' : 's'} / ${n(batchSize)}⌉`;
}

/** "diverged at epoch 3 (lr = 0.5)", epochs counted from 1 as people do. */
export function divergedText(d: { epoch: number; lr: number }): string {
  return `diverged at epoch ${d.epoch + 1} (lr = ${formatLr(d.lr)})`;
}
