/**
 * valibot schemas: one per family argument, generated from its ParamSpec (numbers with their range, lists with
 * their order, nested schedules as strict { name, args } objects), and the schemas of the top-level settings.
 */
import * as v from 'valibot';
import {
  type FamilySpec,
  families,
  FRAMEWORKS,
  MAX_TICKS,
  type NumberListParam,
  type NumberParam,
  type ParamSpec,
  type StepEvery,
} from '../../schedules';
import { MAX_SCHEDULE_DEPTH } from './limits';
import { FLOAT_RANGE, TOO_DEEP } from './messages';
import { flagCandidate, numberText, outOfFloatRange, parseNumber } from './values';

export type Schema = v.GenericSchema<unknown, unknown>;

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

/** Schedules nested past the limit (JSON nested past MAX_JSON_DEPTH never gets here: scanJson refuses it unparsed). */
const tooDeep: Schema = v.custom(() => false, TOO_DEEP);

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
  if (depth > MAX_SCHEDULE_DEPTH) return tooDeep;
  return cached(`child:${exclude.join(',')}:${depth}`, () => {
    const options = families
      .filter((f) => f.framework === 'torch' && !exclude.includes(f.name))
      .map((f) => v.strictObject({ name: v.literal(f.name), args: v.optional(v.lazy(() => argsSchema(f, depth))) }));
    return v.variant('name', options, 'must be a scheduler { name, args }');
  });
}

/** Warmup's wrapped schedule: { framework, name, args } of any family. */
function callSchema(depth: number): Schema {
  if (depth > MAX_SCHEDULE_DEPTH) return tooDeep;
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

/** The schema of a panel's argument `param` (at the top: no schedule around it). */
export function argSchema(spec: FamilySpec, param: ParamSpec): Schema {
  return cached(`arg:${spec.framework}.${spec.name}.${param.name}`, () => valueSchema(param, 0));
}

export const flagSchema = v.pipe(v.string(), v.transform(flagCandidate), v.boolean('must be 1 or 0'));
/** A finite number written as text, inside float64's normal range (not rounded to 0, ±Infinity or a denormal). */
const finiteSchema = v.pipe(
  v.string(),
  v.check((text) => !outOfFloatRange(text), FLOAT_RANGE),
  v.transform((text): unknown => parseNumber(text) ?? text),
  v.number('must be a number'),
  v.check((x) => Number.isFinite(x), 'must be a finite number'),
);
export const nonNegativeSchema = v.pipe(finiteSchema, v.minValue(0, 'must be ≥ 0'));
/** A number from `min` to `max` (each inclusive unless `exclusiveMin`), written as text: one message for any miss. */
export const numberInSchema = (min: number, max: number, message: string, options: { exclusiveMin?: boolean } = {}) =>
  v.pipe(
    finiteSchema,
    v.check((x) => (options.exclusiveMin ? x > min : x >= min) && x <= max, message),
  );
/** A whole number from `min` to `max` (at most 7 digits, so the text is never parsed at length). */
export const integerInSchema = (min: number, max: number, message: string) =>
  v.pipe(
    v.string(),
    v.regex(/^\+?\d{1,7}$/, message),
    v.transform(Number),
    v.check((x) => x >= min && x <= max, message),
  );
export const countSchema = v.pipe(
  v.string(),
  v.regex(/^\+?\d{1,7}$/, 'must be a whole number'),
  v.transform(Number),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(MAX_TICKS, `must be at most ${MAX_TICKS.toLocaleString('en-US')}`),
);
export const lossSchema = v.pipe(
  v.string(),
  v.transform((text) => (text === '' ? [] : text.split(','))),
  v.array(finiteSchema, 'must be numbers separated by commas'),
);

export const wordSchema = <T extends string>(words: readonly T[]) => v.picklist(words, `must be one of ${words.join(', ')}`);

const STEP_EVERY: readonly StepEvery[] = ['epoch', 'batch'];
export const stepEverySchema = wordSchema(STEP_EVERY);
