/**
 * Keras 3's step-based decay schedules (keras.optimizers.schedules), from
 * keras/src/optimizers/schedules/learning_rate_schedule.py @ 5d24952b083cb11f87abadacc886ddb3bdb63a03.
 * Notation: s = the optimizer's iteration count (0 for the first update), lr_0 = initial_learning_rate.
 * Each `__call__` is evaluated operation by operation in float64, in the order Keras writes it.
 */
import type { StandaloneFamily } from '../family';
import { ScheduleRuntimeError } from '../types';
import { bool, list, num } from '../args';
import { decayStepsParam, initialLrParam, KERAS_VERSION_LABEL, pyFloatListRepr, pyIntListRepr, stepSimulation } from './common';

const staircaseParam = (help: string) =>
  ({
    name: 'staircase',
    label: 'Staircase',
    help,
    kind: 'boolean',
    default: false,
  }) as const;

/**
 * ExponentialDecay: lr(s) = lr_0 · decay_rate^p, p = s / decay_steps, or ⌊s / decay_steps⌋ with staircase.
 * Keras: ExponentialDecay.__call__ (constructor raises unless decay_steps > 0).
 */
export function exponentialDecay(lr0: number, decaySteps: number, decayRate: number, staircase: boolean) {
  return (step: number): number => {
    let p = step / decaySteps;
    if (staircase) p = Math.floor(p);
    return lr0 * decayRate ** p;
  };
}

export const exponentialDecayFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'ExponentialDecay',
    title: 'Exponential decay',
    description: 'Multiplies the LR by decay_rate every decay_steps optimizer steps, smoothly or in stairs.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: false,
    // keras/src/optimizers/schedules/learning_rate_schedule.py, ExponentialDecay.__init__
    positional: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
    params: [
      initialLrParam(0.1),
      decayStepsParam('decay_steps', 1000, 'Steps over which the LR is multiplied by decay_rate once.'),
      {
        name: 'decay_rate',
        label: 'Decay rate',
        help: 'Factor applied per decay_steps steps.',
        kind: 'number',
        required: true,
        default: 0.96,
        // Keras checks nothing. A negative rate alternates the sign with staircase, and without it gives NaN
        // at the first step that is not a multiple of decay_steps (`sample` reports that tick).
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0.01,
        sliderMax: 1,
        step: 0.01,
      },
      staircaseParam('Decay in discrete steps: the exponent is floor(step / decay_steps).'),
    ],
  },
  start: (args) =>
    stepSimulation(
      exponentialDecay(num(args, 'initial_learning_rate'), num(args, 'decay_steps'), num(args, 'decay_rate'), bool(args, 'staircase')),
    ),
};

/**
 * PiecewiseConstantDecay: values[0] while s <= boundaries[0], values[k] while boundaries[k−1] < s <= boundaries[k],
 * values[−1] once s > boundaries[−1]; a step equal to a boundary belongs to the lower interval.
 * Keras computes it as a sum of indicator × value terms (first interval, last interval, then each middle one),
 * and never checks that the boundaries increase: with unsorted boundaries several terms (or none) can fire and
 * their values add up. We reproduce that sum. Keras casts each boundary to the step's integer dtype, which
 * truncates toward zero (3.7 -> 3, -0.5 -> 0), and so do we. Keras's constructor only checks the lengths; an empty
 * `boundaries` passes it, and the first call then fails on `boundaries[0]` (IndexError), as it does here.
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]) {
  const cast = boundaries.map((b) => Math.trunc(b) + 0);
  return (step: number): number => {
    const first = cast[0];
    const last = cast[cast.length - 1];
    if (first === undefined || last === undefined) {
      throw new ScheduleRuntimeError('IndexError: list index out of range', 'args.boundaries');
    }
    let result = 0;
    result += (step <= first ? 1 : 0) * (values[0] as number);
    result += (step > last ? 1 : 0) * (values[values.length - 1] as number);
    for (let k = 0; k + 1 < cast.length; k++) {
      const low = cast[k] as number;
      const high = cast[k + 1] as number;
      result += (step > low && step <= high ? 1 : 0) * (values[k + 1] as number);
    }
    return result;
  };
}

export const piecewiseConstantDecayFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'PiecewiseConstantDecay',
    title: 'Piecewise constant',
    description: 'Holds values[k] between consecutive step boundaries; a step equal to a boundary keeps the earlier value.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: false,
    // keras/src/optimizers/schedules/learning_rate_schedule.py, PiecewiseConstantDecay.__init__
    positional: ['boundaries', 'values', 'name'],
    params: [
      {
        name: 'boundaries',
        label: 'Boundaries',
        // Keras's docstring asks for strictly increasing boundaries, but its code never checks: we follow the code.
        help: 'Steps after which the next value starts (step == boundary still uses the earlier value).',
        kind: 'numberList',
        required: true,
        default: [1000, 2000],
        unit: 'steps',
      },
      {
        name: 'values',
        label: 'Values',
        help: 'The LR in each interval: one more value than boundaries.',
        kind: 'numberList',
        required: true,
        default: [0.1, 0.01, 0.001],
      },
    ],
  },
  start(args) {
    const boundaries = list(args, 'boundaries');
    const values = list(args, 'values');
    if (boundaries.length !== values.length - 1) {
      throw new ScheduleRuntimeError(
        'The length of boundaries should be 1 less than the length of values. ' +
          `Received: boundaries=${pyIntListRepr(boundaries)} of length ${boundaries.length}, ` +
          `and values=${pyFloatListRepr(values)} of length ${values.length}.`,
        'args.values',
      );
    }
    return stepSimulation(piecewiseConstant(boundaries, values));
  },
};

/**
 * PolynomialDecay: lr(s) = (lr_0 − end) · (1 − s' / d')^power + end, where
 *   cycle=False: s' = min(s, decay_steps), d' = decay_steps;
 *   cycle=True:  s' = s, d' = decay_steps · m with m = ⌈s / decay_steps⌉, except m = 1 at s = 0
 *   (each multiple of decay_steps itself reaches end_learning_rate; the next step jumps back up to
 *   (lr_0 − end) · (1 − s / d')^power + end. The docstring's "first multiple bigger than step" is off at
 *   those multiples: the code's ceil picks the multiple equal to the step.)
 * Keras: PolynomialDecay.__call__.
 */
export function polynomialDecay(lr0: number, decaySteps: number, end: number, power: number, cycle: boolean) {
  return (step: number): number => {
    let s = step;
    let d = decaySteps;
    if (cycle) {
      const multiplier = s === 0 ? 1.0 : Math.ceil(s / decaySteps);
      d = d * multiplier;
    } else {
      s = Math.min(s, d);
    }
    const p = s / d;
    return (lr0 - end) * (1 - p) ** power + end;
  };
}

export const polynomialDecayFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'PolynomialDecay',
    title: 'Polynomial decay',
    description: 'Moves the LR to end_learning_rate over decay_steps along (1 − s/decay_steps)^power, optionally cycling.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: false,
    // keras/src/optimizers/schedules/learning_rate_schedule.py, PolynomialDecay.__init__
    positional: ['initial_learning_rate', 'decay_steps', 'end_learning_rate', 'power', 'cycle', 'name'],
    params: [
      initialLrParam(0.1),
      decayStepsParam('decay_steps', 1000, 'Steps to reach end_learning_rate (one cycle when cycling).'),
      {
        name: 'end_learning_rate',
        label: 'End LR',
        help: 'The LR reached after decay_steps.',
        kind: 'number',
        default: 0.0001,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-7,
        sliderMax: 1,
        step: 0.00001,
        log: true,
      },
      {
        name: 'power',
        label: 'Power',
        help: 'Exponent of the polynomial: 1 is linear, 0.5 square root, 2 quadratic.',
        kind: 'number',
        default: 1.0,
        // Keras checks nothing: a negative power rises and reaches Infinity at decay_steps (`sample` reports it).
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 5,
        step: 0.1,
      },
      {
        name: 'cycle',
        label: 'Cycle',
        help: 'Past decay_steps, decay over the first multiple of decay_steps >= step (the LR jumps back up) instead of holding.',
        kind: 'boolean',
        default: false,
      },
    ],
  },
  start: (args) =>
    stepSimulation(
      polynomialDecay(
        num(args, 'initial_learning_rate'),
        num(args, 'decay_steps'),
        num(args, 'end_learning_rate'),
        num(args, 'power'),
        bool(args, 'cycle'),
      ),
    ),
};

/**
 * InverseTimeDecay: lr(s) = lr_0 / (1 + decay_rate · p), p = s / decay_steps, or ⌊s / decay_steps⌋ with staircase.
 * Keras: InverseTimeDecay.__call__.
 */
export function inverseTimeDecay(lr0: number, decaySteps: number, decayRate: number, staircase: boolean) {
  return (step: number): number => {
    let p = step / decaySteps;
    if (staircase) p = Math.floor(p);
    return lr0 / (1 + decayRate * p);
  };
}

export const inverseTimeDecayFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'InverseTimeDecay',
    title: 'Inverse time decay',
    description: 'Divides the LR by 1 + decay_rate · step / decay_steps (1/t decay), smoothly or in stairs.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: false,
    // keras/src/optimizers/schedules/learning_rate_schedule.py, InverseTimeDecay.__init__
    positional: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
    params: [
      initialLrParam(0.1),
      decayStepsParam('decay_steps', 1000, 'Steps per unit of decay.'),
      {
        name: 'decay_rate',
        label: 'Decay rate',
        help: 'How fast the LR falls: after k·decay_steps it is lr_0 / (1 + decay_rate·k).',
        kind: 'number',
        required: true,
        default: 0.5,
        // Keras checks nothing: a negative rate makes the LR grow, and Infinity where 1 + decay_rate·p is 0.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 10,
        step: 0.01,
      },
      staircaseParam('Decay in discrete steps: floor(step / decay_steps).'),
    ],
  },
  start: (args) =>
    stepSimulation(
      inverseTimeDecay(num(args, 'initial_learning_rate'), num(args, 'decay_steps'), num(args, 'decay_rate'), bool(args, 'staircase')),
    ),
};
