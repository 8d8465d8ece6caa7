/**
 * Seeded 2-D classification sets. Each generator is a pure function of its options: the same (samples, noise,
 * seed, classes) gives bit-identical arrays in Node and in the worker. Points are in generation order, grouped by
 * class (scikit-learn would shuffle; here the stratified split and the per-epoch batch order do that, seeded).
 *
 * Scales are each source's own (moons ≈ [−1, 2] × [−0.5, 1], circles radius 1, spiral and xor ≈ [−5, 5]²,
 * blobs' centres in [−10, 10]²): the engine standardizes features if it wants a common scale.
 */
import { fail, ok, type Result } from '../result';
import { createRng, type Rng, STREAM } from '../random';

export interface SyntheticOptions {
  /** Number of points, an integer in 10…100,000. */
  samples: number;
  /** Noise level in 0…1; what it scales is documented per set. */
  noise: number;
  /** Any safe integer. */
  seed: number;
  /** Number of classes: 2…8 for spiral and blobs (default 2 and 3), only 2 for moons, circles and xor. */
  classes?: number;
}

/** A classification set: n points of `features` values each, row-major, and their labels. */
export interface Dataset {
  /** n × features, row-major: point i is x[i · features … (i + 1) · features − 1] (2-D sets: (x[2i], x[2i + 1])). */
  x: Float32Array;
  /** Labels in 0…classes − 1. */
  y: Int32Array;
  classes: number;
  features: number;
}

export const SYNTHETIC_SETS = ['spiral', 'moons', 'circles', 'xor', 'blobs'] as const;
export type SyntheticSet = (typeof SYNTHETIC_SETS)[number];

export const MIN_SAMPLES = 10;
export const MAX_SAMPLES = 100_000;
export const MAX_CLASSES = 8;

/** Per-set class range and default; generation index i separates the sets' random streams. */
const CLASS_RULES: Record<SyntheticSet, { min: number; max: number; default: number; index: number }> = {
  spiral: { min: 2, max: MAX_CLASSES, default: 2, index: 0 },
  moons: { min: 2, max: 2, default: 2, index: 1 },
  circles: { min: 2, max: 2, default: 2, index: 2 },
  xor: { min: 2, max: 2, default: 2, index: 3 },
  blobs: { min: 2, max: MAX_CLASSES, default: 3, index: 4 },
};

/** Checks options for `set`; on success gives the number of classes to use. */
export function validateSynthetic(set: SyntheticSet, options: SyntheticOptions): Result<number> {
  const { samples, noise, seed } = options;
  if (!Number.isInteger(samples) || samples < MIN_SAMPLES || samples > MAX_SAMPLES) {
    return fail({ path: 'samples', message: `samples must be an integer from ${MIN_SAMPLES} to ${MAX_SAMPLES}, got ${samples}.` });
  }
  if (!Number.isFinite(noise) || noise < 0 || noise > 1) {
    return fail({ path: 'noise', message: `noise must be a number from 0 to 1, got ${noise}.` });
  }
  if (!Number.isSafeInteger(seed)) {
    return fail({ path: 'seed', message: `seed must be a safe integer (|seed| ≤ 2^53 − 1), got ${seed}.` });
  }
  const rule = CLASS_RULES[set];
  const classes = options.classes ?? rule.default;
  if (!Number.isInteger(classes) || classes < rule.min || classes > rule.max) {
    const allowed = rule.min === rule.max ? `exactly ${rule.min}` : `an integer from ${rule.min} to ${rule.max}`;
    return fail({ path: 'classes', message: `${set} has ${allowed} classes, got ${classes}.` });
  }
  if (samples < 2 * classes) {
    return fail({ path: 'samples', message: `${classes} classes need at least ${2 * classes} samples (2 per class), got ${samples}.` });
  }
  return ok(classes);
}

/** n split into k near-equal parts, the first n mod k one larger (make_blobs's n_samples_per_center). */
export function classCounts(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

type Generate = (samples: number, noise: number, classes: number, rng: Rng, x: Float32Array, y: Int32Array) => void;

/**
 * TensorFlow Playground's spiral (dataset.ts, classifySpiralData), generalized to K arms: class k has n_k points,
 * point i of it at r = 5 i / n_k, t = 1.75 · 2π i / n_k + 2πk / K, (r sin t, r cos t) + noise · (U(−1, 1), U(−1, 1)).
 * With K = 2 the offsets are 0 and π, as the Playground's (its +1 arm is class 0 here, its −1 arm class 1).
 */
const spiral: Generate = (samples, noise, classes, rng, x, y) => {
  let p = 0;
  classCounts(samples, classes).forEach((n, k) => {
    for (let i = 0; i < n; i++, p++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + (2 * Math.PI * k) / classes;
      x[2 * p] = r * Math.sin(t) + (2 * rng.next() - 1) * noise;
      x[2 * p + 1] = r * Math.cos(t) + (2 * rng.next() - 1) * noise;
      y[p] = k;
    }
  });
};

/**
 * scikit-learn's make_moons: n_out = ⌊n / 2⌋ points (class 0) at (cos θ, sin θ), θ = linspace(0, π, n_out); the
 * other n_in = n − n_out (class 1) at (1 − cos θ, 1 − sin θ − 0.5), θ = linspace(0, π, n_in); then Gaussian noise
 * of standard deviation `noise` on each coordinate. linspace(0, π, m)[i] = π i / (m − 1).
 */
const moons: Generate = (samples, noise, _classes, rng, x, y) => {
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  for (let p = 0; p < samples; p++) {
    const outer = p < nOut;
    const i = outer ? p : p - nOut;
    const m = outer ? nOut : nIn;
    const theta = m > 1 ? (Math.PI * i) / (m - 1) : 0;
    x[2 * p] = (outer ? Math.cos(theta) : 1 - Math.cos(theta)) + noise * rng.normal();
    x[2 * p + 1] = (outer ? Math.sin(theta) : 1 - Math.sin(theta) - 0.5) + noise * rng.normal();
    y[p] = outer ? 0 : 1;
  }
};

/**
 * scikit-learn's make_circles with factor = 0.5: n_out = ⌊n / 2⌋ points (class 0) at (cos θ, sin θ) and
 * n_in = n − n_out (class 1) at 0.5 · (cos θ, sin θ), θ = linspace(0, 2π, m, endpoint=False)[i] = 2π i / m; then
 * Gaussian noise of standard deviation `noise` on each coordinate.
 */
const circles: Generate = (samples, noise, _classes, rng, x, y) => {
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  for (let p = 0; p < samples; p++) {
    const outer = p < nOut;
    const i = outer ? p : p - nOut;
    const theta = (2 * Math.PI * i) / (outer ? nOut : nIn);
    const radius = outer ? 1 : 0.5;
    x[2 * p] = radius * Math.cos(theta) + noise * rng.normal();
    x[2 * p + 1] = radius * Math.sin(theta) + noise * rng.normal();
    y[p] = outer ? 0 : 1;
  }
};

/**
 * TensorFlow Playground's XOR (classifyXORData): u, v ~ U(−5, 5), each pushed 0.3 away from 0 (u += u > 0 ? 0.3 :
 * −0.3); the point is (u, v); its label is 1 where (u + 5 noise·U(−1, 1)) · (v + 5 noise·U(−1, 1)) ≥ 0, else 0
 * (the Playground's +1 / −1). Noise so flips labels near the axes without moving the points. Unlike the other
 * sets, class balance is random (binomial), as in the Playground.
 */
const xor: Generate = (samples, noise, _classes, rng, x, y) => {
  for (let p = 0; p < samples; p++) {
    let u = 10 * rng.next() - 5;
    u += u > 0 ? 0.3 : -0.3;
    let v = 10 * rng.next() - 5;
    v += v > 0 ? 0.3 : -0.3;
    const nu = (10 * rng.next() - 5) * noise;
    const nv = (10 * rng.next() - 5) * noise;
    x[2 * p] = u;
    x[2 * p + 1] = v;
    y[p] = (u + nu) * (v + nv) >= 0 ? 1 : 0;
  }
};

/**
 * scikit-learn's make_blobs with its defaults center_box = (−10, 10) and centres drawn U(−10, 10)² per class;
 * class k has n_k points (n split as classCounts), each centre_k + cluster_std · N(0, I₂), with
 * cluster_std = 10 · noise (so noise 0.1 is make_blobs's default cluster_std = 1.0, noise 1 overlaps heavily).
 */
const blobs: Generate = (samples, noise, classes, rng, x, y) => {
  const centres = Array.from({ length: classes }, () => [20 * rng.next() - 10, 20 * rng.next() - 10] as const);
  const std = 10 * noise;
  let p = 0;
  classCounts(samples, classes).forEach((n, k) => {
    const [cx, cy] = centres[k] as readonly [number, number];
    for (let i = 0; i < n; i++, p++) {
      x[2 * p] = cx + std * rng.normal();
      x[2 * p + 1] = cy + std * rng.normal();
      y[p] = k;
    }
  });
};

const GENERATORS: Record<SyntheticSet, Generate> = { spiral, moons, circles, xor, blobs };

/** Generates `set`, or says which option is out of range and what is allowed. */
export function generateSynthetic(set: SyntheticSet, options: SyntheticOptions): Result<Dataset> {
  const checked = validateSynthetic(set, options);
  if (!checked.ok) return checked;
  const classes = checked.value;
  const { samples, noise, seed } = options;
  const rng = createRng(seed, STREAM.data, CLASS_RULES[set].index);
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  GENERATORS[set](samples, noise, classes, rng, x, y);
  return ok({ x, y, classes, features: 2 });
}

export const generateSpiral = (options: SyntheticOptions): Result<Dataset> => generateSynthetic('spiral', options);
export const generateMoons = (options: SyntheticOptions): Result<Dataset> => generateSynthetic('moons', options);
export const generateCircles = (options: SyntheticOptions): Result<Dataset> => generateSynthetic('circles', options);
export const generateXor = (options: SyntheticOptions): Result<Dataset> => generateSynthetic('xor', options);
export const generateBlobs = (options: SyntheticOptions): Result<Dataset> => generateSynthetic('blobs', options);
