/**
 * The key table: each top-level setting (`epochs`, `log`, `loss`, the training settings `train.*`, …) and each
 * panel optimizer field (`A.lr`, …) with how it is written from the state and read back into a draft.
 */
import * as v from 'valibot';
import { MAX_GRADIENT_NOISE } from '../../landscape/limits';
import { type Point, SURFACE_MAPS, SURFACES } from '../../landscape/maps';
import { OPTIMIZER_KINDS } from '../../schedules';
import {
  ACTIVATIONS,
  DATASET_LIMITS,
  DATASET_NAMES,
  type DatasetName,
  INITS,
  MAX_BATCH_SIZE,
  MAX_HIDDEN_LAYERS,
  MAX_UNITS,
} from '../../training/types';
import { METRIC_PRESETS } from '../example-metric';
import {
  type ExampleMetricSettings,
  type Horizon,
  type LandscapeSettings,
  MAX_LANDSCAPE_SEED,
  type PanelOptimizer,
  type PlaygroundData,
  RESULTS_TABS,
  type ViewSettings,
} from '../store';
import { BACKEND_CHOICES, MAX_SEEDS, type TrainingSettings } from '../training-settings';
import type { RESERVED_PANEL_KEYS } from './keys';
import { describeIssues } from './messages';
import {
  countSchema,
  flagSchema,
  integerInSchema,
  lossSchema,
  nonNegativeSchema,
  numberInSchema,
  type Schema,
  wordSchema,
} from './schemas';
import { numberText, same, toJson } from './values';

/** The decoded state while it is being built (mutable copies of the store's types). */
export interface Draft {
  horizon: Horizon;
  view: ViewSettings;
  metric: ExampleMetricSettings;
  training: TrainingSettings;
  landscape: LandscapeSettings;
}

/** One top-level key: how to write it from the state and read it into the draft. */
interface Setting {
  key: string;
  /** The text to write, or undefined where the value is its default. */
  write(data: PlaygroundData, defaults: PlaygroundData): string | undefined;
  /** Reads the text into the draft; returns why it was refused, or undefined. */
  read(text: string, draft: Draft): string | undefined;
}

function setting<T>(
  key: string,
  schema: v.GenericSchema<unknown, T>,
  get: (data: PlaygroundData) => T,
  set: (draft: Draft, value: T) => void,
  text: (value: T) => string,
  options: { always?: boolean } = {},
): Setting {
  return {
    key,
    write: (data, defaults) => {
      const value = get(data);
      return options.always || !same(value, get(defaults)) ? text(value) : undefined;
    },
    read: (raw, draft) => {
      const result = v.safeParse(schema, raw);
      if (!result.success) return describeIssues(result.issues, key);
      set(draft, result.output);
      return undefined;
    },
  };
}

const flagText = (x: boolean) => (x ? '1' : '0');

/** Reads `text` with `schema` into the draft (the part of `setting` that reads), for keys whose schema varies. */
function readWith<T>(key: string, schema: v.GenericSchema<unknown, T>, text: string, set: (value: T) => void): string | undefined {
  const result = v.safeParse(schema, text);
  if (!result.success) return describeIssues(result.issues, key);
  set(result.output);
  return undefined;
}

const count = (n: number) => n.toLocaleString('en-US');
const NOISY_SETS = DATASET_NAMES.filter((d) => DATASET_LIMITS[d].noise !== undefined);

/** `train.samples` of each dataset: a whole number in its range. */
const SAMPLES_SCHEMAS = new Map(
  DATASET_NAMES.map((name) => {
    const { min, max } = DATASET_LIMITS[name].samples;
    return [name, integerInSchema(min, max, `must be a whole number from ${count(min)} to ${count(max)} for ${name}`)] as const;
  }),
);
/** `train.noise` of each 2-D set: a number in its range. */
const NOISE_SCHEMAS = new Map(
  NOISY_SETS.map((name) => {
    const range = DATASET_LIMITS[name].noise ?? { min: 0, max: 0 };
    return [name, numberInSchema(range.min, range.max, `must be a number from ${range.min} to ${range.max} for ${name}`)] as const;
  }),
);

const HIDDEN_TEXT = `must be at most ${MAX_HIDDEN_LAYERS} layer widths from 1 to ${MAX_UNITS}, comma separated (e.g. 128,64; none for no hidden layer)`;
/** `train.hidden`: widths separated by commas, `none` (or nothing, or `[]`) for no hidden layer. */
const hiddenSchema = v.pipe(
  v.string(),
  v.transform((text) => (text === 'none' || text === '' || text === '[]' ? [] : text.split(','))),
  v.check((items) => items.length <= MAX_HIDDEN_LAYERS, HIDDEN_TEXT),
  v.array(integerInSchema(1, MAX_UNITS, HIDDEN_TEXT)),
);

/** The double after `x` towards `direction` (±1), for x finite and positive. */
function nextDouble(x: number, direction: 1 | -1): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = (bits[0] as bigint) + BigInt(direction);
  return new Float64Array(bits.buffer)[0] as number;
}

/**
 * `train.target` is a percentage (`95` is 95 %), the store's targetAccuracy a fraction. The text is the shortest
 * percentage that reads back to the same fraction: any percentage a person typed has one, and so does almost any
 * other fraction (the neighbours of fraction × 100 are tried too); the rare fraction no percentage divides to is
 * written as the closest one.
 */
export function percentText(fraction: number): string {
  const exact = (text: string) => Number(text) / 100 === fraction;
  const near = fraction * 100;
  for (let digits = 1; digits <= 17; digits++) {
    const text = numberText(Number(near.toPrecision(digits)));
    if (exact(text)) return text;
  }
  if (Number.isFinite(near) && near > 0) {
    let up = near;
    let down = near;
    for (let i = 0; i < 4; i++) {
      up = nextDouble(up, 1);
      down = nextDouble(down, -1);
      for (const candidate of [numberText(up), numberText(down)]) if (exact(candidate)) return candidate;
    }
  }
  return numberText(near);
}
const targetSchema = v.pipe(
  numberInSchema(0, 100, 'must be a percentage above 0 and at most 100 (95 is 95 %)', { exclusiveMin: true }),
  v.transform((percent) => percent / 100),
);

/**
 * The training settings (`train.*`), each written only where it differs from DEFAULT_TRAINING, so links without
 * training settings are as they were. `train.dataset` comes before `train.samples` and `train.noise`: their range
 * is the dataset's.
 */
const TRAINING_SETTINGS: readonly Setting[] = [
  setting(
    'train.dataset',
    wordSchema(DATASET_NAMES),
    (d) => d.training.dataset,
    (d, x) => {
      d.training.dataset = x;
    },
    String,
  ),
  {
    key: 'train.samples',
    write: (data) => (data.training.samples === undefined ? undefined : numberText(data.training.samples)),
    read: (text, draft) => {
      const schema = SAMPLES_SCHEMAS.get(draft.training.dataset);
      if (!schema) return 'train.samples has no dataset';
      return readWith('train.samples', schema, text, (x) => {
        draft.training.samples = x;
      });
    },
  },
  {
    key: 'train.noise',
    write: (data) => (data.training.noise === undefined ? undefined : numberText(data.training.noise)),
    read: (text, draft) => {
      const dataset: DatasetName = draft.training.dataset;
      const schema = NOISE_SCHEMAS.get(dataset);
      if (!schema) return `train.noise is for the 2-D sets (${NOISY_SETS.join(', ')}); ${dataset} takes none`;
      return readWith('train.noise', schema, text, (x) => {
        draft.training.noise = x;
      });
    },
  },
  setting<number[]>(
    'train.hidden',
    hiddenSchema,
    (d) => d.training.hidden,
    (d, x) => {
      d.training.hidden = x;
    },
    (x) => (x.length === 0 ? 'none' : x.map(numberText).join(',')),
  ),
  setting(
    'train.activation',
    wordSchema(ACTIVATIONS),
    (d) => d.training.activation,
    (d, x) => {
      d.training.activation = x;
    },
    String,
  ),
  setting(
    'train.batch',
    integerInSchema(1, MAX_BATCH_SIZE, `must be a whole number from 1 to ${count(MAX_BATCH_SIZE)}`),
    (d) => d.training.batchSize,
    (d, x) => {
      d.training.batchSize = x;
    },
    numberText,
  ),
  setting(
    'train.seeds',
    integerInSchema(1, MAX_SEEDS, `must be a whole number from 1 to ${MAX_SEEDS}`),
    (d) => d.training.seeds,
    (d, x) => {
      d.training.seeds = x;
    },
    numberText,
  ),
  setting(
    'train.init',
    wordSchema(INITS),
    (d) => d.training.init,
    (d, x) => {
      d.training.init = x;
    },
    String,
  ),
  setting(
    'train.backend',
    wordSchema(BACKEND_CHOICES),
    (d) => d.training.backend,
    (d, x) => {
      d.training.backend = x;
    },
    String,
  ),
  setting(
    'train.target',
    targetSchema,
    (d) => d.training.targetAccuracy,
    (d, x) => {
      d.training.targetAccuracy = x;
    },
    percentText,
  ),
];

/** `landscape.start`: two numbers `x,y` inside the map of the surface read before it. */
function readStart(text: string, draft: Draft): string | undefined {
  const spec = SURFACE_MAPS[draft.landscape.surface];
  const { x, y } = spec.domain;
  const message = `landscape.start must be two numbers x,y inside the ${spec.label} map (x from ${x[0]} to ${x[1]}, y from ${y[0]} to ${y[1]})`;
  const parts = text.split(',');
  if (parts.length !== 2) return message;
  const schemas = [numberInSchema(x[0], x[1], message), numberInSchema(y[0], y[1], message)] as const;
  const point: number[] = [];
  for (const [i, part] of parts.entries()) {
    const result = v.safeParse(schemas[i === 0 ? 0 : 1], part);
    if (!result.success) return message;
    point.push(result.output);
  }
  draft.landscape.start = point as Point;
  return undefined;
}

/**
 * The Landscape view's settings (`landscape.*`), each written only where it differs from DEFAULT_LANDSCAPE.
 * `landscape.surface` comes first: the start's range is the surface's map, and a new surface drops the start.
 */
const LANDSCAPE_SETTINGS: readonly Setting[] = [
  setting(
    'landscape.surface',
    wordSchema(SURFACES),
    (d) => d.landscape.surface,
    (d, x) => {
      d.landscape = { ...d.landscape, surface: x };
      delete d.landscape.start;
      delete d.landscape.lrScale;
    },
    String,
  ),
  {
    key: 'landscape.start',
    write: (data) => (data.landscape.start === undefined ? undefined : data.landscape.start.map(numberText).join(',')),
    read: readStart,
  },
  {
    key: 'landscape.lrScale',
    write: (data) => (data.landscape.lrScale === undefined ? undefined : numberText(data.landscape.lrScale)),
    read: (text, draft) =>
      readWith(
        'landscape.lrScale',
        numberInSchema(0, 1e6, 'must be a number above 0 and at most 1e6', { exclusiveMin: true }),
        text,
        (x) => {
          draft.landscape.lrScale = x;
        },
      ),
  },
  setting(
    'landscape.noise',
    numberInSchema(0, MAX_GRADIENT_NOISE, `must be a number from 0 to ${MAX_GRADIENT_NOISE}`),
    (d) => d.landscape.gradientNoise,
    (d, x) => {
      d.landscape.gradientNoise = x;
    },
    numberText,
  ),
  setting(
    'landscape.seed',
    integerInSchema(0, MAX_LANDSCAPE_SEED, `must be a whole number from 0 to ${count(MAX_LANDSCAPE_SEED)}`),
    (d) => d.landscape.seed,
    (d, x) => {
      d.landscape.seed = x;
    },
    numberText,
  ),
];

export const SETTINGS: readonly Setting[] = [
  setting(
    'epochs',
    countSchema,
    (d) => d.horizon.epochs,
    (d, x) => {
      d.horizon.epochs = x;
    },
    String,
    { always: true },
  ),
  setting(
    'steps',
    countSchema,
    (d) => d.horizon.stepsPerEpoch,
    (d, x) => {
      d.horizon.stepsPerEpoch = x;
    },
    String,
    { always: true },
  ),
  setting(
    'log',
    flagSchema,
    (d) => d.view.logScale,
    (d, x) => {
      d.view.logScale = x;
    },
    flagText,
  ),
  setting(
    'values',
    flagSchema,
    (d) => d.view.showValues,
    (d, x) => {
      d.view.showValues = x;
    },
    flagText,
  ),
  setting(
    'side',
    flagSchema,
    (d) => d.view.sideBySide,
    (d, x) => {
      d.view.sideBySide = x;
    },
    flagText,
  ),
  setting(
    'x',
    wordSchema(['epoch', 'step'] as const),
    (d) => d.view.xAxis,
    (d, x) => {
      d.view.xAxis = x;
    },
    String,
  ),
  setting(
    'theme',
    wordSchema(['system', 'light', 'dark'] as const),
    (d) => d.view.theme,
    (d, x) => {
      d.view.theme = x;
    },
    String,
  ),
  setting(
    'metric',
    wordSchema(METRIC_PRESETS.map((p) => p.id)),
    (d) => d.metric.preset,
    (d, x) => {
      d.metric.preset = x;
    },
    String,
  ),
  setting<readonly number[]>(
    'loss',
    lossSchema,
    (d) => d.metric.custom,
    (d, x) => {
      d.metric.custom = x;
    },
    (x) => x.map(numberText).join(','),
  ),
  setting(
    'tab',
    wordSchema(RESULTS_TABS),
    (d) => d.view.tab,
    (d, x) => {
      d.view.tab = x;
    },
    String,
  ),
  ...TRAINING_SETTINGS,
  ...LANDSCAPE_SETTINGS,
];

/** A panel's optimizer fields: `A.optimizer`, `A.lr`, `A.momentum`. */
export interface OptimizerField {
  key: (typeof RESERVED_PANEL_KEYS)[number];
  field: keyof PanelOptimizer;
  schema: Schema;
  text(value: unknown): string;
}

export const OPTIMIZER_FIELDS: readonly OptimizerField[] = [
  { key: 'optimizer', field: 'kind', schema: wordSchema(OPTIMIZER_KINDS), text: String },
  { key: 'lr', field: 'lr', schema: nonNegativeSchema, text: (x) => (typeof x === 'number' ? numberText(x) : toJson(x)) },
  { key: 'momentum', field: 'momentum', schema: nonNegativeSchema, text: (x) => (typeof x === 'number' ? numberText(x) : toJson(x)) },
];

export function setOptimizerField(optimizer: PanelOptimizer, field: keyof PanelOptimizer, value: unknown): void {
  if (field === 'kind') {
    const kind = OPTIMIZER_KINDS.find((k) => k === value);
    if (kind) optimizer.kind = kind;
  } else if (typeof value === 'number') optimizer[field] = value;
}
