/**
 * numpy 1.24 / 2 scalar arithmetic (npy_math_internal.h, scalarmath.c): numpy.int64 wraps around, a division by
 * zero gives inf/nan/0 instead of raising, and how a Python int meets an int64 follows NEP 50.
 */
import { cPow, floatFloorDiv, floatMod } from './floats';
import { bigFloorDiv, bigMod } from './ints';
import { intToFloat } from './numeric';
import { type BinOp, NpFloat, NpInt, PyError, type PyValue } from './value-types';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function fitsInt64(x: bigint): boolean {
  return x >= INT64_MIN && x <= INT64_MAX;
}

/** How a numpy ufunc sees a Python or numpy scalar: an int64 or a float64. */
export type NpScalar = { readonly int: true; readonly v: bigint } | { readonly int: false; readonly v: number };

export function npScalar(v: PyValue, what: string): NpScalar {
  if (v === null) throw new PyError('TypeError', `unsupported operand type for ${what}: 'NoneType'`);
  switch (typeof v) {
    case 'number':
      return { int: false, v };
    case 'boolean':
      return { int: true, v: v ? 1n : 0n };
    case 'bigint':
      // Alone (np.sqrt(2**63)) or beside a float64, a Python int outside int64 becomes a float; beside an int64,
      // numpy 2 (NEP 50) refuses it: see `refuseWeakIntOverflow`.
      return fitsInt64(v) ? { int: true, v } : { int: false, v: intToFloat(v) };
    default:
      return v instanceof NpFloat ? { int: false, v: v.v } : { int: true, v: v.v };
  }
}

/**
 * NEP 50 (numpy 2): a Python int meeting an int64 is converted to int64 ("weak" scalar), so one outside int64's
 * range raises OverflowError (np.int64(1) + 2**63), where numpy 1.x quietly made a float64.
 */
export function refuseWeakIntOverflow(a: PyValue, b: PyValue): void {
  const huge = (v: PyValue): boolean => typeof v === 'bigint' && !fitsInt64(v);
  if ((a instanceof NpInt && huge(b)) || (b instanceof NpInt && huge(a))) {
    throw new PyError('OverflowError', 'Python int too large to convert to C long');
  }
}

export function npToFloat(s: NpScalar): number {
  return s.int ? Number(s.v) : s.v;
}

/** numpy's power for int64: negative exponents are an error, the rest wraps around like C int64 arithmetic. */
export function npIntPow(a: bigint, b: bigint): NpInt {
  if (b < 0n) throw new PyError('ValueError', 'Integers to negative integer powers are not allowed.');
  let result = 1n;
  let base = BigInt.asIntN(64, a);
  let e = b;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asIntN(64, result * base);
    base = BigInt.asIntN(64, base * base);
    e >>= 1n;
  }
  return new NpInt(result);
}

/** npy_floor_divide for doubles. */
export function npFloorDivide(a: number, b: number): number {
  if (b === 0) return a / b;
  return floatFloorDiv(a, b);
}

/** npy_remainder for doubles. */
export function npRemainder(a: number, b: number): number {
  if (b === 0) return a % b;
  return floatMod(a, b);
}

/** `a op b` for two int64s, numpy's way: wrapping around, 0 for a division by zero (with a warning in numpy). */
export function npIntOp(op: BinOp, a: bigint, b: bigint): NpInt | NpFloat {
  switch (op) {
    case '+':
      return new NpInt(a + b);
    case '-':
      return new NpInt(a - b);
    case '*':
      return new NpInt(a * b);
    case '/':
      return new NpFloat(Number(a) / Number(b));
    case '//':
      if (b === 0n) return new NpInt(0n);
      return new NpInt(bigFloorDiv(a, b));
    case '%':
      if (b === 0n) return new NpInt(0n);
      return new NpInt(bigMod(a, b));
    case '**':
      return npIntPow(a, b);
  }
}

/** `a op b` for two float64s, numpy's way: inf/nan for a division by zero, never an exception. */
export function npFloatOp(op: BinOp, a: number, b: number): NpFloat {
  switch (op) {
    case '+':
      return new NpFloat(a + b);
    case '-':
      return new NpFloat(a - b);
    case '*':
      return new NpFloat(a * b);
    case '/':
      return new NpFloat(a / b);
    case '//':
      return new NpFloat(npFloorDivide(a, b));
    case '%':
      return new NpFloat(npRemainder(a, b));
    case '**':
      return new NpFloat(cPow(a, b));
  }
}
