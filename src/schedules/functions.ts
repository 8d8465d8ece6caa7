/**
 * Turns a Python function argument (LambdaLR's lr_lambda, CyclicLR's scale_fn, Keras's schedule) into a
 * callable for the engine, through the safe interpreter in ./python. Compiled functions are cached by source,
 * since every `sample` starts a fresh simulation; each function handed out is for one curve, and carries that
 * curve's step budget (CURVE_STEP_LIMIT).
 */
import { type CompiledPythonValues, compilePython, type CompiledPython, type PyValue } from './python';
import { type Result, ScheduleRuntimeError } from './types';

const cache = new Map<string, Result<CompiledPython>>();
const CACHE_SIZE = 64;

/**
 * Steps (python/frame.ts: node evaluations, big-integer work priced in the same units) that one curve's calls
 * may take together. Each call is already held to STEP_LIMIT (10,000) steps, but a curve makes up to a million
 * calls: a scale_fn of 9,000 steps a call over 1,000 × 1,000 ticks froze the page for 109 s. A step takes 10 to
 * 40 ns, so 50 million steps are about 1 to 2 s on a 2-core laptop: the longest a curve may keep the page busy.
 * Ordinary functions stay far below it over the longest horizon (1,000,000 ticks): `0.95 ** epoch` takes
 * 3 steps a call (3 million), the article's step_decay 14 (14 million).
 */
export const CURVE_STEP_LIMIT = 50_000_000;

/** A compiled user function for one curve: the engine calls it once per tick (or so). */
export interface UserFunction {
  (...args: number[]): number;
  /** Steps the calls made through this function have taken so far (bounded by CURVE_STEP_LIMIT + one call). */
  stepsUsed(): number;
}

function compileCached(source: string): Result<CompiledPython> {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = compilePython(source);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/**
 * The budget of one curve: calls run while the steps taken so far are under CURVE_STEP_LIMIT, after which every
 * call fails at once with the same message (so a curve's total work is at most the limit plus one call).
 */
class CurveBudget {
  private used = 0;
  private calls = 0;
  constructor(
    private readonly steps: () => number,
    private readonly path: string,
  ) {}

  stepsUsed(): number {
    return this.used;
  }

  run<T>(call: () => T): T {
    if (this.used >= CURVE_STEP_LIMIT) {
      throw new ScheduleRuntimeError(
        `RuntimeError: this function used more than ${CURVE_STEP_LIMIT.toLocaleString('en-US')} steps over the curve ` +
          `(${this.calls.toLocaleString('en-US')} calls): simplify the function or shorten the horizon`,
        this.path,
        undefined,
        true,
      );
    }
    const before = this.steps();
    this.calls++;
    try {
      return call();
    } finally {
      this.used += this.steps() - before;
    }
  }
}

/** A ScheduleRuntimeError from the interpreter (no path yet) given the argument's path. */
function withPath(err: unknown, path: string): unknown {
  if (err instanceof ScheduleRuntimeError && err.path === undefined) {
    const at = err.line !== undefined && err.column !== undefined ? { line: err.line, column: err.column } : undefined;
    return new ScheduleRuntimeError(err.message, path, at, true);
  }
  return err;
}

/**
 * `accepted` lists the argument counts the caller may pass, most preferred first (Keras calls
 * `schedule(epoch, lr)` and falls back to `schedule(epoch)`). The first argument is an int (an epoch, a step
 * or a cycle number), the others floats (an LR), as the frameworks pass them. Call it once per curve: the
 * function it returns counts that curve's steps against CURVE_STEP_LIMIT.
 */
export function compileUserFunction(source: string, path: string, accepted: readonly number[]): UserFunction {
  const compiled = compileCached(source);
  if (!compiled.ok) {
    const { message, line, column } = compiled.error;
    throw new ScheduleRuntimeError(message, path, line !== undefined && column !== undefined ? { line, column } : undefined, true);
  }
  const fn = compiled.value;
  const count = accepted.find((k) => fn.required <= k && k <= fn.params.length);
  if (count === undefined) {
    const given = accepted[0] ?? 0;
    const takes = fn.params.length;
    throw new ScheduleRuntimeError(
      `TypeError: ${fn.name}() takes ${takes} positional argument${takes === 1 ? '' : 's'} but ${given} ${given === 1 ? 'was' : 'were'} given`,
      path,
      { line: 1, column: 1 },
      true,
    );
  }
  const budget = new CurveBudget(() => fn.stepsUsed(), path);
  const call = (...args: number[]): number => {
    const values: PyValue[] = [];
    for (let i = 0; i < count; i++) {
      const a = args[i] ?? 0;
      values.push(i === 0 && Number.isSafeInteger(a) ? BigInt(a) : a);
    }
    try {
      return budget.run(() => fn.callValues(values));
    } catch (err) {
      throw withPath(err, path);
    }
  };
  return Object.assign(call, { stepsUsed: () => budget.stepsUsed() });
}

/**
 * The same per-curve budget for a function called with Python values (Keras's LearningRateScheduler checks the
 * type of what `schedule` returns, so it calls the function through compilePythonValues): wrap the cached
 * compiled function once per curve. Errors keep the interpreter's form (no path), as `invoke`'s do.
 */
export function forOneCurve(compiled: CompiledPythonValues, path: string): CompiledPythonValues {
  const budget = new CurveBudget(() => compiled.stepsUsed(), path);
  return {
    name: compiled.name,
    params: compiled.params,
    required: compiled.required,
    stepsUsed: () => budget.stepsUsed(),
    invoke: (args) => budget.run(() => compiled.invoke(args)),
  };
}
