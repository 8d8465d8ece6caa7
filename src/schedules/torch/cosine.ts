/**
 * Cosine schedules from SGDR (Loshchilov & Hutter, 2017, https://arxiv.org/abs/1608.03983) as torch
 * implements them. η_min = eta_min, η_0 = the optimizer's initial LR.
 */
import { OPTIMIZER } from '../family';
import { pyDiv, pyMod } from '../pymath';
import { num } from '../args';
import { TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';

const etaMinParam = {
  name: 'eta_min',
  label: 'Minimum LR (eta_min)',
  help: 'The LR at the bottom of the cosine.',
  kind: 'number',
  default: 0,
  min: Number.NEGATIVE_INFINITY,
  max: Number.POSITIVE_INFINITY,
  sliderMin: 0,
  sliderMax: 0.1,
  step: 0.0001,
} as const;

/**
 * CosineAnnealingLR: closed form η_t = η_min + (η_0 − η_min)(1 + cos(π t / T_max)) / 2, which keeps going
 * past T_max (the LR rises again: a period of 2·T_max). Torch steps it recursively:
 *   η_t = η_min + (η_{t−1} − η_min) · (1 + cos(π t / T_max)) / (1 + cos(π (t − 1) / T_max)),
 * except where the denominator is zero, (t − 1 − T_max) mod 2·T_max = 0, where it adds
 * (η_0 − η_min)(1 − cos(π / T_max)) / 2 instead.
 */
export class CosineAnnealingLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly tMax: number,
    readonly etaMin: number,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    const { tMax, etaMin, lastEpoch: t } = this;
    if (this.isInitial) return this.group.lr;
    // Torch accepts T_max=0 and divides by it at the first step(): name the argument so the UI can show it there.
    if (tMax === 0) throw this.argumentError('ZeroDivisionError: float division by zero (T_max is 0)', 'T_max');
    if (this.stepCount === 1 && t > 0) {
      return etaMin + ((this.baseLr - etaMin) * (1 + Math.cos(pyDiv(t * Math.PI, tMax)))) / 2;
    }
    if (pyMod(t - 1 - tMax, 2 * tMax) === 0) {
      return this.group.lr + ((this.baseLr - etaMin) * (1 - Math.cos(pyDiv(Math.PI, tMax)))) / 2;
    }
    const ratio = pyDiv(1 + Math.cos(pyDiv(Math.PI * t, tMax)), 1 + Math.cos(pyDiv(Math.PI * (t - 1), tMax)));
    return ratio * (this.group.lr - etaMin) + etaMin;
  }
  override closedFormLr(): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos(pyDiv(Math.PI * this.lastEpoch, this.tMax)))) / 2;
  }
}

export const cosineAnnealingLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'CosineAnnealingLR',
    title: 'Cosine annealing',
    description: 'Half a cosine from the initial LR down to eta_min over T_max epochs; past T_max it rises again.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, CosineAnnealingLR.__init__
    positional: [OPTIMIZER, 'T_max', 'eta_min', 'last_epoch', 'verbose'],
    params: [
      {
        name: 'T_max',
        label: 'Period (T_max)',
        help: 'Epochs from the initial LR down to eta_min.',
        kind: 'integer',
        required: true,
        default: 50,
        unit: 'epochs',
        // torch checks nothing: 0 raises ZeroDivisionError at the first step(); a negative T_max is a cosine too.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 200,
        step: 1,
      },
      etaMinParam,
    ],
  },
  build: (args, optimizer) => new CosineAnnealingLR(optimizer, num(args, 'T_max'), num(args, 'eta_min')),
};

/**
 * CosineAnnealingWarmRestarts: η = η_min + (η_0 − η_min)(1 + cos(π T_cur / T_i)) / 2, where T_cur counts
 * epochs since the last restart and T_i is the current period: T_0, then T_0·T_mult, T_0·T_mult², ...
 * (torch's `step()` without an epoch argument: T_cur += 1; at T_cur >= T_i restart with T_i *= T_mult).
 */
export class CosineAnnealingWarmRestarts extends TorchScheduler {
  tI: number;
  tCur: number;
  constructor(
    optimizer: TorchOptimizer,
    readonly t0: number,
    readonly tMult: number,
    readonly etaMin: number,
  ) {
    super(optimizer);
    this.tI = t0;
    this.tCur = -1;
    this.attach();
  }
  override step(): void {
    if (this.lastEpoch < 0) {
      // torch: step() before any epoch means step(epoch=0): restart the first period.
      this.tI = this.t0;
      this.tCur = 0;
      this.lastEpoch = 0;
    } else {
      this.lastEpoch += 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur = pyMod(this.tCur, this.tI);
        this.tI *= this.tMult;
      }
    }
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos(pyDiv(Math.PI * this.tCur, this.tI)))) / 2;
  }
}

export const cosineAnnealingWarmRestartsFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'CosineAnnealingWarmRestarts',
    title: 'Cosine with warm restarts (SGDR)',
    description: 'Cosine annealing that jumps back to the initial LR every period; each period is T_mult times longer.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, CosineAnnealingWarmRestarts.__init__
    positional: [OPTIMIZER, 'T_0', 'T_mult', 'eta_min', 'last_epoch', 'verbose'],
    params: [
      {
        name: 'T_0',
        label: 'First period (T_0)',
        help: 'Epochs until the first restart.',
        kind: 'integer',
        required: true,
        default: 10,
        unit: 'epochs',
        min: 1,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 100,
        step: 1,
      },
      {
        name: 'T_mult',
        label: 'Period multiplier (T_mult)',
        help: 'Each period is this many times longer than the one before.',
        kind: 'integer',
        default: 1,
        min: 1,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 4,
        step: 1,
      },
      etaMinParam,
    ],
  },
  build: (args, optimizer) => new CosineAnnealingWarmRestarts(optimizer, num(args, 'T_0'), num(args, 'T_mult'), num(args, 'eta_min')),
};
