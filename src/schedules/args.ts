/**
 * Validates a call's keyword arguments against a family's parameter specs: unknown names (with a suggestion),
 * missing required arguments, types and ranges. Messages use the framework's own wording where it has one.
 */
import type { ParamSpec } from './params';
import { didYouMean } from './suggest';
import { fail, ok, type Result } from './types';

export interface ChildCall {
  name: string;
  args: Record<string, unknown>;
}

export interface NestedCall extends ChildCall {
  framework: 'torch' | 'keras' | 'playground' | 'transformers';
}

export type ArgValue = number | boolean | string | null | readonly number[] | readonly ChildCall[] | NestedCall;
export type Args = Readonly<Record<string, ArgValue>>;

/** Validates one nested scheduler (SequentialLR / ChainedScheduler child); supplied by the registry. */
export type ChildValidator = (child: unknown, path: string, exclude: readonly string[]) => Result<ChildCall>;

/** Arguments that never change the curve: torch's and Keras's `verbose`, a Keras schedule's `name`. */
const IGNORED_ARGS = new Set(['verbose', 'name']);

export function validateArgs(
  className: string,
  params: readonly ParamSpec[],
  raw: unknown,
  pathPrefix: string,
  validateChild: ChildValidator,
): Result<Args> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return fail({ message: `${className}: args must be an object of keyword arguments`, path: pathPrefix });
  }
  const given = raw as Record<string, unknown>;
  const names = params.map((p) => p.name);
  for (const key of Object.keys(given)) {
    if (names.includes(key) || IGNORED_ARGS.has(key)) continue;
    if (key === 'last_epoch') {
      if (given[key] === -1) continue;
      return fail({
        message: `${className}: resuming with last_epoch is not supported; the curve always starts at the beginning (last_epoch=-1)`,
        path: `${pathPrefix}.last_epoch`,
      });
    }
    return fail({
      message: `${className}.__init__() got an unexpected keyword argument '${key}'.${didYouMean(key, names)}`,
      path: `${pathPrefix}.${key}`,
    });
  }

  const out: Record<string, ArgValue> = {};
  for (const param of params) {
    const path = `${pathPrefix}.${param.name}`;
    const has = Object.hasOwn(given, param.name) && given[param.name] !== undefined;
    if (!has) {
      if (param.required) {
        return fail({
          message: `${className}.__init__() missing 1 required positional argument: '${param.name}'`,
          path,
        });
      }
      out[param.name] = param.default as ArgValue;
      continue;
    }
    const checked = validateValue(param, given[param.name], path, validateChild);
    if (!checked.ok) return checked;
    out[param.name] = checked.value;
  }
  return ok(out);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'None';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function validateValue(param: ParamSpec, value: unknown, path: string, validateChild: ChildValidator): Result<ArgValue> {
  const label = `${param.name}`;
  switch (param.kind) {
    case 'number':
    case 'integer': {
      if (value === null) {
        if (param.nullable) return ok(null);
        return fail({ message: `${label} must be a number, got None`, path });
      }
      if (typeof value !== 'number') {
        return fail({ message: `${label} must be a number, got ${describeValue(value)}`, path });
      }
      if (!Number.isFinite(value)) return fail({ message: `${label} must be a finite number, got ${value}`, path });
      if (param.kind === 'integer' && !Number.isInteger(value)) {
        return fail({ message: `${label} must be an integer, got ${value}`, path });
      }
      const belowMin = param.exclusiveMin ? value <= param.min : value < param.min;
      const aboveMax = param.exclusiveMax ? value >= param.max : value > param.max;
      if (belowMin || aboveMax) {
        const lo = `${param.exclusiveMin ? '>' : '>='} ${param.min}`;
        const hi = param.max === Number.POSITIVE_INFINITY ? '' : ` and ${param.exclusiveMax ? '<' : '<='} ${param.max}`;
        const message = param.rangeMessage ?? `${label} must be ${lo}${hi}, got ${value}`;
        return fail({ message, path });
      }
      return ok(value);
    }
    case 'boolean':
      if (typeof value !== 'boolean') return fail({ message: `${label} must be True or False, got ${describeValue(value)}`, path });
      return ok(value);
    case 'choice':
      if (typeof value !== 'string' || !param.choices.includes(value)) {
        const options = param.choices.map((c) => `'${c}'`).join(', ');
        const hint = typeof value === 'string' ? didYouMean(value, param.choices) : '';
        return fail({ message: `${label} must be one of ${options}, got ${describeValue(value)}.${hint}`.replace('..', '.'), path });
      }
      return ok(value);
    case 'numberList': {
      if (!Array.isArray(value)) return fail({ message: `${label} must be a list of numbers, got ${describeValue(value)}`, path });
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const at = `${path}[${i}]`;
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          return fail({ message: `${label}[${i}] must be a number, got ${describeValue(v)}`, path: at });
        }
        if (param.integer && !Number.isInteger(v)) return fail({ message: `${label}[${i}] must be an integer, got ${v}`, path: at });
        if (param.min !== undefined && v < param.min) {
          return fail({ message: `${label}[${i}] must be >= ${param.min}, got ${v}`, path: at });
        }
        if (i > 0) {
          const prev = value[i - 1] as number;
          if (param.order === 'nondecreasing' && v < prev) {
            return fail({ message: `${label} must be in increasing order: ${v} comes after ${prev}`, path: at });
          }
          if (param.order === 'increasing' && v <= prev) {
            return fail({ message: `${label} must be strictly increasing: ${v} comes after ${prev}`, path: at });
          }
        }
      }
      return ok([...(value as number[])]);
    }
    case 'function':
      if (value === null) {
        if (param.nullable) return ok(null);
        return fail({ message: `${label} must be a Python function, got None`, path });
      }
      if (typeof value !== 'string') {
        return fail({ message: `${label} must be Python source text (e.g. 'lambda epoch: 0.95 ** epoch')`, path });
      }
      return ok(value);
    case 'schedule': {
      // Only the shape is checked here; the registry validates the wrapped call itself when it starts it.
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail({ message: `${label} must be a schedule { framework, name, args }, got ${describeValue(value)}`, path });
      }
      const v = value as Record<string, unknown>;
      if (v.framework !== 'torch' && v.framework !== 'keras' && v.framework !== 'playground' && v.framework !== 'transformers') {
        return fail({ message: `${label}.framework must be 'torch', 'keras', 'playground' or 'transformers'`, path: `${path}.framework` });
      }
      if (typeof v.name !== 'string') return fail({ message: `${label}.name must be a scheduler name`, path: `${path}.name` });
      const args = v.args ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        return fail({ message: `${label}.args must be an object`, path: `${path}.args` });
      }
      return ok({ framework: v.framework, name: v.name, args: args as Record<string, unknown> });
    }
    case 'schedules': {
      if (!Array.isArray(value)) return fail({ message: `${label} must be a list of schedulers, got ${describeValue(value)}`, path });
      const children: ChildCall[] = [];
      for (let i = 0; i < value.length; i++) {
        const child = validateChild(value[i], `${path}[${i}]`, param.exclude);
        if (!child.ok) return child;
        children.push(child.value);
      }
      return ok(children);
    }
  }
}

/**
 * Readers of validated arguments, for every family's constructor or `start`: validateArgs has already checked
 * each argument's kind, range and None-ness against its ParamSpec, so these only narrow the type.
 */
type ValidatedArgs = Readonly<Record<string, unknown>>;
export const num = (args: ValidatedArgs, name: string): number => args[name] as number;
/** A nullable number (`nullable: true` in its spec): Python's None is null. */
export const numOrNull = (args: ValidatedArgs, name: string): number | null => args[name] as number | null;
export const bool = (args: ValidatedArgs, name: string): boolean => args[name] as boolean;
/** A string argument: a choice, or a function's Python source. */
export const str = (args: ValidatedArgs, name: string): string => args[name] as string;
/** A choice argument narrowed to its choices (validated against `choices` already). */
export const choice = <T extends string>(args: ValidatedArgs, name: string): T => args[name] as T;
/** A nullable function argument's Python source (None is null). */
export const strOrNull = (args: ValidatedArgs, name: string): string | null => args[name] as string | null;
export const list = (args: ValidatedArgs, name: string): readonly number[] => args[name] as readonly number[];
/** A `schedules` argument: the nested torch scheduler calls (each validated by the registry's ChildValidator). */
export const childCalls = (args: ValidatedArgs, name: string): readonly ChildCall[] => args[name] as readonly ChildCall[];
/** A `schedule` argument: one wrapped call of any framework (its shape checked; the registry validates it when started). */
export const nestedCall = (args: ValidatedArgs, name: string): NestedCall => args[name] as NestedCall;
