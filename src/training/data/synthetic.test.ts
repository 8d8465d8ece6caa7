import { describe, expect, it } from 'vitest';
import { hashBytes } from '../hash';
import { classCounts, type Dataset, generateSynthetic, MAX_SAMPLES, SYNTHETIC_SETS, type SyntheticSet } from './synthetic';

function gen(set: SyntheticSet, samples = 1000, noise = 0.1, seed = 1, classes?: number): Dataset {
  const r = generateSynthetic(set, classes === undefined ? { samples, noise, seed } : { samples, noise, seed, classes });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function counts(d: Dataset): number[] {
  const c = new Array<number>(d.classes).fill(0);
  for (const label of d.y) c[label] = (c[label] as number) + 1;
  return c;
}

describe.each(SYNTHETIC_SETS)('%s', (set) => {
  it('has the documented shape, finite values and labels in range', () => {
    const d = gen(set, 999);
    expect(d.features).toBe(2);
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(d.x.length).toBe(999 * 2);
    expect(d.y.length).toBe(999);
    expect(d.x.every(Number.isFinite)).toBe(true);
    expect(d.y.every((l) => l >= 0 && l < d.classes)).toBe(true);
  });

  it('is bit-identical for the same seed and differs for another', () => {
    const a = gen(set, 500, 0.2, 42);
    const b = gen(set, 500, 0.2, 42);
    const c = gen(set, 500, 0.2, 43);
    expect(hashBytes(a.x, a.y)).toBe(hashBytes(b.x, b.y));
    expect(a.x).toEqual(b.x);
    expect(hashBytes(a.x)).not.toBe(hashBytes(c.x));
  });

  it('is balanced across classes', () => {
    const d = gen(set, 10_001, 0.1, 3);
    const c = counts(d);
    if (set === 'xor') {
      // Labels are random here, as in the TF Playground: Binomial(n, 1/2), sd = sqrt(n)/2 ≈ 50; allow 5 sd.
      expect(Math.abs((c[0] as number) - 10_001 / 2)).toBeLessThan(5 * (Math.sqrt(10_001) / 2));
    } else if (set === 'moons' || set === 'circles') {
      // make_moons / make_circles: n_out = ⌊n/2⌋ points of class 0, the rest class 1.
      expect(c).toEqual([5000, 5001]);
    } else {
      expect(c).toEqual(classCounts(10_001, d.classes));
    }
  });
});

describe('class-specific shapes', () => {
  it('moons (noise 0): class 0 on the unit upper half-circle, class 1 on the shifted lower one', () => {
    const d = gen('moons', 101, 0);
    expect(counts(d)).toEqual([50, 51]);
    for (let p = 0; p < 101; p++) {
      const [x, y] = [d.x[2 * p] as number, d.x[2 * p + 1] as number];
      const r = d.y[p] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 6);
      if (d.y[p] === 0) expect(y).toBeGreaterThanOrEqual(-1e-7);
      else expect(y).toBeLessThanOrEqual(0.5 + 1e-7);
    }
  });

  it('circles (noise 0): radius 1 for class 0 and 0.5 (factor) for class 1', () => {
    const d = gen('circles', 200, 0);
    for (let p = 0; p < 200; p++) {
      expect(Math.hypot(d.x[2 * p] as number, d.x[2 * p + 1] as number)).toBeCloseTo(d.y[p] === 0 ? 1 : 0.5, 6);
    }
  });

  it('spiral: K arms, radius below 5 + noise', () => {
    const d = gen('spiral', 900, 0.5, 1, 3);
    expect(counts(d)).toEqual([300, 300, 300]);
    for (let p = 0; p < 900; p++) expect(Math.hypot(d.x[2 * p] as number, d.x[2 * p + 1] as number)).toBeLessThan(5 + 0.5 * Math.SQRT2);
  });

  it('xor (noise 0): the label is the sign of x·y, and no point is within 0.3 of an axis', () => {
    const d = gen('xor', 1000, 0);
    for (let p = 0; p < 1000; p++) {
      const [x, y] = [d.x[2 * p] as number, d.x[2 * p + 1] as number];
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.3 - 1e-6);
      expect(d.y[p]).toBe(x * y >= 0 ? 1 : 0);
    }
  });

  it('blobs: default 3 classes; at noise 0 every class sits on one centre in [−10, 10]²', () => {
    const d = gen('blobs', 30, 0);
    expect(d.classes).toBe(3);
    for (let p = 0; p < 30; p++) {
      expect(Math.abs(d.x[2 * p] as number)).toBeLessThanOrEqual(10);
      const first = d.y.indexOf(d.y[p] as number);
      expect([d.x[2 * p], d.x[2 * p + 1]]).toEqual([d.x[2 * first], d.x[2 * first + 1]]);
    }
  });
});

describe('validation', () => {
  const cases: [SyntheticSet, Record<string, number>, string, RegExp][] = [
    ['moons', { samples: 9 }, 'samples', /integer from 10 to 100000/],
    ['moons', { samples: MAX_SAMPLES + 1 }, 'samples', /10 to 100000/],
    ['moons', { samples: 10.5 }, 'samples', /integer/],
    ['spiral', { noise: -0.1 }, 'noise', /from 0 to 1/],
    ['spiral', { noise: 1.5 }, 'noise', /from 0 to 1/],
    ['spiral', { noise: Number.NaN }, 'noise', /from 0 to 1/],
    ['blobs', { seed: 0.5 }, 'seed', /safe integer/],
    ['moons', { classes: 3 }, 'classes', /moons has exactly 2 classes/],
    ['blobs', { classes: 9 }, 'classes', /from 2 to 8/],
    ['blobs', { classes: 8, samples: 10 }, 'samples', /at least 16 samples/],
  ];
  it.each(cases)('%s %o → %s', (set, override, path, message) => {
    const r = generateSynthetic(set, { samples: 100, noise: 0.1, seed: 1, ...override });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe(path);
    expect(r.error.message).toMatch(message);
  });

  it('accepts the bounds', () => {
    expect(generateSynthetic('xor', { samples: 10, noise: 0, seed: -5 }).ok).toBe(true);
    expect(generateSynthetic('blobs', { samples: MAX_SAMPLES, noise: 1, seed: 2 ** 53 - 1, classes: 8 }).ok).toBe(true);
  });
});
