/**
 * OneCycleLR, stepped every batch. It writes the optimizer's momentum (or, for Adam-family optimizers, beta1, as
 * torch 2.x does) inversely to the LR (./momentum.ts).
 */
import { bool, choice, num, numOrNull } from '../args';
import { OPTIMIZER } from '../family';
import { pyDiv } from '../pymath';
import { ScheduleRuntimeError } from '../types';
import { TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';
import { momentumParams, startMomentumCycle } from './momentum';

interface Phase {
  endStep: number;
  startLr: 'initial_lr' | 'max_lr' | 'min_lr';
  endLr: 'initial_lr' | 'max_lr' | 'min_lr';
  startMomentum: 'max_momentum' | 'base_momentum';
  endMomentum: 'max_momentum' | 'base_momentum';
}

/**
 * OneCycleLR (Smith & Topin, "Super-Convergence", https://arxiv.org/abs/1708.07120; two phases by default
 * as in fastai). initial = max_lr / div_factor, min = initial / final_div_factor, T = total_steps.
 *   two phases:   initial → max_lr over steps [0, pct·T − 1], then max_lr → min over [pct·T − 1, T − 1]
 *   three phases: initial → max_lr, max_lr → initial (ending at 2·pct·T − 2), initial → min (ending at T − 1)
 * Each phase anneals with cos: end + (start − end)/2 · (1 + cos(π·p)), or linearly, p = progress in the phase.
 * Torch allows step T (p slightly past 1) and raises at step T + 1.
 */
export class OneCycleLR extends TorchScheduler {
  private readonly phases: readonly Phase[];
  constructor(
    optimizer: TorchOptimizer,
    readonly maxLr: number,
    readonly totalSteps: number,
    pctStart: number,
    readonly annealStrategy: 'cos' | 'linear',
    readonly cycleMomentumOn: boolean,
    baseMomentum: number,
    maxMomentum: number,
    divFactor: number,
    finalDivFactor: number,
    threePhase: boolean,
  ) {
    super(optimizer);
    const T = totalSteps;
    this.phases = threePhase
      ? [
          {
            endStep: pctStart * T - 1,
            startLr: 'initial_lr',
            endLr: 'max_lr',
            startMomentum: 'max_momentum',
            endMomentum: 'base_momentum',
          },
          {
            endStep: 2 * pctStart * T - 2,
            startLr: 'max_lr',
            endLr: 'initial_lr',
            startMomentum: 'base_momentum',
            endMomentum: 'max_momentum',
          },
          { endStep: T - 1, startLr: 'initial_lr', endLr: 'min_lr', startMomentum: 'max_momentum', endMomentum: 'max_momentum' },
        ]
      : [
          {
            endStep: pctStart * T - 1,
            startLr: 'initial_lr',
            endLr: 'max_lr',
            startMomentum: 'max_momentum',
            endMomentum: 'base_momentum',
          },
          { endStep: T - 1, startLr: 'max_lr', endLr: 'min_lr', startMomentum: 'base_momentum', endMomentum: 'max_momentum' },
        ];
    this.group.initial_lr = pyDiv(maxLr, divFactor);
    this.group.max_lr = maxLr;
    this.group.min_lr = pyDiv(this.group.initial_lr, finalDivFactor);
    if (cycleMomentumOn) startMomentumCycle(this, baseMomentum, maxMomentum);
    this.attach();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  getLr(): number {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw this.argumentError(
        `ValueError: Tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps} ` +
          '(the cycle is shorter than the horizon: make total_steps, or epochs × steps_per_epoch, at least as long)',
        'total_steps',
      );
    }
    const g = this.group;
    let startStep = 0.0;
    for (let i = 0; i < this.phases.length; i++) {
      const phase = this.phases[i] as Phase;
      if (stepNum <= phase.endStep || i === this.phases.length - 1) {
        const pct = pyDiv(stepNum - startStep, phase.endStep - startStep);
        const lr = this.anneal(g[phase.startLr] ?? 0, g[phase.endLr] ?? 0, pct);
        if (this.cycleMomentumOn) {
          this.optimizer.momentum = this.anneal(g[phase.startMomentum] ?? 0, g[phase.endMomentum] ?? 0, pct);
        }
        return lr;
      }
      startStep = phase.endStep;
    }
    throw new ScheduleRuntimeError('OneCycleLR has no phases');
  }
}

export const oneCycleLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'OneCycleLR',
    title: 'One-cycle',
    description:
      'Warms up to max_lr, then anneals far below the start, in one cycle of total_steps optimizer steps (stepped per batch). The cycle does not follow the horizon: set total_steps to epochs × steps per epoch to span the run.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: true,
    // torch/optim/lr_scheduler.py, OneCycleLR.__init__
    positional: [
      OPTIMIZER,
      'max_lr',
      'total_steps',
      'epochs',
      'steps_per_epoch',
      'pct_start',
      'anneal_strategy',
      'cycle_momentum',
      'base_momentum',
      'max_momentum',
      'div_factor',
      'final_div_factor',
      'three_phase',
      'last_epoch',
      'verbose',
    ],
    params: [
      {
        name: 'max_lr',
        label: 'Max LR',
        help: 'Peak LR, reached at pct_start of the run.',
        kind: 'number',
        required: true,
        default: 0.1,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-5,
        sliderMax: 10,
        step: 0.001,
        log: true,
      },
      {
        name: 'total_steps',
        label: 'Total steps',
        help: 'Length of the cycle in optimizer steps (it does not change with the horizon). If None, epochs × steps_per_epoch.',
        kind: 'integer',
        default: null,
        example: 5000,
        nullable: true,
        unit: 'steps',
        min: 1,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 20000,
        step: 1,
        rangeMessage: 'Expected positive integer total_steps',
      },
      {
        name: 'epochs',
        label: 'Epochs',
        help: 'Used with steps_per_epoch when total_steps is None.',
        kind: 'integer',
        default: null,
        nullable: true,
        unit: 'epochs',
        min: 1,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 200,
        step: 1,
        rangeMessage: 'Expected positive integer epochs',
      },
      {
        name: 'steps_per_epoch',
        label: 'Steps per epoch',
        help: 'Used with epochs when total_steps is None.',
        kind: 'integer',
        default: null,
        nullable: true,
        unit: 'steps',
        min: 1,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 1000,
        step: 1,
        rangeMessage: 'Expected positive integer steps_per_epoch',
      },
      {
        name: 'pct_start',
        label: 'Warmup fraction (pct_start)',
        help: 'Fraction of the cycle spent increasing the LR.',
        kind: 'number',
        default: 0.3,
        min: 0,
        max: 1,
        step: 0.01,
        rangeMessage: 'Expected float between 0 and 1 pct_start',
      },
      {
        name: 'anneal_strategy',
        label: 'Anneal strategy',
        help: 'Shape of each phase: cosine or linear.',
        kind: 'choice',
        default: 'cos',
        choices: ['cos', 'linear'],
      },
      ...momentumParams(0.85, 0.95),
      {
        name: 'div_factor',
        label: 'Div factor',
        help: 'Initial LR = max_lr / div_factor.',
        kind: 'number',
        default: 25.0,
        // torch checks nothing: 0 raises ZeroDivisionError in the constructor, a negative value flips the sign.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 1000,
        step: 1,
        log: true,
      },
      {
        name: 'final_div_factor',
        label: 'Final div factor',
        help: 'Minimum LR = initial LR / final_div_factor.',
        kind: 'number',
        default: 1e4,
        // torch checks nothing: 0 raises ZeroDivisionError in the constructor, a negative value flips the sign.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 1e6,
        step: 1,
        log: true,
      },
      {
        name: 'three_phase',
        label: 'Three phases',
        help: "Use the paper's three phases (symmetric warmup and cooldown, then annihilation) instead of fastai's two.",
        kind: 'boolean',
        default: false,
      },
    ],
  },
  build: (args, optimizer) => {
    const totalSteps = numOrNull(args, 'total_steps');
    const epochs = numOrNull(args, 'epochs');
    const stepsPerEpoch = numOrNull(args, 'steps_per_epoch');
    let T: number;
    if (totalSteps !== null) T = totalSteps;
    else if (epochs !== null && stepsPerEpoch !== null) T = epochs * stepsPerEpoch;
    else
      throw new ScheduleRuntimeError('ValueError: You must define either total_steps OR (epochs AND steps_per_epoch)', 'args.total_steps');
    return new OneCycleLR(
      optimizer,
      num(args, 'max_lr'),
      T,
      num(args, 'pct_start'),
      choice<'cos' | 'linear'>(args, 'anneal_strategy'),
      bool(args, 'cycle_momentum'),
      num(args, 'base_momentum'),
      num(args, 'max_momentum'),
      num(args, 'div_factor'),
      num(args, 'final_div_factor'),
      bool(args, 'three_phase'),
    );
  },
};
