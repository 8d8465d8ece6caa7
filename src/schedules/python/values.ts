/**
 * Python number semantics (CPython 3.11, numpy 1.24 scalars) on plain JavaScript values, chosen so that the
 * common case allocates nothing and `typeof` tells the Python type:
 *
 *   int      -> bigint   (arbitrary precision, like Python; capped at MAX_INT_BITS to keep evaluation bounded)
 *   float    -> number   (IEEE double, same as CPython's float)
 *   bool     -> boolean  (a subclass of int in arithmetic: True + 1 == 2)
 *   None     -> null
 *   numpy.float64 / numpy.int64 -> NpFloat / NpInt (what np.floor, np.power, ... return; numpy's own rules:
 *               no ZeroDivisionError, int64 wraps around)
 *
 * Every operation follows the C source of CPython (Objects/floatobject.c, longobject.c) or numpy
 * (npy_math_internal.h, scalarmath.c) rather than JavaScript's operators where they differ: floor division and
 * modulo round toward negative infinity, `/` of two ints is correctly rounded, `**` raises where CPython does.
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

// ------------------------------------------------------------------------------------------------ floats

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
function floatMod(vx: number, wx: number): number {
  let mod = vx % wx; // JavaScript's % is C's fmod
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) mod += wx;
  } else {
    mod = zeroWithSignOf(wx);
  }
  return mod;
}

/** float // float (float_floor_div via _float_div_mod), after the zero check. Also numpy's npy_divmod. */
function floatFloorDiv(vx: number, wx: number): number {
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
  // x = bh * 2**be with bh in [1, 2) (frexp without allocating).
  let bh = x < 2 ** -1000 ? x * 2 ** 100 : x;
  let be = x < 2 ** -1000 ? -100 : 0;
  F64[0] = bh;
  const biased = ((U32[HI] as number) >>> 20) & 0x7ff;
  be += biased - 1023;
  U32[HI] = ((U32[HI] as number) & 0x800fffff) | (1023 << 20);
  bh = F64[0] as number;
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
  // rh is in [1, 2), where doubles are 2**-52 apart (2**-53 just below 1). Is rl too close to a tie to round?
  const halfUlp = rh === 1 && rl < 0 ? 2 ** -54 : 2 ** -53;
  const nearTie = Math.abs(Math.abs(rl) - halfUlp) < 2 ** -90;
  if ((nearTie || re < -1022) && Math.abs(n) <= MAX_EXACT_EXPONENT) return exactPow(x, n);
  if (re > 1024) return Number.POSITIVE_INFINITY;
  if (re < -1080) return 0;
  return ldexp(rh + rl, re);
}

/** (m * 2**e) ** n exactly rounded, with BigInt. */
function exactPow(x: number, n: number): number {
  const { m, e } = decompose(x);
  const p = m ** BigInt(Math.abs(n));
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

function floatOp(op: BinOp, a: number, b: number): number {
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

/** Python's repr() of a float (shortest round-trip digits, exponent outside 1e-4 <= |x| < 1e16). */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const negative = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Python's repr() of any value, for messages. */
export function repr(v: PyValue): string {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return reprFloat(v);
    case 'boolean':
      return v ? 'True' : 'False';
    default:
      return v instanceof NpFloat ? reprFloat(v.v) : v.v.toString();
  }
}

// ------------------------------------------------------------------------------------------------ ints

const SAFE = 2n ** 53n;

export function bitLength(x: bigint): number {
  const a = x < 0n ? -x : x;
  if (a === 0n) return 0;
  if (a < 0x80000000n) return 32 - Math.clz32(Number(a));
  const hex = a.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0] as string, 16)));
}

function checkSize(x: bigint): bigint {
  if ((x > SAFE || x < -SAFE) && bitLength(x) > MAX_INT_BITS) {
    throw new PyError('OverflowError', `integer result too large (the playground allows at most ${MAX_INT_BITS} bits)`);
  }
  return x;
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

/** Floor division of bigints, toward negative infinity. */
function bigFloorDiv(a: bigint, b: bigint): bigint {
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

/** m * 2**e, exact whenever the result is representable (m an integer below 2**54). */
function ldexp(m: number, e: number): number {
  if (e > 1023) return m * pow2(1023) * pow2(e - 1023);
  if (e < -1022) return m * pow2(-1022) * pow2(e + 1022);
  return m * pow2(e);
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

function intOp(op: BinOp, a: bigint, b: bigint): PyValue {
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

// ------------------------------------------------------------------------------------------------ numpy scalars

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

function npIntOp(op: BinOp, a: bigint, b: bigint): NpInt | NpFloat {
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

function npFloatOp(op: BinOp, a: number, b: number): NpFloat {
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

// ------------------------------------------------------------------------------------------------ operators

function isNumpy(v: PyValue): v is NpFloat | NpInt {
  return v instanceof NpFloat || v instanceof NpInt;
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
    refuseWeakIntOverflow(a, b);
    const x = npScalar(a, OP_NAMES[op]);
    const y = npScalar(b, OP_NAMES[op]);
    if (x.int && y.int) return npIntOp(op, x.v, y.v);
    return npFloatOp(op, npToFloat(x), npToFloat(y));
  }
  if (typeof a === 'number' || typeof b === 'number') return floatOp(op, toFloat(a), toFloat(b));
  return intOp(op, toBig(a as bigint | boolean), toBig(b as bigint | boolean));
}

export function negate(v: PyValue): PyValue {
  switch (typeof v) {
    case 'number':
      return -v;
    case 'bigint':
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
  return cmpNumbers(op, x, y);
}
