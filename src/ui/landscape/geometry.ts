import type { Box, Point } from '../../landscape';

/** The overlay's coordinate system: VIEW_WIDTH units across the map, the height in proportion to the domain. */
export const VIEW_WIDTH = 1000;

export interface MapGeometry {
  domain: Box;
  width: number;
  height: number;
  /** A surface point in overlay units (y grows downwards). */
  toView(point: Point): Point;
  /** An overlay position back to the surface. */
  toSurface(x: number, y: number): Point;
}

export function mapGeometry(domain: Box): MapGeometry {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const width = VIEW_WIDTH;
  const height = (VIEW_WIDTH * (y1 - y0)) / (x1 - x0);
  return {
    domain,
    width,
    height,
    toView: ([x, y]) => [((x - x0) / (x1 - x0)) * width, ((y1 - y) / (y1 - y0)) * height],
    toSurface: (vx, vy) => [x0 + (vx / width) * (x1 - x0), y1 - (vy / height) * (y1 - y0)],
  };
}

/**
 * A path's points in overlay units, dropping each point within `spacing` units of the last one kept (a 10,000-step
 * path that has settled adds nothing visible); the first and the last point are always kept.
 */
export function viewPoints(points: readonly Point[], geometry: MapGeometry, spacing = 0.75): Point[] {
  const out: Point[] = [];
  let last: Point | undefined;
  for (let i = 0; i < points.length; i++) {
    const p = geometry.toView(points[i] as Point);
    if (last && i < points.length - 1 && Math.abs(p[0] - last[0]) < spacing && Math.abs(p[1] - last[1]) < spacing) continue;
    out.push(p);
    last = p;
  }
  return out;
}

export const polylineText = (points: readonly Point[]) => points.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ');

/** Clamps a point into the box. */
export function clampInto(point: Point, box: Box): Point {
  return [Math.min(box.x[1], Math.max(box.x[0], point[0])), Math.min(box.y[1], Math.max(box.y[0], point[1]))];
}

/** Rounds a coordinate to what a person reads and a link keeps short: 1/1000 of the map's extent, in decimal digits. */
export function roundTo(value: number, extent: number): number {
  const digits = Math.max(0, Math.ceil(-Math.log10(extent / 1000)));
  return Number(value.toFixed(digits));
}

/** A number as the read-outs print it: 4 significant digits, exponent form for the very small and very large. */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e5 ? x.toExponential(3).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(4)));
}
