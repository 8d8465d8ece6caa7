/**
 * One panel's LR range test in the page: its state as the worker's events arrive (pure functions, so the tests
 * drive them without a worker or a DOM), the options as typed, and the text and axis helpers of its view.
 */
import { createTrainingClient, type TrainingClient } from '../../training/client';
import {
  DIVERGE_FACTOR,
  LR_RANGE_DEFAULTS,
  type LrConvention,
  type LrRangeTest,
  type LrSuggestion,
  type ResolvedLrRangeTestOptions,
  resolveLrRangeOptions,
} from '../../training/lr-range';
import type { WorkerEvent } from '../../training/protocol';
import { readNumberText } from '../numberText';

export interface LrPoint {
  lr: number;
  loss: number;
}

export interface LrRun {
  runId: string;
  /** lrTestKey of the config it ran with: the result is stale once the panel's differs. */
  key: string;
  options: ResolvedLrRangeTestOptions;
  status: 'running' | 'done' | 'failed';
  /** Stop was pressed; its `lr-find-done` (end 'stopped') is on the way. */
  stopping: boolean;
  /** Steps done so far (the last step event's i + 1; the result's length once done). */
  done: number;
  /** The live curve: the (throttled) step events' smoothed losses, append only. */
  live: readonly LrPoint[];
  result?: LrRangeTest;
  failure?: string;
}

export const startLrRun = (runId: string, key: string, options: ResolvedLrRangeTestOptions): LrRun => ({
  runId,
  key,
  options,
  status: 'running',
  stopping: false,
  done: 0,
  live: [],
});

/**
 * The run after these events. Only its own runId counts; a `failed` with no runId (the worker itself, or a
 * malformed event) ends a running test too, since its `lr-find-done` may never come. A finished run stays as it is.
 */
export function applyLrEvents(run: LrRun, events: readonly WorkerEvent[]): LrRun {
  let next = run;
  let live: LrPoint[] | undefined;
  for (const event of events) {
    if (next.status !== 'running') break;
    if (event.type === 'failed' && (event.runId === run.runId || event.runId === undefined)) {
      next = { ...next, status: 'failed', failure: event.message };
      continue;
    }
    if (!('runId' in event) || event.runId !== run.runId) continue;
    if (event.type === 'lr-find-step') {
      live ??= [...next.live];
      live.push({ lr: event.lr, loss: event.loss });
      next = { ...next, done: Math.max(next.done, event.i + 1), live };
    } else if (event.type === 'lr-find-done') {
      next = { ...next, status: 'done', result: event.result, done: event.result.lrs.length };
    }
  }
  return next;
}

/** The options as typed (text), and the convention. */
export interface LrOptionsText {
  convention: LrConvention;
  startLr: string;
  endLr: string;
  numIter: string;
}

export type LrOptionField = 'startLr' | 'endLr' | 'numIter';

export const LR_OPTION_LABELS: Record<LrOptionField, string> = { startLr: 'Start LR', endLr: 'End LR', numIter: 'Steps' };

export const defaultLrOptionsText = (): LrOptionsText => ({
  convention: LR_RANGE_DEFAULTS.convention,
  startLr: String(LR_RANGE_DEFAULTS.startLr),
  endLr: String(LR_RANGE_DEFAULTS.endLr),
  numIter: String(LR_RANGE_DEFAULTS.numIter),
});

export type LrOptionsCheck =
  | { ok: true; value: ResolvedLrRangeTestOptions }
  | { ok: false; field: LrOptionField | 'convention'; message: string };

/** The typed options read (readNumberText's rules) and checked (resolveLrRangeOptions'); the first problem. Never throws. */
export function readLrOptions(text: LrOptionsText): LrOptionsCheck {
  const numbers: Partial<Record<LrOptionField, number>> = {};
  for (const field of ['startLr', 'endLr', 'numIter'] as const) {
    const read = readNumberText(text[field], LR_OPTION_LABELS[field]);
    if (!read.ok) return { ok: false, field, message: read.message };
    numbers[field] = read.value;
  }
  const checked = resolveLrRangeOptions({ ...numbers, convention: text.convention });
  if (checked.ok) return checked;
  const path = checked.error.path;
  const field = path === 'startLr' || path === 'endLr' || path === 'numIter' ? path : 'convention';
  return { ok: false, field, message: checked.error.message };
}

/** A suggested LR with 3 significant digits: "3.02e-3". */
export function formatSuggestion(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  return lr.toExponential(2).replace('e+', 'e');
}

/** How the test ended, in words. */
export function endText(result: LrRangeTest): string {
  const n = result.lrs.length;
  const lastLr = result.lrs[n - 1];
  const at = lastLr === undefined ? '' : ` at lr ${formatSuggestion(lastLr)}`;
  switch (result.end) {
    case 'completed':
      return `completed ${n} steps`;
    case 'diverged':
      return `stopped early: the loss passed ${DIVERGE_FACTOR[result.options.convention]}× its best${at} (step ${n} of ${result.options.numIter})`;
    case 'non-finite': {
      const raw = result.rawLosses[n - 1];
      return `the loss became ${raw !== undefined && Number.isNaN(raw) ? 'NaN' : 'non-finite'}${at} (step ${n})`;
    }
    case 'stopped':
      return `stopped after ${n} of ${result.options.numIter} steps`;
  }
}

/** What each suggestion means, per convention. */
export function suggestionMeaning(k: LrSuggestion, convention: LrConvention): string {
  switch (k) {
    case 'valley':
      return "fastai's default, from the longest descent of the loss";
    case 'steep':
      return convention === 'torch-lr-finder' ? "torch-lr-finder's own suggestion: the steepest descent" : 'the steepest slope of the loss';
    case 'minimum':
      return 'a tenth of the LR at the lowest loss';
    case 'slide':
      return "fastai's 'slide': where the slope levels off, walking back from the end";
  }
}

/** Powers of ten covering [lo, hi] (every second one past 9 ticks), for a log axis. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return [];
  const from = Math.floor(Math.log10(lo) + 1e-9);
  const to = Math.ceil(Math.log10(hi) - 1e-9);
  const every = to - from + 1 > 9 ? 2 : 1;
  const ticks: number[] = [];
  for (let e = from; e <= to; e += every) ticks.push(Number(`1e${e}`));
  return ticks;
}

/** A log-axis tick: "1e-7" … "1e-3", 0.01, 0.1, 1, 10, 100, "1e3". */
export function formatLogTick(v: number): string {
  if (!(v > 0) || !Number.isFinite(v)) return String(v);
  const e = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** e - 1) < 1e-9) return e >= -2 && e <= 2 ? String(Number(`1e${e}`)) : `1e${e}`;
  return formatSuggestion(v);
}

export interface LrRow {
  lr: number;
  loss: number | null;
  raw?: number | null;
}

const finiteOrNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** The chart's rows: the result's every step (smoothed and raw loss), or the live points while it runs. */
export function lrRows(run: Pick<LrRun, 'result' | 'live'>): LrRow[] {
  if (run.result) {
    const { lrs, losses, rawLosses } = run.result;
    return lrs.map((lr, i) => ({ lr, loss: finiteOrNull(losses[i]), raw: finiteOrNull(rawLosses[i]) }));
  }
  return run.live.map((p) => ({ lr: p.lr, loss: finiteOrNull(p.loss) }));
}

/** The y range of the smoothed loss (the raw loss is clipped to it), with a little room; [0, 1] for none. */
export function lossDomain(rows: readonly LrRow[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    if (r.loss === null || r.lr <= 0) continue;
    lo = Math.min(lo, r.loss);
    hi = Math.max(hi, r.loss);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(0.05 * Math.abs(hi), 0.01);
  return [Math.max(0, lo - pad), hi + pad];
}

/** A TrainingClient for LR tests only, started on first use (the first Find LR), disposed with the view. */
export interface LrClientSource {
  /** The client, started now if it is not yet. */
  get(): TrainingClient;
  /** The client if one was started (and not disposed): stopping a test must not start a worker. */
  peek(): TrainingClient | null;
  dispose(): void;
}

export function createLrClientSource(create: () => TrainingClient = () => createTrainingClient()): LrClientSource {
  let client: TrainingClient | null = null;
  return {
    get: () => {
      client ??= create();
      return client;
    },
    peek: () => client,
    dispose() {
      client?.dispose();
      client = null;
    },
  };
}

let runCounter = 0;
/** A runId no other LR test of this page has: `lr:A:3`. */
export const nextLrRunId = (letter: string): string => {
  runCounter += 1;
  return `lr:${letter}:${runCounter}`;
};
