import { num } from '../args';
import type { StandaloneFamily } from '../family';
import { pyDiv } from '../pymath';

/**
 * Inverse square root with linear warmup: the Transformer schedule (Vaswani et al., "Attention Is All You Need",
 * 2017, eq. 3: lrate = d_model^−0.5 · min(s^−0.5, s · W^−1.5), s = step number from 1), scaled so that its peak,
 * reached at s = W, is the optimizer's LR:
 *   lr_t = lr · min(s / W, √(W / s)),  s = t + 1
 * (the paper's form is this with lr = (d_model · W)^−0.5; fairseq's inverse_sqrt is the same shape).
 */
export const inverseSqrtFamily: StandaloneFamily = {
  spec: {
    framework: 'playground',
    name: 'InverseSqrt',
    title: 'Inverse square root (Transformer)',
    description: 'Linear warmup to the peak LR, then decay proportional to 1/√step (the original Transformer schedule).',
    frameworkVersion: 'Playground (Vaswani et al. 2017)',
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // The playground's own family: no framework callable to read positional arguments against.
    positional: null,
    params: [
      {
        name: 'warmup_steps',
        label: 'Warmup steps',
        help: 'Steps to reach the peak LR (the paper used 4000).',
        kind: 'integer',
        default: 4000,
        unit: 'steps',
        min: 1,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 20000,
        step: 1,
      },
    ],
  },
  start(args, context) {
    const W = num(args, 'warmup_steps');
    const peak = context.initialLr;
    let t = 0;
    return {
      current: () => {
        const s = t + 1;
        return { lr: peak * Math.min(pyDiv(s, W), Math.sqrt(pyDiv(W, s))) };
      },
      advance() {
        t += 1;
      },
    };
  },
};
