/**
 * What big-integer work costs, in the interpreter's steps (frame.ts), so that `charge` can refuse it BEFORE it
 * runs. One step (one node evaluated) takes 10 to 40 ns; JavaScript's BigInt does about one 64-bit word product
 * per ns in V8 (Karatsuba and Toom-Cook past ~35 words), and browsers without those (schoolbook only) take 1 to
 * 2 ns. Priced like schoolbook arithmetic, with some margin:
 *
 *   a + b, a - b, -a, compare, convert   words(max) / WORDS_PER_STEP               (one pass over the digits)
 *   a * b                                words(a) * words(b) / WORD_PRODUCTS_PER_STEP
 *   a // b, a % b                        (words(a) - words(b) + 1) * words(b) / WORD_PRODUCTS_PER_STEP
 *   a ** n                               the last squaring dominates: words(result)² / 3 (a geometric series of
 *                                        squarings), plus one multiplication by a per bit of n; a power of two
 *                                        is a shift (linear)
 *   pow(a, n, m)                         per bit of n: a squaring and a product, each reduced mod m, plus one
 *                                        step for the loop's own BigInt operations
 *
 * words(x) = ceil(bits / 64). Ints up to a few words (every schedule function's) cost 0 extra units, so
 * ordinary code keeps its one step per node; a 65,536-bit product (1,024² word products) costs 65,536 steps,
 * more than a whole call's STEP_LIMIT.
 */
import { charge } from './frame';
import { bitLength, SAFE } from './numeric';

/** Word products (64 × 64 bits) that one step pays for: a few ns of schoolbook multiplication or division. */
export const WORD_PRODUCTS_PER_STEP = 16;
/** Words one step pays for in a single pass (add, subtract, negate, compare, shift, copy, bitLength). */
export const WORDS_PER_STEP = 8;

function words(bits: number): number {
  return Math.ceil(bits / 64);
}

/** True for an int whose size is worth pricing (beyond 2**53: cheaper to test than its bit length). */
export function isBig(x: bigint): boolean {
  return x > SAFE || x < -SAFE;
}

/** Bits of x, 0 for a small int (which is never priced). */
export function bitsOf(x: bigint): number {
  return isBig(x) ? bitLength(x) : 0;
}

/** Steps for one pass over a number of `bits` bits. */
export function linearSteps(bits: number): number {
  return Math.floor(words(bits) / WORDS_PER_STEP);
}

/** Steps for a product of numbers of `a` and `b` bits (schoolbook). */
export function productSteps(a: number, b: number): number {
  return Math.floor((words(a) * words(b)) / WORD_PRODUCTS_PER_STEP);
}

/** Steps for a division (quotient and remainder) of an `a`-bit number by a `b`-bit one (schoolbook). */
export function divisionSteps(a: number, b: number): number {
  if (a < b) return linearSteps(a);
  return Math.floor(((words(a) - words(b) + 1) * words(b)) / WORD_PRODUCTS_PER_STEP) + linearSteps(a);
}

/** Steps for base ** n with a result of `resultBits` bits, from a base of `baseBits` bits (not a power of two). */
export function powerSteps(baseBits: number, n: number, resultBits: number): number {
  const w = words(resultBits);
  const bitsOfN = n > 0 ? Math.floor(Math.log2(n)) + 1 : 0;
  return Math.floor((w * w) / 3 / WORD_PRODUCTS_PER_STEP) + productSteps(resultBits, baseBits) * bitsOfN;
}

/** Charges one pass over `a` and `b` where they are big ints (each operand an operation reads costs its size). */
export function chargeInts(a: unknown, b?: unknown): void {
  let units = 0;
  if (typeof a === 'bigint' && isBig(a)) units += linearSteps(bitLength(a));
  if (typeof b === 'bigint' && isBig(b)) units += linearSteps(bitLength(b));
  charge(units);
}
