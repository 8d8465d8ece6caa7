import { OPTIMIZER } from '../family';
import { pyDiv, pyPow } from '../pymath';
import { reprFloat } from '../python/values';
import { ScheduleRuntimeError } from '../types';
import { num } from '../args';
import { float, lambdaFamily, TRAINING_PARAM, WARMUP_PARAM, warmupFactor } from './common';

/**
 * `get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, last_epoch=-1)`: linear
 * warmup from 0 to the optimizer's LR, then a linear decay that reaches 0 at step T and stays there.
 *   factor(t) = t / max(1, W)                          for t < W
 *             = max(0, (T − t) / max(1, T − W))        after
 * Source: transformers 5.24.0, optimization.py, `_get_linear_schedule_with_warmup_lr_lambda`.
 */
export const getLinearScheduleWithWarmup = lambdaFamily(
  {
    name: 'get_linear_schedule_with_warmup',
    title: 'Linear warmup, linear decay',
    description:
      'Linear warmup to the optimizer’s LR, then linear decay to 0 at the last training step (BERT fine-tuning, the Trainer’s default).',
    // transformers/optimization.py, get_linear_schedule_with_warmup
    positional: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'last_epoch'],
    params: [WARMUP_PARAM, TRAINING_PARAM],
  },
  (args) => {
    const W = num(args, 'num_warmup_steps');
    const T = num(args, 'num_training_steps');
    return (t) => (t < W ? warmupFactor(t, W) : Math.max(0.0, (T - t) / Math.max(1, T - W)));
  },
);

/**
 * `get_polynomial_decay_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, lr_end=1e-7,
 * power=1.0, last_epoch=-1)`: linear warmup, then a polynomial decay from the optimizer's LR (lr₀, read from
 * `optimizer.defaults["lr"]`) to `lr_end` at step T, then `lr_end`. Raises ValueError unless lr₀ > lr_end.
 *   factor(t) = t / max(1, W)                                                     for t < W
 *             = lr_end / lr₀                                                      for t > T
 *             = ((lr₀ − lr_end) · (1 − (t − W) / (T − W))^power + lr_end) / lr₀   otherwise
 * (LambdaLR then multiplies by lr₀ again, so the LR is not exactly lr_end past T; T = W divides by zero at t = W,
 * and a negative power raises at t = T, as in Python.)
 * Source: transformers 5.24.0, optimization.py, `get_polynomial_decay_schedule_with_warmup` and its lambda.
 */
export const getPolynomialDecayScheduleWithWarmup = lambdaFamily(
  {
    name: 'get_polynomial_decay_schedule_with_warmup',
    title: 'Polynomial decay with warmup',
    description: 'Linear warmup, then polynomial decay to lr_end at the last training step (power 1 is linear).',
    // transformers/optimization.py, get_polynomial_decay_schedule_with_warmup
    positional: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'lr_end', 'power', 'last_epoch'],
    params: [
      WARMUP_PARAM,
      TRAINING_PARAM,
      float('lr_end', 'End LR', 'The LR reached at the last training step; must be below the optimizer’s LR.', 1e-7, {
        sliderMin: 0,
        sliderMax: 0.1,
        step: 1e-7,
      }),
      float('power', 'Power', 'Exponent of the decay; 1 is linear (as in BERT and fairseq).', 1.0, {
        sliderMin: 0.1,
        sliderMax: 5,
        step: 0.1,
      }),
    ],
  },
  (args, context) => {
    const W = num(args, 'num_warmup_steps');
    const T = num(args, 'num_training_steps');
    const lrEnd = num(args, 'lr_end');
    const power = num(args, 'power');
    const lrInit = context.initialLr;
    if (!(lrInit > lrEnd)) {
      throw new ScheduleRuntimeError(
        `ValueError: lr_end (${reprFloat(lrEnd)}) must be smaller than initial lr (${reprFloat(lrInit)})`,
        'args.lr_end',
      );
    }
    return (t) => {
      if (t < W) return warmupFactor(t, W);
      if (t > T) return pyDiv(lrEnd, lrInit);
      const lrRange = lrInit - lrEnd;
      const decaySteps = T - W;
      if (decaySteps === 0) throw new ScheduleRuntimeError('ZeroDivisionError: division by zero');
      const pctRemaining = 1 - (t - W) / decaySteps;
      const decay = lrRange * pyPow(pctRemaining, power) + lrEnd;
      return pyDiv(decay, lrInit);
    };
  },
);
