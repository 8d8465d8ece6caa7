/**
 * Keras 3's per-epoch LR callbacks. They drive the optimizer's own LR (`context.initialLr`): tick i is epoch i.
 *   LearningRateScheduler: keras/src/callbacks/learning_rate_scheduler.py @ b4f00e7eaffe9532adb521a36809587a5998cbbb
 *   ReduceLROnPlateau:     keras/src/callbacks/reduce_lr_on_plateau.py    @ ac2ee342b119221090e464edc0d3344289f48741
 */
import type { StandaloneFamily } from '../family';
import { ScheduleRuntimeError, type Simulation } from '../types';
import { KERAS_VERSION_LABEL, num, str } from './common';

/**
 * LearningRateScheduler: at the START of every epoch Keras calls `schedule(epoch, lr)` with the optimizer's
 * current LR (falling back to `schedule(epoch)` when the two-argument call raises TypeError, i.e. for a
 * one-argument function) and writes the result into the optimizer. So
 *   lr[0] = schedule(0, lr_init),  lr[i] = schedule(i, lr[i−1]):
 * `lambda epoch, lr: lr * 0.9` already scales epoch 0, and compounds from there.
 * Keras also raises ValueError when the result is not a float (a Python int); our compiled functions return
 * plain numbers, so that check is the compiler's to make. The schedule runs lazily, at the epoch it belongs
 * to, so an error inside it is reported at that tick (as Keras raises it during that epoch of `fit`).
 */
export const learningRateSchedulerFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'LearningRateScheduler',
    title: 'Custom schedule function',
    description: 'Each epoch sets LR = schedule(epoch, current LR), for any Python function you write.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    params: [
      {
        name: 'schedule',
        label: 'schedule',
        help: 'Python function of (epoch, lr) returning the LR for this epoch; a function of epoch alone also works.',
        kind: 'function',
        required: true,
        default: 'lambda epoch, lr: lr if epoch < 10 else lr * 0.9',
      },
    ],
  },
  start(args, context): Simulation {
    const schedule = context.compile(str(args, 'schedule'), 'args.schedule', [2, 1]);
    let epoch = 0;
    let lr = context.initialLr;
    let applied = false;
    const beginEpoch = (): void => {
      if (applied) return;
      lr = schedule(epoch, lr);
      applied = true;
    };
    return {
      current() {
        beginEpoch();
        return { lr };
      },
      advance() {
        beginEpoch();
        epoch += 1;
        applied = false;
      },
    };
  },
};

/**
 * ReduceLROnPlateau, Keras 3's on_epoch_end with the epoch's metric m (best starts at +∞ for min, −∞ for max):
 *   1. in cooldown (counter > 0) → counter −= 1, wait = 0
 *   2. improved (min: m < best − min_delta; max: m > best + min_delta) → best = m, wait = 0
 *      else, if not (still) in cooldown → wait += 1; if wait >= patience and lr > float32(min_lr):
 *        lr = max(lr · factor, min_lr), counter = cooldown, wait = 0
 * mode 'auto' means max when 'acc' is in the monitor's name, else min.
 * Differences from PyTorch's ReduceLROnPlateau (torch/plateau.ts), both confirmed in the source:
 *   - Keras reduces when wait >= patience, torch when bad epochs > patience: with the same metric sequence and
 *     patience >= 1, Keras reduces one epoch earlier. (patience=0 and patience=1 behave the same in Keras:
 *     wait is incremented before the comparison, so the first bad epoch reduces.)
 *   - Keras decrements the cooldown BEFORE counting the epoch, so the last cooldown epoch already counts as bad:
 *     cooldown=1 is a no-op (identical to cooldown=0), and cooldown=c ignores c − 1 epochs (torch ignores c).
 *   - No eps: any reduction is applied. Once lr <= float32(min_lr) nothing more happens (the LR is then at
 *     min_lr, so the float32 comparison cannot change the curve).
 */
class KerasPlateau {
  lr: number;
  private best: number;
  private wait = 0;
  private cooldownCounter = 0;
  private readonly minLrF32: number;

  constructor(
    initialLr: number,
    private readonly maximize: boolean,
    private readonly factor: number,
    private readonly patience: number,
    private readonly minDelta: number,
    private readonly cooldown: number,
    private readonly minLr: number,
  ) {
    this.lr = initialLr;
    this.best = maximize ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    this.minLrF32 = Math.fround(minLr);
  }

  private improved(current: number): boolean {
    return this.maximize ? current > this.best + this.minDelta : current < this.best - this.minDelta;
  }

  onEpochEnd(current: number): void {
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improved(current)) {
      this.best = current;
      this.wait = 0;
    } else if (!(this.cooldownCounter > 0)) {
      this.wait += 1;
      if (this.wait >= this.patience && this.lr > this.minLrF32) {
        this.lr = Math.max(this.lr * this.factor, this.minLr);
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}

export const MONITORS = ['val_loss', 'loss', 'val_accuracy', 'accuracy'] as const;

export const reduceLROnPlateauFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'ReduceLROnPlateau',
    title: 'Reduce on plateau',
    description: 'Multiplies the LR by factor once the monitored metric has not improved for patience epochs.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: true,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    params: [
      {
        name: 'monitor',
        label: 'Monitor',
        help: "The metric watched; with mode 'auto', a name containing 'acc' should rise, anything else fall.",
        kind: 'choice',
        default: 'val_loss',
        choices: MONITORS,
      },
      {
        name: 'factor',
        label: 'Factor',
        help: 'new LR = LR × factor.',
        kind: 'number',
        default: 0.1,
        min: 0,
        max: 1,
        exclusiveMax: true,
        sliderMin: 0.01,
        sliderMax: 0.99,
        step: 0.01,
        log: true,
        rangeMessage: 'ReduceLROnPlateau does not support a factor >= 1.0; a negative factor is refused here too (Keras would drop the LR straight to min_lr).',
      },
      {
        name: 'patience',
        label: 'Patience',
        help: 'A reduction happens on the patience-th epoch in a row without improvement (0 acts like 1).',
        kind: 'integer',
        default: 10,
        unit: 'epochs',
        min: 0,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 50,
        step: 1,
      },
      {
        name: 'mode',
        label: 'Mode',
        help: "min: the metric should fall (a loss); max: rise (an accuracy); auto: max if 'acc' is in the monitor's name.",
        kind: 'choice',
        default: 'auto',
        choices: ['auto', 'min', 'max'],
      },
      {
        name: 'min_delta',
        label: 'Min delta',
        help: 'An epoch counts as an improvement only if it beats the best value by more than this (absolute).',
        kind: 'number',
        default: 1e-4,
        min: 0,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-6,
        sliderMax: 0.1,
        step: 0.0001,
        log: true,
        rangeMessage: 'min_delta must be >= 0 (Keras does not check it; a negative value rewards getting worse)',
      },
      {
        name: 'cooldown',
        label: 'Cooldown',
        help: 'Epochs after a reduction before counting resumes; Keras already counts the last one (1 acts like 0).',
        kind: 'integer',
        default: 0,
        unit: 'epochs',
        min: 0,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 20,
        step: 1,
      },
      {
        name: 'min_lr',
        label: 'Minimum LR',
        help: 'The LR never goes below this.',
        kind: 'number',
        default: 0.0,
        min: 0,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 0.01,
        step: 0.00001,
      },
    ],
  },
  start(args, context): Simulation {
    const mode = str(args, 'mode');
    const maximize = mode === 'max' || (mode === 'auto' && str(args, 'monitor').includes('acc'));
    const plateau = new KerasPlateau(
      context.initialLr,
      maximize,
      num(args, 'factor'),
      num(args, 'patience'),
      num(args, 'min_delta'),
      num(args, 'cooldown'),
      num(args, 'min_lr'),
    );
    return {
      current: () => ({ lr: plateau.lr }),
      advance(metric) {
        if (typeof metric !== 'number') throw new ScheduleRuntimeError('ReduceLROnPlateau needs the monitored metric for every epoch', 'metric');
        plateau.onEpochEnd(metric);
      },
    };
  },
};
