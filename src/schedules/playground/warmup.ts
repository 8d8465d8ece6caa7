import { nestedCall, num } from '../args';
import type { StandaloneFamily } from '../family';
import { pyDiv } from '../pymath';

/**
 * Warmup: linear warmup in front of any schedule, the wrapped schedule then starting from its own tick 0.
 *   t < W:  lr_t = lr^inner_0 · (s + (1 − s) · t / W)        (s = start_factor, W = warmup length)
 *   t ≥ W:  lr_t = lr^inner_{t−W}
 * This is what PyTorch users write as SequentialLR([LinearLR(start_factor=s, total_iters=W), inner],
 * milestones=[W]) (torch restarts `inner` at the milestone), and what timm / Hugging Face call linear warmup;
 * s = 0 starts from zero as Hugging Face's `get_*_schedule_with_warmup` do. W counts the wrapped schedule's
 * ticks (epochs or optimizer steps). During warmup the wrapped schedule is not stepped; a metric it needs
 * (ReduceLROnPlateau) is passed on from the end of warmup.
 */
export const warmupFamily: StandaloneFamily = {
  spec: {
    framework: 'playground',
    name: 'Warmup',
    title: 'Linear warmup + any schedule',
    description: 'Ramps the LR up linearly for the first ticks, then runs the wrapped schedule from its start.',
    frameworkVersion: 'Playground (SequentialLR(LinearLR, …) in PyTorch)',
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // The playground's own family: no framework callable to read positional arguments against.
    positional: null,
    params: [
      {
        name: 'warmup',
        label: 'Warmup length',
        help: 'Ticks (of the wrapped schedule) spent ramping up.',
        kind: 'integer',
        default: 5,
        unit: 'ticks',
        min: 0,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 100,
        step: 1,
      },
      {
        name: 'start_factor',
        label: 'Start factor',
        help: 'Fraction of the wrapped schedule’s first LR used at tick 0 (0 starts from zero).',
        kind: 'number',
        default: 0,
        min: 0,
        max: 1,
        step: 0.01,
      },
      {
        name: 'schedule',
        label: 'Then',
        help: 'The schedule that runs after the warmup.',
        kind: 'schedule',
        default: { framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 45, eta_min: 0 } },
      },
    ],
  },
  start(args, context) {
    const warmup = num(args, 'warmup');
    const startFactor = num(args, 'start_factor');
    const inner = context.startNested(nestedCall(args, 'schedule'), 'args.schedule');
    const first = inner.simulation.current();
    let t = 0;
    return {
      current() {
        if (t >= warmup) return inner.simulation.current();
        const factor = startFactor + pyDiv((1 - startFactor) * t, warmup);
        return first.momentum === undefined ? { lr: first.lr * factor } : { lr: first.lr * factor, momentum: first.momentum };
      },
      advance(metric) {
        t += 1;
        // The wrapped schedule's tick 0 is tick `warmup` here; it steps on every tick after that.
        if (t > warmup) inner.simulation.advance(metric);
      },
    };
  },
};
