/**
 * The Python values of the interpreter, as plain JavaScript values chosen so that the common case allocates
 * nothing and `typeof` tells the Python type:
 *
 *   int      -> bigint   (arbitrary precision, like Python; capped at MAX_INT_BITS to keep evaluation bounded)
 *   float    -> number   (IEEE double, same as CPython's float)
 *   bool     -> boolean  (a subclass of int in arithmetic: True + 1 == 2)
 *   None     -> null
 *   numpy.float64 / numpy.int64 -> NpFloat / NpInt (what np.floor, np.power, ... return; numpy's own rules:
 *               no ZeroDivisionError, int64 wraps around)
 *
 * The arithmetic on them is in numeric.ts, floats.ts, ints.ts and numpy-scalars.ts; values.ts gathers it.
 */

/** A numpy.float64 scalar. */
export class NpFloat {
  readonly v: number;
  constructor(v: number) {
    this.v = v;
  }
}

/** A numpy.int64 scalar; the value is always inside the int64 range (arithmetic wraps around, as numpy's does). */
export class NpInt {
  readonly v: bigint;
  constructor(v: bigint) {
    this.v = BigInt.asIntN(64, v);
  }
}

export type PyValue = bigint | number | boolean | null | NpFloat | NpInt;

/** A Python exception: `pyType` is the class name ("ZeroDivisionError"), `detail` the text after the colon. */
export class PyError extends Error {
  readonly pyType: string;
  readonly detail: string;
  constructor(pyType: string, detail: string) {
    super(`${pyType}: ${detail}`);
    this.name = 'PyError';
    this.pyType = pyType;
    this.detail = detail;
  }
}

/** Ints are exact, but a playground has no use for numbers with more bits than this (about 19,700 digits). */
export const MAX_INT_BITS = 65536;

export type BinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CmpOp = '<' | '>' | '<=' | '>=' | '==' | '!=';

export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    default:
      return v instanceof NpFloat ? 'numpy.float64' : 'numpy.int64';
  }
}
