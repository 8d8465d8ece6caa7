/**
 * The key table: each top-level setting (`epochs`, `log`, `loss`, …) and each panel optimizer field (`A.lr`, …)
 * with how it is written from the state and read back into a draft.
 */
import * as v from 'valibot';
import { OPTIMIZER_KINDS } from '../../schedules';
import { METRIC_PRESETS } from '../example-metric';
import type { ExampleMetricSettings, Horizon, PanelOptimizer, PlaygroundData, ViewSettings } from '../store';
import type { RESERVED_PANEL_KEYS } from './keys';
import { describeIssues } from './messages';
import { countSchema, flagSchema, lossSchema, nonNegativeSchema, type Schema, wordSchema } from './schemas';
import { numberText, same, toJson } from './values';

/** The decoded state while it is being built (mutable copies of the store's types). */
export interface Draft {
  horizon: Horizon;
  view: ViewSettings;
  metric: ExampleMetricSettings;
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
