/**
 * A safe interpreter for the small subset of Python that learning-rate functions are written in:
 * `lambda epoch: 0.95 ** epoch`, or a `def` with assignments, if/elif/else and return, calling math.* / np.*.
 *
 * Pipeline: normalize.ts (pasted text -> what CPython would read, with an offset map back to the original),
 * parse.ts (@lezer/python's tree -> a small typed AST, refusing anything outside the subset), interpret.ts
 * (names resolved once by resolve.ts; the tree-walking evaluator of evaluate.ts with the step budget of frame.ts),
 * values.ts / builtins.ts / rounding.ts and the files they gather
 * (CPython 3.11 and numpy 1.24 number semantics, checked against real Python by
 * scripts/golden/python_semantics.py -> src/schedules/__fixtures__/python.json).
 *
 * User text is data: it is never turned into JavaScript, and names never become JavaScript property keys.
 */
import { fail, ok, type Result, type ScheduleError, ScheduleRuntimeError } from '../types';
import { LoadError, PythonError } from './frame';
import { evaluateExpression, loadModule, type PyFunction } from './interpret';
import { type Prepared, prepare } from './normalize';
import type { Module } from './ast';
import { parseExpression, parseModule } from './parse';
import { PyError, type PyValue } from './values';

export type { PyValue } from './values';
export { NpFloat, NpInt } from './values';
export { BIG_WORK_MESSAGE, STEP_LIMIT } from './frame';

export interface CompiledPython {
  /** The def's name, or '<lambda>'. */
  readonly name: string;
  /** Parameter names in order. */
  readonly params: readonly string[];
  /** How many params have no default (def f(epoch, lr=0.1) -> 1). */
  readonly required: number;
  /**
   * Calls the function with positional numbers. Returns a JS number (Python bool -> 0/1; int or float -> number).
   * An argument that is a safe integer (and not -0) is passed as a Python int, any other number as a float.
   * Throws ScheduleRuntimeError for any Python-level error, with its message in Python's words and the 1-based
   * line/column in the original text of the node that failed.
   */
  call(args: readonly number[]): number;
  /** Like `call`, with the arguments' Python types given (an epoch is an int, an LR a float even when it is 1.0). */
  callValues(args: readonly PyValue[]): number;
  /**
   * Steps taken by all the calls of this compiled function so far, finished or stopped: node evaluations and
   * big-integer work in the same units (each call stops at STEP_LIMIT). For budgets over many calls and for tests.
   */
  stepsUsed(): number;
}

/** The same function with Python values in and out (None is null), for tests and callers that need the types. */
export interface CompiledPythonValues {
  readonly name: string;
  readonly params: readonly string[];
  readonly required: number;
  /** Throws ScheduleRuntimeError like `call`. */
  invoke(args: readonly PyValue[]): PyValue;
  /** Like CompiledPython.stepsUsed. */
  stepsUsed(): number;
}

/** How `call` passes a JS number: a safe integer becomes an int (epoch 3 -> 3), anything else a float. */
export function toPython(x: number): PyValue {
  return Number.isSafeInteger(x) && !Object.is(x, -0) ? BigInt(x) : x;
}

function runtimeError(e: unknown, prepared: Prepared): ScheduleRuntimeError {
  if (e instanceof PythonError) return new ScheduleRuntimeError(e.message, undefined, prepared.position(e.at));
  if (e instanceof ScheduleRuntimeError) return e;
  // A JavaScript error here is a bug of the interpreter, never the user's: report it without crashing the engine.
  const detail = e instanceof Error ? e.message : String(e);
  return new ScheduleRuntimeError(`RuntimeError: internal error of the Python interpreter (${detail})`);
}

function loadError(e: unknown, prepared: Prepared): ScheduleError {
  if (e instanceof LoadError || e instanceof PythonError) return { message: e.message, ...prepared.position(e.at) };
  if (e instanceof PyError) return { message: e.message, line: 1, column: 1 };
  throw e;
}

function internalError(e: unknown): ScheduleError {
  const detail = e instanceof Error ? e.message : String(e);
  return { message: `RuntimeError: internal error of the Python interpreter (${detail})`, line: 1, column: 1 };
}

/** Compiles a function source (for canonical.ts too); never throws. */
export function compileFunction(source: string): Result<{ fn: PyFunction; prepared: Prepared; module: Module }> {
  try {
    return compileUnchecked(source);
  } catch (e) {
    // Never throw at the engine: a JavaScript error here is a bug of the interpreter, not of the user's code.
    return fail(internalError(e));
  }
}

function compileUnchecked(source: string): Result<{ fn: PyFunction; prepared: Prepared; module: Module }> {
  const prepared = prepare(source);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const parsed = parseModule(p.text);
  if (!parsed.ok) return fail({ message: parsed.message, ...p.position(parsed.at) });
  try {
    return ok({ fn: loadModule(parsed.value), prepared: p, module: parsed.value });
  } catch (e) {
    return fail(loadError(e, p));
  }
}

/**
 * Parses Python source holding ONE function: a `lambda ...` expression, or one `def` (optionally preceded by
 * `import math`, `import numpy as np`, `import numpy`, `from math import ...` lines, comments, blank lines and
 * module-level constant assignments like `initial_lr = 0.1`, which the function can read). Syntax errors and
 * unsupported constructs come back as { ok: false, error: { message, line, column } } (1-based, original text).
 */
export function compilePython(source: string): Result<CompiledPython> {
  const compiled = compileFunction(source);
  if (!compiled.ok) return compiled;
  const { fn, prepared } = compiled.value;
  return ok({
    name: fn.name,
    params: fn.params,
    required: fn.required,
    stepsUsed: () => fn.stepsUsed(),
    call(args: readonly number[]): number {
      const values: PyValue[] = [];
      for (const a of args) values.push(toPython(a));
      return this.callValues(values);
    },
    callValues(values: readonly PyValue[]): number {
      try {
        return fn.invokeNumber(values);
      } catch (e) {
        throw runtimeError(e, prepared);
      }
    },
  });
}

/** Like compilePython, with Python values in and out. */
export function compilePythonValues(source: string): Result<CompiledPythonValues> {
  const compiled = compileFunction(source);
  if (!compiled.ok) return compiled;
  const { fn, prepared } = compiled.value;
  return ok({
    name: fn.name,
    params: fn.params,
    required: fn.required,
    stepsUsed: () => fn.stepsUsed(),
    invoke(args: readonly PyValue[]): PyValue {
      try {
        return fn.invoke(args);
      } catch (e) {
        throw runtimeError(e, prepared);
      }
    },
  });
}

/** Evaluates one Python expression with the given variables, keeping Python types (None is null). */
export function evaluateToPython(expression: string, variables: ReadonlyMap<string, PyValue>): Result<PyValue> {
  try {
    return evaluateUnchecked(expression, variables);
  } catch (e) {
    return fail(internalError(e));
  }
}

function evaluateUnchecked(expression: string, variables: ReadonlyMap<string, PyValue>): Result<PyValue> {
  const prepared = prepare(expression);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const parsed = parseExpression(p.text);
  if (!parsed.ok) return fail({ message: parsed.message, ...p.position(parsed.at) });
  try {
    return ok(evaluateExpression(parsed.value, variables));
  } catch (e) {
    return fail(loadError(e, p));
  }
}

/** Evaluates one Python expression with the given numeric variables (for later use: pasted snippets). */
export function evaluatePython(expression: string, variables: Readonly<Record<string, number>>): Result<number> {
  const map = new Map<string, PyValue>();
  for (const name of Object.keys(variables)) {
    const v = variables[name];
    if (typeof v === 'number') map.set(name, toPython(v));
  }
  const result = evaluateToPython(expression, map);
  if (!result.ok) return result;
  const v = result.value;
  switch (typeof v) {
    case 'number':
      return ok(v);
    case 'boolean':
      return ok(v ? 1 : 0);
    case 'bigint': {
      const f = Number(v);
      if (!Number.isFinite(f)) return fail({ message: 'OverflowError: int too large to convert to float', line: 1, column: 1 });
      return ok(f);
    }
    default:
      if (v === null) return fail({ message: 'TypeError: the expression is None, expected a number', line: 1, column: 1 });
      return ok(typeof v.v === 'bigint' ? Number(v.v) : v.v);
  }
}
