import { OPTIMIZER } from '../family';
import { pyDiv } from '../pymath';
import { ScheduleRuntimeError } from '../types';
import { num, numOrNull } from '../args';
import { float, lambdaFamily, sqrt, WARMUP_PARAM, warmupFactor } from './common';

/**
 * `get_inverse_sqrt_schedule(optimizer, num_warmup_steps, timescale=None, last_epoch=-1)`: linear warmup, then
 * the LR falls as one over the square root of the step (big_vision's rsqrt schedule).
 *   τ = timescale, or num_warmup_steps when None (10 000 when that is 0)
 *   factor(t) = t / max(1, W)                   for t < W
 *             = 1 / √((t + τ − W) / τ)          after
 * (τ = 0 divides by zero, and a negative τ reaches √ of a negative number: raised at that step, as in Python.)
 * Source: transformers 5.24.0, optimization.py, `get_inverse_sqrt_schedule` and its lambda.
 */
export const getInverseSqrtSchedule = lambdaFamily(
  {
    name: 'get_inverse_sqrt_schedule',
    title: 'Inverse square root',
    description: 'Linear warmup, then decay proportional to 1/√step (T5, ViT; Hugging Face’s "inverse_sqrt").',
    // transformers/optimization.py, get_inverse_sqrt_schedule
    positional: [OPTIMIZER, 'num_warmup_steps', 'timescale', 'last_epoch'],
    params: [
      WARMUP_PARAM,
      float(
        'timescale',
        'Timescale',
        'Steps over which the decay halves the LR’s square; None uses the warmup steps (or 10,000 without warmup).',
        10000,
        { sliderMin: 1, sliderMax: 50000, step: 1 },
        { default: null, nullable: true },
      ),
    ],
  },
  (args) => {
    const W = num(args, 'num_warmup_steps');
    const given = numOrNull(args, 'timescale');
    const timescale = given === null ? W || 10_000 : given;
    const shift = timescale - W;
    return (t) => {
      if (t < W) return warmupFactor(t, W);
      const root = sqrt(pyDiv(t + shift, timescale));
      if (root === 0) throw new ScheduleRuntimeError('ZeroDivisionError: float division by zero');
      return 1.0 / root;
    };
  },
);
