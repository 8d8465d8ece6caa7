/**
 * Shared pieces of the Hugging Face transformers schedules (transformers/optimization.py, release 5.24.0).
 * Every `get_*_schedule*` function there wraps a plain function of the step count in torch's LambdaLR, which
 * sets `lr = initial_lr * factor(last_epoch)` in its constructor (last_epoch = 0) and after every
 * `scheduler.step()`. The Trainer calls `step()` once per optimizer step, so these families tick per step.
 * Arithmetic is CPython's float64, with its exceptions (division by zero, sqrt of a negative number) raised at
 * the tick where the library would raise them.
 */
import type { FamilySpec, StandaloneContext, StandaloneFamily } from '../family';
import type { NumberParam, ParamSpec } from '../params';
import { ScheduleRuntimeError, type Simulation } from '../types';

export const TRANSFORMERS_VERSION_LABEL = 'transformers 5.24';

type Args = Readonly<Record<string, unknown>>;

/** A step count: the library's type hints say int; any int works (a negative count just skips its phase). */
export function stepsParam(
  name: string,
  label: string,
  help: string,
  value: number,
  sliderMax: number,
  extra: Partial<NumberParam> = {},
): NumberParam {
  return {
    name,
    label,
    help,
    kind: 'integer',
    required: true,
    default: value,
    unit: 'steps',
    min: -Number.MAX_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    sliderMin: 0,
    sliderMax,
    step: 1,
    rangeMessage: `${name} must be a whole number of steps of at most 2^53 in magnitude (beyond that a JavaScript number cannot hold it exactly)`,
    ...extra,
  };
}

export const WARMUP_PARAM = stepsParam(
  'num_warmup_steps',
  'Warmup steps',
  'Steps of linear warmup from 0 to the optimizer’s LR.',
  500,
  5000,
);
/** The default fits the default horizon (50 epochs of 100 steps). */
export const TRAINING_PARAM = stepsParam(
  'num_training_steps',
  'Training steps',
  'The total number of optimizer steps (warmup included); the decay ends here.',
  5000,
  50000,
);

export function float(
  name: string,
  label: string,
  help: string,
  value: number,
  range: { sliderMin: number; sliderMax: number; step: number },
  extra: Partial<NumberParam> = {},
): NumberParam {
  return {
    name,
    label,
    help,
    kind: 'number',
    default: value,
    min: Number.NEGATIVE_INFINITY,
    max: Number.POSITIVE_INFINITY,
    ...range,
    ...extra,
  };
}

/** Python's `math.sqrt`: ValueError for a negative argument. */
export function sqrt(x: number): number {
  if (x < 0) throw new ScheduleRuntimeError('ValueError: math domain error');
  return Math.sqrt(x);
}

/** The warmup ramp every schedule here shares: `float(step) / float(max(1, num_warmup_steps))`. */
export const warmupFactor = (step: number, warmup: number): number => step / Math.max(1, warmup);

/**
 * A family built on torch's LambdaLR: `factorFor(args, context)` is called once, as the library's
 * `get_*` function runs (it may raise, as a ValueError there does), and returns the lambda of the step.
 * The lambda is evaluated at step 0 when the simulation starts, as LambdaLR's constructor does, so an error
 * there is a construction error.
 */
export function lambdaFamily(
  spec: Omit<FamilySpec, 'framework' | 'frameworkVersion' | 'tick' | 'needsMetric' | 'usesOptimizerLr' | 'canCycleMomentum'> & {
    params: readonly ParamSpec[];
  },
  factorFor: (args: Args, context: StandaloneContext) => (step: number) => number,
): StandaloneFamily {
  return {
    spec: {
      framework: 'transformers',
      frameworkVersion: TRANSFORMERS_VERSION_LABEL,
      tick: 'step',
      needsMetric: false,
      usesOptimizerLr: true,
      canCycleMomentum: false,
      ...spec,
    },
    start(args, context): Simulation {
      const factor = factorFor(args, context);
      const initial = context.initialLr;
      let step = 0;
      let lr = initial * factor(0);
      return {
        current: () => ({ lr }),
        advance() {
          step += 1;
          lr = initial * factor(step);
        },
      };
    },
  };
}
