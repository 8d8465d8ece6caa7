/**
 * What a callable function is (Builtin), what a module is (PyModule), and the argument checks and conversions
 * shared by builtins.ts, math-functions.ts and numpy-functions.ts, with CPython's messages
 * (Python/getargs.c, PyFloat_AsDouble, PyNumber_Index).
 */
import { toFloat } from './numeric';
import { NpInt, PyError, type PyValue, typeName } from './value-types';

export interface Builtin {
  /** The name Python shows in messages: 'abs', 'math.floor', 'numpy.floor'. */
  readonly name: string;
  readonly call: (args: readonly PyValue[]) => PyValue;
  /** Present where one string literal may be the argument (float('inf')); folded when the code is compiled. */
  readonly fromString?: (s: string) => PyValue;
}

export type ModuleName = 'math' | 'numpy';

export interface PyModule {
  readonly functions: ReadonlyMap<string, Builtin>;
  readonly constants: ReadonlyMap<string, PyValue>;
}

/** CPython's arity check for a function of `min` to `max` positional arguments, with its messages. */
export function argCount(name: string, args: readonly PyValue[], min: number, max: number): void {
  const n = args.length;
  if (n >= min && n <= max) return;
  if (min === max) {
    const what = min === 1 ? 'exactly one argument' : `exactly ${min} arguments`;
    throw new PyError('TypeError', `${name}() takes ${what} (${n} given)`);
  }
  if (n < min) throw new PyError('TypeError', `${name}() takes at least ${min} argument${min === 1 ? '' : 's'} (${n} given)`);
  throw new PyError('TypeError', `${name}() takes at most ${max} arguments (${n} given)`);
}

/** The i-th argument, once argCount has checked that it exists. */
export function arg(args: readonly PyValue[], i: number): PyValue {
  return args[i] as PyValue;
}

/** PyFloat_AsDouble, as the math module converts its arguments. */
export function asDouble(v: PyValue): number {
  if (v === null) throw new PyError('TypeError', 'must be real number, not NoneType');
  return toFloat(v);
}

/** An integer argument (ndigits, exponents): bool and numpy ints count, floats do not. */
export function asIndex(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v instanceof NpInt) return v.v;
  throw new PyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** Degrees <-> radians as mathmodule.c computes them (one multiplication by a rounded constant). */
const PI = Math.PI;
export const RAD_TO_DEG = 180.0 / PI;
export const DEG_TO_RAD = PI / 180.0;

/** float('...'): Python's float() syntax for strings (underscores between digits, inf/infinity/nan). */
export function floatFromString(s: string): number {
  const t = s.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (special) {
    const word = (special[2] as string).toLowerCase();
    if (word === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const digits = '[0-9](?:_?[0-9])*';
  const re = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  if (!re.test(t)) throw new PyError('ValueError', `could not convert string to float: ${pyStr(s)}`);
  return Number(t.replace(/_/g, ''));
}

/** int('...') in base 10. */
export function intFromString(s: string): bigint {
  const t = s.trim();
  if (!/^[+-]?[0-9](?:_?[0-9])*$/.test(t) || t.length > 5000) {
    throw new PyError('ValueError', `invalid literal for int() with base 10: ${pyStr(s)}`);
  }
  return BigInt(t.replace(/_/g, ''));
}

/** repr() of a str, for the messages of float('...') and int('...'). */
function pyStr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * An ndigits / decimals argument as a JS number. Far beyond a double's 17 significant digits or 308-digit range
 * every value rounds the same way, so a huge one is clamped instead of being converted.
 */
export function clampDecimals(n: bigint): number {
  if (n > 100000n) return 100000;
  if (n < -100000n) return -100000;
  return Number(n);
}
