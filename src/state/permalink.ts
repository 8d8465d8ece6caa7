/**
 * Permalinks: the whole playground state as a readable query string, and back. Pure (text in, state and
 * warnings out), never throws, never evaluates anything (Python sources stay text), versioned.
 *
 * Format, version 1: one query parameter per value, and every value only where it differs from its default,
 * except `v` and the horizon, which are always written. The default state is
 *
 *   v=1&epochs=50&steps=100&A=torch.StepLR
 *
 * and a comparison of two schedules
 *
 *   v=1&epochs=90&steps=100&A=torch.StepLR&A.step_size=30&B=torch.CosineAnnealingLR&B.T_max=90&B.optimizer=Adam&B.lr=0.001
 *
 * | key                     | value                                                                               |
 * |-------------------------|-------------------------------------------------------------------------------------|
 * | `v`                     | format version                                                                      |
 * | `epochs`, `steps`       | the horizon: positive integers, epochs × steps ≤ 1,000,000                          |
 * | `log`, `values`, `side` | view toggles: 1 or 0 (log scale, values table, side by side)                        |
 * | `x`, `theme`            | x axis (epoch, step); theme (system, light, dark)                                   |
 * | `metric`, `loss`        | example-loss preset; the custom loss values, comma separated                        |
 * | `A` … `F`               | one panel each, in order: `framework.Family` (torch.StepLR, keras.CosineDecay, …)   |
 * | `A.<argument>`          | one constructor argument, written as its ParamSpec kind reads it (below)            |
 * | `A.optimizer`, `A.lr`, `A.momentum` | the panel's optimizer (SGD, 0.1, 0.9 by default)                        |
 * | `A.unset`               | arguments the panel leaves out (the framework's own default applies), comma separated |
 * | `A.stepEvery`           | `epoch` or `batch`: where the loop calls step(), when not the family's own tick       |
 * | `embed`, `hide`, `lock` | embed options: `embed=1&hide=legend,controls,gamma&lock=step_size`                  |
 *
 * Argument values by kind: number/integer as the shortest decimal that round-trips (`0.30000000000000004`,
 * `1e-300`, `5e-324`, `-0`) or `None`; boolean `true`/`false`; choice the word itself; numberList comma separated
 * (`30,80`; `[]` when empty); function the Python source as typed (`None` for no function). Everything else is
 * JSON in the parameter value: nested schedules (`schedules`, `schedule`), and any string that the plain form
 * would misread (one starting with `"`, the source text `None`, a string with unpaired surrogates).
 * Arguments other than the family's parameters (`verbose`, a Keras `name`) do not change the curve and are not kept.
 *
 * The defaults are part of the format: changing a family's default, DEFAULT_OPTIMIZER, DEFAULT_VIEW or
 * DEFAULT_METRIC changes what an old link means, so it needs PERMALINK_VERSION + 1 and a reader here that fills
 * in the old defaults for links with the old version (permalink.test.ts pins version-1 links to their states).
 *
 * Decoding is best effort and says what it dropped and why: an unknown family drops its panel, an invalid
 * value falls back to its default, an unknown key is ignored, each with a warning. Every decoded value goes
 * through a valibot schema generated from the family's ParamSpecs, then the engine (`fromFramework`) checks each
 * panel as a whole, and any argument it still rejects is reset to its default. The result is always a state the
 * store can use: 1 to MAX_PANELS panels that `fromFramework` accepts, a usable horizon.
 *
 * Nothing here creates an object with a key taken from the link: query keys live in a Map, arguments are copied
 * by the names in the family's table, and JSON values (JSON.parse makes own properties, never prototypes) are
 * checked by strict valibot objects that refuse any key not in the table, `__proto__` and `constructor` included.
 */
import * as v from 'valibot';
import {
  defaultArgs,
  type FamilySpec,
  families,
  FRAMEWORKS,
  findFamily,
  fromFramework,
  MAX_TICKS,
  OPTIMIZER_KINDS,
  type NumberListParam,
  type NumberParam,
  type ParamSpec,
  type StepEvery,
} from '../schedules';
import { METRIC_PRESETS } from './example-metric';
import {
  DEFAULT_HORIZON,
  DEFAULT_OPTIMIZER,
  defaultData,
  defaultPanel,
  type ExampleMetricSettings,
  type Horizon,
  MAX_PANELS,
  PANEL_NAMES,
  type Panel,
  type PanelOptimizer,
  type PlaygroundData,
  panelCall,
  type ViewSettings,
} from './store';

export const PERMALINK_VERSION = 1;
/** Longer links are refused whole (the state would be cut at an arbitrary point otherwise). */
export const MAX_LINK_BYTES = 8192;

export interface EmbedOptions {
  embed: boolean;
  /** Parts of the page to hide: 'legend', 'controls', an argument's name, … */
  hide: string[];
  /** Controls shown but not editable, by name. */
  lock: string[];
}

export interface DecodedLink {
  data: PlaygroundData;
  embed: EmbedOptions;
  /** What was dropped or changed while reading the link, and why, as sentences for the user. */
  warnings: string[];
}

/** Keys of a panel that are not the family's arguments (permalink.test.ts checks that no family uses them). */
export const RESERVED_PANEL_KEYS = ['optimizer', 'lr', 'momentum', 'unset', 'stepEvery'] as const;
/** The engine refuses schedules nested deeper than this too. */
const MAX_DEPTH = 6;
const MAX_WARNINGS = 40;
/** An embed's hide/lock entry: a control or argument name. */
const TOKEN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_TOKENS = 64;
/** A decimal number as `String(x)` writes one (plus a leading '+' and a bare '.5', as people type them). */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/**
 * Characters left readable: `+` for a space, and `, : / @ =`, which a query value may hold as they are
 * (URLSearchParams splits on the first `=` only). Brackets, braces and quotes stay encoded: some chat and mail
 * clients end a link at them.
 */
const READABLE = /%(20|2C|3A|2F|40|3D)/g;
const READABLE_CHAR: Readonly<Record<string, string>> = { '20': '+', '2C': ',', '3A': ':', '2F': '/', '40': '@', '3D': '=' };

// ---------------------------------------------------------------------------------------------- value text

function numberText(x: number): string {
  // String() gives the shortest decimal that reads back to the same double; '+' would read back as a space.
  return Object.is(x, -0) ? '-0' : String(x).replace('e+', 'e');
}

/** JSON with the link's number spelling (-0 kept, non-finite numbers as strings so they fail validation). */
function toJson(value: unknown, depth = 0): string {
  if (depth > 64) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : JSON.stringify(String(value));
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map((x) => toJson(x, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const fields: string[] = [];
    for (const [key, x] of Object.entries(value)) {
      if (x !== undefined) fields.push(`${JSON.stringify(key)}:${toJson(x, depth + 1)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return 'null';
}

const BAD_JSON: unique symbol = Symbol('bad JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return BAD_JSON;
  }
}

function parseNumber(text: string): number | undefined {
  return NUMBER_TEXT.test(text) ? Number(text) : undefined;
}

/** A string the plain form can carry: read back as itself, not as None or JSON. */
function isPlainString(text: string): boolean {
  return text !== 'None' && !text.startsWith('"') && !LONE_SURROGATE.test(text);
}

/** An argument's value as the text after `A.<name>=`. */
function argText(param: ParamSpec, value: unknown): string {
  switch (param.kind) {
    case 'number':
    case 'integer':
      if (value === null) return 'None';
      if (typeof value === 'number' && Number.isFinite(value)) return numberText(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return String(value);
      break;
    case 'numberList':
      if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        return value.map(numberText).join(',');
      }
      break;
    case 'choice':
    case 'function':
      if (value === null && param.kind === 'function') return 'None';
      if (typeof value === 'string' && isPlainString(value)) return value;
      break;
    case 'schedule':
    case 'schedules':
      break;
  }
  return toJson(value);
}

/** The text of `A.<name>=` turned into the value the argument's schema checks (the inverse of argText). */
function argCandidate(param: ParamSpec, text: string): unknown {
  switch (param.kind) {
    case 'number':
    case 'integer':
      return text === 'None' || text === 'null' ? null : (parseNumber(text) ?? text);
    case 'boolean':
      return flagCandidate(text);
    case 'numberList':
      if (text.startsWith('[')) return parseJson(text);
      return text === '' ? [] : text.split(',').map((item) => parseNumber(item) ?? item);
    case 'choice':
    case 'function':
      if (text === 'None') return null;
      return text.startsWith('"') ? parseJson(text) : text;
    case 'schedule':
    case 'schedules':
      return parseJson(text);
  }
}

function flagCandidate(text: string): unknown {
  if (text === '1' || text === 'true' || text === 'True') return true;
  if (text === '0' || text === 'false' || text === 'False') return false;
  return text;
}

/** A value for a message: short, on one line. */
function show(text: string): string {
  const line = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return line.replaceAll(LONE_SURROGATES, '\uFFFD');
}

function encode(text: string): string {
  const wellFormed = text.replaceAll(LONE_SURROGATES, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(READABLE, (match, hex: string) => READABLE_CHAR[hex.toUpperCase()] ?? match);
}

// ------------------------------------------------------------------------------------------------ schemas

type Schema = v.GenericSchema<unknown, unknown>;

/** ' ≥ 0 and ≤ 1', ' > 0', ' ≤ 1' or '' (no finite bound: any finite value). */
function rangeText(p: NumberParam): string {
  const lo = p.min === Number.NEGATIVE_INFINITY ? '' : ` ${p.exclusiveMin ? '>' : '≥'} ${numberText(p.min)}`;
  const hi = p.max === Number.POSITIVE_INFINITY ? '' : ` ${p.exclusiveMax ? '<' : '≤'} ${numberText(p.max)}`;
  return lo && hi ? `${lo} and${hi}` : `${lo}${hi}`;
}

function inRange(p: NumberParam, x: number): boolean {
  const aboveMin = p.exclusiveMin ? x > p.min : x >= p.min;
  const belowMax = p.exclusiveMax ? x < p.max : x <= p.max;
  return Number.isFinite(x) && (p.kind === 'number' || Number.isInteger(x)) && aboveMin && belowMax;
}

function numberSchema(p: NumberParam): Schema {
  const what = p.kind === 'integer' ? 'an integer' : 'a number';
  const number = v.pipe(
    v.number(`must be ${what}${p.nullable ? ' or None' : ''}`),
    v.check((x) => inRange(p, x), rangeText(p) || p.kind === 'integer' ? `must be ${what}${rangeText(p)}` : 'must be a finite number'),
  );
  return p.nullable ? v.nullable(number) : number;
}

function numberListSchema(p: NumberListParam): Schema {
  const item = v.pipe(
    v.number('must be a number'),
    v.check((x) => Number.isFinite(x), 'must be a finite number'),
    v.check((x) => !p.integer || Number.isInteger(x), 'must be an integer'),
    v.check((x) => p.min === undefined || x >= p.min, `must be ≥ ${p.min ?? 0}`),
  );
  const ordered = (list: number[]) =>
    list.every((x, i) => {
      const prev = list[i - 1];
      if (prev === undefined || p.order === undefined) return true;
      return p.order === 'increasing' ? x > prev : x >= prev;
    });
  return v.pipe(
    v.array(item, 'must be a list of numbers'),
    v.check(ordered, p.order === 'increasing' ? 'must be strictly increasing' : 'must be in increasing order'),
  );
}

/** Schemas derived from the static family table, built on first use (a memo, not state: same input, same schema). */
const schemaCache = new Map<string, Schema>();

function cached(key: string, build: () => Schema): Schema {
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = build();
    schemaCache.set(key, schema);
  }
  return schema;
}

const tooDeep: Schema = v.custom(() => false, `schedules nested more than ${MAX_DEPTH} deep are not supported`);

/** The schema of one argument's value; `depth` counts the nested calls around it. */
function valueSchema(param: ParamSpec, depth: number): Schema {
  switch (param.kind) {
    case 'number':
    case 'integer':
      return numberSchema(param);
    case 'boolean':
      return v.boolean('must be true or false');
    case 'choice':
      return v.picklist(param.choices, `must be one of ${param.choices.join(', ')}`);
    case 'numberList':
      return numberListSchema(param);
    case 'function': {
      const source = v.string('must be Python source text');
      return param.nullable ? v.nullable(source) : source;
    }
    case 'schedules':
      return v.array(childSchema(param.exclude, depth + 1), 'must be a list of schedulers { name, args }');
    case 'schedule':
      return callSchema(depth + 1);
  }
}

/** A family's keyword arguments: every one optional, nothing else allowed. */
function argsSchema(spec: FamilySpec, depth: number): Schema {
  return cached(`args:${spec.framework}.${spec.name}:${depth}`, () => {
    const entries: Record<string, Schema> = {};
    for (const param of spec.params) entries[param.name] = v.optional(valueSchema(param, depth));
    return v.strictObject(entries, 'must be an object of keyword arguments');
  });
}

/** A SequentialLR / ChainedScheduler child: { name, args } of a torch family. */
function childSchema(exclude: readonly string[], depth: number): Schema {
  if (depth > MAX_DEPTH) return tooDeep;
  return cached(`child:${exclude.join(',')}:${depth}`, () => {
    const options = families
      .filter((f) => f.framework === 'torch' && !exclude.includes(f.name))
      .map((f) => v.strictObject({ name: v.literal(f.name), args: v.optional(v.lazy(() => argsSchema(f, depth))) }));
    return v.variant('name', options, 'must be a scheduler { name, args }');
  });
}

/** Warmup's wrapped schedule: { framework, name, args } of any family. */
function callSchema(depth: number): Schema {
  if (depth > MAX_DEPTH) return tooDeep;
  return cached(`call:${depth}`, () => {
    const byFramework = FRAMEWORKS.map((framework) =>
      v.variant(
        'name',
        families
          .filter((f) => f.framework === framework)
          .map((f) =>
            v.strictObject({
              framework: v.literal(framework),
              name: v.literal(f.name),
              args: v.optional(v.lazy(() => argsSchema(f, depth))),
            }),
          ),
      ),
    );
    return v.variant('framework', byFramework, 'must be a schedule { framework, name, args }');
  });
}

function argSchema(spec: FamilySpec, param: ParamSpec): Schema {
  return cached(`arg:${spec.framework}.${spec.name}.${param.name}`, () => valueSchema(param, 0));
}

const flagSchema = v.pipe(v.string(), v.transform(flagCandidate), v.boolean('must be 1 or 0'));
/** A finite number written as text. */
const finiteSchema = v.pipe(
  v.string(),
  v.transform((text): unknown => parseNumber(text) ?? text),
  v.number('must be a number'),
  v.check((x) => Number.isFinite(x), 'must be a finite number'),
);
const nonNegativeSchema = v.pipe(finiteSchema, v.minValue(0, 'must be ≥ 0'));
const countSchema = v.pipe(
  v.string(),
  v.regex(/^\+?\d{1,7}$/, 'must be a whole number'),
  v.transform(Number),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(MAX_TICKS, `must be at most ${MAX_TICKS.toLocaleString('en-US')}`),
);
const lossSchema = v.pipe(
  v.string(),
  v.transform((text) => (text === '' ? [] : text.split(','))),
  v.array(finiteSchema, 'must be numbers separated by commas'),
);

/** The first issue of a failed parse as a phrase: 'schedulers[1].args.gamma must be > 0'. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[], name: string): string {
  const issue = issues[0];
  if (!issue) return `${name} is not valid`;
  let path = name;
  const items = issue.path ?? [];
  // An unknown key's issue points at the key itself; the message names it, the path ends at its object.
  for (const item of issue.type === 'strict_object' ? items.slice(0, -1) : items) {
    const key: unknown = item.key;
    path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  if (issue.type === 'strict_object' && typeof issue.input === 'string') return `${path} has no argument ${show(issue.input)}`;
  if (issue.type === 'variant') {
    // A variant's issue points at its discriminator ('name' or 'framework') where the value is an object.
    if (typeof issue.input === 'string') return `${path} is not a known schedule (got ${show(issue.input)})`;
    const last = items[items.length - 1]?.key;
    if (last === 'name' || last === 'framework') return `${path.slice(0, -(last.length + 1))} has no valid ${last}`;
  }
  return `${path} ${issue.message}`;
}

// ------------------------------------------------------------------------------------------ the key table

/** The decoded state while it is being built (mutable copies of the store's types). */
interface Draft {
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
const wordSchema = <T extends string>(words: readonly T[]) => v.picklist(words, `must be one of ${words.join(', ')}`);

const SETTINGS: readonly Setting[] = [
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
interface OptimizerField {
  key: (typeof RESERVED_PANEL_KEYS)[number];
  field: keyof PanelOptimizer;
  schema: Schema;
  text(value: unknown): string;
}

const OPTIMIZER_FIELDS: readonly OptimizerField[] = [
  { key: 'optimizer', field: 'kind', schema: wordSchema(OPTIMIZER_KINDS), text: String },
  { key: 'lr', field: 'lr', schema: nonNegativeSchema, text: (x) => (typeof x === 'number' ? numberText(x) : toJson(x)) },
  { key: 'momentum', field: 'momentum', schema: nonNegativeSchema, text: (x) => (typeof x === 'number' ? numberText(x) : toJson(x)) },
];

const STEP_EVERY: readonly StepEvery[] = ['epoch', 'batch'];
const stepEverySchema = wordSchema(STEP_EVERY);

const EMBED_KEYS = ['embed', 'hide', 'lock'] as const;

// ------------------------------------------------------------------------------------------------ helpers

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b) && !Array.isArray(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function familyLabel(spec: { framework: string; name: string }): string {
  return `${spec.framework}.${spec.name}`;
}

function listText(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map(show).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function defaultEmbed(): EmbedOptions {
  return { embed: false, hide: [], lock: [] };
}

class Warnings {
  readonly list: string[] = [];
  private dropped = 0;
  add(text: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(text);
    else this.dropped++;
  }
  done(): string[] {
    if (this.dropped > 0) this.list.push(`${this.dropped} more problems with the link were not listed.`);
    return this.list;
  }
}

/** The link's parameters by key (a Map: keys from the link never become object keys). */
class Query {
  private readonly values = new Map<string, string[]>();
  private readonly used = new Set<string>();

  constructor(text: string) {
    for (const [key, value] of new URLSearchParams(text)) {
      const list = this.values.get(key);
      if (list) list.push(value);
      else this.values.set(key, [value]);
    }
  }

  get size(): number {
    return this.values.size;
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** The first value of `key` (later ones are reported by `repeated`). */
  take(key: string): string | undefined {
    const list = this.values.get(key);
    if (!list) return undefined;
    this.used.add(key);
    return list[0];
  }

  /** Unread keys that start with `prefix`, now marked read. */
  takeRest(prefix: string): string[] {
    const rest: string[] = [];
    for (const key of this.values.keys()) {
      if (!this.used.has(key) && key.startsWith(prefix)) {
        rest.push(key);
        this.used.add(key);
      }
    }
    return rest;
  }

  repeated(): string[] {
    return [...this.values].filter(([key, list]) => list.length > 1 && this.used.has(key)).map(([key]) => key);
  }

  /** Moves an unread key's values to another key (an old link's argument under its new name). */
  rename(from: string, to: string): void {
    const list = this.values.get(from);
    if (!list || this.used.has(from) || this.values.has(to)) return;
    this.values.delete(from);
    this.values.set(to, list);
  }

  /** Gives an absent key a value (an old default that the new family does not share). */
  fill(key: string, value: string): void {
    if (!this.values.has(key)) this.values.set(key, [value]);
  }
}

/**
 * Families that links may still name but that were replaced: the playground's WarmupStableDecay imitated
 * transformers' get_wsd_schedule, which replaced it. Its arguments are renamed; where the old default differs
 * from the new family's, the old one is filled in, so the link draws the same curve.
 */
const REPLACED_FAMILIES: readonly {
  names: readonly string[];
  to: string;
  rename: Readonly<Record<string, string>>;
  fill: Readonly<Record<string, string>>;
  unset: readonly string[];
}[] = [
  {
    names: ['playground.WarmupStableDecay', 'WarmupStableDecay'],
    to: 'transformers.get_wsd_schedule',
    rename: {
      warmup_steps: 'num_warmup_steps',
      stable_steps: 'num_stable_steps',
      decay_steps: 'num_decay_steps',
      warmup_shape: 'warmup_type',
      decay_shape: 'decay_type',
    },
    // The playground family's defaults: 3500 stable steps and a 1-sqrt decay (the library: None and cosine).
    fill: { num_stable_steps: '3500', decay_type: '1-sqrt' },
    // With num_stable_steps given the library ignores num_training_steps; the mapped panel leaves it out.
    unset: ['num_training_steps'],
  },
];

/** Maps a replaced family's panel onto its successor in `query`; returns the family text to read, and says so. */
function replacedFamily(letter: string, familyText: string, query: Query, warnings: Warnings): string {
  const old = REPLACED_FAMILIES.find((r) => r.names.includes(familyText));
  if (!old) return familyText;
  const renamed: string[] = [];
  for (const [from, to] of Object.entries(old.rename)) {
    if (query.has(`${letter}.${from}`)) renamed.push(`${from} → ${to}`);
    query.rename(`${letter}.${from}`, `${letter}.${to}`);
  }
  for (const [key, value] of Object.entries(old.fill)) query.fill(`${letter}.${key}`, value);
  if (!query.has(`${letter}.unset`)) query.fill(`${letter}.unset`, old.unset.join(','));
  const how = renamed.length > 0 ? ` (${renamed.join(', ')})` : '';
  warnings.add(`Schedule ${letter}: ${old.names[0]} is now ${old.to}, the Hugging Face function it imitated${how}; the curve is the same.`);
  return old.to;
}

// ------------------------------------------------------------------------------------------------- encode

function panelEntries(letter: string, panel: Panel): [string, string][] {
  const spec = findFamily(panel.framework, panel.name);
  const entries: [string, string][] = [[letter, familyLabel(panel)]];
  if (spec) {
    const defaults = defaultArgs(spec);
    const unset: string[] = [];
    for (const param of spec.params) {
      const has = Object.hasOwn(panel.args, param.name) && panel.args[param.name] !== undefined;
      if (!has) unset.push(param.name);
      else if (!same(panel.args[param.name], defaults[param.name])) {
        entries.push([`${letter}.${param.name}`, argText(param, panel.args[param.name])]);
      }
    }
    if (unset.length > 0) entries.push([`${letter}.unset`, unset.join(',')]);
  }
  for (const f of OPTIMIZER_FIELDS) {
    const value: unknown = panel.optimizer[f.field];
    if (!same(value, DEFAULT_OPTIMIZER[f.field])) entries.push([`${letter}.${f.key}`, f.text(value)]);
  }
  if (panel.stepEvery !== undefined) entries.push([`${letter}.stepEvery`, panel.stepEvery]);
  return entries;
}

/**
 * The state (and embed options) as a query string without the leading '?'. Links over MAX_LINK_BYTES are
 * still written, but decodePermalink refuses them: check `link.length` before offering one to share.
 */
export function encodePermalink(data: PlaygroundData, embed?: Partial<EmbedOptions>): string {
  const defaults = defaultData();
  const entries: [string, string][] = [['v', String(PERMALINK_VERSION)]];
  for (const s of SETTINGS) {
    const text = s.write(data, defaults);
    if (text !== undefined) entries.push([s.key, text]);
  }
  data.panels.slice(0, MAX_PANELS).forEach((panel, i) => {
    entries.push(...panelEntries(PANEL_NAMES[i] ?? 'A', panel));
  });
  if (embed?.embed) entries.push(['embed', '1']);
  const hide = (embed?.hide ?? []).filter((t) => TOKEN.test(t));
  const lock = (embed?.lock ?? []).filter((t) => TOKEN.test(t));
  if (hide.length > 0) entries.push(['hide', hide.join(',')]);
  if (lock.length > 0) entries.push(['lock', lock.join(',')]);
  return entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

// ------------------------------------------------------------------------------------------------- decode

/** Reads a link. Never throws: anything it cannot use is left at its default and reported in `warnings`. */
export function decodePermalink(search: string): DecodedLink {
  try {
    return decode(search);
  } catch (err) {
    // Not expected (every step above checks its input); a last guard so a bad link can never break the page.
    const reason = err instanceof Error ? err.message : String(err);
    return {
      data: defaultData(),
      embed: defaultEmbed(),
      warnings: [`The link could not be read (${reason}); the default state is shown.`],
    };
  }
}

function decode(search: string): DecodedLink {
  const warnings = new Warnings();
  const fallback = (): DecodedLink => ({ data: defaultData(), embed: defaultEmbed(), warnings: warnings.done() });
  if (typeof search !== 'string') {
    warnings.add('The link is not text; the default state is shown.');
    return fallback();
  }
  const text = search.startsWith('?') ? search.slice(1) : search;
  const bytes = text.length > MAX_LINK_BYTES ? text.length : utf8Bytes(text);
  if (bytes > MAX_LINK_BYTES) {
    warnings.add(
      `Link too long: ${bytes.toLocaleString('en-US')} bytes, at most ${MAX_LINK_BYTES.toLocaleString('en-US')} are read. It was ignored and the default state is shown.`,
    );
    return fallback();
  }
  const query = new Query(text);
  if (query.size === 0) return fallback();

  readVersion(query, warnings);
  const draft: Draft = defaultData();
  for (const s of SETTINGS) {
    const raw = query.take(s.key);
    if (raw === undefined) continue;
    const problem = s.read(raw, draft);
    if (problem) warnings.add(`Setting ${problem} (got ${show(raw)}); the default is used.`);
  }
  const { epochs, stepsPerEpoch } = draft.horizon;
  if (epochs * stepsPerEpoch > MAX_TICKS) {
    const d = DEFAULT_HORIZON;
    warnings.add(
      `The horizon of ${epochs.toLocaleString('en-US')} epochs × ${stepsPerEpoch.toLocaleString('en-US')} steps is over ${MAX_TICKS.toLocaleString('en-US')} steps; the default ${d.epochs} × ${d.stepsPerEpoch} is used.`,
    );
    draft.horizon = { ...d };
  }

  const panels: Panel[] = [];
  for (const letter of PANEL_NAMES) {
    const panel = readPanel(letter, query, warnings);
    if (panel) panels.push(panel);
  }
  if (panels.length === 0) {
    if (PANEL_NAMES.some((letter) => query.has(letter))) warnings.add('No schedule in the link could be used; the default one is shown.');
    panels.push(defaultPanel());
  }

  const embed = readEmbed(query, warnings);
  const repeated = query.repeated();
  if (repeated.length > 0) warnings.add(`Given more than once (the first was used): ${listText(repeated)}.`);
  const unknown = query.takeRest('');
  if (unknown.length > 0) {
    warnings.add(`Ignored ${unknown.length === 1 ? 'an unknown setting' : `${unknown.length} unknown settings`}: ${listText(unknown)}.`);
  }
  return { data: { horizon: draft.horizon, panels, view: draft.view, metric: draft.metric }, embed, warnings: warnings.done() };
}

/**
 * Version 1 is the only one so far. A link from a later version is read as version 1 as far as it goes (unknown
 * keys are reported); when version 2 exists, this is where a version-1 link is turned into it.
 */
function readVersion(query: Query, warnings: Warnings): void {
  const raw = query.take('v');
  if (raw === undefined) {
    // A hand-written embed link (`?embed=1&hide=legend`) carries no state, so no version either.
    const onlyEmbed = query.keys().every((key) => (EMBED_KEYS as readonly string[]).includes(key));
    if (!onlyEmbed) warnings.add(`The link has no version (v=…); it was read as version ${PERMALINK_VERSION}.`);
    return;
  }
  const version = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (version === PERMALINK_VERSION) return;
  if (version > PERMALINK_VERSION) {
    warnings.add(
      `The link was made by a newer version of the playground (v=${version}); it was read as version ${PERMALINK_VERSION} as far as possible.`,
    );
  } else {
    warnings.add(`The link has an unknown version (v=${show(raw)}); it was read as version ${PERMALINK_VERSION} as far as possible.`);
  }
}

function findFamilyByText(text: string): FamilySpec | undefined {
  const dot = text.indexOf('.');
  if (dot < 0) {
    // A bare class name, as people type it, where only one framework has it.
    const matches = families.filter((f) => f.name === text);
    return matches.length === 1 ? matches[0] : undefined;
  }
  const framework = FRAMEWORKS.find((f) => f === text.slice(0, dot));
  return framework ? findFamily(framework, text.slice(dot + 1)) : undefined;
}

function defaultText(param: ParamSpec, spec: FamilySpec): string {
  const text = argText(param, defaultArgs(spec)[param.name]);
  return text.length > 40 ? 'its default' : `the default ${text}`;
}

function readPanel(letter: string, query: Query, warnings: Warnings): Panel | undefined {
  const linkedText = query.take(letter);
  if (linkedText === undefined) return undefined;
  const familyText = replacedFamily(letter, linkedText, query, warnings);
  const spec = findFamilyByText(familyText);
  if (!spec) {
    query.takeRest(`${letter}.`);
    warnings.add(`Schedule ${letter}: unknown schedule ${show(familyText)} (expected e.g. torch.StepLR); that panel was left out.`);
    return undefined;
  }
  const where = `Schedule ${letter} (${familyLabel(spec)})`;
  const args = defaultArgs(spec);
  const given = new Set<string>();
  for (const param of spec.params) {
    const raw = query.take(`${letter}.${param.name}`);
    if (raw === undefined) continue;
    const candidate = argCandidate(param, raw);
    if (candidate === BAD_JSON) {
      warnings.add(`${where}: ${param.name} is not valid JSON (got ${show(raw)}); ${defaultText(param, spec)} is used.`);
      continue;
    }
    const result = v.safeParse(argSchema(spec, param), candidate);
    if (!result.success) {
      const got = param.kind === 'schedule' || param.kind === 'schedules' ? '' : ` (got ${show(raw)})`;
      warnings.add(`${where}: ${describeIssues(result.issues, param.name)}${got}; ${defaultText(param, spec)} is used.`);
      continue;
    }
    args[param.name] = result.output;
    given.add(param.name);
  }
  const unset = query.take(`${letter}.unset`);
  if (unset !== undefined) {
    for (const name of unset.split(',')) {
      if (name === '') continue;
      const param = spec.params.find((p) => p.name === name);
      if (!param) warnings.add(`${where}: has no argument ${show(name)} to leave out; ignored.`);
      else if (!given.has(param.name)) {
        delete args[param.name];
        given.add(param.name);
      }
    }
  }

  const optimizer: PanelOptimizer = { ...DEFAULT_OPTIMIZER };
  const givenOptimizer = new Set<OptimizerField>();
  for (const f of OPTIMIZER_FIELDS) {
    const raw = query.take(`${letter}.${f.key}`);
    if (raw === undefined) continue;
    const result = v.safeParse(f.schema, raw);
    if (!result.success) {
      warnings.add(
        `${where}: ${describeIssues(result.issues, f.key)} (got ${show(raw)}); the default ${f.text(DEFAULT_OPTIMIZER[f.field])} is used.`,
      );
      continue;
    }
    setOptimizerField(optimizer, f.field, result.output);
    givenOptimizer.add(f);
  }
  let stepEvery: StepEvery | undefined;
  const stepText = query.take(`${letter}.stepEvery`);
  if (stepText !== undefined) {
    const result = v.safeParse(stepEverySchema, stepText);
    if (result.success) stepEvery = result.output;
    else
      warnings.add(
        `${where}: ${describeIssues(result.issues, 'stepEvery')} (got ${show(stepText)}); the family's own (step() every ${spec.tick === 'step' ? 'batch' : 'epoch'}) is used.`,
      );
  }
  const unknown = query.takeRest(`${letter}.`).map((key) => key.slice(letter.length + 1));
  if (unknown.length > 0) warnings.add(`${where} has no argument ${listText(unknown)}; ignored.`);

  const panel: Panel = { framework: spec.framework, name: spec.name, args, optimizer, ...(stepEvery !== undefined ? { stepEvery } : {}) };
  return settle(panel, spec, where, given, givenOptimizer, warnings);
}

function setOptimizerField(optimizer: PanelOptimizer, field: keyof PanelOptimizer, value: unknown): void {
  if (field === 'kind') {
    const kind = OPTIMIZER_KINDS.find((k) => k === value);
    if (kind) optimizer.kind = kind;
  } else if (typeof value === 'number') optimizer[field] = value;
}

/**
 * Lets the engine check the panel as a whole (arguments that depend on each other, Python syntax, the
 * optimizer) and resets what it refuses: the argument its error names where the link gave it, else every
 * argument the link gave; then the optimizer; then the family's default panel. Returns undefined only if even
 * that is refused (a broken family, never a link's fault).
 */
function settle(
  panel: Panel,
  spec: FamilySpec,
  where: string,
  given: Set<string>,
  givenOptimizer: Set<OptimizerField>,
  warnings: Warnings,
): Panel | undefined {
  const defaults = defaultArgs(spec);
  const resetArg = (name: string) => {
    if (Object.hasOwn(defaults, name)) panel.args[name] = defaults[name];
    given.delete(name);
  };
  for (let attempt = 0; attempt <= spec.params.length + OPTIMIZER_FIELDS.length + 1; attempt++) {
    const result = fromFramework(panelCall(panel));
    if (result.ok) {
      // A stepEvery that is the family's own tick is the default: links leave it out.
      if (panel.stepEvery !== undefined && result.value.call.stepEvery === undefined) delete panel.stepEvery;
      return panel;
    }
    const { message, path = '' } = result.error;
    if (path === 'stepEvery' && panel.stepEvery !== undefined) {
      const refused = panel.stepEvery;
      delete panel.stepEvery;
      warnings.add(`${where}: stepEvery=${refused} was refused: ${message}; the family's own is used.`);
      continue;
    }
    const arg = /^args\.([A-Za-z_]\w*)/.exec(path)?.[1];
    const optimizerKey = /^optimizer\.(\w+)/.exec(path)?.[1];
    const param = spec.params.find((p) => p.name === arg);
    if (param && given.has(param.name)) {
      const value = panel.args[param.name];
      const was = value === undefined ? ' (left out)' : ` ${show(argText(param, value))}`;
      resetArg(param.name);
      warnings.add(`${where}: ${param.name}${was} was refused: ${message}; ${defaultText(param, spec)} is used.`);
    } else if (optimizerKey !== undefined && givenOptimizer.size > 0) {
      const field = optimizerKey === 'betas' || optimizerKey === 'momentum' ? 'momentum' : optimizerKey === 'kind' ? 'kind' : 'lr';
      const f = [...givenOptimizer].find((x) => x.field === field) ?? [...givenOptimizer][0];
      if (!f) break;
      setOptimizerField(panel.optimizer, f.field, DEFAULT_OPTIMIZER[f.field]);
      givenOptimizer.delete(f);
      warnings.add(`${where}: ${message}; the optimizer's ${f.key} was reset to the default ${f.text(DEFAULT_OPTIMIZER[f.field])}.`);
    } else if (given.size > 0) {
      const names = [...given];
      for (const name of names) resetArg(name);
      warnings.add(`${where}: ${message}; ${listText(names)} ${names.length === 1 ? 'was' : 'were'} reset to the defaults.`);
    } else break;
  }
  const fresh = defaultPanel(spec.name, spec.framework);
  if (fromFramework(panelCall(fresh)).ok) {
    warnings.add(`${where}: its settings could not be used together; the schedule's defaults are shown.`);
    return fresh;
  }
  warnings.add(`${where}: could not be built; that panel was left out.`);
  return undefined;
}

function readTokens(query: Query, key: 'hide' | 'lock', warnings: Warnings): string[] {
  const raw = query.take(key);
  if (raw === undefined || raw === '') return [];
  const tokens: string[] = [];
  const refused: string[] = [];
  for (const token of raw.split(',')) {
    if (token === '' || tokens.includes(token)) continue;
    if (TOKEN.test(token) && tokens.length < MAX_TOKENS) tokens.push(token);
    else refused.push(token);
  }
  if (refused.length > 0) warnings.add(`Ignored ${key}= entries that are not control names: ${listText(refused)}.`);
  return tokens;
}

function readEmbed(query: Query, warnings: Warnings): EmbedOptions {
  const embed = defaultEmbed();
  const raw = query.take('embed');
  if (raw !== undefined) {
    const result = v.safeParse(flagSchema, raw);
    if (result.success) embed.embed = result.output;
    else warnings.add(`Setting embed must be 1 or 0 (got ${show(raw)}); the full page is shown.`);
  }
  embed.hide = readTokens(query, 'hide', warnings);
  embed.lock = readTokens(query, 'lock', warnings);
  return embed;
}
