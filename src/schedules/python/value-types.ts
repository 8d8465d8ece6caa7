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

/**
 * What numpy.where(cond, x, y) returns for scalar arguments: a 0-d ndarray. It computes like the numpy scalar of
 * its dtype (arithmetic on a 0-d array returns a scalar, so only the direct result is an array); the few places
 * where an array differs from a scalar (round() has no __round__ for ndarray, a float array is not an index) test
 * for these subclasses.
 */
export class NpFloatArray0d extends NpFloat {}
export class NpIntArray0d extends NpInt {}

export type PyValue = bigint | number | boolean | null | NpFloat | NpInt;

/** The most items a list or tuple display may have: enough for any table of learning rates. */
export const MAX_LIST_ITEMS = 10_000;

/**
 * A list or tuple built by a display (`[0.1, 0.01]`, `(0.1, 0.01)`). The subset only indexes it (and takes its
 * len()); it is never mutated, so one class serves both. It is not a PyValue: the arithmetic, builtins and the
 * paste reader never see one, and evaluate.ts refuses it everywhere but an index, len() and truth tests.
 */
export class PySeq {
  readonly items: readonly Value[];
  readonly tuple: boolean;
  constructor(items: readonly Value[], tuple: boolean) {
    this.items = items;
    this.tuple = tuple;
  }
  get typeName(): string {
    return this.tuple ? 'tuple' : 'list';
  }
}

/** Any value a name can hold while the interpreter runs: a number (PyValue), or a list / tuple. */
export type Value = PyValue | PySeq;

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

/** typeName for any value, as CPython's messages name it ('list', 'tuple', 'numpy.ndarray' for np.where's). */
export function valueTypeName(v: Value): string {
  if (v instanceof PySeq) return v.typeName;
  if (v instanceof NpFloatArray0d || v instanceof NpIntArray0d) return 'numpy.ndarray';
  return typeName(v);
}
