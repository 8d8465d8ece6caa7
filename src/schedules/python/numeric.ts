/**
 * The numeric tower's conversions: exact access to a double's bits, int <-> float (correctly rounded, with
 * CPython's OverflowError/ValueError), and the big-int helpers they need. Everything above (floats.ts, ints.ts,
 * numpy-scalars.ts) builds on these.
 */
import { NpFloat, NpInt, PyError, type PyValue } from './value-types';

// Scratch buffers for reading and writing a double's bits without allocating; every function here writes the whole
// double before reading it back, so no state survives a call.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high 32-bit word of F64 (platform byte order). */
const HI = (() => {
  F64[0] = 1;
  return U32[1] === 0x3ff00000 ? 1 : 0;
})();
const LO = 1 - HI;

/** 2**e exactly, for integer e in [-1074, 1023]. */
export function pow2(e: number): number {
  if (e >= -1022) {
    U32[HI] = (e + 1023) << 20;
    U32[LO] = 0;
  } else if (e >= -1042) {
    U32[HI] = 1 << (e + 1042);
    U32[LO] = 0;
  } else {
    U32[HI] = 0;
    U32[LO] = (1 << (e + 1074)) >>> 0;
  }
  return F64[0] as number;
}

/** Exact decomposition of a finite, non-zero |x| as m * 2**e with an integer m. */
export function decompose(x: number): { m: bigint; e: number } {
  F64[0] = Math.abs(x);
  const hi = U32[HI] as number;
  const lo = U32[LO] as number;
  const exp = (hi >>> 20) & 0x7ff;
  const mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return { m: mant, e: -1074 };
  return { m: mant | (1n << 52n), e: exp - 1075 };
}

/** m * 2**e, exact whenever the result is representable (m an integer below 2**54). */
export function ldexp(m: number, e: number): number {
  if (e > 1023) return m * pow2(1023) * pow2(e - 1023);
  if (e < -1022) return m * pow2(-1022) * pow2(e + 1022);
  return m * pow2(e);
}

/** floor(log2(x)) for a finite, normal x != 0, read from its exponent bits. */
export function normalExponent(x: number): number {
  F64[0] = x;
  return (((U32[HI] as number) >>> 20) & 0x7ff) - 1023;
}

/** A finite, normal x with its exponent set to 0: |result| is in [1, 2) and has x's sign and mantissa bits. */
export function withUnitExponent(x: number): number {
  F64[0] = x;
  U32[HI] = ((U32[HI] as number) & 0x800fffff) | (1023 << 20);
  return F64[0] as number;
}

/** Ints of at most this magnitude convert to a double exactly (both ways). */
export const SAFE = 2n ** 53n;

/**
 * The number of bits of |x|, without writing x out (a hex string of a 65,536-bit int takes longer than adding
 * two of them): a shift right costs the size of its result, and the shifts here end near the answer.
 */
export function bitLength(x: bigint): number {
  const a = x < 0n ? -x : x;
  if (a === 0n) return 0;
  if (a < 0x80000000n) return 32 - Math.clz32(Number(a));
  const f = Number(a);
  if (f !== Number.POSITIVE_INFINITY) {
    // Number() rounds to nearest: an `a` just below 2**e reads as 2**e, which the shift tells apart.
    const e = normalExponent(f);
    return a >> BigInt(e) === 0n ? e : e + 1;
  }
  // |x| >= 2**1023 here. Invariant: a >> lo is not 0 (more than lo bits), a >> hi is 0 (at most hi bits).
  let lo = 1023;
  let hi = 2048;
  while (a >> BigInt(hi) !== 0n) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (a >> BigInt(mid) !== 0n) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** float(int): correctly rounded (ECMAScript's Number(bigint) rounds half to even), OverflowError past DBL_MAX. */
export function intToFloat(x: bigint): number {
  const f = Number(x);
  if (!Number.isFinite(f)) throw new PyError('OverflowError', 'int too large to convert to float');
  return f;
}

/** int(float) for a finite float: truncation toward zero. */
export function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

/** float(x) for the arithmetic of mixed int/float operands. */
export function toFloat(v: PyValue): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return intToFloat(v);
    case 'boolean':
      return v ? 1 : 0;
    default:
      if (v instanceof NpFloat) return v.v;
      if (v instanceof NpInt) return Number(v.v);
      throw new PyError('TypeError', 'must be real number, not NoneType');
  }
}

/** x / y * 2**scale for positive bigints, correctly rounded (half to even) to a double; Infinity past DBL_MAX. */
export function ratioToDouble(x: bigint, y: bigint, scale: number): number {
  if (x === 0n) return 0;
  const e = bitLength(x) - bitLength(y);
  // E = floor(log2(x / y)) is e or e - 1.
  const atLeast = e >= 0 ? x >= y << BigInt(e) : x << BigInt(-e) >= y;
  const E = (atLeast ? e : e - 1) + scale;
  if (E > 1023) return Number.POSITIVE_INFINITY;
  // Quotient in units of the result's ulp, rounded half to even.
  const u = Math.max(E - 52, -1074);
  const shift = u - scale;
  let num = x;
  let den = y;
  if (shift < 0) num <<= BigInt(-shift);
  else den <<= BigInt(shift);
  let q = num / den;
  const twice = (num - q * den) * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  return ldexp(Number(q), u);
}
