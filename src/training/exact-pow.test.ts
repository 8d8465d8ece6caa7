/**
 * correctlyRoundedPow against Python and against the exact value: scripts/golden/pow_reference.py (.venv-ref)
 * returns Python's own `x ** y` (glibc's pow) and the correctly rounded x^y (mpmath, 256 bits, rounded once), for
 * seeded random cases and the LR range test's sweeps `start * (end / start) ** (i / d)`.
 *
 * Ours must equal the correctly rounded value in every case. glibc's pow is not quite correctly rounded (≤ 0.52
 * ulp): where the exact x^y lies within a few thousandths of an ulp of a midpoint between two doubles it may
 * round the other way, so there (and only there) Python and we may differ; the test counts those cases and
 * checks that every one is such a near-midpoint case where Python is the one that is off.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../schedules/random';
import { REFERENCE_HOOK_TIMEOUT_MS, runReferencePython } from '../schedules/testing/reference-python';
import { correctlyRoundedPow } from './exact-pow';

const SWEEP_PAIRS: readonly (readonly [number, number])[] = [
  [1e-7, 10],
  [1e-5, 10],
  [1e-6, 1],
  [1e-4, 3],
  [1e-6, 1e-3],
];
const SWEEP_NS = [6, 40, 50, 60, 80, 100, 200, 1000];

interface PowAnswer {
  x: number;
  y: number;
  python: number;
  exact: number;
  /** |frac − ½|, frac = where the exact x^y lies between its two neighbouring doubles, in ulps. */
  midpointDistance: number;
}

function buildInput() {
  const random = seededRandom(20260511);
  const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * random());
  const pairs: [number, number][] = [];
  for (let c = 0; c < 20_000; c++) pairs.push([logUniform(1e-3, 1e9), random()]);
  // The sweeps' own ratios with random exponents too.
  for (const [start, end] of SWEEP_PAIRS) for (let c = 0; c < 1000; c++) pairs.push([end / start, random()]);
  const ratios: [number, number, number][] = [];
  for (let c = 0; c < 10_000; c++) {
    const n = 5 + Math.floor(random() * 996);
    ratios.push([logUniform(1e-3, 1e9), Math.floor(random() * (n + 1)), n]);
  }
  const sweeps: [number, number, number, number][] = [];
  for (const [start, end] of SWEEP_PAIRS) {
    for (const n of SWEEP_NS) {
      sweeps.push([start, end, n, n - 1]);
      sweeps.push([start, end, n, n]);
    }
  }
  return { pairs, ratios, sweeps };
}

const input = buildInput();
let answers: PowAnswer[] = [];
let sweepLrs: number[][] = [];

beforeAll(() => {
  const out = JSON.parse(runReferencePython('pow_reference.py', JSON.stringify(input))) as {
    pow: [number, number, string, string, number][];
    sweeps: string[][];
  };
  answers = out.pow.map(([x, y, python, exact, midpointDistance]) => ({
    x,
    y,
    python: Number(python),
    exact: Number(exact),
    midpointDistance,
  }));
  sweepLrs = out.sweeps.map((lrs) => lrs.map(Number));
}, REFERENCE_HOOK_TIMEOUT_MS);

describe('correctlyRoundedPow against Python (glibc pow) and the exact value', () => {
  it('is correctly rounded in every case, differs from Math.pow in some, and from Python only at near-midpoints', () => {
    const count = input.pairs.length + input.ratios.length + input.sweeps.reduce((n, [, , points]) => n + points, 0);
    expect(answers.length).toBe(count);
    expect(count).toBeGreaterThanOrEqual(20_000);
    // The inputs Python computed itself (i / n, end / start) are the doubles JavaScript computes.
    for (let c = 0; c < input.ratios.length; c++) {
      const [, i, n] = input.ratios[c] as [number, number, number];
      expect((answers[input.pairs.length + c] as PowAnswer).y).toBe(i / n);
    }

    let wrong = 0;
    let mathPowDiffers = 0;
    let pythonDiffers = 0;
    let pythonDiffersFarFromMidpoint = 0;
    let maxDistanceWherePythonDiffers = 0;
    const wrongExamples: string[] = [];
    for (const a of answers) {
      const ours = correctlyRoundedPow(a.x, a.y);
      if (ours !== a.exact) {
        wrong++;
        if (wrongExamples.length < 5) wrongExamples.push(`${a.x} ** ${a.y}: ours ${ours}, exact ${a.exact}`);
      }
      if (a.x ** a.y !== a.exact) mathPowDiffers++;
      if (ours !== a.python) {
        pythonDiffers++;
        maxDistanceWherePythonDiffers = Math.max(maxDistanceWherePythonDiffers, a.midpointDistance);
        if (a.python === a.exact || a.midpointDistance > 0.02) pythonDiffersFarFromMidpoint++;
      }
    }
    console.log(
      `exact-pow: ${answers.length} cases; Math.pow differs from the correctly rounded value in ${mathPowDiffers}; ` +
        `ours in ${wrong}; Python (glibc pow) differs from ours in ${pythonDiffers}, all where the exact value is ` +
        `within ${maxDistanceWherePythonDiffers.toExponential(2)} ulp of a midpoint and Python is the one off`,
    );
    expect(wrongExamples).toEqual([]);
    expect(wrong).toBe(0);
    expect(mathPowDiffers).toBeGreaterThan(0);
    expect(pythonDiffersFarFromMidpoint).toBe(0);
  });

  it("start * correctlyRoundedPow(end / start, i / d) against Python's start * (end / start) ** (i / d)", () => {
    expect(sweepLrs.length).toBe(input.sweeps.length);
    let points = 0;
    let differs = 0;
    let mathPowDiffers = 0;
    let unexplained = 0;
    // Python's pow answers for the sweeps follow the pairs and ratios, in order.
    let at = input.pairs.length + input.ratios.length;
    input.sweeps.forEach(([start, end, n, d], s) => {
      const lrs = sweepLrs[s] as number[];
      expect(lrs.length).toBe(n);
      for (let i = 0; i < n; i++) {
        const pow = answers[at++] as PowAnswer;
        expect([pow.x, pow.y]).toEqual([end / start, i / d]);
        const ours = start * correctlyRoundedPow(end / start, i / d);
        points++;
        if (start * (end / start) ** (i / d) !== lrs[i]) mathPowDiffers++;
        if (ours !== lrs[i]) {
          differs++;
          // Only where Python's pow itself was not correctly rounded.
          if (pow.python === pow.exact) unexplained++;
        }
      }
    });
    console.log(
      `exact-pow sweeps: ${points} LRs; start * Math.pow differs from Python in ${mathPowDiffers}, ` +
        `start * correctlyRoundedPow in ${differs} (each where Python's own pow was not correctly rounded)`,
    );
    expect(unexplained).toBe(0);
    expect(mathPowDiffers).toBeGreaterThan(0);
  });
});

describe('correctlyRoundedPow edge cases', () => {
  it('returns x exactly for y = 1 and 1 for x = 1 or y = 0', () => {
    for (const x of [1e-300, 0.1, 1, 3, 1e8, Number.MAX_VALUE, Number.MIN_VALUE]) {
      expect(correctlyRoundedPow(x, 1)).toBe(x);
      expect(correctlyRoundedPow(x, 0)).toBe(1);
      expect(correctlyRoundedPow(x, -0)).toBe(1);
    }
    for (const y of [0.3, -7, 1e300, -1e300]) expect(correctlyRoundedPow(1, y)).toBe(1);
  });

  it('is exact where x^y is a double', () => {
    expect(correctlyRoundedPow(1e8, 0.5)).toBe(1e4);
    expect(correctlyRoundedPow(1e8, 0.25)).toBe(100);
    expect(correctlyRoundedPow(1e8, 0.75)).toBe(1e6);
    expect(correctlyRoundedPow(2, 10)).toBe(1024);
    expect(correctlyRoundedPow(2, -1074)).toBe(Number.MIN_VALUE);
    expect(correctlyRoundedPow(2, 1023)).toBe(2 ** 1023);
    expect(correctlyRoundedPow(10, 22)).toBe(1e22);
    expect(correctlyRoundedPow(27, 1 / 3)).toBe(3);
    expect(correctlyRoundedPow(0.25, -1.5)).toBe(8);
    expect(correctlyRoundedPow(3, 2)).toBe(9);
    expect(correctlyRoundedPow(4, -1)).toBe(0.25);
  });

  it('overflows to Infinity and underflows to subnormals and 0', () => {
    expect(correctlyRoundedPow(10, 308.25)).toBe(10 ** 308.25);
    expect(correctlyRoundedPow(10, 309)).toBe(Number.POSITIVE_INFINITY);
    expect(correctlyRoundedPow(2, 1024)).toBe(Number.POSITIVE_INFINITY);
    expect(correctlyRoundedPow(1e300, 1e300)).toBe(Number.POSITIVE_INFINITY);
    expect(correctlyRoundedPow(1e-300, 1e300)).toBe(0);
    expect(correctlyRoundedPow(2, -1075)).toBe(0); // exactly half of MIN_VALUE: ties to even
    expect(correctlyRoundedPow(2, -1074.5)).toBe(Number.MIN_VALUE); // 0.707 · MIN_VALUE
    expect(correctlyRoundedPow(2, -1075.5)).toBe(0);
    expect(correctlyRoundedPow(2, -1073.5)).toBe(Number.MIN_VALUE); // 1.414 · MIN_VALUE
    expect(correctlyRoundedPow(2, -1073.4)).toBe(2 * Number.MIN_VALUE); // 1.516 · MIN_VALUE
    expect(correctlyRoundedPow(Number.MIN_VALUE * 3, 1)).toBe(Number.MIN_VALUE * 3);
    // A subnormal result, rounded once to the 2^-1074 grid.
    const sub = correctlyRoundedPow(10, -315.3);
    expect(sub).toBeGreaterThan(0);
    expect(sub).toBeLessThan(2.2250738585072014e-308);
    expect(Math.abs(sub - 10 ** -315.3)).toBeLessThanOrEqual(Number.MIN_VALUE);
    // Subnormal x.
    expect(correctlyRoundedPow(Number.MIN_VALUE, 0.5)).toBe(Math.sqrt(Number.MIN_VALUE));
    expect(correctlyRoundedPow(Number.MIN_VALUE, -0.01)).toBe(Number.MIN_VALUE ** -0.01);
  });

  it('falls back to Math.pow outside finite x > 0, finite y', () => {
    for (const [x, y] of [
      [0, 0.5],
      [0, -1],
      [-0, 3],
      [-8, 1 / 3],
      [-2, 3],
      [Number.NaN, 0.5],
      [2, Number.NaN],
      [Number.POSITIVE_INFINITY, 0.5],
      [Number.POSITIVE_INFINITY, -2],
      [0.5, Number.POSITIVE_INFINITY],
      [2, Number.NEGATIVE_INFINITY],
      [Number.NaN, 0],
    ] as const) {
      expect(Object.is(correctlyRoundedPow(x, y), x ** y)).toBe(true);
    }
  });

  it('speed: time per call for 1e5 calls (printed, not asserted)', () => {
    const random = seededRandom(7);
    const xs = Float64Array.from({ length: 100_000 }, () => Math.exp(Math.log(1e-3) + Math.log(1e12) * random()));
    const ys = Float64Array.from({ length: 100_000 }, () => random());
    let sink = 0;
    for (let i = 0; i < 20_000; i++) sink += correctlyRoundedPow(xs[i] as number, ys[i] as number); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) sink += correctlyRoundedPow(xs[i] as number, ys[i] as number);
    const t1 = performance.now();
    for (let i = 0; i < 100_000; i++) sink += (xs[i] as number) ** (ys[i] as number);
    const t2 = performance.now();
    console.log(
      `exact-pow speed: ${(((t1 - t0) / 100_000) * 1000).toFixed(3)} µs per call ` +
        `(Math.pow ${(((t2 - t1) / 100_000) * 1000).toFixed(3)} µs)`,
    );
    expect(Number.isFinite(sink)).toBe(true);
  });
});
