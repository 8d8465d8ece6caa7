/**
 * The Landscape engine against an independent float64 reference: src/landscape/__fixtures__/landscape.json, written
 * by scripts/golden/landscape_reference.py (NumPy 2 / SciPy, real torch 2.13 and real Keras 3.15 in float64; run
 * `node scripts/golden/run-all.mjs landscape_reference.py`). Every expected number here comes from that file:
 * - surfaces: value and analytic gradient (NumPy) and torch autograd's gradient at a grid, the start and the minima;
 *   the minima refined by Newton's method;
 * - the seeded Gaussian noise stream (mulberry32 + Box–Muller, reimplemented in uint32 Python);
 * - optimizePath for every case: the NumPy update rules' path (points, losses, LRs, cycled momentum, end, first
 *   step near the minimum) and the real library optimizer's points (torch.optim / keras.optimizers, float64, fed
 *   the same gradients, LRs and momenta).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FrameworkCall } from '../schedules/index';
import { gaussian } from './noise';
import { type LandscapeOptimizer, optimizePath, type Path, type PathEnd, type PathOptions } from './path';
import { limitsOf, type Point, SURFACES, type Surface, surfaceOf } from './surfaces';

interface Sample {
  point: Point;
  value: number;
  gradient: Point;
  autograd: Point;
}

interface SurfaceRecord {
  domain: [[number, number], [number, number]];
  start: Point;
  limits: [[number, number], [number, number]];
  samples: Sample[];
  minima: Point[];
  minimum: number;
}

interface Case {
  id: string;
  surface: Surface;
  start: Point;
  optimizer: LandscapeOptimizer;
  schedule: FrameworkCall;
  steps: number;
  gradientNoise?: number;
  seed?: number;
  lrScale?: number;
  stepsPerEpoch?: number;
  numpy: { points: Point[]; loss: number[]; lr: number[]; momentum?: number[]; end: PathEnd; nearMinimumStep?: number };
  real: { library: string; points: Point[]; end: PathEnd };
}

interface Fixture {
  versions: Record<string, string>;
  nearMinimum: number;
  surfaces: Record<Surface, SurfaceRecord>;
  noise: { seed: number; draws: number[] }[];
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/landscape.json', import.meta.url), 'utf8')) as Fixture;

const RTOL = 1e-12;

/**
 * |actual − expected| / max(|expected|, floor). Rounding differences between two correct float64 computations are
 * relative to the numbers that went into them, not to a result that cancelled to near zero: a gradient at a minimum
 * (terms of size ~1 summing to ~0), or a path coordinate passing near 0 on its way between points of size ~1 (its
 * error was made while it was ~1). Where the expected number is that small, the floor (the scale of those inputs)
 * stands in for it; elsewhere this is the plain relative error.
 */
function relError(actual: number, expected: number, floor = 0): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}

function expectClose(actual: number, expected: number, what: string, floor = 0): void {
  const e = relError(actual, expected, floor);
  if (!(e <= RTOL)) expect.fail(`${what}: got ${actual}, expected ${expected} (relative error ${e.toExponential(2)})`);
}

/**
 * The path's coordinates and losses are of order 1 on these maps (the maps span a few units): where an expected one
 * is below 0.1 in magnitude, 0.1 stands in for it (an absolute error of 1e-13).
 */
const PATH_FLOOR = 0.1;
/**
 * A value or gradient component that cancels to ~0 (at a minimum, or on a symmetry line) is compared at the scale
 * 1; so is a path's loss below 1 (it is f at a point whose coordinates carry errors of ~1e-15, times a gradient that
 * is O(1) in a valley where the loss is already small).
 */
const VALUE_FLOOR = 1;

function optionsOf(c: Case): PathOptions {
  return {
    surface: c.surface,
    start: [c.start[0], c.start[1]],
    optimizer: c.optimizer,
    schedule: c.schedule,
    steps: c.steps,
    ...(c.gradientNoise !== undefined ? { gradientNoise: c.gradientNoise } : {}),
    ...(c.seed !== undefined ? { seed: c.seed } : {}),
    ...(c.lrScale !== undefined ? { lrScale: c.lrScale } : {}),
    ...(c.stepsPerEpoch !== undefined ? { stepsPerEpoch: c.stepsPerEpoch } : {}),
  };
}

function pathOf(c: Case): Path {
  const r = optimizePath(optionsOf(c));
  if (!r.ok) throw new Error(`${c.id}: ${r.error.message}`);
  return r.value;
}

function expectSamePoints(actual: readonly Point[], expected: readonly Point[], what: string): void {
  expect(actual.length, `${what}: points`).toBe(expected.length);
  expected.forEach((p, k) => {
    const q = actual[k] as Point;
    expectClose(q[0], p[0], `${what} point ${k} x`, PATH_FLOOR);
    expectClose(q[1], p[1], `${what} point ${k} y`, PATH_FLOOR);
  });
}

function expectSameEnd(actual: PathEnd, expected: PathEnd, what: string): void {
  expect(actual.kind, `${what}: end`).toBe(expected.kind);
  if (actual.kind === 'diverged' && expected.kind === 'diverged') {
    expect(actual.step, `${what}: diverged at step`).toBe(expected.step);
    expect(actual.reason, `${what}: reason`).toBe(expected.reason);
    expectClose(actual.lr, expected.lr, `${what}: LR of the diverging step`);
  }
}

describe('reference fixture', () => {
  it('was written by real libraries (versions recorded)', () => {
    for (const key of ['numpy', 'scipy', 'torch', 'keras', 'python']) expect(fixture.versions[key], key).toMatch(/^\d+\.\d+/);
    expect(fixture.versions.floatx).toBe('float64');
    expect(Object.keys(fixture.surfaces).sort()).toEqual([...SURFACES].sort());
  });
});

describe.each(SURFACES)('surface %s', (id) => {
  const spec = surfaceOf(id);
  const ref = fixture.surfaces[id];

  it('has the map, start and divergence limits the reference used', () => {
    expect([spec.domain.x, spec.domain.y]).toEqual(ref.domain);
    expect(spec.start).toEqual(ref.start);
    const limits = limitsOf(spec);
    expect([limits.x, limits.y]).toEqual(ref.limits);
  });

  it('gives the value and analytic gradient NumPy gives, and the gradient torch autograd gives', () => {
    expect(ref.samples.length).toBeGreaterThanOrEqual(18);
    for (const s of ref.samples) {
      const [x, y] = s.point;
      const at = `f(${x}, ${y})`;
      expectClose(spec.value(x, y), s.value, at, VALUE_FLOOR);
      const g = spec.gradient(x, y);
      for (const i of [0, 1] as const) {
        expectClose(g[i], s.gradient[i], `∇${at}[${i}] vs NumPy`, VALUE_FLOOR);
        expectClose(g[i], s.autograd[i], `∇${at}[${i}] vs torch autograd`, VALUE_FLOOR);
      }
    }
  });

  it('lists the minima Newton’s method refines, and the global minimum’s value', () => {
    expect(spec.minima.length).toBe(ref.minima.length);
    for (const m of ref.minima) {
      // Each refined minimum is one of ours (any order); a coordinate that is 0 is compared at the scale 1.
      const ours = spec.minima.find((p) => relError(p[0], m[0], 1) <= RTOL && relError(p[1], m[1], 1) <= RTOL);
      expect(ours, `minimum near (${m[0]}, ${m[1]})`).toBeDefined();
    }
    expectClose(spec.minimum, ref.minimum, 'minimum', 1);
  });
});

describe('gradient noise', () => {
  it.each(fixture.noise)('seed $seed: the first draws are the reference stream', ({ seed, draws }) => {
    const draw = gaussian(seed);
    expect(draws.length).toBeGreaterThanOrEqual(50);
    draws.forEach((z, k) => {
      expectClose(draw(), z, `seed ${seed} draw ${k}`);
    });
  });
});

describe('optimizePath', () => {
  it('covers both rules, every optimizer, noise, lrScale, stepsPerEpoch and divergence', () => {
    const cases = fixture.cases;
    const kinds = (framework: string) => new Set(cases.filter((c) => c.optimizer.framework === framework).map((c) => c.optimizer.kind));
    expect(kinds('torch')).toEqual(new Set(['SGD', 'Adam', 'AdamW', 'RMSprop']));
    expect(kinds('keras')).toEqual(new Set(['SGD', 'Adam', 'AdamW', 'RMSprop']));
    expect(cases.some((c) => (c.gradientNoise ?? 0) > 0)).toBe(true);
    expect(cases.some((c) => c.stepsPerEpoch !== undefined)).toBe(true);
    expect(cases.some((c) => c.numpy.momentum !== undefined)).toBe(true);
    expect(cases.some((c) => c.numpy.end.kind === 'diverged' && c.numpy.end.reason === 'off-map')).toBe(true);
    expect(cases.some((c) => c.numpy.end.kind === 'diverged' && c.numpy.end.reason === 'non-finite')).toBe(true);
    expect(cases.some((c) => c.numpy.nearMinimumStep !== undefined)).toBe(true);
  });

  describe.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    it('follows the NumPy path: points, losses, LRs, momentum, end and first step near the minimum', () => {
      const path = pathOf(c);
      const ref = c.numpy;
      expectSamePoints(path.points, ref.points, 'NumPy');
      expect(path.loss.length).toBe(ref.loss.length);
      ref.loss.forEach((l, k) => {
        expectClose(path.loss[k] as number, l, `loss ${k}`, VALUE_FLOOR);
      });
      expect(path.lr.length).toBe(ref.lr.length);
      ref.lr.forEach((lr, k) => {
        expectClose(path.lr[k] as number, lr, `lr ${k}`);
      });
      if (ref.momentum) {
        expect(path.momentum?.length).toBe(ref.momentum.length);
        ref.momentum.forEach((m, k) => {
          expectClose(path.momentum?.[k] as number, m, `momentum ${k}`);
        });
      } else {
        expect(path.momentum).toBeUndefined();
      }
      expectSameEnd(path.end, ref.end, 'NumPy');
      expect(path.nearMinimumStep).toBe(ref.nearMinimumStep);
    });

    it(`follows the real library's path (${c.real.library.split(':')[0]})`, () => {
      const path = pathOf(c);
      expectSamePoints(path.points, c.real.points, c.real.library);
      expectSameEnd(path.end, c.real.end, c.real.library);
    });
  });
});
