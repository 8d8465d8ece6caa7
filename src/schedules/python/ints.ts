/**
 * Python int arithmetic (Objects/longobject.c of CPython 3.11) on bigints: floor division and modulo round toward
 * negative infinity, `/` is correctly rounded, and no result may exceed MAX_INT_BITS (an OverflowError instead).
 * The cap bounds each result's size, not the work: every operation on big ints is priced by its operands' size
 * (cost.ts) and charged to the call's step budget before it runs. An OverflowError that the sizes predict is
 * raised before that charge (and before any work), as Python would raise it.
 */
import { bitsOf, divisionSteps, isBig, linearSteps, powerSteps, productSteps } from './cost';
import { floatPow } from './floats';
import { charge } from './frame';
import { bitLength, intToFloat, ratioToDouble, SAFE } from './numeric';
import { type BinOp, MAX_INT_BITS, PyError, type PyValue } from './value-types';

function tooLarge(): PyError {
  return new PyError('OverflowError', `integer result too large (the playground allows at most ${MAX_INT_BITS} bits)`);
}

function checkSize(x: bigint): bigint {
  if ((x > SAFE || x < -SAFE) && bitLength(x) > MAX_INT_BITS) throw tooLarge();
  return x;
}

/** True when |x| is a power of two (a ** n is then a shift, not a chain of squarings). */
function isPowerOfTwo(x: bigint): boolean {
  const a = x < 0n ? -x : x;
  return (a & (a - 1n)) === 0n;
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
  const baseBits = bitLength(a);
  if (b > BigInt(MAX_INT_BITS) || (baseBits - 1) * Number(b) >= MAX_INT_BITS) throw tooLarge();
  const n = Number(b);
  // The result has floor(n * log2|a|) + 1 bits. Below 2**1023, log2 of the double is exact enough (an error far
  // under 1e-6 bits) to raise the OverflowError Python raises before pricing work that would be refused anyway.
  let resultBits = baseBits * n;
  if (baseBits < 1023) {
    const log2 = n * Math.log2(Math.abs(Number(a)));
    if (log2 >= MAX_INT_BITS + 1e-6) throw tooLarge();
    resultBits = Math.min(Math.floor(log2 + 1e-6) + 1, MAX_INT_BITS);
  }
  if (resultBits > 64) charge(isPowerOfTwo(a) ? linearSteps(resultBits) : powerSteps(baseBits, n, resultBits));
  return checkSize(a ** b);
}

/** The steps of `a op b` beyond its node's one, for ints past 2**53 (small ones cost nothing more). */
function chargeOp(op: BinOp, a: bigint, b: bigint): void {
  const x = bitsOf(a);
  const y = bitsOf(b);
  switch (op) {
    case '+':
    case '-':
      charge(linearSteps(Math.max(x, y)));
      return;
    case '*':
      if (x + y - 1 > MAX_INT_BITS) throw tooLarge();
      charge(productSteps(x, y) + linearSteps(x + y));
      return;
    case '/':
      // ratioToDouble: shifts to ~55 significant bits and one division with a one-word quotient.
      charge(3 * linearSteps(Math.max(x, y)));
      return;
    case '//':
    case '%':
      charge(divisionSteps(x, y));
      return;
    case '**':
      return; // intPow prices the result it will build
  }
}

/** `a op b` for two ints (long_add, long_true_divide, ... in longobject.c), bools already made ints. */
export function intOp(op: BinOp, a: bigint, b: bigint): PyValue {
  if (isBig(a) || isBig(b)) chargeOp(op, a, b);
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
