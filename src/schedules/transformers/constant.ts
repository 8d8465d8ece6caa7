import { OPTIMIZER } from '../family';
import { num } from '../args';
import { lambdaFamily, WARMUP_PARAM } from './common';

/**
 * `get_constant_schedule(optimizer, last_epoch=-1)`: the optimizer's LR throughout.
 *   factor(t) = 1
 * Source: transformers 5.24.0, optimization.py, `_get_constant_lambda`.
 */
export const getConstantSchedule = lambdaFamily(
  {
    name: 'get_constant_schedule',
    title: 'Constant',
    description: 'The optimizer’s LR throughout (Hugging Face’s "constant" scheduler).',
    // transformers/optimization.py, get_constant_schedule
    positional: [OPTIMIZER, 'last_epoch'],
    params: [],
  },
  () => () => 1,
);

/**
 * `get_constant_schedule_with_warmup(optimizer, num_warmup_steps, last_epoch=-1)`: linear warmup from 0, then
 * the optimizer's LR.
 *   factor(t) = t / max(1, W)  for t < W;  1 after
 * Source: transformers 5.24.0, optimization.py, `_get_constant_schedule_with_warmup_lr_lambda`.
 */
export const getConstantScheduleWithWarmup = lambdaFamily(
  {
    name: 'get_constant_schedule_with_warmup',
    title: 'Constant with warmup',
    description: 'Linear warmup from 0 to the optimizer’s LR, then constant.',
    // transformers/optimization.py, get_constant_schedule_with_warmup
    positional: [OPTIMIZER, 'num_warmup_steps', 'last_epoch'],
    params: [WARMUP_PARAM],
  },
  (args) => {
    const W = num(args, 'num_warmup_steps');
    return (t) => (t < W ? t / Math.max(1.0, W) : 1.0);
  },
);
