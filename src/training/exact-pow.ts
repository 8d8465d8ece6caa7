/**
 * A correctly rounded x^y for the LR range test's `start * (end / start) ** r`. V8's Math.pow is not correctly
 * rounded (about 1 in 10 results of those sweeps is 1 ulp off the nearest double). CPython's `float ** float` is
 * glibc's pow (≤ 0.52 ulp): it agrees with the correctly rounded value except where the exact x^y lies within a
 * few thousandths of an ulp of a midpoint between two doubles (measured: 36 of 50,360 cases, 7 of 15,360 sweep
 * LRs; src/training/exact-pow.test.ts), so this matches Python in all but those cases, not bit for bit in all.
 *
 * Method: double-double ("dd") arithmetic, a value being an unevaluated sum hi + lo of two doubles with
 * |lo| ≤ ulp(hi)/2 (about 106 bits).
 * - Exact products without FMA: Dekker's product with Veltkamp's splitting (T. J. Dekker, "A floating-point
 *   technique for extending the available precision", Numer. Math. 18, 1971); exact sums: Knuth's TwoSum and
 *   Dekker's FastTwoSum (as in J. R. Shewchuk, "Adaptive precision floating-point arithmetic and fast robust
 *   geometric predicates", 1997). The dd operations follow the style of the QD library (Y. Hida, X. S. Li,
 *   D. H. Bailey, "Algorithms for quad-double precision floating point arithmetic", ARITH-15, 2001).
 * - log x: x = m · 2^e with m in [√½, √2], so log x = e·ln2 + log m, with ln2 as a triple-double constant. log m
 *   starts from l0 = Math.log(m) (< 1 ulp) and takes one Newton step with the dd exp,
 *   log m = l0 + (m − e^l0) / e^l0, computed as ((m − 1) − expm1(l0)) / (1 + expm1(l0)) so that nothing cancels
 *   (m − 1 is exact). The step squares l0's relative error (2^-53 → about 2^-107).
 * - t = y · log x in dd.
 * - e^t: k = round(t / ln2), r = t − k·ln2 (|r| ≤ ln2/2, ln2 triple-double), s = r / 2^10, expm1(s) by its Taylor
 *   series (terms to s^8, the small tail in plain doubles), then 10 squarings kept in expm1 form,
 *   p ← 2p + p² (so 1 + p never loses p's low bits), and e^t = 2^k · (1 + p).
 * The error of the dd e^t relative to the exact x^y is below about 2^-92 when |y·log x| ≤ 745 (the whole finite,
 * nonzero range; 2^-97 or better for the LR sweeps, |y·log x| ≤ 20), far below the half ulp (2^-53) that decides
 * the rounding: the final hi + lo is rounded to the nearest double (ties to even, as IEEE addition does), so the
 * result is the correctly rounded x^y except when x^y lies within ~2^-92 (relative) of a midpoint between two
 * doubles, which for non-trivial y happens with probability ~2^-39 per call. Exact midpoints can occur only for
 * special y (e.g. y = 2 with a 27-bit x); y = 2, 0.5 and −1 are therefore done by the correctly rounded IEEE
 * operations x·x, √x and 1/x.
 *
 * Domain, documented behaviour:
 * - finite x > 0 and finite y: correctly rounded as above; x = 1 or y = ±0 gives 1, y = 1 gives x exactly.
 * - overflow: Infinity when the correctly rounded result exceeds Number.MAX_VALUE (x^y ≥ MAX_VALUE + ½ulp).
 * - underflow: subnormal results are rounded once, directly to the subnormal grid (multiples of 2^-1074, ties to
 *   even), and 0 below half of Number.MIN_VALUE; no double rounding.
 * - anything else (x ≤ 0, x = ±Infinity, NaN in either, y = ±Infinity): Math.pow(x, y), whose IEEE special cases
 *   (pow(-8, 1/3) = NaN, pow(0, -1) = Infinity, pow(x, NaN) = NaN, …) are what Python's math.pow has too, though
 *   Python's `**` raises or returns a complex number for some of them.
 * Pure: no state survives a call (the module-level "registers" below are scratch for the dd operations' second
 * result, written and read within one call).
 */

/** Veltkamp's splitting constant 2^27 + 1: splits a double into two halves of at most 26 significant bits. */
const SPLIT = 134217729;

/** ln 2 = LN2_1 + LN2_2 + LN2_3 to about 160 bits. */
const LN2_1 = Math.LN2; // 0.6931471805599453
const LN2_2 = 2.3190468138462996e-17;
const LN2_3 = 5.707708438416212e-34;
const INV_LN2 = Math.LOG2E;

/** 1/k! as double-doubles (hi, lo) for k = 3, 4, 5; doubles for k = 6, 7, 8 (their terms are < 2^-69). */
const C3_HI = 0.16666666666666666;
const C3_LO = 9.25185853854297e-18;
const C4_HI = 0.041666666666666664;
const C4_LO = 2.3129646346357427e-18;
const C5_HI = 0.008333333333333333;
const C5_LO = 1.1564823173178714e-19;
const C6 = 0.001388888888888889;
const C7 = 0.0001984126984126984;
const C8 = 2.48015873015873e-5;

/** Reduction of e^r's argument by 2^-SQUARINGS, undone by as many squarings. */
const SQUARINGS = 10;
const INV_2_POW_SQUARINGS = 1 / 1024;

/** 2^k for k = -1074 … 1023, built by exact doublings/halvings: POW2[k + 1074]. */
const POW2: Float64Array = (() => {
  const table = new Float64Array(1074 + 1024);
  let v = 1;
  for (let k = 0; k <= 1023; k++) {
    table[k + 1074] = v;
    v *= 2;
  }
  v = 1;
  for (let k = 0; k >= -1074; k--) {
    table[k + 1074] = v;
    v /= 2;
  }
  return table;
})();
const pow2 = (k: number): number => POW2[k + 1074] as number;

const TWO_POW_64 = 2 ** 64;
const MIN_NORMAL = 2.2250738585072014e-308;

// Scratch registers: each dd operation leaves its result in (RH, RL).
let RH = 0;
let RL = 0;

/** RH + RL = a · b exactly (Dekker's product with Veltkamp's splitting); |a|, |b| < 2^996. */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  RH = p;
  RL = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (RH, RL) = (ah, al) · (bh, bl) in dd. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = RH;
  const e = RL + (ah * bl + al * bh);
  RH = p + e;
  RL = e - (RH - p);
}

/** (RH, RL) = (ah, al) · b in dd. */
function ddMulD(ah: number, al: number, b: number): void {
  twoProd(ah, b);
  const p = RH;
  const e = RL + al * b;
  RH = p + e;
  RL = e - (RH - p);
}

/** (RH, RL) = (ah, al)² in dd. */
function ddSqr(ah: number, al: number): void {
  const p = ah * ah;
  const t = SPLIT * ah;
  const h = t - (t - ah);
  const l = ah - h;
  const e = h * h - p + 2 * h * l + l * l + 2 * ah * al;
  RH = p + e;
  RL = e - (RH - p);
}

/** (RH, RL) = (ah, al) + (bh, bl) in dd, the accurate ("IEEE") addition: both parts by TwoSum. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  let v = s - ah;
  const se = ah - (s - v) + (bh - v);
  const t = al + bl;
  v = t - al;
  const te = al - (t - v) + (bl - v);
  let e = se + t;
  const h = s + e;
  e = e - (h - s) + te;
  RH = h + e;
  RL = e - (RH - h);
}

/**
 * (RH, RL) = e^r − 1 in dd for |r| ≤ about 0.35 (r = rh + rl), relative error ≲ 2^-102: Taylor series of
 * expm1(r / 2^10), then p ← 2p + p² ten times.
 */
function expm1Reduced(rh: number, rl: number): void {
  const sh = rh * INV_2_POW_SQUARINGS;
  const sl = rl * INV_2_POW_SQUARINGS;
  // |s| ≤ 2^-11.5: s^6/6! … s^8/8! (< 2^-78) in plain doubles, the rest in dd; the first omitted term, s^9/9!,
  // is below 2^-122, i.e. 2^-110 relative to expm1(s) ≈ s.
  const tail = C6 + sh * (C7 + sh * C8);
  // q = c5 + s·tail, then q = c4 + s·q, c3 + s·q, 1/2 + s·q, 1 + s·q; p = s·q.
  ddMulD(sh, sl, tail);
  ddAdd(C5_HI, C5_LO, RH, RL);
  ddMul(sh, sl, RH, RL);
  ddAdd(C4_HI, C4_LO, RH, RL);
  ddMul(sh, sl, RH, RL);
  ddAdd(C3_HI, C3_LO, RH, RL);
  ddMul(sh, sl, RH, RL);
  ddAdd(0.5, 0, RH, RL);
  ddMul(sh, sl, RH, RL);
  ddAdd(1, 0, RH, RL);
  ddMul(sh, sl, RH, RL);
  // expm1(2u) = 2·expm1(u) + expm1(u)².
  for (let i = 0; i < SQUARINGS; i++) {
    const ph = RH;
    const pl = RL;
    ddSqr(ph, pl);
    ddAdd(2 * ph, 2 * pl, RH, RL);
  }
}

/** The double nearest to 2^k · (h + l) (ties to even), given h = fl(h + l) in [0.7, 1.42]. */
function scaleRounded(h: number, l: number, k: number): number {
  if (k >= -1021) {
    // Normal (or overflowing to Infinity, correctly: h is already the rounded significand).
    return k > 1023 ? h * pow2(k - 1) * 2 : h * pow2(k);
  }
  // Subnormal: round 2^k · (h + l), in units of 2^-1074, to an integer, once. k + 1074 ≥ -3, so both products
  // are exact normal doubles below 2^53.
  const scale = pow2(k + 1074);
  const a = h * scale;
  const b = l * scale;
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  let n = Math.floor(s);
  const frac = s - n; // exact: s < 2^53
  if (frac > 0.5) n += 1;
  else if (frac === 0.5) {
    if (err > 0 || (err === 0 && n % 2 !== 0)) n += 1;
  } else if (frac === 0 && Math.abs(err) === 0.5 && n % 2 !== 0) {
    // s ≥ 2^52 is an integer and the exact value is s ± 1/2: to the even neighbour.
    n += Math.sign(err);
  }
  return n * Number.MIN_VALUE;
}

/**
 * x^y rounded to the nearest double (ties to even) for finite x > 0 and finite y, from a double-double
 * evaluation of exp(y · log x); other inputs go to Math.pow. See the header for the method and error bound.
 */
export function correctlyRoundedPow(x: number, y: number): number {
  if (!(x > 0) || x === Number.POSITIVE_INFINITY || !Number.isFinite(y)) return x ** y;
  if (x === 1 || y === 0) return 1;
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === 0.5) return Math.sqrt(x);
  if (y === -1) return 1 / x;

  // Far outside the finite, nonzero range (also keeps y small enough to split below).
  const rough = y * Math.log(x);
  if (rough > 720) return Number.POSITIVE_INFINITY;
  if (rough < -760) return 0;

  // x = m · 2^e, m in [√½, √2].
  let e = 0;
  let m = x;
  if (m < MIN_NORMAL) {
    m *= TWO_POW_64;
    e = -64;
  }
  let q = Math.floor(Math.log2(m));
  m *= pow2(-q);
  if (m >= 2) {
    m *= 0.5;
    q += 1;
  } else if (m < 1) {
    m *= 2;
    q -= 1;
  }
  if (m > Math.SQRT2) {
    m *= 0.5;
    q += 1;
  }
  e += q;
  // An integer power of a power of two is exact: 2^(e·y) (|e·y| ≤ 2^11 · 2^11 here, so the product is exact).
  if (m === 1 && Number.isInteger(y)) {
    const n = e * y;
    return n > 1023 ? Number.POSITIVE_INFINITY : n >= -1074 ? pow2(n) : 0;
  }

  // log m = l0 + c, one Newton step from Math.log: c = (m − e^l0) / e^l0 = ((m − 1) − p) / (1 + p), p = e^l0 − 1.
  let lh = 0;
  let ll = 0;
  if (m !== 1) {
    const l0 = Math.log(m);
    expm1Reduced(l0, 0);
    const c = (m - 1 - RH - RL) / (1 + RH);
    lh = l0 + c;
    ll = c - (lh - l0);
  }

  // L = e·ln2 + log m; t = y · L.
  if (e !== 0) {
    twoProd(e, LN2_1);
    const ph = RH;
    const pl = RL + (e * LN2_2 + e * LN2_3);
    ddAdd(ph, pl, lh, ll);
    lh = RH;
    ll = RL;
  }
  ddMulD(lh, ll, y);
  const th = RH;
  const tl = RL;
  // e^709.79 > MAX_VALUE; e^-745.2 < MIN_VALUE / 2 (ties to even: 0).
  if (th > 710) return Number.POSITIVE_INFINITY;
  if (th < -746) return 0;

  // e^t = 2^k · e^r, r = t − k·ln2.
  const k = Math.round(th * INV_LN2);
  let rh = th;
  let rl = tl;
  if (k !== 0) {
    twoProd(k, LN2_1);
    ddAdd(th, tl, -RH, -RL);
    rh = RH;
    rl = RL;
    twoProd(k, LN2_2);
    ddAdd(rh, rl, -RH, -(RL + k * LN2_3));
    rh = RH;
    rl = RL;
  }
  expm1Reduced(rh, rl);
  // 1 + p, normalised: h = fl(1 + p) is the double nearest to the dd value.
  const ph = RH;
  const pl = RL;
  const s = 1 + ph;
  const bb = s - 1;
  const err = 1 - (s - bb) + (ph - bb) + pl;
  const h = s + err;
  const l = err - (h - s);
  return scaleRounded(h, l, k);
}
