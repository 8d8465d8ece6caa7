/**
 * The 2-D test functions of the Landscape view, each with its analytic gradient, its map (the region drawn), its
 * global minimum and a start point that shows something. Plain float64 arithmetic, written as the formula reads,
 * so that the NumPy reference (scripts/golden/landscape_reference.py) can evaluate the same expression.
 *
 * Sources: Rosenbrock (1960), Beale (1958), Himmelblau (1972), the six-hump camel (Dixon & Szegő 1978), as listed
 * in Surjanovic & Bingham's Virtual Library of Simulation Experiments (https://www.sfu.ca/~ssurjano/optimization.html).
 */

import { type Box, isSurface, type Point, SURFACE_MAPS, SURFACES, type Surface } from './maps';

export { type Box, isSurface, type Point, SURFACES, type Surface };

export interface SurfaceSpec {
  readonly id: Surface;
  readonly label: string;
  /** The function as text, for the view. */
  readonly formula: string;
  value(x: number, y: number): number;
  gradient(x: number, y: number): Point;
  /** The region the map draws. */
  readonly domain: Box;
  /** The global minimum's value (a path "reaches the minimum" within 1e-3 of it). */
  readonly minimum: number;
  /** Where the global minimum is (every point, where there are several). */
  readonly minima: readonly Point[];
  /** The default start: one that shows what the surface is for. */
  readonly start: Point;
  /**
   * The default LR scale: every panel's LR is multiplied by it on this surface. The panels' LRs are set for
   * training a network (0.1 for SGD); these surfaces are far steeper (Rosenbrock's gradient at the start is ~150),
   * so a scale brings the default panel to where its schedule decides what happens rather than the first step.
   */
  readonly lrScale: number;
  /** One sentence: what to look for on this surface. */
  readonly note: string;
}

const rosenbrock: SurfaceSpec = {
  id: 'rosenbrock',
  label: SURFACE_MAPS.rosenbrock.label,
  formula: 'f(x, y) = (1 − x)² + 100 (y − x²)²',
  value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  domain: SURFACE_MAPS.rosenbrock.domain,
  minimum: 0,
  minima: [[1, 1]],
  start: [-1.5, 2],
  lrScale: 0.01,
  note: 'A curved, nearly flat valley: reaching it is easy, following it to (1, 1) takes a well-tuned LR.',
};

const beale: SurfaceSpec = {
  id: 'beale',
  label: SURFACE_MAPS.beale.label,
  formula: 'f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
  value: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2,
  gradient: (x, y) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
  domain: SURFACE_MAPS.beale.domain,
  minimum: 0,
  minima: [[3, 0.5]],
  start: [1, 1.75],
  lrScale: 0.001,
  note: 'Sharp ridges and flat plateaus: a large LR is thrown across a ridge, a small one crawls on the plateau.',
};

const himmelblau: SurfaceSpec = {
  id: 'himmelblau',
  label: SURFACE_MAPS.himmelblau.label,
  formula: 'f(x, y) = (x² + y − 11)² + (x + y² − 7)²',
  value: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  gradient: (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * a * x + 2 * b, 2 * a + 4 * b * y];
  },
  domain: SURFACE_MAPS.himmelblau.domain,
  minimum: 0,
  // The four minima: (3, 2) exactly; the others are roots of a cubic, to double precision (the fixture checks).
  minima: [
    [3, 2],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.283185991286169],
    [3.584428340330492, -1.848126526964404],
  ],
  start: [0, 0],
  lrScale: 0.01,
  note: 'Four equal minima: which one a path ends in depends on its LR in the first steps.',
};

/**
 * ½ (λ₁ u² + λ₂ v²) with u = (x + y)/√2 and v = (x − y)/√2, λ₁ = 1, λ₂ = 50: a valley along the diagonal,
 * 50 times steeper across it than along it. Written without √2: ¼ (λ₁ (x + y)² + λ₂ (x − y)²).
 */
const QUADRATIC_FLAT = 1;
const QUADRATIC_STEEP = 50;
const illConditioned: SurfaceSpec = {
  id: 'ill-conditioned-quadratic',
  label: SURFACE_MAPS['ill-conditioned-quadratic'].label,
  formula: 'f(x, y) = ¼ ((x + y)² + 50 (x − y)²)',
  value: (x, y) => 0.25 * (QUADRATIC_FLAT * (x + y) ** 2 + QUADRATIC_STEEP * (x - y) ** 2),
  gradient: (x, y) => [
    0.5 * (QUADRATIC_FLAT * (x + y) + QUADRATIC_STEEP * (x - y)),
    0.5 * (QUADRATIC_FLAT * (x + y) - QUADRATIC_STEEP * (x - y)),
  ],
  domain: SURFACE_MAPS['ill-conditioned-quadratic'].domain,
  minimum: 0,
  minima: [[0, 0]],
  start: [-2.5, -1.5],
  lrScale: 0.3,
  note: 'Condition number 50: an LR large enough to move along the valley makes the path zig-zag across it (plain SGD is stable only below 2/50).',
};

const saddle: SurfaceSpec = {
  id: 'saddle',
  label: SURFACE_MAPS.saddle.label,
  formula: 'f(x, y) = x²/2 + y⁴/4 − y²/2',
  value: (x, y) => (x * x) / 2 + (y * y * y * y) / 4 - (y * y) / 2,
  gradient: (x, y) => [x, y * y * y - y],
  domain: SURFACE_MAPS.saddle.domain,
  minimum: -0.25,
  minima: [
    [0, 1],
    [0, -1],
  ],
  start: [-1.8, 0.001],
  lrScale: 1,
  note: 'A saddle at the origin between two minima: a path that starts near y = 0 stalls there until its LR lets it escape.',
};

const sixHumpCamel: SurfaceSpec = {
  id: 'six-hump-camel',
  label: SURFACE_MAPS['six-hump-camel'].label,
  formula: 'f(x, y) = (4 − 2.1x² + x⁴/3) x² + xy + (4y² − 4) y²',
  value: (x, y) => (4 - 2.1 * x * x + (x * x * x * x) / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y,
  gradient: (x, y) => [8 * x - 8.4 * x * x * x + 2 * x * x * x * x * x + y, x - 8 * y + 16 * y * y * y],
  domain: SURFACE_MAPS['six-hump-camel'].domain,
  // The root of the gradient near the literature's (0.0898, −0.7126), correctly rounded (the fixture checks).
  minimum: -1.0316284534898774,
  minima: [
    [0.08984201310031806, -0.7126564030207396],
    [-0.08984201310031806, 0.7126564030207396],
  ],
  start: [-1.5, -1],
  lrScale: 0.1,
  note: 'Six local minima, two of them global: the LR schedule decides which basin a path settles in.',
};

const BY_ID: Record<Surface, SurfaceSpec> = {
  rosenbrock,
  beale,
  himmelblau,
  'ill-conditioned-quadratic': illConditioned,
  saddle,
  'six-hump-camel': sixHumpCamel,
};

export function surfaceOf(id: Surface): SurfaceSpec {
  return BY_ID[id];
}

/**
 * The region a path may wander in before it counts as diverged ("off the map"): the map with a margin of one map
 * width (height) on each side, so an overshoot that comes back is kept, and a path that leaves for good stops.
 */
export function limitsOf(spec: SurfaceSpec): Box {
  const [x0, x1] = spec.domain.x;
  const [y0, y1] = spec.domain.y;
  return { x: [x0 - (x1 - x0), x1 + (x1 - x0)], y: [y0 - (y1 - y0), y1 + (y1 - y0)] };
}
