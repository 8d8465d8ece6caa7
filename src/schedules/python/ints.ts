/**
 * Python int arithmetic (Objects/longobject.c of CPython 3.11) on bigints: floor division and modulo round toward
 * negative infinity, `/` is correctly rounded, and no result may exceed MAX_INT_BITS (an OverflowError instead),
 * which keeps every operation's cost bounded.
 */
import { floatPow } from './floats';
import { bitLength, intToFloat, ratioToDouble, SAFE } from './numeric';
import { type BinOp, MAX_INT_BITS, PyError, type PyValue } from './value-types';

function checkSize(x: bigint): bigint {
  if ((x > SAFE || x < -SAFE) && bitLength(x) > MAX_INT_BITS) {
    throw new PyError('OverflowError', `integer result too large (the playground allows at most ${MAX_INT_BITS} bits)`);
  }
  return x;
}

/** Floor division of bigints, toward negative infinity. */
export function bigFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Modulo of bigints with the sign of the divisor. */
export function bigMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

/** int / int: correctly rounded true division (long_true_divide), including huge operands and subnormal results. */
export function intTrueDiv(a: bigint, b: bigint): number {
  if (b === 0n) throw new PyError('ZeroDivisionError', 'division by zero');
  if (a <= SAFE && a >= -SAFE && b <= SAFE && b >= -SAFE) return Number(a) / Number(b);
  const negative = a < 0n !== b < 0n;
  const result = ratioToDouble(a < 0n ? -a : a, b < 0n ? -b : b, 0);
  if (!Number.isFinite(result)) throw new PyError('OverflowError', 'integer division result too large for a float');
  return negative ? -result : result;
}

function intPow(a: bigint, b: bigint): PyValue {
  if (b < 0n) return floatPow(intToFloat(a), intToFloat(b));
  if (a === 0n || a === 1n) return b === 0n ? 1n : a;
  if (a === -1n) return b % 2n === 0n ? 1n : -1n;
  if (b > BigInt(MAX_INT_BITS) || (bitLength(a) - 1) * Number(b) >= MAX_INT_BITS) {
    throw new PyError('OverflowError', `integer result too large (the playground allows at most ${MAX_INT_BITS} bits)`);
  }
  return checkSize(a ** b);
}

/** `a op b` for two ints (long_add, long_true_divide, ... in longobject.c), bools already made ints. */
export function intOp(op: BinOp, a: bigint, b: bigint): PyValue {
  switch (op) {
    case '+':
      return checkSize(a + b);
    case '-':
      return checkSize(a - b);
    case '*':
      return checkSize(a * b);
    case '/':
      return intTrueDiv(a, b);
    case '//':
      if (b === 0n) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
      return bigFloorDiv(a, b);
    case '%':
      if (b === 0n) throw new PyError('ZeroDivisionError', 'integer modulo by zero');
      return bigMod(a, b);
    case '**':
      return intPow(a, b);
  }
}
