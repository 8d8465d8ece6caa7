/**
 * Which positions of a long series to draw so the polyline looks the same as drawing all of them: M4 aggregation
 * (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014). The x range is cut into
 * one bucket per pixel column; a polyline's pixels inside a column are the vertical span from its lowest to its
 * highest value there, joined to its neighbours through the column's first and last points, so keeping each
 * column's first and last position and, per drawn line, the position of its minimum and of its maximum (first
 * occurrence) draws the same pixels. Values are never changed, only left out.
 *
 * A missing value (null, undefined, NaN, ±Infinity) is a gap in the drawn line: the positions where a gap starts
 * and ends, and the values either side of it, are kept so the gap stays where it was.
 */

/** A drawn line's value at a position, or a missing value (drawn as a gap). */
export type Lane = (position: number) => number | null | undefined;

const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether a series of `length` positions is drawn whole over `columns` pixel columns (nothing to leave out). */
export const drawsWhole = (length: number, columns: number): boolean => length <= Math.max(1, Math.floor(columns)) * 4;

/**
 * The positions 0..length−1 to draw for `lanes` over `columns` pixel columns, ascending and without repeats.
 * A series with at most 4 positions per column is returned whole (there is nothing to save).
 */
export function m4Positions(length: number, columns: number, lanes: readonly Lane[]): number[] {
  const n = Math.max(0, Math.floor(length));
  if (drawsWhole(n, columns)) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(columns));
  const keep = new Uint8Array(n);
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end <= start) continue;
    keep[start] = 1;
    keep[end - 1] = 1;
    for (const lane of lanes) {
      let minAt = -1;
      let maxAt = -1;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      // A gap edge on a column boundary needs nothing more: both columns' edge positions are kept already.
      let wasPresent = present(lane(start));
      for (let i = start; i < end; i++) {
        const v = lane(i);
        const isPresent = present(v);
        if (isPresent !== wasPresent) {
          // Both sides of a gap's edge: the last point before it and the first after it (or the gap's first slot).
          keep[i - 1] = 1;
          keep[i] = 1;
        }
        wasPresent = isPresent;
        if (!isPresent) continue;
        if (v < min) {
          min = v;
          minAt = i;
        }
        if (v > max) {
          max = v;
          maxAt = i;
        }
      }
      if (minAt >= 0) keep[minAt] = 1;
      if (maxAt >= 0) keep[maxAt] = 1;
    }
  }
  const positions: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i] === 1) positions.push(i);
  return positions;
}

/**
 * How many pixel columns a chart `cssWidth` CSS pixels wide has on this screen (device pixels): buckets that
 * small keep the picture the same on a high-density display too.
 */
export function pixelColumns(cssWidth: number, devicePixelRatio: number): number {
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return Math.max(1, Math.ceil(Math.max(0, cssWidth) * ratio));
}
