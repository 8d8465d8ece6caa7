/**
 * Per-step cyclical schedules. Both write the optimizer's momentum (or, for Adam-family optimizers, beta1, as
 * torch 2.x does) inversely to the LR.
 */
import { pyDiv, pyPow } from '../pymath';
import {
  bool,
  num,
  numOrNull,
  type PyFunction,
  str,
  TORCH_VERSION_LABEL,
  type TorchFamily,
  type TorchOptimizer,
  TorchScheduler,
} from './base';
import { ScheduleRuntimeError } from '../types';

const momentumParams = (base: number, max: number) =>
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

type ScaleMode = 'cycle' | 'iterations';

/**
 * CyclicLR (Smith, "Cyclical Learning Rates for Training Neural Networks", https://arxiv.org/abs/1506.01186):
 *   cycle = ⌊1 + t / (up + down)⌋,  x = 1 + t / (up + down) − cycle,  r = up / (up + down)
 *   s = x / r while x ≤ r (rising), else (x − 1) / (r − 1) (falling)
 *   lr = base_lr + (max_lr − base_lr) · s · scale(cycle or t),  momentum = max_m − (max_m − base_m) · s · scale(...)
 * scale: triangular 1; triangular2 1 / 2^(cycle − 1); exp_range γ^t (per iteration). Torch: CyclicLR.get_lr.
 */
export class CyclicLR extends TorchScheduler {
  private readonly totalSize: number;
  private readonly stepRatio: number;
  private readonly scaleMode: ScaleMode;
  private readonly scale: PyFunction;

  constructor(
    optimizer: TorchOptimizer,
    baseLr: number,
    readonly maxLr: number,
    stepSizeUp: number,
    stepSizeDown: number | null,
    mode: string,
    gamma: number,
    scaleFn: PyFunction | null,
    scaleMode: ScaleMode,
    readonly cycleMomentumOn: boolean,
    readonly baseMomentum: number,
    readonly maxMomentum: number,
  ) {
    super(optimizer);
    this.group.lr = baseLr;
    const down = stepSizeDown ?? stepSizeUp;
    this.totalSize = stepSizeUp + down;
    this.stepRatio = pyDiv(stepSizeUp, this.totalSize);
    if (scaleFn) {
      this.scale = scaleFn;
      this.scaleMode = scaleMode;
    } else if (mode === 'triangular') {
      this.scale = () => 1.0;
      this.scaleMode = 'cycle';
    } else if (mode === 'triangular2') {
      this.scale = (x) => pyDiv(1, pyPow(2.0, x - 1));
      this.scaleMode = 'cycle';
    } else {
      this.scale = (x) => pyPow(gamma, x);
      this.scaleMode = 'iterations';
    }
    if (cycleMomentumOn) {
      this.cyclesMomentum = true;
      optimizer.momentum = maxMomentum;
      this.group.max_momentum = maxMomentum;
      this.group.base_momentum = baseMomentum;
    }
    this.attach();
    // torch assigns its own base_lrs after LRScheduler.__init__ (whose initial step used initial_lr).
    this.baseLr = baseLr;
  }

  getLr(): number {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + pyDiv(t, this.totalSize));
    const x = 1.0 + pyDiv(t, this.totalSize) - cycle;
    const scaleFactor = x <= this.stepRatio ? pyDiv(x, this.stepRatio) : pyDiv(x - 1, this.stepRatio - 1);
    const scale = this.scale(this.scaleMode === 'cycle' ? cycle : t);
    const lr = this.baseLr + (this.maxLr - this.baseLr) * scaleFactor * scale;
    if (this.cycleMomentumOn) {
      const height = (this.maxMomentum - this.baseMomentum) * scaleFactor;
      this.optimizer.momentum = this.maxMomentum - height * scale;
    }
    return lr;
  }
}

export const cyclicLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'CyclicLR',
    title: 'Cyclical LR',
    description: 'Triangle waves between base_lr and max_lr, stepped every batch; optionally shrinking each cycle.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: true,
    params: [
      {
        name: 'base_lr',
        label: 'Base LR',
        help: 'Lower bound of the cycle; the LR at step 0.',
        kind: 'number',
        required: true,
        default: 0.001,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-6,
        sliderMax: 1,
        step: 0.0001,
        log: true,
      },
      {
        name: 'max_lr',
        label: 'Max LR',
        help: 'Upper bound of the cycle (reached only where the scale is 1).',
        kind: 'number',
        required: true,
        default: 0.01,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-6,
        sliderMax: 1,
        step: 0.0001,
        log: true,
      },
      {
        name: 'step_size_up',
        label: 'Steps up',
        help: 'Optimizer steps in the rising half of a cycle.',
        kind: 'integer',
        default: 2000,
        unit: 'steps',
        // torch checks nothing: sizes that make a cycle (or its rising half) 0 long raise ZeroDivisionError.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 5000,
        step: 1,
      },
      {
        name: 'step_size_down',
        label: 'Steps down',
        help: 'Optimizer steps in the falling half; None means the same as step_size_up.',
        kind: 'integer',
        default: null,
        nullable: true,
        unit: 'steps',
        // torch checks nothing: sizes that make a cycle (or its rising half) 0 long raise ZeroDivisionError.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 5000,
        step: 1,
      },
      {
        name: 'mode',
        label: 'Mode',
        help: 'triangular: constant amplitude; triangular2: halved each cycle; exp_range: scaled by gamma^step.',
        kind: 'choice',
        default: 'triangular',
        choices: ['triangular', 'triangular2', 'exp_range'],
      },
      {
        name: 'gamma',
        label: 'Gamma',
        help: 'exp_range only: the amplitude is multiplied by gamma every step.',
        kind: 'number',
        default: 1.0,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0.99,
        sliderMax: 1,
        step: 0.0001,
      },
      {
        name: 'scale_fn',
        label: 'Scale function',
        help: 'Custom amplitude scaling (Python lambda of one argument); overrides mode.',
        kind: 'function',
        default: null,
        nullable: true,
      },
      {
        name: 'scale_mode',
        label: 'Scale mode',
        help: 'With scale_fn: evaluate it on the cycle number or on the step count.',
        kind: 'choice',
        default: 'cycle',
        choices: ['cycle', 'iterations'],
      },
      ...momentumParams(0.8, 0.9),
    ],
  },
  build: (args, optimizer, ctx) => {
    const source = args.scale_fn as string | null;
    const scaleFn = source === null ? null : ctx.compile(source, 'args.scale_fn', 1);
    return new CyclicLR(
      optimizer,
      num(args, 'base_lr'),
      num(args, 'max_lr'),
      num(args, 'step_size_up'),
      numOrNull(args, 'step_size_down'),
      str(args, 'mode'),
      num(args, 'gamma'),
      scaleFn,
      str(args, 'scale_mode') as ScaleMode,
      bool(args, 'cycle_momentum'),
      num(args, 'base_momentum'),
      num(args, 'max_momentum'),
    );
  },
};

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
    if (cycleMomentumOn) {
      this.cyclesMomentum = true;
      optimizer.momentum = maxMomentum;
      this.group.max_momentum = maxMomentum;
      this.group.base_momentum = baseMomentum;
    }
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
    description: 'Warms up to max_lr, then anneals far below the start, in one cycle over the whole run (per batch).',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: true,
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
        help: 'Length of the cycle in optimizer steps. If None, epochs × steps_per_epoch.',
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
      str(args, 'anneal_strategy') as 'cos' | 'linear',
      bool(args, 'cycle_momentum'),
      num(args, 'base_momentum'),
      num(args, 'max_momentum'),
      num(args, 'div_factor'),
      num(args, 'final_div_factor'),
      bool(args, 'three_phase'),
    );
  },
};
