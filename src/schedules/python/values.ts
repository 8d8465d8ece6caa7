/**
 * Python number semantics (CPython 3.11, numpy 1.24 scalars) on plain JavaScript values: the operators of the
 * language (`a op b`, unary minus and plus, truth, comparison chains) for every pair of operand types.
 *
 * Every operation follows the C source of CPython (Objects/floatobject.c, longobject.c) or numpy
 * (npy_math_internal.h, scalarmath.c) rather than JavaScript's operators where they differ. The layers below:
 *
 *   value-types.ts   the values (int -> bigint, float -> number, ..., NpFloat / NpInt) and PyError
 *   numeric.ts       a double's bits, int <-> float conversions, big-int helpers
 *   floats.ts        float arithmetic (float_pow, floor division, modulo)
 *   ints.ts          int arithmetic, bounded by MAX_INT_BITS
 *   numpy-scalars.ts numpy.int64 / numpy.float64 arithmetic
 *   repr.ts          Python's repr()
 *
 * This file also re-exports every name values.ts exported before it was split into those files, so that an
 * import from './values' (other folders, the unit tests) keeps working.
 */
import { chargeInts } from './cost';
import { floatOp } from './floats';
import { intOp } from './ints';
import { toFloat } from './numeric';
import { npFloatOp, npIntOp, npScalar, npToFloat, refuseWeakIntOverflow } from './numpy-scalars';
import { type BinOp, type CmpOp, NpFloat, NpInt, PyError, type PyValue, typeName } from './value-types';

export { cPow, floatPow, powInteger } from './floats';
export { bigMod, intTrueDiv } from './ints';
export { bitLength, decompose, floatToInt, intToFloat, pow2, ratioToDouble, toFloat } from './numeric';
export {
  fitsInt64,
  type NpScalar,
  npFloorDivide,
  npIntPow,
  npRemainder,
  npScalar,
  npToFloat,
  refuseWeakIntOverflow,
} from './numpy-scalars';
export { repr, reprFloat } from './repr';
export { type BinOp, type CmpOp, MAX_INT_BITS, NpFloat, NpInt, PyError, type PyValue, typeName } from './value-types';

function isNumpy(v: PyValue): v is NpFloat | NpInt {
  return v instanceof NpFloat || v instanceof NpInt;
}

function toBig(v: bigint | boolean): bigint {
  return typeof v === 'bigint' ? v : v ? 1n : 0n;
}

const OP_NAMES: Record<BinOp, string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '//': '//',
  '%': '%',
  '**': '** or pow()',
};

/** `a op b` with Python's rules for every pair of operand types. */
export function binop(op: BinOp, a: PyValue, b: PyValue): PyValue {
  if (typeof a === 'number' && typeof b === 'number') return floatOp(op, a, b);
  if (a === null || b === null) {
    throw new PyError('TypeError', `unsupported operand type(s) for ${OP_NAMES[op]}: '${typeName(a)}' and '${typeName(b)}'`);
  }
  if (isNumpy(a) || isNumpy(b)) {
    chargeInts(a, b);
    refuseWeakIntOverflow(a, b);
    const x = npScalar(a, OP_NAMES[op]);
    const y = npScalar(b, OP_NAMES[op]);
    if (x.int && y.int) return npIntOp(op, x.v, y.v);
    return npFloatOp(op, npToFloat(x), npToFloat(y));
  }
  if (typeof a === 'number' || typeof b === 'number') {
    // A big int made a float is read once; ints.ts prices int-with-int arithmetic itself.
    chargeInts(a, b);
    return floatOp(op, toFloat(a), toFloat(b));
  }
  return intOp(op, toBig(a as bigint | boolean), toBig(b as bigint | boolean));
}

export function negate(v: PyValue): PyValue {
  switch (typeof v) {
    case 'number':
      return -v;
    case 'bigint':
      chargeInts(v);
      return -v;
    case 'boolean':
      return v ? -1n : 0n;
    default:
      if (v instanceof NpFloat) return new NpFloat(-v.v);
      if (v instanceof NpInt) return new NpInt(-v.v);
      throw new PyError('TypeError', "bad operand type for unary -: 'NoneType'");
  }
}

export function plus(v: PyValue): PyValue {
  if (v === null) throw new PyError('TypeError', "bad operand type for unary +: 'NoneType'");
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return v;
}

export function truthy(v: PyValue): boolean {
  switch (typeof v) {
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
    default:
      if (v === null) return false;
      return v instanceof NpFloat ? v.v !== 0 : v.v !== 0n;
  }
}

/** Exact comparison of an int and a float, as Python does (no rounding of the int). */
function cmpNumbers(op: CmpOp, a: bigint | number, b: bigint | number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '==':
      return numEq(a, b);
    case '!=':
      return !numEq(a, b);
  }
}

function numEq(a: bigint | number, b: bigint | number): boolean {
  if (typeof a === typeof b) return a === b;
  const f = (typeof a === 'number' ? a : b) as number;
  const i = (typeof a === 'bigint' ? a : b) as bigint;
  return Number.isInteger(f) && BigInt(f) === i;
}

/** `a op b` for one link of a comparison chain. */
export function compare(op: CmpOp, a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return cmpNumbers(op, a, b);
  if (a === null || b === null) {
    if (op === '==') return a === b;
    if (op === '!=') return a !== b;
    throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  if (isNumpy(a) || isNumpy(b)) {
    const x = npScalar(a, op);
    const y = npScalar(b, op);
    // numpy compares int64 with int64 exactly and anything involving a float as two doubles.
    if (x.int && y.int) return cmpNumbers(op, x.v, y.v);
    return cmpNumbers(op, npToFloat(x), npToFloat(y));
  }
  const x = typeof a === 'boolean' ? (a ? 1n : 0n) : a;
  const y = typeof b === 'boolean' ? (b ? 1n : 0n) : b;
  chargeInts(x, y);
  return cmpNumbers(op, x, y);
}
