import { describe, expect, it } from 'vitest';
import { seededRandom as seeded } from '../schedules/random';
import { drawsWhole, type Lane, m4Positions, pixelColumns } from './decimate';

// mulberry32, so a failing case is the same on every run.
const laneOf =
  (values: readonly (number | null)[]): Lane =>
  (i) =>
    values[i];

/** The column [start, end) of bucket b, as m4Positions cuts them. */
const column = (b: number, n: number, columns: number) => [Math.floor((b * n) / columns), Math.floor(((b + 1) * n) / columns)] as const;

describe('m4Positions', () => {
  it('passes a short series through whole', () => {
    expect(m4Positions(7, 2, [laneOf([5, 1, 4, 1, 5, 9, 2])])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(m4Positions(0, 10, [])).toEqual([]);
    expect(drawsWhole(40, 10)).toBe(true);
    expect(drawsWhole(41, 10)).toBe(false);
  });

  it("keeps each column's first, last, minimum and maximum, ascending, at most 4 per column for one line", () => {
    const random = seeded(7);
    const n = 10_000;
    const columns = 317;
    const values = Array.from({ length: n }, () => random());
    const kept = m4Positions(n, columns, [laneOf(values)]);
    for (let i = 1; i < kept.length; i++) expect(kept[i] as number).toBeGreaterThan(kept[i - 1] as number);
    const keptSet = new Set(kept);
    for (let b = 0; b < columns; b++) {
      const [start, end] = column(b, n, columns);
      const slice = values.slice(start, end);
      const minAt = start + slice.indexOf(Math.min(...slice));
      const maxAt = start + slice.indexOf(Math.max(...slice));
      for (const at of [start, end - 1, minAt, maxAt]) expect(keptSet.has(at)).toBe(true);
      expect(kept.filter((i) => i >= start && i < end).length).toBeLessThanOrEqual(4);
    }
  });

  it('keeps every line’s extremes: at most 2 + 2 per line in a column', () => {
    const n = 5_000;
    const columns = 100;
    const a = Array.from({ length: n }, (_, i) => Math.sin(i / 7));
    const b = Array.from({ length: n }, (_, i) => Math.cos(i / 11));
    const kept = m4Positions(n, columns, [laneOf(a), laneOf(b)]);
    for (let c = 0; c < columns; c++) {
      const [start, end] = column(c, n, columns);
      const inColumn = kept.filter((i) => i >= start && i < end);
      expect(inColumn.length).toBeLessThanOrEqual(6);
      for (const values of [a, b]) {
        const slice = values.slice(start, end);
        const lo = Math.min(...slice);
        const hi = Math.max(...slice);
        // The kept points span the column's whole vertical range, so the drawn pixels are the same.
        const keptValues = inColumn.map((i) => values[i] as number);
        expect(Math.min(...keptValues)).toBe(lo);
        expect(Math.max(...keptValues)).toBe(hi);
      }
    }
  });

  it('keeps the exact position of every drop of a step function', () => {
    const n = 100_000;
    const values = Array.from({ length: n }, (_, i) => 0.1 * 0.5 ** Math.floor(i / 3_333));
    const kept = m4Positions(n, 640, [laneOf(values)]);
    for (let i = 1; i < n; i++) if (values[i] !== values[i - 1]) expect(kept).toContain(i);
    expect(kept.length).toBeLessThan(640 * 4);
  });

  it('keeps the edges of a gap, so the drawn line still breaks there', () => {
    const n = 1_000;
    const values: (number | null)[] = Array.from({ length: n }, (_, i) => (i >= 503 && i < 506 ? null : i));
    const kept = m4Positions(n, 10, [laneOf(values)]);
    for (const at of [502, 503, 505, 506]) expect(kept).toContain(at);
    // Somewhere between the last value before the gap and the first after it, a missing row remains.
    const before = kept.filter((i) => i <= 502).at(-1) as number;
    const after = kept.find((i) => i >= 506) as number;
    expect(kept.some((i) => i > before && i < after && values[i] === null)).toBe(true);
  });

  it('takes a column’s minimum and maximum among its values only, never a missing one', () => {
    const n = 400;
    const values = Array.from({ length: n }, (_, i) => (i < 20 ? Number.NaN : 1000 - i));
    const kept = m4Positions(n, 10, [laneOf(values)]);
    // Column 0 is [0, 40): its first slot, the gap's last slot, the first value (its maximum), its last (minimum).
    expect(kept.filter((i) => i < 40)).toEqual([0, 19, 20, 39]);
  });
});

describe('pixelColumns', () => {
  it('counts device pixels, and is never below one', () => {
    expect(pixelColumns(700, 1)).toBe(700);
    expect(pixelColumns(700.5, 2)).toBe(1401);
    expect(pixelColumns(0, 2)).toBe(1);
    expect(pixelColumns(300, Number.NaN)).toBe(300);
  });
});

describe('a long step function', () => {
  it('keeps the exact position of every drop, and both ends', () => {
    const n = 100_000;
    const lr = Array.from({ length: n }, (_, i) => 0.1 * 0.5 ** Math.floor(i / 7_001));
    const kept = m4Positions(n, 500, [(i) => lr[i]]);
    expect(kept.length).toBeLessThanOrEqual(4 * 500);
    for (let drop = 7_001; drop < n; drop += 7_001) expect(kept).toContain(drop);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
  });
});
