/**
 * Shared pieces of the Keras 3 families. Every formula follows the Keras source, not its docstrings:
 *   schedules  keras/src/optimizers/schedules/learning_rate_schedule.py @ 5d24952b083cb11f87abadacc886ddb3bdb63a03
 *   callbacks  keras/src/callbacks/learning_rate_scheduler.py         @ b4f00e7eaffe9532adb521a36809587a5998cbbb
 *              keras/src/callbacks/reduce_lr_on_plateau.py            @ ac2ee342b119221090e464edc0d3344289f48741
 * Keras evaluates these in the dtype of `initial_learning_rate` (float32 unless floatx is float64) and stores
 * the optimizer's LR in a floatx variable. We evaluate in float64: real Keras 3.15 with floatx 'float64' gives
 * the same numbers (src/schedules/__fixtures__/keras.json, relative 1e-12); with its default float32 it differs
 * by about 1e-7 relative, more where a cosine is near zero, and at a few restart boundaries of
 * CosineDecayRestarts where float32's restart index lands on the other side.
 * Validators refuse only what Keras 3.15 refuses (decay_steps <= 0, mismatched PiecewiseConstantDecay lengths,
 * ReduceLROnPlateau's factor >= 1) plus the few values listed where they are declared, each with its reason.
 */
import type { NumberParam } from '../params';
import type { Simulation } from '../types';

/** Shown with every Keras family: what the curve is checked against, and how default Keras differs. */
export const KERAS_VERSION_LABEL = 'Keras 3.15 · float64, as with floatx float64; default float32 is ~1e-7 apart';

/**
 * A LearningRateSchedule driven by an optimizer: the (i+1)-th update reads `schedule(iterations)` with
 * iterations = i, so tick i shows `lr(i)`. `lr` may throw a ScheduleRuntimeError; `sample` reports its tick.
 */
export function stepSimulation(lr: (step: number) => number): Simulation {
  let step = 0;
  return {
    current: () => ({ lr: lr(step) }),
    advance() {
      step += 1;
    },
  };
}

/** Python's repr of a float (`0.1`, `1.0`, `1e-05`, `1.5e+20`): shortest round-trip digits, Python's layout. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exponent = Number(expText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exponent >= 0) {
    const whole = digits.padEnd(exponent + 1, '0');
    const intPart = whole.slice(0, exponent + 1);
    const frac = whole.slice(exponent + 1);
    text = `${intPart}.${frac === '' ? '0' : frac}`;
  } else {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return negative ? `-${text}` : text;
}

/** Python's repr of a list of ints (`[100, 200]`). */
export function pyIntListRepr(values: readonly number[]): string {
  return `[${values.map((v) => String(v)).join(', ')}]`;
}

/** Python's repr of a list of floats (`[0.1, 0.01, 0.001]`). */
export function pyFloatListRepr(values: readonly number[]): string {
  return `[${values.map(pyFloatRepr).join(', ')}]`;
}

/** `initial_learning_rate`: required by every schedule (Keras has no default). */
export function initialLrParam(example: number, help = 'The LR at step 0.'): NumberParam {
  return {
    name: 'initial_learning_rate',
    label: 'Initial LR',
    help,
    kind: 'number',
    required: true,
    default: example,
    // Keras checks nothing: a negative LR is computed as written (it trains uphill).
    min: Number.NEGATIVE_INFINITY,
    max: Number.POSITIVE_INFINITY,
    sliderMin: 1e-6,
    sliderMax: 1,
    step: 0.0001,
    log: true,
  };
}

/** `decay_steps` / `first_decay_steps`: Keras raises unless > 0 (a float is fine: Keras casts it). */
export function decayStepsParam(name: 'decay_steps' | 'first_decay_steps', example: number, help: string): NumberParam {
  return {
    name,
    label: name === 'decay_steps' ? 'Decay steps' : 'First decay steps',
    help,
    kind: 'number',
    required: true,
    default: example,
    unit: 'steps',
    min: 0,
    exclusiveMin: true,
    max: Number.POSITIVE_INFINITY,
    sliderMin: 1,
    sliderMax: 10000,
    step: 1,
    rangeMessage: `Argument \`${name}\` must be > 0.`,
  };
}

/** `alpha`: the floor of a cosine schedule as a fraction of the LR it decays from. */
export function alphaParam(help: string): NumberParam {
  return {
    name: 'alpha',
    label: 'Alpha (floor fraction)',
    help,
    kind: 'number',
    default: 0.0,
    // Keras checks nothing: a negative alpha takes the LR below zero, above 1 the "decay" rises.
    min: Number.NEGATIVE_INFINITY,
    max: Number.POSITIVE_INFINITY,
    sliderMin: 0,
    sliderMax: 1,
    step: 0.01,
  };
}
