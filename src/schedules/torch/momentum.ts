/**
 * What CyclicLR and OneCycleLR share: both can cycle the optimizer's momentum (or, for Adam-family optimizers,
 * beta1, as torch 2.x does) inversely to the LR, between base_momentum and max_momentum.
 */
import type { TorchScheduler } from './base';

/** `cycle_momentum`, `base_momentum`, `max_momentum`, with each class's defaults. */
export const momentumParams = (base: number, max: number) =>
  [
    {
      name: 'cycle_momentum',
      label: 'Cycle momentum',
      help: 'Cycle momentum (Adam: beta1) inversely to the LR, between base_momentum and max_momentum.',
      kind: 'boolean',
      default: true,
    },
    {
      name: 'base_momentum',
      label: 'Base momentum',
      help: 'Momentum at the LR peak.',
      kind: 'number',
      default: base,
      // torch checks neither bound (its own tests cycle momentum between 1 and 22); the slider stays in [0, 1].
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      sliderMin: 0,
      sliderMax: 1,
      step: 0.01,
    },
    {
      name: 'max_momentum',
      label: 'Max momentum',
      help: 'Momentum where the LR is lowest.',
      kind: 'number',
      default: max,
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      sliderMin: 0,
      sliderMax: 1,
      step: 0.01,
    },
  ] as const;

/**
 * What both constructors do when cycle_momentum is on: start the momentum at max_momentum and store both
 * bounds in the param group, as torch does (CyclicLR.__init__, OneCycleLR.__init__).
 */
export function startMomentumCycle(scheduler: TorchScheduler, baseMomentum: number, maxMomentum: number): void {
  scheduler.cyclesMomentum = true;
  scheduler.optimizer.momentum = maxMomentum;
  scheduler.group.max_momentum = maxMomentum;
  scheduler.group.base_momentum = baseMomentum;
}
