/**
 * PyTorch's decay schedulers. Each class mirrors torch's chainable `get_lr` (the recursive form that
 * `scheduler.step()` uses) and, where torch has one, `_get_closed_form_lr` (used by SequentialLR at a
 * milestone). Notation: t = last_epoch (number of `step()` calls so far), lr_0 = the optimizer's initial LR.
 */
import { OPTIMIZER } from '../family';
import { type Args, list, num } from '../args';
import type { NumberParam } from '../params';
import { pyDiv, pyFloorDiv, pyMod, pyPow } from '../pymath';
import { TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';

const gammaParam = (defaultValue: number, log: boolean, required = false): NumberParam => ({
  name: 'gamma',
  label: 'Gamma',
  help: 'Multiplicative factor applied to the LR at each decay.',
  kind: 'number',
  default: defaultValue,
  ...(required ? { required: true } : {}),
  // torch checks nothing: gamma = 0 zeroes the LR, a negative gamma flips its sign (the slider stays positive).
  min: Number.NEGATIVE_INFINITY,
  max: Number.POSITIVE_INFINITY,
  sliderMin: log ? 0.001 : 0.8,
  sliderMax: 1,
  step: log ? 0.001 : 0.001,
  log,
});

const totalItersParam = (defaultValue: number, help: string): NumberParam => ({
  name: 'total_iters',
  label: 'Total iterations',
  help,
  kind: 'integer',
  default: defaultValue,
  unit: 'epochs',
  // torch checks nothing: a negative total_iters is never reached (the factor stays at its start).
  min: Number.NEGATIVE_INFINITY,
  max: Number.POSITIVE_INFINITY,
  sliderMin: 0,
  sliderMax: 200,
  step: 1,
});

/**
 * StepLR: lr_t = lr_0 · γ^⌊t / step_size⌋.
 * Torch (StepLR.get_lr) multiplies the current LR by γ whenever t > 0 and t % step_size == 0.
 */
export class StepLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly stepSize: number,
    readonly gamma: number,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    if (this.lastEpoch === 0) return this.group.lr;
    // Torch accepts step_size=0 and fails here, at the first step(): name the argument so the UI can show it there.
    if (this.stepSize === 0) throw this.argumentError('ZeroDivisionError: integer modulo by zero (step_size is 0)', 'step_size');
    if (pyMod(this.lastEpoch, this.stepSize) !== 0) return this.group.lr;
    return this.group.lr * this.gamma;
  }
  override closedFormLr(): number {
    return this.baseLr * pyPow(this.gamma, pyFloorDiv(this.lastEpoch, this.stepSize));
  }
}

export const stepLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'StepLR',
    title: 'Step decay',
    description: 'Multiplies the LR by gamma every step_size epochs.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, StepLR.__init__
    positional: [OPTIMIZER, 'step_size', 'gamma', 'last_epoch', 'verbose'],
    params: [
      {
        name: 'step_size',
        label: 'Step size',
        help: 'Epochs between two decays.',
        kind: 'integer',
        required: true,
        default: 10,
        unit: 'epochs',
        // torch checks nothing: 0 raises ZeroDivisionError at the first step(), a negative step_size decays on
        // its multiples (Python's % takes the divisor's sign).
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 100,
        step: 1,
      },
      gammaParam(0.1, true),
    ],
  },
  build: (args: Args, optimizer) => new StepLR(optimizer, num(args, 'step_size'), num(args, 'gamma')),
};

/**
 * MultiStepLR: lr_t = lr_0 · γ^(number of milestones ≤ t); a milestone listed twice counts twice
 * (torch keeps them in a Counter and multiplies by γ^count at that epoch).
 */
export class MultiStepLR extends TorchScheduler {
  private readonly counts = new Map<number, number>();
  private readonly sorted: readonly number[];
  constructor(
    optimizer: TorchOptimizer,
    milestones: readonly number[],
    readonly gamma: number,
  ) {
    super(optimizer);
    for (const m of milestones) this.counts.set(m, (this.counts.get(m) ?? 0) + 1);
    this.sorted = [...milestones].sort((a, b) => a - b);
    this.attach();
  }
  getLr(): number {
    const count = this.counts.get(this.lastEpoch);
    if (count === undefined) return this.group.lr;
    return this.group.lr * pyPow(this.gamma, count);
  }
  override closedFormLr(): number {
    // bisect_right(sorted milestones, t): how many milestones are <= t.
    let passed = 0;
    for (const m of this.sorted) if (m <= this.lastEpoch) passed += 1;
    return this.baseLr * pyPow(this.gamma, passed);
  }
}

export const multiStepLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'MultiStepLR',
    title: 'Multi-step decay',
    description: 'Multiplies the LR by gamma at each milestone epoch.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, MultiStepLR.__init__
    positional: [OPTIMIZER, 'milestones', 'gamma', 'last_epoch', 'verbose'],
    params: [
      {
        name: 'milestones',
        label: 'Milestones',
        // torch's docs say "must be increasing", but its code counts milestones in a Counter: any order works
        // and a repeated milestone decays twice. We follow the code.
        help: 'Epochs at which the LR is multiplied by gamma. A milestone listed twice decays twice.',
        kind: 'numberList',
        required: true,
        default: [30, 80],
        integer: true,
        unit: 'epochs',
      },
      gammaParam(0.1, true),
    ],
  },
  build: (args, optimizer) => new MultiStepLR(optimizer, list(args, 'milestones'), num(args, 'gamma')),
};

/**
 * ConstantLR: lr_t = lr_0 · factor for t < total_iters, then lr_0.
 * Torch multiplies by `factor` at t = 0 and by `1 / factor` at t = total_iters (so factor = 0 raises
 * ZeroDivisionError there, as it does here).
 */
export class ConstantLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly factor: number,
    readonly totalIters: number,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    if (this.lastEpoch === 0) return this.group.lr * this.factor;
    if (this.lastEpoch !== this.totalIters) return this.group.lr;
    return this.group.lr * pyDiv(1.0, this.factor);
  }
  override closedFormLr(): number {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLr * (this.factor + after * (1 - this.factor));
  }
}

export const constantLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'ConstantLR',
    title: 'Constant factor',
    description: 'Scales the LR by a constant factor until total_iters, then restores it.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, ConstantLR.__init__
    positional: [OPTIMIZER, 'factor', 'total_iters', 'last_epoch', 'verbose'],
    params: [
      {
        name: 'factor',
        label: 'Factor',
        help: 'The LR is multiplied by this until total_iters.',
        kind: 'number',
        default: 1 / 3,
        min: 0,
        max: 1,
        step: 0.01,
        rangeMessage: 'Constant multiplicative factor expected to be between 0 and 1.',
      },
      totalItersParam(5, 'Epochs during which the factor applies.'),
    ],
  },
  build: (args, optimizer) => new ConstantLR(optimizer, num(args, 'factor'), num(args, 'total_iters')),
};

/**
 * LinearLR: lr_t = lr_0 · (s + (e − s) · min(t, N) / N), s = start_factor, e = end_factor, N = total_iters.
 * Torch steps it recursively: lr_t = lr_{t−1} · (1 + (e − s) / (N·s + (t − 1)(e − s))) for 0 < t ≤ N.
 */
export class LinearLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly startFactor: number,
    readonly endFactor: number,
    readonly totalIters: number,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    if (this.lastEpoch === 0) return this.group.lr * this.startFactor;
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.group.lr;
    const delta = this.endFactor - this.startFactor;
    const denominator = this.totalIters * this.startFactor + (this.lastEpoch - 1) * delta;
    return this.group.lr * (1.0 + pyDiv(delta, denominator));
  }
  override closedFormLr(): number {
    const progress = pyDiv((this.endFactor - this.startFactor) * Math.min(this.totalIters, this.lastEpoch), this.totalIters);
    return this.baseLr * (this.startFactor + progress);
  }
}

export const linearLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'LinearLR',
    title: 'Linear ramp (warmup)',
    description: 'Moves the LR factor linearly from start_factor to end_factor over total_iters epochs.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, LinearLR.__init__
    positional: [OPTIMIZER, 'start_factor', 'end_factor', 'total_iters', 'last_epoch', 'verbose'],
    params: [
      {
        name: 'start_factor',
        label: 'Start factor',
        help: 'Factor applied to the LR at epoch 0.',
        kind: 'number',
        default: 1 / 3,
        min: 0,
        exclusiveMin: true,
        max: 1,
        sliderMin: 0.01,
        step: 0.01,
        rangeMessage: 'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.',
      },
      {
        name: 'end_factor',
        label: 'End factor',
        help: 'Factor reached at total_iters and kept after.',
        kind: 'number',
        default: 1.0,
        min: 0,
        max: 1,
        step: 0.01,
        rangeMessage: 'Ending multiplicative factor expected to be between 0 and 1.',
      },
      totalItersParam(5, 'Epochs over which the factor moves.'),
    ],
  },
  build: (args, optimizer) => new LinearLR(optimizer, num(args, 'start_factor'), num(args, 'end_factor'), num(args, 'total_iters')),
};

/** ExponentialLR: lr_t = lr_0 · γ^t, computed by torch as lr_t = lr_{t−1} · γ. */
export class ExponentialLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly gamma: number,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    if (this.isInitial) return this.group.lr;
    return this.group.lr * this.gamma;
  }
  override closedFormLr(): number {
    return this.baseLr * pyPow(this.gamma, this.lastEpoch);
  }
}

export const exponentialLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'ExponentialLR',
    title: 'Exponential decay',
    description: 'Multiplies the LR by gamma every epoch.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, ExponentialLR.__init__
    positional: [OPTIMIZER, 'gamma', 'last_epoch', 'verbose'],
    params: [{ ...gammaParam(0.95, false, true), help: 'Multiplicative factor applied every epoch.' }],
  },
  build: (args, optimizer) => new ExponentialLR(optimizer, num(args, 'gamma')),
};

/**
 * PolynomialLR: lr_t = lr_0 · (1 − min(t, N) / N)^power.
 * Torch steps it recursively: lr_t = lr_{t−1} · ((1 − t/N) / (1 − (t − 1)/N))^power for 0 < t ≤ N.
 */
export class PolynomialLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly totalIters: number,
    readonly power: number,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.group.lr;
    const ratio = pyDiv(1.0 - pyDiv(this.lastEpoch, this.totalIters), 1.0 - pyDiv(this.lastEpoch - 1, this.totalIters));
    return this.group.lr * pyPow(ratio, this.power);
  }
  override closedFormLr(): number {
    const remaining = 1.0 - pyDiv(Math.min(this.totalIters, this.lastEpoch), this.totalIters);
    return this.baseLr * pyPow(remaining, this.power);
  }
}

export const polynomialLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'PolynomialLR',
    title: 'Polynomial decay',
    description: 'Decays the LR to zero over total_iters epochs along (1 − t/N)^power.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, PolynomialLR.__init__
    positional: [OPTIMIZER, 'total_iters', 'power', 'last_epoch', 'verbose'],
    params: [
      totalItersParam(5, 'Epochs until the LR reaches zero.'),
      {
        name: 'power',
        label: 'Power',
        help: 'Exponent of the polynomial: 1 is linear, 2 quadratic.',
        kind: 'number',
        default: 1.0,
        // torch checks nothing: a negative power raises ZeroDivisionError when the LR reaches 0 (at total_iters).
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 5,
        step: 0.1,
      },
    ],
  },
  build: (args, optimizer) => new PolynomialLR(optimizer, num(args, 'total_iters'), num(args, 'power')),
};
