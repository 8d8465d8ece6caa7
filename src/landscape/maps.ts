/**
 * The surfaces' names and maps (the region each draws): what the store and the link codec need to check a
 * surface and a start point, in a module of their own so that the page's first load carries none of the
 * surfaces' functions (surfaces.ts) or the engine.
 */

export const SURFACES = ['rosenbrock', 'beale', 'himmelblau', 'ill-conditioned-quadratic', 'saddle', 'six-hump-camel'] as const;
export type Surface = (typeof SURFACES)[number];

export type Point = [number, number];

export interface Box {
  x: readonly [number, number];
  y: readonly [number, number];
}

export interface SurfaceMap {
  readonly label: string;
  /** The region the map draws (and a start point may be placed in). */
  readonly domain: Box;
}

export const SURFACE_MAPS: Record<Surface, SurfaceMap> = {
  rosenbrock: { label: 'Rosenbrock', domain: { x: [-2, 2], y: [-1, 3] } },
  beale: { label: 'Beale', domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] } },
  himmelblau: { label: 'Himmelblau', domain: { x: [-5, 5], y: [-5, 5] } },
  'ill-conditioned-quadratic': { label: 'Ill-conditioned quadratic', domain: { x: [-3, 3], y: [-3, 3] } },
  saddle: { label: 'Saddle', domain: { x: [-2, 2], y: [-2, 2] } },
  'six-hump-camel': { label: 'Six-hump camel', domain: { x: [-2, 2], y: [-1.2, 1.2] } },
};

export function isSurface(x: unknown): x is Surface {
  return typeof x === 'string' && (SURFACES as readonly string[]).includes(x);
}
