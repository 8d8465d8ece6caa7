/**
 * Python float semantics where they differ from JavaScript. Schedulers run in CPython with float64, so the
 * arithmetic is the same IEEE-754 double arithmetic as JS, except: division by zero raises instead of giving
 * Infinity/NaN, and `//` and `%` round toward negative infinity.
 */
import { ScheduleRuntimeError } from './types';

/** Python's `a / b` on floats: raises ZeroDivisionError where JS would return ±Infinity or NaN. */
export function pyDiv(a: number, b: number): number {
  if (b === 0) throw new ScheduleRuntimeError('ZeroDivisionError: float division by zero');
  return a / b;
}

/** Python's `a // b`: floor division, toward negative infinity. */
export function pyFloorDiv(a: number, b: number): number {
  if (b === 0) throw new ScheduleRuntimeError('ZeroDivisionError: integer division or modulo by zero');
  return Math.floor(a / b);
}

/** Python's `a % b`: the result has the sign of the divisor. */
export function pyMod(a: number, b: number): number {
  if (b === 0) throw new ScheduleRuntimeError('ZeroDivisionError: integer division or modulo by zero');
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's `a ** b` on floats: `0.0 ** negative` raises; a negative base with a fractional exponent is complex. */
export function pyPow(a: number, b: number): number {
  if (a === 0 && b < 0) {
    throw new ScheduleRuntimeError('ZeroDivisionError: 0.0 cannot be raised to a negative power');
  }
  if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) {
    throw new ScheduleRuntimeError(`ValueError: ${a} ** ${b} is a complex number`);
  }
  return a ** b;
}
