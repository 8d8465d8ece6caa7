/**
 * Python's round() and numpy's round(): the two differ, and both are easy to get subtly wrong.
 *
 * - CPython's round(x, n) on a float is correctly rounded: it rounds the exact binary value of x to n decimal
 *   digits, half to even (float.__round__ -> double_round -> _Py_dg_dtoa mode 3), then converts that decimal back
 *   to the nearest double. So round(2.675, 2) == 2.67 (2.675 is really 2.67499999...) and round(0.125, 2) == 0.12
 *   (an exact tie, to even). Done here with exact BigInt arithmetic.
 * - numpy's round(x, n) scales by a power of ten, rounds half to even with rint, and scales back, in floating
 *   point (PyArray_Round), so np.round(2.675, 2) == 2.68.
 */
import { divisionSteps, linearSteps, powerSteps, productSteps } from './cost';
import { charge } from './frame';
import { bitLength, decompose, floatToInt } from './numeric';
import { NpInt, PyError } from './value-types';

/** C's rint(): round half to even, keeping the sign of zero. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  let r = Math.round(x); // half toward +infinity
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : r;
}

/** round(x) for a float: the nearest int, ties to even. */
export function roundFloatToInt(x: number): bigint {
  return floatToInt(rint(x));
}

const NDIGITS_MAX = 323; // (DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103
const NDIGITS_MIN = -308; // -(DBL_MAX_EXP + 1) * 0.30103

/** round(x, ndigits) for a float, exactly as CPython (float___round___impl / double_round). */
export function roundFloat(x: number, ndigits: bigint): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits > BigInt(NDIGITS_MAX)) return x;
  if (ndigits < BigInt(NDIGITS_MIN)) return 0.0 * x;
  if (x === 0) return x;
  const n = Number(ndigits);
  const { m, e } = decompose(x);
  // x is already a multiple of 10**-n when its binary fraction has at most n bits (n >= 0).
  if (n >= 0 && e >= -n) return x;
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  // Bounded (|n| <= 323, |e| <= 1075: at most ~2,200 bits), but a few microseconds of BigInt work: priced.
  const tenBits = Math.ceil(Math.abs(n) * Math.log2(10)) + 1;
  const numBits = 53 + Math.max(e, 0) + (n >= 0 ? tenBits : 0);
  const denBits = 1 + Math.max(-e, 0) + (n < 0 ? tenBits : 0);
  charge(powerSteps(4, Math.abs(n), tenBits) + divisionSteps(numBits, denBits) + linearSteps(numBits + denBits));
  if (n >= 0) num *= 10n ** BigInt(n);
  else den *= 10n ** BigInt(-n);
  let k = num / den;
  const twice = (num - k * den) * 2n;
  if (twice > den || (twice === den && (k & 1n) === 1n)) k += 1n;
  // The decimal k * 10**-n, converted to the nearest double (ECMAScript's string-to-number is correctly rounded).
  const y = k === 0n ? 0 : Number(`${k}e${-n}`);
  if (!Number.isFinite(y)) throw new PyError('OverflowError', 'rounded value too large to represent');
  return x < 0 ? -y : y;
}

/** round(i, ndigits) for an int: unchanged for ndigits >= 0, else to a multiple of 10**-ndigits, ties to even. */
export function roundInt(i: bigint, ndigits: bigint): bigint {
  if (ndigits >= 0n) return i;
  if (ndigits < -100000n) return 0n;
  // |i| has at most floor(bits * log10(2)) + 1 digits; with -ndigits beyond that, |i| < 10**-ndigits / 2 and the
  // result is 0 (for either sign), without building 10**-ndigits (332,000 bits for round(1, -99999)).
  const bits = bitLength(i);
  if (-ndigits > BigInt(Math.floor(bits * Math.log10(2)) + 2)) return 0n;
  const n = Number(-ndigits);
  const powBits = Math.ceil(n * Math.log2(10)) + 1;
  // 10**n, then a division of i by it and a product back.
  charge(powerSteps(4, n, powBits) + divisionSteps(bits, powBits) + productSteps(bits, powBits));
  const pow = 10n ** -ndigits;
  let q = i / pow;
  let r = i % pow;
  if (r < 0n) {
    q -= 1n;
    r += pow;
  }
  const twice = r * 2n;
  if (twice > pow || (twice === pow && (q & 1n) === 1n)) q += 1n;
  return q * pow;
}

/** numpy's power_of_ten (multiarray/calculation.c): exact up to 1e22, then repeated multiplication. */
const P10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
function powerOfTen(n: number): number {
  if (n < 9) return P10[n] as number;
  let ret = 1e9;
  for (let i = n; i > 9 && Number.isFinite(ret); i--) ret *= 10;
  return ret;
}

/** numpy.round(x, decimals) on a float64 (PyArray_Round). */
export function npRoundFloat(x: number, decimals: number): number {
  if (decimals === 0) return rint(x);
  if (decimals > 0) {
    const f = powerOfTen(decimals);
    return rint(x * f) / f;
  }
  const f = powerOfTen(-decimals);
  return rint(x / f) * f;
}

/** np.round of an int64: unchanged for decimals >= 0, else rounded through float64 like numpy's integer loop. */
export function npRoundInt(i: bigint, decimals: number): NpInt {
  if (decimals >= 0) return new NpInt(i);
  const r = npRoundFloat(Number(i), decimals);
  return new NpInt(Number.isFinite(r) ? BigInt(r) : 0n);
}
