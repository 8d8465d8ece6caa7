import { OPTIMIZER } from '../family';
import { ScheduleRuntimeError } from '../types';
import { num, numOrNull, str } from '../args';
import { float, lambdaFamily, sqrt, stepsParam, WARMUP_PARAM } from './common';

const SHAPES = ['linear', 'cosine', '1-sqrt'] as const;

/**
 * `get_wsd_schedule(optimizer, num_warmup_steps, num_decay_steps, num_training_steps=None, num_stable_steps=None,
 * warmup_type="linear", decay_type="cosine", min_lr_ratio=0, num_cycles=0.5, last_epoch=-1)`: warmup-stable-decay
 * (Hu et al., "MiniCPM", 2024, https://arxiv.org/abs/2404.06395; the 1-sqrt cooldown of Hägele et al., 2024,
 * https://arxiv.org/abs/2405.18392). One of num_training_steps / num_stable_steps must be given; when both are,
 * num_stable_steps wins (the library warns); otherwise S = num_training_steps − W − D. With r = min_lr_ratio:
 *   t < W:          p = t / max(1, W);  f = linear p | cosine ½(1 − cos πp) | 1-sqrt 1 − √(1 − p);  max(0, f·(1 − r) + r)
 *   t < W + S:      1
 *   t < W + S + D:  p = (t − W − S) / max(1, D);  f = linear 1 − p | cosine ½(1 + cos(π·c·2·p)) | 1-sqrt 1 − √p;
 *                   max(0, f·(1 − r) + r)
 *   after:          r
 * Source: transformers 5.24.0, optimization.py, `get_wsd_schedule` and `_get_wsd_scheduler_lambda`.
 */
export const getWsdSchedule = lambdaFamily(
  {
    name: 'get_wsd_schedule',
    title: 'Warmup-stable-decay (WSD)',
    description: 'Warms up, holds the peak LR for most of training, then decays fast at the end (MiniCPM; LLM pre-training).',
    // transformers/optimization.py, get_wsd_schedule
    positional: [
      OPTIMIZER,
      'num_warmup_steps',
      'num_decay_steps',
      'num_training_steps',
      'num_stable_steps',
      'warmup_type',
      'decay_type',
      'min_lr_ratio',
      'num_cycles',
      'last_epoch',
    ],
    params: [
      WARMUP_PARAM,
      stepsParam('num_decay_steps', 'Decay steps', 'Steps of the final decay.', 1000, 10000),
      stepsParam(
        'num_training_steps',
        'Training steps',
        'Total steps; the stable phase is what warmup and decay leave (ignored when stable steps is given).',
        0,
        50000,
        {
          required: false,
          default: null,
          nullable: true,
          example: 5000,
        },
      ),
      stepsParam('num_stable_steps', 'Stable steps', 'Steps held at the peak LR (None: training steps − warmup − decay).', 0, 20000, {
        required: false,
        default: null,
        nullable: true,
      }),
      { name: 'warmup_type', label: 'Warmup type', help: 'Shape of the warmup ramp.', kind: 'choice', default: 'linear', choices: SHAPES },
      {
        name: 'decay_type',
        label: 'Decay type',
        help: 'Shape of the final decay; 1-sqrt is the cooldown of Hägele et al. (2024).',
        kind: 'choice',
        default: 'cosine',
        choices: SHAPES,
      },
      float('min_lr_ratio', 'Minimum LR ratio', 'The LR at the start of warmup and the end of decay, as a fraction of the peak LR.', 0, {
        sliderMin: 0,
        sliderMax: 1,
        step: 0.01,
      }),
      float('num_cycles', 'Cycles', 'Cosine waves over the decay (cosine decay only); 0.5 is one half-wave down.', 0.5, {
        sliderMin: 0,
        sliderMax: 5,
        step: 0.05,
      }),
    ],
  },
  (args) => {
    const W = num(args, 'num_warmup_steps');
    const D = num(args, 'num_decay_steps');
    const training = numOrNull(args, 'num_training_steps');
    const stable = numOrNull(args, 'num_stable_steps');
    if (training === null && stable === null) {
      throw new ScheduleRuntimeError(
        'ValueError: Either num_training_steps or num_stable_steps must be specified.',
        'args.num_training_steps',
      );
    }
    const S = stable ?? (training as number) - W - D;
    const warmupType = str(args, 'warmup_type');
    const decayType = str(args, 'decay_type');
    const r = num(args, 'min_lr_ratio');
    const c = num(args, 'num_cycles');
    return (t) => {
      if (t < W) {
        const p = t / Math.max(1, W);
        const f = warmupType === 'linear' ? p : warmupType === 'cosine' ? 0.5 * (1.0 - Math.cos(Math.PI * p)) : 1.0 - sqrt(1.0 - p);
        return Math.max(0.0, f * (1.0 - r) + r);
      }
      if (t < W + S) return 1.0;
      if (t < W + S + D) {
        const p = (t - W - S) / Math.max(1, D);
        const f = decayType === 'linear' ? 1.0 - p : decayType === 'cosine' ? 0.5 * (1.0 + Math.cos(Math.PI * c * 2.0 * p)) : 1.0 - sqrt(p);
        return Math.max(0.0, f * (1.0 - r) + r);
      }
      return r;
    };
  },
);
