/**
 * The schema of a stored run (record.ts's StoredRun, the current record version), for everything that comes from
 * outside the page's own memory: an imported file (file.ts) and what IndexedDB gives back (storage.ts). valibot
 * strict objects: an unknown key is an error, a missing one too; every number is finite and in its range, except a
 * loss (`loss`, `val_loss`), which may be NaN or ±Infinity (a diverged run). `validateRun` never throws, and its
 * message says what is wrong and where: `runs[3].epochs[12].val_loss: expected a number, got "abc"`.
 *
 * Before any schema runs, scanJson walks the raw value: keys `__proto__`, `constructor` and `prototype` are refused
 * wherever they are (JSON.parse makes `__proto__` an own key, harmless by itself, but code that later copies the
 * object with assignment would set a prototype), and nesting is limited so no walk can exhaust the stack.
 */
import * as v from 'valibot';
import { FRAMEWORKS, OPTIMIZER_KINDS, type Result } from '../../schedules';
import { validateConfig } from '../../training/config';
import {
  ACTIVATIONS,
  BACKEND_NAMES,
  DATASET_LIMITS,
  DATASET_NAMES,
  INITS,
  MAX_BATCH_SIZE,
  MAX_EPOCHS,
  MAX_HIDDEN_LAYERS,
  MAX_SEED_EXCLUSIVE,
  MAX_UNITS,
} from '../../training/types';
import { BACKEND_CHOICES, MAX_SEEDS } from '../training-settings';
import { RECORD_VERSION, RUN_ENDS, type StoredRun } from './record';

// ---- Limits (each one far above what the page makes, and small enough that a hostile file cannot hang the tab).

/** The most runs one file may hold. */
export const MAX_RUNS_PER_FILE = 1000;
/** The most optimizer steps an epoch can have: the largest dataset trained with batch size 1 (fashion-mnist, 10,000). */
export const MAX_STEPS_PER_EPOCH = Math.max(...DATASET_NAMES.map((d) => DATASET_LIMITS[d].samples.max));
/** The most entries of `appliedLr` / `appliedMomentum`: every step of the longest run the engine accepts. */
export const MAX_APPLIED_STEPS = MAX_EPOCHS * MAX_STEPS_PER_EPOCH;
/** Text in a schedule's arguments (a pasted Python `def`): as much as the tab's session storage keeps (256 kB). */
export const MAX_ARG_TEXT = 262_144;
/** A list inside a schedule's arguments (milestones, boundaries, SequentialLR's schedulers). */
export const MAX_ARG_LIST = 10_000;
/** Short texts: ids, versions, names, letters, a divergence reason. */
export const MAX_ID_LENGTH = 64;
export const MAX_NAME_LENGTH = 64;
export const MAX_REASON_LENGTH = 500;
/** How deep JSON may nest (a run with six levels of nested schedules is about 30 deep). */
export const MAX_JSON_DEPTH = 48;
/** Keys refused anywhere in a file or record. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

// ---- Paths and messages.

type PathItem = string | number;

/** `runs[3].epochs[12].val_loss`; a key that is not an identifier is quoted: `args["a b"]`. */
export function pathText(root: string, items: readonly PathItem[]): string {
  let path = root;
  for (const item of items) {
    if (typeof item === 'number') path += `[${item}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(item)) path += path === '' ? item : `.${item}`;
    else path += `[${JSON.stringify(item.length > 40 ? `${item.slice(0, 40)}…` : item)}]`;
  }
  return path;
}

/** The longest message (a value quoted from a hostile file must not make a page-long one). */
export const MAX_MESSAGE_LENGTH = 600;
export const capped = (message: string): string =>
  message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;

const at = (path: string, text: string) => capped(path === '' ? text : `${path}: ${text}`);

/** A value as the messages show it: numbers as written, text quoted (cut at 40 characters), else its kind. */
export function shown(x: unknown): string {
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (x === null || typeof x === 'boolean' || x === undefined) return String(x);
  if (Array.isArray(x)) return `a list of ${x.length}`;
  return typeof x === 'object' ? 'an object' : typeof x;
}

const count = (n: number) => n.toLocaleString('en-US');

const EXPECTED: Readonly<Record<string, string>> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  strict_object: 'an object',
  object: 'an object',
  record: 'an object',
};

function issueText(issue: v.BaseIssue<unknown>, root: string): string {
  const items = (issue.path ?? []).map((item) => item.key as PathItem);
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return at(pathText(root, items.slice(0, -1)), `unknown key ${shown(items[items.length - 1])}`);
  }
  const path = pathText(root, items);
  if (issue.type === 'strict_object' && issue.received === 'undefined') return at(path, 'missing');
  if (issue.kind === 'schema' && issue.type !== 'custom') {
    const options = (issue.expected ?? '')
      .replace(/^\((.*)\)$/, '$1')
      .split(' | ')
      .join(', ');
    const expected = issue.type === 'picklist' ? `one of ${options}` : (EXPECTED[issue.type] ?? issue.expected ?? 'something else');
    return at(path, `expected ${expected}, got ${shown(issue.input)}`);
  }
  return at(path, issue.message);
}

/** The first issue of a failed parse, as `path: what is wrong`. */
export function describeFirstIssue(issues: readonly v.BaseIssue<unknown>[], root: string): string {
  const first = issues[0];
  return first ? issueText(first, root) : at(root, 'is not valid');
}

// ---- The raw scan.

/**
 * Why a parsed JSON value (or a record read back) may not be read further, or undefined when it may: a forbidden
 * key, or nesting past MAX_JSON_DEPTH. Walks every value once; its depth is bounded, so it cannot overflow the stack.
 */
export function scanJson(value: unknown, root: string): string | undefined {
  const walk = (x: unknown, items: PathItem[]): string | undefined => {
    if (typeof x !== 'object' || x === null) return undefined;
    if (items.length >= MAX_JSON_DEPTH) return at(pathText(root, items), `nested more than ${MAX_JSON_DEPTH} levels deep`);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const item: unknown = x[i];
        if (typeof item !== 'object' || item === null) continue;
        const problem = walk(item, [...items, i]);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const key of Object.keys(x)) {
      if (FORBIDDEN_KEYS.includes(key)) return at(pathText(root, items), `the key "${key}" is not allowed`);
      const problem = walk((x as Record<string, unknown>)[key], [...items, key]);
      if (problem) return problem;
    }
    return undefined;
  };
  try {
    return walk(value, []);
  } catch (err) {
    // A getter or Proxy that throws (never in JSON.parse's output): still a message, not an exception.
    return at(root, `could not be read (${err instanceof Error ? err.message : 'unreadable'})`);
  }
}

// ---- Schemas.

/** A number written as JSON or text: "NaN", "Infinity", "-Infinity" stand for the values JSON cannot hold. */
export const NON_FINITE_TEXT = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;

const isNonFiniteText = (x: unknown): x is keyof typeof NON_FINITE_TEXT => typeof x === 'string' && Object.hasOwn(NON_FINITE_TEXT, x);

/** A number that may be NaN or ±Infinity (a loss): a JSON number, or one of NON_FINITE_TEXT's strings. */
const anyNumber = v.pipe(
  v.custom<number | string>(
    (x) => typeof x === 'number' || isNonFiniteText(x),
    (issue) => `expected a number (or "NaN", "Infinity", "-Infinity"), got ${shown(issue.input)}`,
  ),
  v.transform((x): number => (typeof x === 'number' ? x : NON_FINITE_TEXT[x as keyof typeof NON_FINITE_TEXT])),
);

const finite = v.pipe(
  v.number(),
  v.check(
    (x) => Number.isFinite(x),
    (issue) => `expected a finite number, got ${shown(issue.input)}`,
  ),
);

function numberIn(min: number, max: number, options: { integer?: boolean; exclusiveMin?: boolean } = {}) {
  const what = options.integer ? 'a whole number' : 'a number';
  const low = options.exclusiveMin ? `above ${count(min)}` : `from ${count(min)}`;
  const range =
    max === Number.POSITIVE_INFINITY
      ? options.exclusiveMin
        ? `> ${count(min)}`
        : `≥ ${count(min)}`
      : `${low} ${options.exclusiveMin ? 'and at most' : 'to'} ${count(max)}`;
  return v.pipe(
    v.number(),
    v.check(
      (x) => Number.isFinite(x) && (!options.integer || Number.isInteger(x)) && (options.exclusiveMin ? x > min : x >= min) && x <= max,
      (issue) =>
        `expected ${what === 'a number' && max === Number.POSITIVE_INFINITY ? 'a finite number' : what} ${range}, got ${shown(issue.input)}`,
    ),
  );
}

const nonNegative = numberIn(0, Number.POSITIVE_INFINITY);
const fraction = numberIn(0, 1);

function text(max: number, pattern?: { regex: RegExp; what: string }) {
  return v.pipe(
    v.string(),
    v.check(
      (x) => x.length > 0 && x.length <= max,
      (issue) => `expected text of 1 to ${count(max)} characters, got ${shown(issue.input)}`,
    ),
    v.check(
      (x) => !pattern || pattern.regex.test(x),
      (issue) => `expected ${pattern?.what ?? 'text'}, got ${shown(issue.input)}`,
    ),
  );
}

const picklist = <T extends string>(options: readonly T[]) => v.picklist(options);

/** A list of at most `max` items, its length checked before any item is. */
function list<T extends v.GenericSchema>(item: T, max: number) {
  return v.pipe(
    v.array(v.unknown()),
    v.check(
      (x) => x.length <= max,
      (issue) => `expected at most ${count(max)} items, got ${count((issue.input as unknown[]).length)}`,
    ),
    v.array(item),
  );
}

const isoTimestamp = text(40, {
  regex: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
  what: 'a date and time like "2026-01-31T12:00:00.000Z"',
});
/** When a text is an ISO timestamp of a real date (2026-02-30 is not). */
export const isoDate = v.pipe(
  isoTimestamp,
  v.check(
    (x) => !Number.isNaN(Date.parse(x)),
    (issue) => `expected a real date, got ${shown(issue.input)}`,
  ),
);

/** A value inside a schedule's arguments: JSON data (finite numbers); the engine's own check says the rest. */
function isArgValue(x: unknown): boolean {
  if (x === null || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (typeof x === 'string') return x.length <= MAX_ARG_TEXT;
  if (Array.isArray(x)) return x.length <= MAX_ARG_LIST && x.every(isArgValue);
  if (typeof x === 'object') return Object.keys(x).length <= MAX_ARG_LIST && Object.values(x).every(isArgValue);
  return false;
}

const argName = text(MAX_NAME_LENGTH, { regex: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'an argument name' });
const argsSchema = v.record(
  argName,
  v.custom(
    isArgValue,
    () =>
      `expected an argument value (a finite number, text of at most ${count(MAX_ARG_TEXT)} characters, true/false, null, or a list or object of them, at most ${count(MAX_ARG_LIST)} items)`,
  ),
);

const scheduleSchema = v.strictObject({
  framework: picklist(FRAMEWORKS),
  name: text(MAX_NAME_LENGTH, { regex: /^[A-Za-z_][A-Za-z0-9_.]*$/, what: 'a schedule name' }),
  args: argsSchema,
  optimizer: v.optional(
    v.strictObject({
      kind: v.optional(picklist(OPTIMIZER_KINDS)),
      lr: v.optional(finite),
      learning_rate: v.optional(finite),
      momentum: v.optional(finite),
      betas: v.optional(v.tuple([finite, finite])),
    }),
  ),
  stepEvery: v.optional(picklist(['epoch', 'batch'] as const)),
});

const hiddenSchema = list(numberIn(1, MAX_UNITS, { integer: true }), MAX_HIDDEN_LAYERS);

/** A TrainingConfig's shape; validateConfig (the engine's own check) then says whether the engine would run it. */
const configSchema = v.strictObject({
  dataset: v.strictObject({
    name: picklist(DATASET_NAMES),
    samples: v.optional(numberIn(1, Number.POSITIVE_INFINITY, { integer: true })),
    noise: v.optional(finite),
    validationFraction: v.optional(finite),
  }),
  model: v.strictObject({ kind: v.literal('mlp'), hidden: hiddenSchema, activation: picklist(ACTIVATIONS) }),
  init: picklist(INITS),
  optimizer: v.strictObject({
    kind: picklist(OPTIMIZER_KINDS),
    lr: finite,
    momentum: v.optional(finite),
    nesterov: v.optional(v.boolean()),
    betas: v.optional(v.tuple([finite, finite])),
    weight_decay: v.optional(finite),
    eps: v.optional(finite),
  }),
  schedule: scheduleSchema,
  epochs: numberIn(1, MAX_EPOCHS, { integer: true }),
  batchSize: numberIn(1, MAX_BATCH_SIZE, { integer: true }),
  seed: numberIn(0, MAX_SEED_EXCLUSIVE - 1, { integer: true }),
});

const settingsSchema = v.strictObject({
  dataset: picklist(DATASET_NAMES),
  samples: v.optional(numberIn(1, Number.POSITIVE_INFINITY, { integer: true })),
  noise: v.optional(finite),
  hidden: hiddenSchema,
  activation: picklist(ACTIVATIONS),
  batchSize: numberIn(1, MAX_BATCH_SIZE, { integer: true }),
  seeds: numberIn(1, MAX_SEEDS, { integer: true }),
  init: picklist(INITS),
  backend: picklist(BACKEND_CHOICES),
  targetAccuracy: numberIn(0, 1, { exclusiveMin: true }),
});

const epochSchema = v.strictObject({
  epoch: numberIn(0, MAX_EPOCHS - 1, { integer: true }),
  loss: anyNumber,
  accuracy: fraction,
  val_loss: anyNumber,
  val_accuracy: fraction,
  lr: finite,
  momentum: v.optional(finite),
  seconds: nonNegative,
});

const stepValues = list(finite, MAX_APPLIED_STEPS);

/** A StoredRun of the current version (its shape and ranges; validateRun adds the checks across fields). */
export const storedRunSchema = v.strictObject({
  v: v.literal(RECORD_VERSION),
  id: text(MAX_ID_LENGTH, { regex: /^[A-Za-z0-9_-]+$/, what: 'an id of letters, digits, "-" and "_"' }),
  savedAt: isoDate,
  appVersion: text(MAX_NAME_LENGTH),
  wallSeconds: nonNegative,
  panel: v.strictObject({
    letter: text(1, { regex: /^[A-Z]$/, what: 'a panel letter A to Z' }),
    index: numberIn(0, 25, { integer: true }),
  }),
  config: configSchema,
  settings: settingsSchema,
  backend: picklist(BACKEND_NAMES),
  status: picklist(RUN_ENDS),
  epochs: list(epochSchema, MAX_EPOCHS),
  appliedLr: stepValues,
  appliedMomentum: v.optional(stepValues),
  diverged: v.optional(
    v.strictObject({
      epoch: numberIn(0, MAX_EPOCHS - 1, { integer: true }),
      step: numberIn(0, MAX_APPLIED_STEPS, { integer: true }),
      lr: finite,
      reason: v.optional(text(MAX_REASON_LENGTH)),
    }),
  ),
});

/** Checks across fields that the schema's shape cannot say. */
function crossCheck(run: StoredRun, root: string): string | undefined {
  let previous = -1;
  for (const [i, e] of run.epochs.entries()) {
    const where = pathText(root, ['epochs', i, 'epoch']);
    if (e.epoch <= previous) return at(where, `epochs must be in increasing order (epoch ${e.epoch} after ${previous})`);
    if (e.epoch >= run.config.epochs)
      return at(where, `epoch ${e.epoch} is past the run's ${run.config.epochs} epochs (they count from 0)`);
    previous = e.epoch;
  }
  if (run.status === 'diverged' && run.diverged === undefined) {
    return at(pathText(root, ['diverged']), 'missing (the run diverged: where and at which LR?)');
  }
  const engine = validateConfig(run.config);
  if (!engine.ok) {
    // The engine's paths are already dotted ('schedule.args.gamma'): appended as they are.
    const base = pathText(root, ['config']);
    return at(engine.error.path ? `${base}.${engine.error.path}` : base, engine.error.message);
  }
  return undefined;
}

/**
 * A record of the current version from anything (a parsed file's run, a value IndexedDB gave back): a fresh,
 * validated copy (keys in the schema's order, non-finite text decoded), or what is wrong and where. Never throws.
 */
export function validateRun(raw: unknown, root = 'run'): Result<StoredRun> {
  try {
    const problem = scanJson(raw, root);
    if (problem) return { ok: false, error: { message: problem } };
    const parsed = v.safeParse(storedRunSchema, raw, { abortEarly: true });
    if (!parsed.success) return { ok: false, error: { message: describeFirstIssue(parsed.issues, root) } };
    // The output has exactly the schema's keys (optional ones only where given): a StoredRun.
    const run = parsed.output as StoredRun;
    const cross = crossCheck(run, root);
    if (cross) return { ok: false, error: { message: cross } };
    return { ok: true, value: run };
  } catch (err) {
    return { ok: false, error: { message: at(root, `could not be read (${err instanceof Error ? err.message : 'unreadable'})`) } };
  }
}
