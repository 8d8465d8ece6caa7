/**
 * Turns a Python function argument (LambdaLR's lr_lambda, CyclicLR's scale_fn, Keras's schedule) into a
 * callable for the engine, through the safe interpreter in ./python. Compiled functions are cached by source,
 * since every `sample` starts a fresh simulation.
 */
import { compilePython, type CompiledPython, type PyValue } from './python';
import { type Result, ScheduleRuntimeError } from './types';

const cache = new Map<string, Result<CompiledPython>>();
const CACHE_SIZE = 64;

function compileCached(source: string): Result<CompiledPython> {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = compilePython(source);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/**
 * `accepted` lists the argument counts the caller may pass, most preferred first (Keras calls
 * `schedule(epoch, lr)` and falls back to `schedule(epoch)`). The first argument is an int (an epoch, a step
 * or a cycle number), the others floats (an LR), as the frameworks pass them.
 */
export function compileUserFunction(source: string, path: string, accepted: readonly number[]): (...args: number[]) => number {
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
  return (...args: number[]) => {
    const values: PyValue[] = [];
    for (let i = 0; i < count; i++) {
      const a = args[i] ?? 0;
      values.push(i === 0 && Number.isSafeInteger(a) ? BigInt(a) : a);
    }
    try {
      return fn.callValues(values);
    } catch (err) {
      if (err instanceof ScheduleRuntimeError && err.path === undefined) {
        const at = err.line !== undefined && err.column !== undefined ? { line: err.line, column: err.column } : undefined;
        throw new ScheduleRuntimeError(err.message, path, at, true);
      }
      throw err;
    }
  };
}
