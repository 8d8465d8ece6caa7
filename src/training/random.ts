/**
 * The training engine's seeded generator. src/schedules/random.ts's `seededRandom` (mulberry32) is fine for
 * example curves but not for training: it has 32 bits of state (period 2^32, so at most 2^32 distinct streams)
 * and its floats have 32-bit resolution. Here:
 *
 * - xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018; 128-bit state,
 *   period 2^128 − 1), using only 32-bit integer operations, which are exact and fast in JavaScript;
 * - floats in [0, 1) with 53-bit resolution from two outputs, as MT19937's genrand_res53 (Matsumoto & Nishimura):
 *   (a >>> 5) × 2^26 + (b >>> 6), divided by 2^53;
 * - the state seeded from any list of safe integers (the seed, a domain tag, the epoch, a layer index…): each is
 *   split into two 32-bit words (two's complement for negatives) and the word list hashed with MurmurHash3_x86_32
 *   (Appleby) under four different hash seeds, one per state word. So (seed, epoch) pairs give unrelated streams,
 *   and different uses of one user seed (data, split, batches, init) are separated by their tag.
 */

export interface Rng {
  /** A uniform float in [0, 1), 53-bit resolution. */
  next(): number;
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n), n ≥ 1: floor(next() × n), whose bias is below n / 2^53 (negligible for n ≤ 2^31). */
  int(n: number): number;
  /** A standard normal, by Box–Muller (Box & Muller 1958) with u1 in (0, 1] so log never sees 0; the pair's second value is cached. */
  normal(): number;
}

/** Domain tags: the same user seed drives several streams, which must not coincide. */
export const STREAM = { data: 1, split: 2, batches: 3, init: 4 } as const;

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** MurmurHash3_x86_32 of a list of 32-bit words (each word is one 4-byte block, so there is no tail). */
function murmur3Words(words: readonly number[], seed: number): number {
  let h = seed >>> 0;
  for (const word of words) {
    let k = Math.imul(word, 0xcc9e2d51);
    k = rotl(k, 15);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Low and high 32-bit words of a safe integer, two's complement (−1 → 0xffffffff, 0xffffffff). */
function words64(n: number): [number, number] {
  if (!Number.isSafeInteger(n)) throw new RangeError(`seed parts must be safe integers, got ${n}`);
  return [n >>> 0, Math.floor(n / 4294967296) >>> 0];
}

export function createRng(...seedParts: number[]): Rng {
  const words = seedParts.flatMap(words64);
  let s0 = murmur3Words(words, 0x9e3779b9);
  let s1 = murmur3Words(words, 0x243f6a88);
  let s2 = murmur3Words(words, 0xb7e15162);
  let s3 = murmur3Words(words, 0x6a09e667);
  // xoshiro's one forbidden state is all zeros.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => {
    const a = nextUint32() >>> 5;
    const b = nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };
  let spare: number | undefined;
  return {
    next,
    nextUint32,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/** Durstenfeld's in-place Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P): every permutation equally likely. */
export function shuffleInPlace(array: Int32Array, rng: Rng): Int32Array {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = array[i] as number;
    array[i] = array[j] as number;
    array[j] = tmp;
  }
  return array;
}
