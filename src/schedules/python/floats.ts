/**
 * Python float arithmetic (Objects/floatobject.c of CPython 3.11) on doubles: floor division and modulo round
 * toward negative infinity, `**` follows float_pow (raising where CPython does) and is correctly rounded for
 * integer exponents, where JavaScript's ** is not.
 */
import { linearSteps, powerSteps } from './cost';
import { charge } from './frame';
import { bitLength, decompose, ldexp, normalExponent, ratioToDouble, withUnitExponent } from './numeric';
import { reprFloat } from './repr';
import { type BinOp, PyError } from './value-types';

/** C's copysign(0.0, y), ignoring the sign of a NaN (JavaScript does not preserve it). */
function zeroWithSignOf(y: number): number {
  return y < 0 || Object.is(y, -0) ? -0 : 0;
}

/** DOUBLE_IS_ODD_INTEGER from floatobject.c: fmod(fabs(x), 2.0) == 1.0. */
function isOddInteger(x: number): boolean {
  return Math.abs(x) % 2 === 1;
}

/** C99 pow(): like Math.pow except that 1**y == 1 and (-1)**±inf == 1 (JavaScript gives NaN for both). */
export function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY)) return 1;
  if (Number.isFinite(x) && Number.isFinite(y) && x !== 0 && Number.isInteger(y)) {
    const r = positivePow(Math.abs(x), y);
    return x < 0 && isOddInteger(y) ? -r : r;
  }
  return x ** y;
}

/** float % float (float_rem), after the zero check. */
export function floatMod(vx: number, wx: number): number {
  let mod = vx % wx; // JavaScript's % is C's fmod
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) mod += wx;
  } else {
    mod = zeroWithSignOf(wx);
  }
  return mod;
}

/** float // float (float_floor_div via _float_div_mod), after the zero check. Also numpy's npy_divmod. */
export function floatFloorDiv(vx: number, wx: number): number {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  }
  if (div !== 0) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return zeroWithSignOf(vx / wx);
}

// Double-double arithmetic (Dekker): a value is hi + lo with |lo| <= ulp(hi) / 2, about 106 bits of precision.
const SPLITTER = 134217729; // 2**27 + 1

function ddMul(ah: number, al: number, bh: number, bl: number, out: [number, number]): void {
  const p = ah * bh;
  const ca = SPLITTER * ah;
  const ahi = ca - (ca - ah);
  const alo = ah - ahi;
  const cb = SPLITTER * bh;
  const bhi = cb - (cb - bh);
  const blo = bh - bhi;
  const err = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo + (ah * bl + al * bh);
  const h = p + err;
  out[0] = h;
  out[1] = err - (h - p);
}

/** Largest |n| computed with double-double arithmetic (beyond it, results over- or underflow but for x near 1). */
const MAX_DD_EXPONENT = 2 ** 20;
/** Largest |n| for the exact BigInt fallback, needed only when the double-double result is too close to a tie. */
const MAX_EXACT_EXPONENT = 4096;

/**
 * x ** n for a finite x > 0 and an integer n, correctly rounded. C's pow() (glibc) is correctly rounded in
 * practice, JavaScript's ** is not (it is off by an ulp in several percent of cases), and `gamma ** epoch` is the
 * most common learning-rate formula there is. Double-double exponentiation by squaring keeps ~100 correct bits;
 * a result too close to a rounding tie to decide is computed exactly with BigInt.
 */
export function powInteger(x: number, n: number): number {
  if (Math.abs(n) > MAX_DD_EXPONENT) return x ** n;
  // x = bh * 2**be with bh in [1, 2) (frexp without allocating); a subnormal x is scaled up into the normals first.
  const scaled = x < 2 ** -1000 ? x * 2 ** 100 : x;
  let bh = withUnitExponent(scaled);
  let be = (x < 2 ** -1000 ? -100 : 0) + normalExponent(scaled);
  let bl = 0;
  let rh = 1;
  let rl = 0;
  let re = 0;
  const t: [number, number] = [0, 0];
  for (let k = Math.abs(n); ; ) {
    if (k % 2 === 1) {
      ddMul(rh, rl, bh, bl, t);
      [rh, rl] = t;
      re += be;
      if (rh >= 2) {
        rh /= 2;
        rl /= 2;
        re += 1;
      }
    }
    k = Math.floor(k / 2);
    if (k === 0) break;
    ddMul(bh, bl, bh, bl, t);
    [bh, bl] = t;
    be *= 2;
    if (bh >= 2) {
      bh /= 2;
      bl /= 2;
      be += 1;
    }
  }
  if (n < 0) {
    // 1 / (rh + rl) in double-double.
    const q1 = 1 / rh;
    ddMul(q1, 0, rh, rl, t);
    const q2 = (1 - t[0] - t[1]) / rh;
    rh = q1 + q2;
    rl = q2 - (rh - q1);
    re = -re;
    while (rh < 1) {
      rh *= 2;
      rl *= 2;
      re -= 1;
    }
  }
  if (re > 1024) return Number.POSITIVE_INFINITY;
  // Below 2**-1076 (less than half the smallest subnormal, with room for rh < 2 and the error) it rounds to 0.
  if (re < -1080) return 0;
  if (re < -1022) {
    // A subnormal: round (rh + rl) * 2**(re + 1074) to an integer N (below 2**53), the result being N * 2**-1074.
    // Both scalings are exact; only a fraction too close to 1/2 to decide needs the exact computation.
    const k = re + 1074;
    const yh = rh * 2 ** k;
    const floor = Math.floor(yh);
    const frac = yh - floor + rl * 2 ** k;
    if (Math.abs(frac - 0.5) >= 2 ** -30) return ldexp(frac > 0.5 ? floor + 1 : floor, -1074);
    if (Math.abs(n) <= MAX_EXACT_EXPONENT) return exactPow(x, n);
    return ldexp(rh + rl, re);
  }
  // rh is in [1, 2), where doubles are 2**-52 apart (2**-53 just below 1). Is rl too close to a tie to round?
  const halfUlp = rh === 1 && rl < 0 ? 2 ** -54 : 2 ** -53;
  const nearTie = Math.abs(Math.abs(rl) - halfUlp) < 2 ** -90;
  if (nearTie && Math.abs(n) <= MAX_EXACT_EXPONENT) return exactPow(x, n);
  return ldexp(rh + rl, re);
}

/**
 * (m * 2**e) ** n exactly rounded, with BigInt: m's trailing zero bits moved into e first (0.5 ** n is then 1 ** n),
 * and the power priced (cost.ts) before it is built, up to 53 * 4,096 bits.
 */
function exactPow(x: number, n: number): number {
  const d = decompose(x);
  let m = d.m;
  let e = d.e;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e += 1;
  }
  const a = Math.abs(n);
  const baseBits = bitLength(m);
  const resultBits = baseBits * a;
  if (m !== 1n && resultBits > 64) charge(powerSteps(baseBits, a, resultBits) + 3 * linearSteps(resultBits + 1100));
  const p = m ** BigInt(a);
  return n > 0 ? ratioToDouble(p, 1n, e * n) : ratioToDouble(1n, p, e * n);
}

/** C's pow() for finite x > 0 and finite y: correctly rounded for integer y (see powInteger). */
function positivePow(x: number, y: number): number {
  if (Number.isInteger(y)) return powInteger(x, y);
  return x ** y;
}

/** float ** float (float_pow in floatobject.c). */
export function floatPow(iv: number, iw: number): number {
  if (iw === 0) return 1.0;
  if (Number.isNaN(iv)) return iv;
  if (Number.isNaN(iw)) return iv === 1.0 ? 1.0 : iw;
  if (!Number.isFinite(iw)) {
    const av = Math.abs(iv);
    if (av === 1.0) return 1.0;
    if (iw > 0 === av > 1.0) return Math.abs(iw);
    return 0.0;
  }
  if (!Number.isFinite(iv)) {
    const odd = isOddInteger(iw);
    if (iv > 0) return iw > 0 ? iv : 0.0;
    return iw > 0 ? (odd ? iv : -iv) : odd ? -0.0 : 0.0;
  }
  if (iv === 0) {
    if (iw < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
    return isOddInteger(iw) ? iv : 0.0;
  }
  let negate = false;
  let base = iv;
  if (base < 0) {
    if (iw !== Math.floor(iw)) {
      // Python 3 returns a complex number here; the playground has no complex numbers.
      throw new PyError(
        'ValueError',
        `${reprFloat(iv)} ** ${reprFloat(iw)} is a complex number in Python (negative number to a fractional power); complex numbers are not supported`,
      );
    }
    base = -base;
    negate = isOddInteger(iw);
  }
  if (base === 1.0) return negate ? -1.0 : 1.0;
  const ix = positivePow(base, iw);
  if (!Number.isFinite(ix)) throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
  return negate ? -ix : ix;
}

/** `a op b` for two floats (float_add, float_div, ... in floatobject.c). */
export function floatOp(op: BinOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
      return a / b;
    case '//':
      if (b === 0) throw new PyError('ZeroDivisionError', 'float floor division by zero');
      return floatFloorDiv(a, b);
    case '%':
      if (b === 0) throw new PyError('ZeroDivisionError', 'float modulo');
      return floatMod(a, b);
    case '**':
      return floatPow(a, b);
  }
}
