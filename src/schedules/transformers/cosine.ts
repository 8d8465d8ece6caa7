import { OPTIMIZER } from '../family';
import { pyDiv } from '../pymath';
import { ScheduleRuntimeError } from '../types';
import { num, numOrNull } from '../args';
import { float, lambdaFamily, TRAINING_PARAM, WARMUP_PARAM, warmupFactor } from './common';

const CYCLES_HELP = 'Number of cosine waves over the decay; the default 0.5 is one half-wave from the peak down to the floor.';
const cycles = (value: number) => float('num_cycles', 'Cycles', CYCLES_HELP, value, { sliderMin: 0, sliderMax: 5, step: 0.05 });
const progressOf = (t: number, W: number, T: number): number => (t - W) / Math.max(1, T - W);

/**
 * `get_cosine_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, num_cycles=0.5,
 * last_epoch=-1)`: linear warmup, then a cosine from the optimizer's LR down to 0 at step T (for 0.5 cycles).
 *   factor(t) = t / max(1, W)                              for t < W
 *             = max(0, ½ (1 + cos(π · c · 2 · p)))         after,  p = (t − W) / max(1, T − W)
 * Past T the cosine carries on (it rises again unless c · p stays within one half-wave), as in the library.
 * Source: transformers 5.24.0, optimization.py, `_get_cosine_schedule_with_warmup_lr_lambda`.
 */
export const getCosineScheduleWithWarmup = lambdaFamily(
  {
    name: 'get_cosine_schedule_with_warmup',
    title: 'Cosine with warmup',
    description: 'Linear warmup to the optimizer’s LR, then a half cosine down to 0 at the last training step.',
    // transformers/optimization.py, get_cosine_schedule_with_warmup
    positional: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch'],
    params: [WARMUP_PARAM, TRAINING_PARAM, cycles(0.5)],
  },
  (args) => {
    const W = num(args, 'num_warmup_steps');
    const T = num(args, 'num_training_steps');
    const c = num(args, 'num_cycles');
    return (t) => (t < W ? warmupFactor(t, W) : Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * c * 2.0 * progressOf(t, W, T)))));
  },
);

/** Python's `x % 1.0` for floats: the result has the sign of the divisor (in [0, 1)). */
function modOne(x: number): number {
  const r = x % 1.0;
  return r < 0 ? r + 1.0 : r;
}

/**
 * `get_cosine_with_hard_restarts_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps,
 * num_cycles=1, last_epoch=-1)`: linear warmup, then `num_cycles` half cosines from the peak to 0, each
 * restarting at the peak; 0 from step T on.
 *   factor(t) = t / max(1, W)                                 for t < W
 *             = 0                                             for p ≥ 1
 *             = max(0, ½ (1 + cos(π · ((c · p) mod 1))))      otherwise,  p = (t − W) / max(1, T − W)
 * Source: transformers 5.24.0, optimization.py, `_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`.
 */
export const getCosineWithHardRestartsScheduleWithWarmup = lambdaFamily(
  {
    name: 'get_cosine_with_hard_restarts_schedule_with_warmup',
    title: 'Cosine with hard restarts',
    description: 'Linear warmup, then several cosine decays to 0, each restarting at the peak LR.',
    // transformers/optimization.py, get_cosine_with_hard_restarts_schedule_with_warmup
    positional: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch'],
    params: [
      WARMUP_PARAM,
      TRAINING_PARAM,
      float('num_cycles', 'Restarts', 'Number of cosine decays (hard restarts) between warmup and the last training step.', 1, {
        sliderMin: 0,
        sliderMax: 10,
        step: 1,
      }),
    ],
  },
  (args) => {
    const W = num(args, 'num_warmup_steps');
    const T = num(args, 'num_training_steps');
    const c = num(args, 'num_cycles');
    return (t) => {
      if (t < W) return warmupFactor(t, W);
      const p = progressOf(t, W, T);
      if (p >= 1.0) return 0.0;
      return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * modOne(c * p))));
    };
  },
);

/** `min_lr` / `min_lr_rate`: exactly one, as the library checks (min_lr is divided by optimizer.defaults["lr"]). */
function minLrRate(args: Readonly<Record<string, unknown>>, initialLr: number): number {
  const minLr = numOrNull(args, 'min_lr');
  const rate = numOrNull(args, 'min_lr_rate');
  if (minLr !== null && rate !== null)
    throw new ScheduleRuntimeError('ValueError: Only one of min_lr or min_lr_rate should be set', 'args.min_lr');
  if (minLr !== null) {
    if (initialLr === 0) throw new ScheduleRuntimeError('ZeroDivisionError: float division by zero', 'args.min_lr');
    return minLr / initialLr;
  }
  if (rate === null) {
    throw new ScheduleRuntimeError(
      'ValueError: One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`',
      'args.min_lr_rate',
    );
  }
  return rate;
}

const MIN_LR_PARAMS = [
  float(
    'min_lr',
    'Minimum LR',
    'The LR the cosine ends at (give this or the minimum LR rate, not both).',
    0,
    { sliderMin: 0, sliderMax: 0.1, step: 1e-5 },
    { default: null, nullable: true },
  ),
  float(
    'min_lr_rate',
    'Minimum LR rate',
    'The final LR as a fraction of the optimizer’s LR (give this or the minimum LR, not both).',
    0,
    { sliderMin: 0, sliderMax: 1, step: 0.01 },
    { default: null, nullable: true, example: 0.1 },
  ),
] as const;

/**
 * `get_cosine_with_min_lr_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, num_cycles=0.5,
 * last_epoch=-1, min_lr=None, min_lr_rate=None)`: the cosine schedule above with a floor r = min_lr_rate
 * (or min_lr / lr₀): exactly one of the two must be given.
 *   factor(t) = t / max(1, W)                                       for t < W
 *             = max(0, ½ (1 + cos(π · c · 2 · p)) · (1 − r) + r)    after,  p = (t − W) / max(1, T − W)
 * Source: transformers 5.24.0, optimization.py, `get_cosine_with_min_lr_schedule_with_warmup` and the
 * `_get_cosine_schedule_with_warmup_lr_lambda` it uses (the one with `min_lr_rate`).
 */
export const getCosineWithMinLrScheduleWithWarmup = lambdaFamily(
  {
    name: 'get_cosine_with_min_lr_schedule_with_warmup',
    title: 'Cosine with warmup and minimum LR',
    description: 'Linear warmup, then a half cosine down to a minimum LR at the last training step (LLM pre-training).',
    // transformers/optimization.py, get_cosine_with_min_lr_schedule_with_warmup
    positional: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch', 'min_lr', 'min_lr_rate'],
    params: [WARMUP_PARAM, TRAINING_PARAM, cycles(0.5), ...MIN_LR_PARAMS],
  },
  (args, context) => {
    const W = num(args, 'num_warmup_steps');
    const T = num(args, 'num_training_steps');
    const c = num(args, 'num_cycles');
    const r = minLrRate(args, context.initialLr);
    return (t) => {
      if (t < W) return warmupFactor(t, W);
      const factor = 0.5 * (1.0 + Math.cos(Math.PI * c * 2.0 * progressOf(t, W, T)));
      return Math.max(0, factor * (1 - r) + r);
    };
  },
);

/**
 * `get_cosine_with_min_lr_schedule_with_warmup_lr_rate(optimizer, num_warmup_steps, num_training_steps,
 * num_cycles=0.5, last_epoch=-1, min_lr=None, min_lr_rate=None, warmup_lr_rate=None)` (get_scheduler's
 * "cosine_warmup_with_min_lr"): like the one above, but the warmup starts above 0 and the cosine one step early.
 *   factor(t) = (t + 1) / max(1, W)                          for t < W, warmup_lr_rate None
 *             = w + (1 − w) · t / max(1, W − 1)               for t < W, warmup_lr_rate w
 *             = max(0, ½ (1 + cos(π · c · 2 · p)) · (1 − r) + r)   after,  p = (t − W + 1) / max(1, T − W)
 * Source: transformers 5.24.0, optimization.py, `_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda`.
 */
export const getCosineWithMinLrScheduleWithWarmupLrRate = lambdaFamily(
  {
    name: 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate',
    title: 'Cosine with warmup rate and minimum LR',
    description:
      'Like cosine with minimum LR, but the warmup starts at a fraction of the LR (get_scheduler’s "cosine_warmup_with_min_lr").',
    // transformers/optimization.py, get_cosine_with_min_lr_schedule_with_warmup_lr_rate
    positional: [
      OPTIMIZER,
      'num_warmup_steps',
      'num_training_steps',
      'num_cycles',
      'last_epoch',
      'min_lr',
      'min_lr_rate',
      'warmup_lr_rate',
    ],
    params: [
      WARMUP_PARAM,
      TRAINING_PARAM,
      cycles(0.5),
      ...MIN_LR_PARAMS,
      float(
        'warmup_lr_rate',
        'Warmup start rate',
        'The LR at step 0 as a fraction of the optimizer’s LR; None starts at 1 / warmup steps.',
        0,
        { sliderMin: 0, sliderMax: 1, step: 0.01 },
        { default: null, nullable: true },
      ),
    ],
  },
  (args, context) => {
    const W = num(args, 'num_warmup_steps');
    const T = num(args, 'num_training_steps');
    const c = num(args, 'num_cycles');
    const r = minLrRate(args, context.initialLr);
    const w = numOrNull(args, 'warmup_lr_rate');
    return (t) => {
      if (t < W) {
        if (w === null) return (t + 1.0) / Math.max(1.0, W);
        return w + pyDiv((1.0 - w) * t, Math.max(1, W - 1));
      }
      const progress = (t - W + 1.0) / Math.max(1.0, T - W);
      const factor = 0.5 * (1.0 + Math.cos(Math.PI * c * 2.0 * progress));
      return Math.max(0, factor * (1 - r) + r);
    };
  },
);
