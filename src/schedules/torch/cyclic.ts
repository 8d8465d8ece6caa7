/**
 * CyclicLR, stepped every batch. It writes the optimizer's momentum (or, for Adam-family optimizers, beta1, as
 * torch 2.x does) inversely to the LR (./momentum.ts).
 */
import { bool, choice, num, numOrNull, str, strOrNull } from '../args';
import { OPTIMIZER } from '../family';
import { pyDiv, pyPow } from '../pymath';
import { type PyFunction, TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';
import { momentumParams, startMomentumCycle } from './momentum';

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
    if (cycleMomentumOn) startMomentumCycle(this, baseMomentum, maxMomentum);
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
    // torch/optim/lr_scheduler.py, CyclicLR.__init__
    positional: [
      OPTIMIZER,
      'base_lr',
      'max_lr',
      'step_size_up',
      'step_size_down',
      'mode',
      'gamma',
      'scale_fn',
      'scale_mode',
      'cycle_momentum',
      'base_momentum',
      'max_momentum',
      'last_epoch',
      'verbose',
    ],
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
    const source = strOrNull(args, 'scale_fn');
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
      choice<ScaleMode>(args, 'scale_mode'),
      bool(args, 'cycle_momentum'),
      num(args, 'base_momentum'),
      num(args, 'max_momentum'),
    );
  },
};
