import type { StandaloneFamily } from '../family';
import { pyDiv } from '../pymath';

type Shape = 'linear' | 'cosine' | '1-sqrt';

/**
 * Warmup-stable-decay (WSD): warm up, hold the peak, then decay quickly at the end.
 * Sources: Hu et al., "MiniCPM" (2024, https://arxiv.org/abs/2404.06395) introduced it; Hägele et al., "Scaling
 * Laws and Compute-Optimal Training Beyond Fixed Training Durations" (2024, https://arxiv.org/abs/2405.18392)
 * proposed the 1-sqrt cooldown. The formula follows Hugging Face transformers' `get_wsd_schedule`
 * (optimization.py, `_get_wsd_scheduler_lambda`, num_cycles = 0.5), as a factor on the optimizer's LR:
 *   t < W:          p = t / W;  f = linear p | cosine ½(1 − cos πp) | 1-sqrt 1 − √(1 − p);  f·(1 − r) + r
 *   t < W + S:      1
 *   t < W + S + D:  p = (t − W − S) / D;  f = linear 1 − p | cosine ½(1 + cos πp) | 1-sqrt 1 − √p;  f·(1 − r) + r
 *   after:          r                                                  (r = min_lr_ratio; clamped at ≥ 0)
 */
export const warmupStableDecayFamily: StandaloneFamily = {
  spec: {
    framework: 'playground',
    name: 'WarmupStableDecay',
    title: 'Warmup-stable-decay (LLM)',
    description: 'Warms up, holds the peak LR for most of training, then decays fast at the end (MiniCPM, Hugging Face).',
    frameworkVersion: 'Playground (Hugging Face get_wsd_schedule)',
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    params: [
      { name: 'warmup_steps', label: 'Warmup steps', help: 'Steps ramping up to the peak LR.', kind: 'integer', default: 500, unit: 'steps', min: 0, max: Number.POSITIVE_INFINITY, sliderMax: 5000, step: 1 },
      { name: 'stable_steps', label: 'Stable steps', help: 'Steps held at the peak LR.', kind: 'integer', default: 3500, unit: 'steps', min: 0, max: Number.POSITIVE_INFINITY, sliderMax: 20000, step: 1 },
      { name: 'decay_steps', label: 'Decay steps', help: 'Steps of the final decay.', kind: 'integer', default: 1000, unit: 'steps', min: 0, max: Number.POSITIVE_INFINITY, sliderMax: 10000, step: 1 },
      { name: 'warmup_shape', label: 'Warmup shape', help: 'Shape of the warmup ramp.', kind: 'choice', default: 'linear', choices: ['linear', 'cosine', '1-sqrt'] },
      { name: 'decay_shape', label: 'Decay shape', help: 'Shape of the final decay; 1-sqrt is the cooldown of Hägele et al. (2024).', kind: 'choice', default: '1-sqrt', choices: ['linear', 'cosine', '1-sqrt'] },
      { name: 'min_lr_ratio', label: 'Minimum LR ratio', help: 'Final LR as a fraction of the peak LR.', kind: 'number', default: 0, min: 0, max: 1, step: 0.01 },
    ],
  },
  start(args, context) {
    const W = args.warmup_steps as number;
    const S = args.stable_steps as number;
    const D = args.decay_steps as number;
    const warmupShape = args.warmup_shape as Shape;
    const decayShape = args.decay_shape as Shape;
    const r = args.min_lr_ratio as number;
    const peak = context.initialLr;
    const factorAt = (t: number): number => {
      if (t < W) {
        const p = pyDiv(t, Math.max(1, W));
        const f = warmupShape === 'linear' ? p : warmupShape === 'cosine' ? 0.5 * (1.0 - Math.cos(Math.PI * p)) : 1.0 - Math.sqrt(1.0 - p);
        return Math.max(0.0, f * (1.0 - r) + r);
      }
      if (t < W + S) return 1.0;
      if (t < W + S + D) {
        const p = pyDiv(t - W - S, Math.max(1, D));
        const f = decayShape === 'linear' ? 1.0 - p : decayShape === 'cosine' ? 0.5 * (1.0 + Math.cos(Math.PI * p)) : 1.0 - Math.sqrt(p);
        return Math.max(0.0, f * (1.0 - r) + r);
      }
      return r;
    };
    let t = 0;
    return {
      current: () => ({ lr: peak * factorAt(t) }),
      advance() {
        t += 1;
      },
    };
  },
};
