/**
 * optimizePath's behaviour: what it refuses, how it marks divergence, how noise, seeds, lrScale and stepsPerEpoch
 * act, and what it records. (Its arithmetic against NumPy and the real libraries is reference.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { FrameworkCall } from '../schedules/index';
import { OPTIMIZER_DEFAULTS } from '../training/config';
import { MAX_GRADIENT_NOISE, MAX_PATH_STEPS, NEAR_MINIMUM } from './limits';
import { type LandscapeOptimizer, optimizePath, type Path, type PathOptions } from './path';
import { limitsOf, SURFACES, surfaceOf } from './surfaces';

const SGD: LandscapeOptimizer = { framework: 'torch', kind: 'SGD', lr: 0.1 };
const CONSTANT: FrameworkCall = { framework: 'torch', name: 'StepLR', args: { step_size: 1000, gamma: 0.5 } };

const options = (over: Partial<PathOptions> = {}): PathOptions => ({
  surface: 'ill-conditioned-quadratic',
  start: [-2.5, -1.5],
  optimizer: SGD,
  schedule: CONSTANT,
  steps: 50,
  lrScale: 0.3,
  ...over,
});

function pathOf(o: PathOptions): Path {
  const r = optimizePath(o);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The steps at which the LR differs from the step before. */
const changes = (lr: readonly number[]): number[] => lr.flatMap((v, k) => (k > 0 && v !== lr[k - 1] ? [k] : []));

describe('optimizePath refuses bad options with an error, never a throw', () => {
  const bad: [string, Partial<PathOptions> | Record<string, unknown>, string][] = [
    ['an unknown surface', { surface: 'moon' }, 'surface'],
    ['a start that is not finite', { start: [Number.NaN, 0] }, 'start'],
    ['an infinite start', { start: [0, Number.POSITIVE_INFINITY] }, 'start'],
    ['a start of three numbers', { start: [0, 0, 0] }, 'start'],
    ['a start that is not an array', { start: '0,0' }, 'start'],
    ['negative steps', { steps: -1 }, 'steps'],
    ['fractional steps', { steps: 2.5 }, 'steps'],
    ['too many steps', { steps: MAX_PATH_STEPS + 1 }, 'steps'],
    ['negative noise', { gradientNoise: -0.1 }, 'gradientNoise'],
    ['NaN noise', { gradientNoise: Number.NaN }, 'gradientNoise'],
    ['too much noise', { gradientNoise: MAX_GRADIENT_NOISE * 2 }, 'gradientNoise'],
    ['a negative seed', { seed: -1 }, 'seed'],
    ['a fractional seed', { seed: 1.5 }, 'seed'],
    ['a seed past 2^32 − 1', { seed: 2 ** 32 }, 'seed'],
    ['a zero lrScale', { lrScale: 0 }, 'lrScale'],
    ['a negative lrScale', { lrScale: -1 }, 'lrScale'],
    ['an infinite lrScale', { lrScale: Number.POSITIVE_INFINITY }, 'lrScale'],
    ['zero stepsPerEpoch', { stepsPerEpoch: 0 }, 'stepsPerEpoch'],
    ['fractional stepsPerEpoch', { stepsPerEpoch: 2.5 }, 'stepsPerEpoch'],
    ['a zero lr', { optimizer: { ...SGD, lr: 0 } }, 'optimizer.lr'],
    ['a negative lr', { optimizer: { ...SGD, lr: -0.1 } }, 'optimizer.lr'],
    ['a NaN lr', { optimizer: { ...SGD, lr: Number.NaN } }, 'optimizer.lr'],
    ['no optimizer', { optimizer: null }, 'optimizer.lr'],
  ];
  it.each(bad)('%s', (_what, over, path) => {
    let r: ReturnType<typeof optimizePath> | undefined;
    expect(() => {
      r = optimizePath({ ...options(), ...over } as PathOptions);
    }).not.toThrow();
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.path).toBe(path);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
  });

  it('an unknown schedule, and a schedule that fails while stepping, come back as errors', () => {
    const unknown = optimizePath(options({ schedule: { framework: 'torch', name: 'NoSuchLR', args: {} } }));
    expect(unknown.ok).toBe(false);
    // torch's OneCycleLR raises when stepped past total_steps: the path reports it instead of throwing.
    const past = optimizePath(
      options({ schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 10 } }, steps: 30 }),
    );
    expect(past.ok).toBe(false);
  });
});

describe('divergence', () => {
  // Plain SGD on the quadratic is stable only below lr = 2/50: 0.5 × 0.1 = 0.05 leaves the map.
  const off = pathOf(options({ optimizer: { ...SGD, lr: 0.5 }, lrScale: 0.1, steps: 200 }));

  it('marks the step that left the map and keeps no point outside it', () => {
    expect(off.end.kind).toBe('diverged');
    if (off.end.kind !== 'diverged') return;
    expect(off.end.reason).toBe('off-map');
    expect(off.end.step).toBeGreaterThan(1);
    expect(off.end.step).toBeLessThan(200);
    expect(off.end.lr).toBeCloseTo(0.05, 15);
    // points[0] is the start, then one per step before the one that left: the bad point is not stored.
    expect(off.points.length).toBe(off.end.step);
    expect(off.loss.length).toBe(off.points.length);
    // One LR per step taken, the diverging step's included.
    expect(off.lr.length).toBe(off.end.step);
    const limits = limitsOf(surfaceOf('ill-conditioned-quadratic'));
    for (const [x, y] of off.points) {
      expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
      expect(x >= limits.x[0] && x <= limits.x[1] && y >= limits.y[0] && y <= limits.y[1]).toBe(true);
    }
    for (const l of off.loss) expect(Number.isFinite(l)).toBe(true);
  });

  it('marks a step whose loss overflows as non-finite, and keeps only the start', () => {
    const p = pathOf({ surface: 'rosenbrock', start: [-1.5, 2], optimizer: { ...SGD, lr: 1e300 }, schedule: CONSTANT, steps: 10 });
    expect(p.end).toEqual({ kind: 'diverged', step: 1, lr: 1e300, reason: 'non-finite' });
    expect(p.points).toEqual([[-1.5, 2]]);
    expect(p.lr).toEqual([1e300]);
  });

  it('a stable LR completes every step on the map', () => {
    const p = pathOf(options({ steps: 200 }));
    expect(p.end).toEqual({ kind: 'completed' });
    expect(p.points.length).toBe(201);
    expect(p.lr.length).toBe(200);
  });
});

describe('gradient noise', () => {
  const noisy = (seed: number, gradientNoise = 2): Path => pathOf(options({ gradientNoise, seed }));

  it('the same seed gives the same path; another seed another path', () => {
    expect(noisy(11).points).toEqual(noisy(11).points);
    const a = noisy(11).points;
    const b = noisy(12).points;
    expect(a[0]).toEqual(b[0]);
    expect(a[1]).not.toEqual(b[1]);
  });

  it('noise 0 is the exact-gradient path, whatever the seed', () => {
    const exact = pathOf(options());
    expect(noisy(11, 0)).toEqual(exact);
    expect(noisy(99, 0)).toEqual(exact);
    expect(noisy(11).points).not.toEqual(exact.points);
  });

  it('moves the path by the noise: larger noise, farther from the exact path', () => {
    const exact = pathOf(options()).points;
    const distance = (p: Path) => {
      const [x, y] = p.points[10] ?? [Number.NaN, Number.NaN];
      const [ex, ey] = exact[10] ?? [Number.NaN, Number.NaN];
      return Math.hypot(x - ex, y - ey);
    };
    expect(distance(noisy(5, 10))).toBeGreaterThan(distance(noisy(5, 0.01)));
  });
});

describe('the schedule', () => {
  it('lrScale multiplies every LR the schedule gives', () => {
    const schedule: FrameworkCall = { framework: 'torch', name: 'StepLR', args: { step_size: 5, gamma: 0.5 } };
    const one = pathOf(options({ schedule, lrScale: 1, optimizer: { ...SGD, lr: 0.01 } }));
    const scaled = pathOf(options({ schedule, lrScale: 0.25, optimizer: { ...SGD, lr: 0.01 } }));
    expect(scaled.lr.length).toBe(one.lr.length);
    scaled.lr.forEach((lr, k) => {
      expect(lr).toBe((one.lr[k] as number) * 0.25);
    });
  });

  it('ReduceLROnPlateau is fed the surface loss: a stalled path has its LR cut, an improving one keeps it', () => {
    const plateau: FrameworkCall = { framework: 'torch', name: 'ReduceLROnPlateau', args: { factor: 0.5, patience: 3 } };
    // Started at the minimum, the loss never improves: after patience + 1 steps without improvement the LR halves.
    const stalled = pathOf(options({ start: [0, 0], schedule: plateau, lrScale: 1, optimizer: { ...SGD, lr: 0.01 }, steps: 30 }));
    expect(stalled.lr[0]).toBe(0.01);
    expect(stalled.lr.at(-1)).toBeLessThan(0.01 / 8);
    expect(changes(stalled.lr).length).toBeGreaterThan(2);
    // Steadily descending (the slow direction shrinks ~2% a step), the LR is never cut.
    const improving = pathOf(options({ schedule: plateau, lrScale: 1, optimizer: { ...SGD, lr: 0.01 }, steps: 30 }));
    expect(new Set(improving.lr)).toEqual(new Set([0.01]));
    for (let k = 1; k < improving.loss.length; k++) expect(improving.loss[k]).toBeLessThan(improving.loss[k - 1] as number);
  });

  it('stepsPerEpoch gives a per-epoch schedule the training timing; without it every step is a tick', () => {
    const stepLR: FrameworkCall = { framework: 'torch', name: 'StepLR', args: { step_size: 2, gamma: 0.5 } };
    const base = options({ schedule: stepLR, lrScale: 1, optimizer: { ...SGD, lr: 0.01 }, steps: 40 });
    const ticks = pathOf(base);
    expect(changes(ticks.lr)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38]);
    const epochs = pathOf({ ...base, stepsPerEpoch: 5 });
    // StepLR steps once per epoch of 5 steps: the LR changes after every 2 epochs, i.e. every 10 steps.
    expect(changes(epochs.lr)).toEqual([10, 20, 30]);
    expect(epochs.lr[9]).toBe(0.01);
    expect(epochs.lr[10]).toBe(0.005);
    expect(epochs.lr[39]).toBe(0.01 / 8);
  });

  it('stepsPerEpoch leaves a per-batch schedule (OneCycleLR) stepping every step', () => {
    const oneCycle: FrameworkCall = { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.01, total_steps: 40 } };
    const base = options({ schedule: oneCycle, lrScale: 1, steps: 40 });
    expect(pathOf({ ...base, stepsPerEpoch: 5 })).toEqual(pathOf(base));
  });

  it('OneCycleLR records the momentum it cycles (one per step); StepLR records none', () => {
    const oneCycle: FrameworkCall = { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.01, total_steps: 40 } };
    const p = pathOf(options({ schedule: oneCycle, lrScale: 1, optimizer: { ...SGD, momentum: 0.9 }, steps: 40 }));
    expect(p.momentum?.length).toBe(40);
    const momentum = p.momentum ?? [];
    // torch's defaults: max_momentum 0.95 while the LR is lowest, base_momentum 0.85 at the LR's peak.
    expect(momentum[0]).toBe(0.95);
    expect(Math.min(...momentum)).toBeCloseTo(0.85, 12);
    const peak = p.lr.indexOf(Math.max(...p.lr));
    expect(momentum[peak]).toBeCloseTo(0.85, 12);
    // Adam's beta1 is cycled the same way.
    const adam = pathOf(options({ schedule: oneCycle, lrScale: 1, optimizer: { framework: 'torch', kind: 'Adam', lr: 0.001 }, steps: 40 }));
    expect(adam.momentum?.[0]).toBe(0.95);
    expect(pathOf(options()).momentum).toBeUndefined();
  });
});

describe('the optimizer', () => {
  it.each(['torch', 'keras'] as const)('%s AdamW without weight_decay decays by the library default', (framework) => {
    const schedule: FrameworkCall =
      framework === 'keras'
        ? { framework, name: 'ExponentialDecay', args: { initial_learning_rate: 0.01, decay_steps: 100, decay_rate: 0.5 } }
        : CONSTANT;
    const adamW = (extra: Partial<LandscapeOptimizer>) =>
      pathOf(options({ schedule, lrScale: 1, optimizer: { framework, kind: 'AdamW', lr: 0.01, ...extra } })).points;
    const defaults = adamW({});
    expect(defaults).toEqual(adamW({ weight_decay: OPTIMIZER_DEFAULTS[framework].AdamW.weight_decay }));
    expect(defaults).not.toEqual(adamW({ weight_decay: 0 }));
  });
});

describe('what a path records', () => {
  it('lr has one entry per step taken; 0 steps is just the start', () => {
    const zero = pathOf(options({ steps: 0 }));
    expect(zero).toEqual({
      points: [[-2.5, -1.5]],
      loss: [surfaceOf('ill-conditioned-quadratic').value(-2.5, -1.5)],
      lr: [],
      end: { kind: 'completed' },
    });
    for (const steps of [1, 7, 120]) {
      const p = pathOf(options({ steps }));
      expect(p.lr.length).toBe(steps);
      expect(p.points.length).toBe(steps + 1);
    }
  });

  it('loss[k] is the surface at points[k]', () => {
    const p = pathOf(options({ surface: 'himmelblau', start: [0, 0], lrScale: 0.1, steps: 40 }));
    const spec = surfaceOf('himmelblau');
    p.points.forEach(([x, y], k) => {
      expect(p.loss[k]).toBe(spec.value(x, y));
    });
  });

  it('nearMinimumStep is the first step within NEAR_MINIMUM of the global minimum', () => {
    const spec = surfaceOf('himmelblau');
    const p = pathOf(options({ surface: 'himmelblau', start: [0, 0], lrScale: 0.1, steps: 60 }));
    const near = p.nearMinimumStep;
    expect(near).toBeDefined();
    if (near === undefined) return;
    expect(near).toBeGreaterThan(0);
    expect((p.loss[near] as number) - spec.minimum).toBeLessThanOrEqual(NEAR_MINIMUM);
    for (const l of p.loss.slice(0, near)) expect(l - spec.minimum).toBeGreaterThan(NEAR_MINIMUM);
    // Not reached in too few steps; reached at once from a minimum (the saddle's minimum is −1/4, not 0).
    expect(pathOf(options({ surface: 'himmelblau', start: [0, 0], lrScale: 0.1, steps: near - 1 })).nearMinimumStep).toBeUndefined();
    for (const id of SURFACES) {
      const s = surfaceOf(id);
      const [x, y] = s.minima[0] ?? s.start;
      expect(pathOf(options({ surface: id, start: [x, y], steps: 3, lrScale: 1e-6 })).nearMinimumStep, id).toBe(0);
    }
  });

  it('keeps the start as given and never changes the options', () => {
    const o = options({ gradientNoise: 1, seed: 3 });
    const copy = structuredClone(o);
    const p = pathOf(o);
    expect(o).toEqual(copy);
    expect(p.points[0]).toEqual(o.start);
    expect(p.points[0]).not.toBe(o.start);
  });
});
