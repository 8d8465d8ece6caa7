/**
 * Keras 3's per-epoch LR callbacks. They drive the optimizer's own LR (`context.initialLr`): tick i is epoch i.
 *   LearningRateScheduler: keras/src/callbacks/learning_rate_scheduler.py @ b4f00e7eaffe9532adb521a36809587a5998cbbb
 *   ReduceLROnPlateau:     keras/src/callbacks/reduce_lr_on_plateau.py    @ ac2ee342b119221090e464edc0d3344289f48741
 */
import { choice, num, str } from '../args';
import type { StandaloneFamily } from '../family';
import { forOneCurve } from '../functions';
import { type CompiledPythonValues, compilePythonValues, NpFloat, type PyValue } from '../python';
import { repr } from '../python/values';
import { type Monitor, ScheduleRuntimeError, type Simulation } from '../types';
import { KERAS_VERSION_LABEL } from './common';

/** compilePythonValues by source (every `sample` starts a fresh simulation; a slider move re-samples). */
const typedCache = new Map<string, CompiledPythonValues | null>();
function compileTyped(source: string): CompiledPythonValues | null {
  let hit = typedCache.get(source);
  if (hit === undefined) {
    const compiled = compilePythonValues(source);
    hit = compiled.ok ? compiled.value : null;
    if (typedCache.size >= 64) typedCache.delete(typedCache.keys().next().value as string);
    typedCache.set(source, hit);
  }
  return hit;
}

/**
 * LearningRateScheduler: at the START of every epoch Keras calls `schedule(epoch, lr)` with the optimizer's
 * current LR (falling back to `schedule(epoch)` when the two-argument call raises TypeError, i.e. for a
 * one-argument function) and writes the result into the optimizer. So
 *   lr[0] = schedule(0, lr_init),  lr[i] = schedule(i, lr[i−1]):
 * `lambda epoch, lr: lr * 0.9` already scales epoch 0, and compounds from there.
 * Keras raises ValueError when the result is not a float (float, np.float32, np.float64): an int, a bool or
 * None stops `fit` at that epoch, and so it does here (the function runs with its Python types). The schedule
 * runs lazily, at the epoch it belongs to, so an error inside it is reported at that tick (as Keras raises it
 * during that epoch of `fit`).
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
    // keras/src/callbacks/learning_rate_scheduler.py, LearningRateScheduler.__init__
    positional: ['schedule', 'verbose'],
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
    const source = str(args, 'schedule');
    // Syntax and arity errors (and Keras's one-argument fallback) as for every user function ...
    const schedule = context.compile(source, 'args.schedule', [2, 1]);
    // ... and the same function with Python values out, for Keras's float check, with this curve's step budget.
    const cached = compileTyped(source);
    const typed = cached && forOneCurve(cached, 'args.schedule');
    const arity = typed && typed.required <= 2 && typed.params.length >= 2 ? 2 : 1;
    const run = (e: number, previous: number): number => {
      if (!typed) return schedule(e, previous);
      let out: PyValue;
      try {
        out = typed.invoke(arity === 2 ? [BigInt(e), previous] : [BigInt(e)]);
      } catch (err) {
        if (err instanceof ScheduleRuntimeError && err.path === undefined) {
          const at = err.line !== undefined && err.column !== undefined ? { line: err.line, column: err.column } : undefined;
          throw new ScheduleRuntimeError(err.message, 'args.schedule', at);
        }
        throw err;
      }
      if (typeof out === 'number') return out;
      if (out instanceof NpFloat) return out.v;
      throw new ScheduleRuntimeError(
        `ValueError: The output of the \`schedule\` function should be a float. Got: ${repr(out)}`,
        'args.schedule',
      );
    };
    let epoch = 0;
    let lr = context.initialLr;
    let applied = false;
    const beginEpoch = (): void => {
      if (applied) return;
      lr = run(epoch, lr);
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
 * mode 'auto' means min for loss / val_loss and max for accuracy / val_accuracy (Keras 3.15 takes the direction
 * of the compiled accuracy metric; the exported code compiles it, since without it Keras raises).
 * Improvement is current + |min_delta| < best (min) or current − |min_delta| > best (max), and the first epoch
 * always improves (best starts as None).
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
  /** null until the first epoch, which always counts as an improvement (Keras starts from best = None). */
  private best: number | null = null;
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
    this.minLrF32 = Math.fround(minLr);
  }

  /**
   * Keras's MonitorCallback._is_improvement: monitor_op(current - delta, best) with delta = |min_delta| for max
   * and −|min_delta| for min, i.e. current − |d| > best, or current + |d| < best. Written this way round, not as
   * current < best − |d|: the two round differently (min_delta 0.1, best 0.136, current 0.036 is no improvement).
   */
  private improved(current: number): boolean {
    if (this.best === null) return true;
    const delta = Math.abs(this.minDelta); // MonitorCallback keeps abs(min_delta)
    return this.maximize ? current - delta > this.best : current + delta < this.best;
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

/** Keras 3.15's direction for ReduceLROnPlateau: 'auto' minimises a loss and maximises an accuracy. */
function kerasPlateauMaximizes(args: Readonly<Record<string, unknown>>): boolean {
  const mode = str(args, 'mode');
  // auto: Keras 3.15 minimises a loss and reads an accuracy's direction (up) from the compiled metric.
  return mode === 'max' || (mode === 'auto' && str(args, 'monitor').replace(/^val_/, '') === 'accuracy');
}

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
    // keras/src/callbacks/reduce_lr_on_plateau.py, ReduceLROnPlateau.__init__
    positional: ['monitor', 'factor', 'patience', 'verbose', 'mode', 'min_delta', 'cooldown', 'min_lr'],
    params: [
      {
        name: 'monitor',
        label: 'Monitor',
        // Stricter than Keras (any logged name): the preview feeds one example metric sequence whatever the name;
        // the name only decides the direction under mode 'auto'.
        help: "The metric watched; with mode 'auto', a loss should fall and an accuracy rise (Keras reads that from the accuracy metric compiled into the model, and raises without one).",
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
        // Keras refuses only factor >= 1.0; factor <= 0 sends the LR straight to min_lr at the first reduction.
        min: Number.NEGATIVE_INFINITY,
        max: 1,
        exclusiveMax: true,
        sliderMin: 0.01,
        sliderMax: 0.99,
        step: 0.01,
        log: true,
        rangeMessage: 'ReduceLROnPlateau does not support a factor >= 1.0.',
      },
      {
        name: 'patience',
        label: 'Patience',
        help: 'A reduction happens on the patience-th epoch in a row without improvement (0 or less acts like 1).',
        // 'integer' is stricter than Keras, which compares wait >= patience with any number: a fractional
        // patience acts exactly like its ceiling, so refusing it loses no behaviour (Keras documents an Integer).
        kind: 'integer',
        default: 10,
        unit: 'epochs',
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 50,
        step: 1,
      },
      {
        name: 'mode',
        label: 'Mode',
        // Stricter than Keras, which warns about any other mode and falls back to 'auto'.
        help: 'min: the metric should fall (a loss); max: rise (an accuracy); auto: min for a loss, max for an accuracy.',
        kind: 'choice',
        default: 'auto',
        choices: ['auto', 'min', 'max'],
      },
      {
        name: 'min_delta',
        label: 'Min delta',
        help: 'An epoch counts as an improvement only if it beats the best value by more than this (absolute; Keras takes abs() of a negative value).',
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
        name: 'cooldown',
        label: 'Cooldown',
        help: 'Epochs after a reduction before counting resumes; Keras already counts the last one (1 or less acts like 0).',
        // 'integer': stricter than Keras as for patience (a fractional cooldown acts like its ceiling).
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
        default: 0.0,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 0.01,
        step: 0.00001,
      },
    ],
  },
  monitor: (args) => ({ metric: choice<Monitor['metric']>(args, 'monitor'), mode: kerasPlateauMaximizes(args) ? 'max' : 'min' }),
  start(args, context): Simulation {
    const maximize = kerasPlateauMaximizes(args);
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
        if (typeof metric !== 'number')
          throw new ScheduleRuntimeError('ReduceLROnPlateau needs the monitored metric for every epoch', 'metric');
        plateau.onEpochEnd(metric);
      },
    };
  },
};
