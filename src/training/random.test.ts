import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from './random';

describe('createRng', () => {
  it('is deterministic for the same seed parts and differs for others', () => {
    const draw = (...parts: number[]) => {
      const rng = createRng(...parts);
      return Array.from({ length: 8 }, () => rng.next());
    };
    expect(draw(42, 3)).toEqual(draw(42, 3));
    expect(draw(42, 3)).not.toEqual(draw(42, 4));
    expect(draw(42, 3)).not.toEqual(draw(43, 3));
    expect(draw(1)).not.toEqual(draw(1, 0));
    expect(draw(-1)).not.toEqual(draw(2 ** 32 - 1));
  });

  it('gives floats in [0, 1) with more than 32 bits of resolution', () => {
    const rng = createRng(7);
    let finerThan32 = 0;
    let outside = 0;
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      if (!Number.isInteger(u * 2 ** 32)) finerThan32++;
      sum += u;
    }
    // Mean of n U(0,1): standard error sqrt(1/12 / n) ≈ 0.0009; allow 5 of them.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(outside).toBe(0);
    expect(finerThan32).toBeGreaterThan(n * 0.99);
  });

  it('gives standard normals (mean 0, variance 1 within 5 standard errors)', () => {
    const rng = createRng(11);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    // Var(z²) = 2 for a standard normal.
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRng(0.5)).toThrow(RangeError);
    expect(() => createRng(2 ** 53)).toThrow(RangeError);
  });
});

describe('shuffleInPlace', () => {
  it('permutes, and puts each element in each position about equally often', () => {
    const rng = createRng(5);
    const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    const trials = 40_000;
    for (let t = 0; t < trials; t++) {
      const a = shuffleInPlace(Int32Array.from([0, 1, 2, 3]), rng);
      if ([...a].sort().join() !== '0,1,2,3') throw new Error(`not a permutation: ${a}`);
      a.forEach((v, pos) => {
        const row = counts[v] as number[];
        row[pos] = (row[pos] as number) + 1;
      });
    }
    // Each count is Binomial(trials, 1/4): sd = sqrt(trials · 3/16) ≈ 87; allow 5 sd.
    const sd = Math.sqrt((trials * 3) / 16);
    for (const row of counts) for (const c of row) expect(Math.abs(c - trials / 4)).toBeLessThan(5 * sd);
  });
});
