/**
 * The LR range test's pure part (no tfjs: the page imports it for the types and the suggestions): each library's
 * LR sweep, loss smoothing, stop rule, trimming and suggestions. lr-finder.ts runs the test itself.
 *
 * Two conventions, each exactly its library's:
 *
 * fastai (fastai/callback/schedule.py: LRFinder, SchedExp, valley / steep / minimum / slide; fastai/learner.py:
 * Recorder, AvgSmoothLoss):
 *   lr_i = start · (end / start)^(i / numIter)      (SchedExp at pos = train_iter / num_it; 'linear': SchedLin)
 *   s_i  = v_i / (1 − β^(i+1)),  v_i = β · v_{i−1} + (1 − β) · raw_i,  v_{−1} = 0,  β = 0.98   (debiased EMA,
 *          in float32 as fastai's tensors compute it)
 *   stop after step i when s_i > 4 · min(s_0 … s_i) (that step is recorded), or after numIter steps
 *   suggestions on lrs[numIter // 10 : −5], losses[numIter // 10 : −5] (lr_find's slices, by numIter even when
 *   the test stopped early), cut before the first NaN loss (as lr_find does)
 *
 * torch-lr-finder (torch_lr_finder/lr_finder.py: LRFinder.range_test, ExponentialLR, LinearLR, plot):
 *   exp:    lr_i = start · (end / start)^(i / (numIter − 1));   linear: lr_i = start + (i / (numIter − 1)) · (end − start)
 *   s_0 = raw_0;  s_i = 0.05 · raw_i + 0.95 · s_{i−1}
 *   stop after step i when s_i > 5 · min(s_0 … s_i) (that step is recorded), or after numIter steps
 *   suggestion: the steepest descent, argmin of np.gradient(losses) over lrs[10 : −5] (plot's skip_start=10,
 *   skip_end=5); fewer than 2 points there: none.
 *
 * The libraries keep going when the loss is NaN (NaN > 4 · best is false); here a non-finite loss ends the test at
 * that step (it is recorded), since nothing after it can be plotted.
 *
 * fastai computes its suggestions on float32 tensors (lr_find wraps both series in fastai's `tensor`), so its
 * comparisons happen on float32-rounded losses; suggestLr rounds them the same way (Math.fround), so it picks the
 * same index, and returns the float64 LR at that index (the LR the optimizer really used; fastai shows its float32
 * rounding).
 */
import { correctlyRoundedPow } from './exact-pow';
import type { BackendName } from './types';

export const LR_SUGGESTIONS = ['valley', 'steep', 'minimum', 'slide'] as const;
export type LrSuggestion = (typeof LR_SUGGESTIONS)[number];

export const LR_CONVENTIONS = ['fastai', 'torch-lr-finder'] as const;
export type LrConvention = (typeof LR_CONVENTIONS)[number];

export const LR_SWEEP_MODES = ['exp', 'linear'] as const;
export type LrSweepMode = (typeof LR_SWEEP_MODES)[number];

export interface LrRangeTestOptions {
  startLr?: number;
  endLr?: number;
  numIter?: number;
  mode?: LrSweepMode;
  convention?: LrConvention;
}

export type ResolvedLrRangeTestOptions = Required<LrRangeTestOptions>;

/** fastai's lr_find defaults (torch-lr-finder has no start default: it keeps the optimizer's LR). */
export const LR_RANGE_DEFAULTS: ResolvedLrRangeTestOptions = {
  startLr: 1e-7,
  endLr: 10,
  numIter: 100,
  mode: 'exp',
  convention: 'fastai',
};

/**
 * numIter: fastai raises anything below 6 to 6 (LRFinder.__init__) and torch-lr-finder refuses 1 or less; here
 * both refuse below 6 with a message instead of changing the value. 1,000 steps is ten times the default, already
 * many epochs of the small datasets. endLr up to the engine's MAX_LR (100).
 */
export const LR_RANGE_LIMITS = { minIter: 6, maxIter: 1000, maxLr: 100 } as const;

/** How the test ended: ran numIter steps, hit the stop rule, met a non-finite loss, or was stopped by the user. */
export type LrRangeEnd = 'completed' | 'diverged' | 'non-finite' | 'stopped';

export interface LrMarker {
  lr: number;
  loss: number;
}

export interface LrRangeTest {
  /** The LR of every step run (the optimizer's, read back after it was set). */
  lrs: number[];
  /** The convention's smoothed loss per step (what the libraries record and plot). */
  losses: number[];
  /** Each step's batch loss at the weights before its update. */
  rawLosses: number[];
  suggestions: Record<LrSuggestion, number | null>;
  /** Where each suggestion sits on the plotted curve (fastai's second return value; minimum's marker is its minimum). */
  markers: Record<LrSuggestion, LrMarker | null>;
  options: ResolvedLrRangeTestOptions;
  end: LrRangeEnd;
  backend: BackendName;
  initialWeightsHash: string;
}

export type LrRangeCheck = { ok: true; value: ResolvedLrRangeTestOptions } | { ok: false; error: { path: string; message: string } };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The options with their defaults, or the first thing wrong with them (what is allowed). Never throws. */
export function resolveLrRangeOptions(options: unknown = {}): LrRangeCheck {
  if (options === undefined) options = {};
  if (!isObject(options)) return bad('', 'The LR range test options must be an object');
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(LR_RANGE_DEFAULTS, key)) {
      return bad(key, `Unknown LR range test option "${key}" (known: ${Object.keys(LR_RANGE_DEFAULTS).join(', ')})`);
    }
  }
  const value = { ...LR_RANGE_DEFAULTS, ...(options as LrRangeTestOptions) };
  const { startLr, endLr, numIter, mode, convention } = value;
  if (typeof startLr !== 'number' || !Number.isFinite(startLr) || startLr <= 0) {
    return bad('startLr', `startLr must be a number above 0, got ${String(startLr)}`);
  }
  if (typeof endLr !== 'number' || !Number.isFinite(endLr) || endLr <= startLr || endLr > LR_RANGE_LIMITS.maxLr) {
    return bad('endLr', `endLr must be above startLr (${startLr}) and at most ${LR_RANGE_LIMITS.maxLr}, got ${String(endLr)}`);
  }
  if (typeof numIter !== 'number' || !Number.isInteger(numIter) || numIter < LR_RANGE_LIMITS.minIter || numIter > LR_RANGE_LIMITS.maxIter) {
    return bad(
      'numIter',
      `numIter must be an integer from ${LR_RANGE_LIMITS.minIter} to ${LR_RANGE_LIMITS.maxIter}, got ${String(numIter)}`,
    );
  }
  if (!(LR_SWEEP_MODES as readonly unknown[]).includes(mode)) return bad('mode', `mode must be 'exp' or 'linear', got ${String(mode)}`);
  if (!(LR_CONVENTIONS as readonly unknown[]).includes(convention)) {
    return bad('convention', `convention must be 'fastai' or 'torch-lr-finder', got ${String(convention)}`);
  }
  return { ok: true, value };
}

const bad = (path: string, message: string): LrRangeCheck => ({ ok: false, error: { path, message } });

/** The LR of step i (0-based) under the options' convention and mode (the module comment gives the formulas). */
export function lrAt(i: number, options: ResolvedLrRangeTestOptions): number {
  const { startLr: start, endLr: end, numIter, mode, convention } = options;
  const pos = convention === 'fastai' ? i / numIter : i / (numIter - 1);
  if (mode === 'linear') return start + pos * (end - start);
  // Python's `**` (glibc's pow) is correctly rounded but for near-midpoint cases; V8's Math.pow is 1 ulp off in
  // about 1 of 10 of these LRs (exact-pow.ts).
  return start * correctlyRoundedPow(end / start, pos);
}

/** fastai's AvgSmoothLoss β, and torch-lr-finder's smooth_f. */
export const FASTAI_SMOOTHING_BETA = 0.98;
export const TORCH_LR_FINDER_SMOOTH_F = 0.05;
/** Stop when the smoothed loss exceeds this many times the best so far: fastai 4 (stop_div), torch-lr-finder 5 (diverge_th). */
export const DIVERGE_FACTOR: Readonly<Record<LrConvention, number>> = { fastai: 4, 'torch-lr-finder': 5 };

/** A smoother: feed it each raw loss in order; it returns the convention's smoothed loss for that step. */
export function createSmoother(convention: LrConvention): (raw: number) => number {
  if (convention === 'fastai') {
    // fastai's AvgSmoothLoss runs in float32 torch tensors: val = torch.lerp(loss, val, β), value = val / (1 − β^n).
    // torch's lerp with weight ≥ 0.5 computes end − (end − start)·(1 − weight) = val + (β − 1)·(val − loss), here
    // with each float32 rounding (the product of two float32s is exact in float64); the debiasing divisor is
    // float64 (Python), rounded to float32 when it meets the tensor.
    const f32 = Math.fround;
    const betaMinusOne = f32(FASTAI_SMOOTHING_BETA) - 1;
    let value = 0;
    let count = 0;
    return (raw) => {
      count += 1;
      value = f32(value + betaMinusOne * f32(value - f32(raw)));
      return f32(value / f32(1 - FASTAI_SMOOTHING_BETA ** count));
    };
  }
  const f = TORCH_LR_FINDER_SMOOTH_F;
  let previous: number | undefined;
  return (raw) => {
    previous = previous === undefined ? raw : f * raw + (1 - f) * previous;
    return previous;
  };
}

/** The part of the series the convention's suggestions are computed on (the module comment gives the slices). */
export function suggestionWindow(
  length: number,
  options: Pick<ResolvedLrRangeTestOptions, 'convention' | 'numIter'>,
): { start: number; end: number } {
  const start = Math.min(options.convention === 'fastai' ? Math.floor(options.numIter / 10) : 10, length);
  return { start, end: Math.max(start, length - 5) };
}

/**
 * One suggestion on an already trimmed series (fastai's functions take lr_find's slices; lrRangeTest trims).
 * `convention` matters for 'steep' only: fastai's is the steepest slope against log(lr) between neighbours,
 * torch-lr-finder's the argmin of np.gradient over the index. null where the series is too short for the method.
 */
export function suggestLr(
  lrs: readonly number[],
  losses: readonly number[],
  method: LrSuggestion,
  convention: LrConvention = 'fastai',
): number | null {
  return suggestionOf(lrs, losses, method, convention)?.suggestion ?? null;
}

/** suggestLr's value and its marker on the curve. */
export function suggestionOf(
  lrs: readonly number[],
  losses: readonly number[],
  method: LrSuggestion,
  convention: LrConvention = 'fastai',
): { suggestion: number; marker: LrMarker } | null {
  const n = Math.min(lrs.length, losses.length);
  if (n === 0) return null;
  if (method === 'steep' && convention === 'torch-lr-finder') return torchLrFinderSteep(lrs, losses, n);
  // fastai works on float32 tensors: compare as it does.
  const l32 = Array.from({ length: n }, (_, i) => Math.fround(losses[i] as number));
  switch (method) {
    case 'valley':
      return valley(lrs, l32, n);
    case 'steep':
      return fastaiSteep(lrs, l32, n);
    case 'minimum': {
      const i = argmin(l32, n);
      if (i < 0) return null;
      const lr = lrs[i] as number;
      return { suggestion: lr / 10, marker: { lr, loss: losses[i] as number } };
    }
    case 'slide':
      return slide(lrs, l32, n, losses);
  }
}

/** Every suggestion and marker of a recorded test, on the convention's window. */
export function suggestionsOf(
  lrs: readonly number[],
  losses: readonly number[],
  options: Pick<ResolvedLrRangeTestOptions, 'convention' | 'numIter'>,
): { suggestions: Record<LrSuggestion, number | null>; markers: Record<LrSuggestion, LrMarker | null> } {
  const { start, end } = suggestionWindow(Math.min(lrs.length, losses.length), options);
  let windowLrs = lrs.slice(start, end);
  let windowLosses = losses.slice(start, end);
  if (options.convention === 'fastai') {
    // lr_find drops the trimmed series from its first NaN loss on before it calls the suggestion functions.
    const firstNaN = windowLosses.findIndex((l) => Number.isNaN(l));
    if (firstNaN >= 0) {
      windowLrs = windowLrs.slice(0, firstNaN);
      windowLosses = windowLosses.slice(0, firstNaN);
    }
  }
  const suggestions = {} as Record<LrSuggestion, number | null>;
  const markers = {} as Record<LrSuggestion, LrMarker | null>;
  for (const method of LR_SUGGESTIONS) {
    const found = suggestionOf(windowLrs, windowLosses, method, options.convention);
    suggestions[method] = found ? found.suggestion : null;
    markers[method] = found ? found.marker : null;
  }
  return { suggestions, markers };
}

/**
 * np.argmin / torch.argmin: the first index of the smallest value, except that a NaN wins (the first NaN's index),
 * as both libraries return; -1 for an empty series.
 */
function argmin(values: readonly number[], n: number): number {
  let best = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) return i;
    if (best < 0 || v < (values[best] as number)) best = i;
  }
  return best;
}

/**
 * fastai's `valley`: the longest strictly decreasing run of losses (a longest decreasing subsequence, O(n²)),
 * then the point 1/3 + 1/6 (integer parts) of the way along it. Ported loop for loop, including where
 * max_end / max_start are updated (inside the inner loop).
 */
function valley(lrs: readonly number[], losses: readonly number[], n: number): { suggestion: number; marker: LrMarker } {
  let maxStart = 0;
  let maxEnd = 0;
  const lds = new Array<number>(n).fill(1);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if ((losses[i] as number) < (losses[j] as number) && (lds[i] as number) < (lds[j] as number) + 1) lds[i] = (lds[j] as number) + 1;
      if ((lds[maxEnd] as number) < (lds[i] as number)) {
        maxEnd = i;
        maxStart = maxEnd - (lds[maxEnd] as number);
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  const lr = lrs[idx] as number;
  return { suggestion: lr, marker: { lr, loss: losses[idx] as number } };
}

/** fastai's `steep`: argmin of (loss[i+1] − loss[i]) / (log lr[i+1] − log lr[i]), in float32 as torch computes it. */
function fastaiSteep(lrs: readonly number[], losses: readonly number[], n: number): { suggestion: number; marker: LrMarker } | null {
  if (n < 2) return null;
  const f = Math.fround;
  const grads: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const dLoss = f((losses[i + 1] as number) - (losses[i] as number));
    const dLog = f(f(Math.log(f(lrs[i + 1] as number))) - f(Math.log(f(lrs[i] as number))));
    grads.push(f(dLoss / dLog));
  }
  const i = argmin(grads, grads.length);
  if (i < 0) return null;
  const lr = lrs[i] as number;
  return { suggestion: lr, marker: { lr, loss: losses[i] as number } };
}

/** np.gradient over the index (unit spacing): one-sided at the ends, central inside; `round` rounds each op (float32). */
function gradient(values: readonly number[], n: number, round: (x: number) => number): number[] {
  const out = new Array<number>(n);
  out[0] = round((values[1] as number) - (values[0] as number));
  for (let i = 1; i + 1 < n; i++) out[i] = round(round((values[i + 1] as number) - (values[i - 1] as number)) / 2);
  out[n - 1] = round((values[n - 1] as number) - (values[n - 2] as number));
  return out;
}

/** fastai's `slide` (lr_diff 15, thresh 0.005, adjust_value 1): walk left from the end until the gradient levels off. */
function slide(
  lrs: readonly number[],
  losses32: readonly number[],
  n: number,
  losses: readonly number[],
): { suggestion: number; marker: LrMarker } | null {
  const lrDiff = 15;
  // NumPy 2 compares a float32 array element with a Python float in float32 (NEP 50).
  const thresh = Math.fround(0.005);
  if (n < 2) return null;
  const grad = gradient(losses32, n, Math.fround);
  const at = (values: readonly number[], k: number): number => values[k < 0 ? n + k : k] as number;
  let rIdx = -1;
  let lIdx = rIdx - lrDiff;
  // lrs[l_idx] with a negative index past the start raises IndexError in fastai; such series have no suggestion.
  if (lIdx < -n) return null;
  let localMinLr = at(lrs, lIdx);
  while (lIdx >= -n && Math.abs(Math.fround(at(grad, rIdx) - at(grad, lIdx))) > thresh) {
    localMinLr = at(lrs, lIdx);
    rIdx -= 1;
    lIdx -= 1;
  }
  const suggestion = localMinLr;
  return { suggestion, marker: { lr: suggestion, loss: interpLog10(suggestion, lrs, losses, n) } };
}

/** np.interp(log10(x), log10(lrs), losses) for increasing lrs (clamped at the ends). */
function interpLog10(x: number, lrs: readonly number[], losses: readonly number[], n: number): number {
  const t = Math.log10(x);
  const xs = Array.from({ length: n }, (_, i) => Math.log10(lrs[i] as number));
  if (t <= (xs[0] as number)) return losses[0] as number;
  if (t >= (xs[n - 1] as number)) return losses[n - 1] as number;
  let k = 1;
  while (k < n - 1 && (xs[k] as number) < t) k++;
  const x0 = xs[k - 1] as number;
  const x1 = xs[k] as number;
  const y0 = losses[k - 1] as number;
  const y1 = losses[k] as number;
  return x1 === x0 ? y1 : y0 + ((t - x0) * (y1 - y0)) / (x1 - x0);
}

/** torch-lr-finder's suggestion: argmin of np.gradient(losses) (float64), at least 2 points. */
function torchLrFinderSteep(lrs: readonly number[], losses: readonly number[], n: number): { suggestion: number; marker: LrMarker } | null {
  if (n < 2) return null;
  const grad = gradient(losses, n, (x) => x);
  const i = argmin(grad, n);
  if (i < 0) return null;
  const lr = lrs[i] as number;
  return { suggestion: lr, marker: { lr, loss: losses[i] as number } };
}
