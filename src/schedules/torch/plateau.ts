import { choice, num } from '../args';
import { OPTIMIZER } from '../family';
import { TORCH_VERSION_LABEL, type MetricScheduler, type TorchFamily, type TorchOptimizer } from './base';

/**
 * ReduceLROnPlateau (torch ReduceLROnPlateau.step): after each epoch's metric,
 *   better = metric < best·(1 − threshold)  (min, rel) | metric < best − threshold (min, abs)
 *            metric > best·(1 + threshold)  (max, rel) | metric > best + threshold (max, abs)
 *   better → best = metric, bad = 0; else bad += 1
 *   in cooldown → cooldown −= 1, bad = 0 (bad epochs during cooldown are ignored)
 *   bad > patience → lr = max(lr·factor, min_lr) unless that changes it by no more than eps; cooldown restarts.
 * Keras's callback orders cooldown and patience differently (it reduces one epoch earlier); see the Keras family.
 */
export class ReduceLROnPlateau implements MetricScheduler {
  private best: number;
  private cooldownCounter = 0;
  private numBadEpochs = 0;
  lastEpoch = 0;

  constructor(
    readonly optimizer: TorchOptimizer,
    readonly mode: 'min' | 'max',
    readonly factor: number,
    readonly patience: number,
    readonly threshold: number,
    readonly thresholdMode: 'rel' | 'abs',
    readonly cooldown: number,
    readonly minLr: number,
    readonly eps: number,
  ) {
    this.best = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  stepWithMetric(current: number): void {
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const group = this.optimizer.group;
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      if (oldLr - newLr > this.eps) group.lr = newLr;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }
}

export const reduceLROnPlateauFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'ReduceLROnPlateau',
    title: 'Reduce on plateau',
    description: 'Multiplies the LR by factor when the monitored metric stops improving for patience epochs.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: true,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, ReduceLROnPlateau.__init__
    positional: [OPTIMIZER, 'mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps', 'verbose'],
    params: [
      {
        name: 'mode',
        label: 'Mode',
        help: 'min: the metric should fall (a loss); max: it should rise (an accuracy).',
        kind: 'choice',
        default: 'min',
        choices: ['min', 'max'],
      },
      {
        name: 'factor',
        label: 'Factor',
        help: 'new LR = LR × factor.',
        kind: 'number',
        default: 0.1,
        // torch refuses only factor >= 1; a negative factor reduces straight to min_lr.
        min: Number.NEGATIVE_INFINITY,
        max: 1,
        exclusiveMax: true,
        sliderMin: 0.01,
        sliderMax: 0.99,
        step: 0.01,
        log: true,
        rangeMessage: 'ValueError: Factor should be < 1.0.',
      },
      {
        name: 'patience',
        label: 'Patience',
        help: 'Epochs without improvement tolerated before reducing.',
        kind: 'integer',
        default: 10,
        unit: 'epochs',
        // torch checks nothing: a negative patience reduces after every epoch.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 50,
        step: 1,
      },
      {
        name: 'threshold',
        label: 'Threshold',
        help: 'Minimum change that counts as an improvement (relative or absolute, see threshold mode).',
        kind: 'number',
        default: 1e-4,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-6,
        sliderMax: 0.1,
        step: 0.0001,
        log: true,
      },
      {
        name: 'threshold_mode',
        label: 'Threshold mode',
        help: 'rel: improvement relative to the best value; abs: absolute.',
        kind: 'choice',
        default: 'rel',
        choices: ['rel', 'abs'],
      },
      {
        name: 'cooldown',
        label: 'Cooldown',
        help: 'Epochs after a reduction during which bad epochs are not counted.',
        kind: 'integer',
        default: 0,
        unit: 'epochs',
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 20,
        step: 1,
      },
      {
        name: 'min_lr',
        label: 'Minimum LR',
        help: 'The LR never goes below this.',
        kind: 'number',
        default: 0,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 0.01,
        step: 0.00001,
      },
      {
        name: 'eps',
        label: 'Eps',
        help: 'A reduction smaller than this is skipped.',
        kind: 'number',
        default: 1e-8,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-12,
        sliderMax: 1e-2,
        step: 1e-9,
        log: true,
      },
    ],
  },
  // torch's ReduceLROnPlateau takes whatever number step() is given; a training loop gives it the validation loss.
  monitor: (args) => ({ metric: 'val_loss', mode: choice<'min' | 'max'>(args, 'mode') }),
  build: (args, optimizer) =>
    new ReduceLROnPlateau(
      optimizer,
      choice<'min' | 'max'>(args, 'mode'),
      num(args, 'factor'),
      num(args, 'patience'),
      num(args, 'threshold'),
      choice<'rel' | 'abs'>(args, 'threshold_mode'),
      num(args, 'cooldown'),
      num(args, 'min_lr'),
      num(args, 'eps'),
    ),
};
