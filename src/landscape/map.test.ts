import { describe, expect, it } from 'vitest';
import { BANDS, colourScale, contourPixels, sampleGrid, viridis } from './map';
import { SURFACES, surfaceOf } from './surfaces';

describe('the contour map', () => {
  it('viridis runs from its dark purple to its yellow, and clamps outside [0, 1]', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    // Perceptually ordered: lightness (here the channel sum) grows along the map.
    const light = (t: number) => viridis(t).reduce((a, b) => a + b, 0);
    for (let t = 0; t < 1; t += 0.05) expect(light(t + 0.05)).toBeGreaterThan(light(t));
  });

  it('samples pixel centres, top row at the largest y', () => {
    const spec = surfaceOf('rosenbrock');
    const grid = sampleGrid(spec, 4, 4);
    // Column 0, row 0: x = −2 + 0.5 · 4/4 = −1.5, y = 3 − 0.5 = 2.5.
    expect(grid[0]).toBe(spec.value(-1.5, 2.5));
    expect(grid[15]).toBe(spec.value(1.5, -0.5));
  });

  it('a log scale: bands grow with the height above the minimum, from the lowest to the highest', () => {
    for (const id of SURFACES) {
      const spec = surfaceOf(id);
      const values = sampleGrid(spec, 64, 64);
      const scale = colourScale(values, spec.minimum);
      const sorted = [...values].sort((a, b) => a - b);
      let previous = -1;
      for (const v of sorted) {
        const band = scale.band(v);
        expect(band).toBeGreaterThanOrEqual(previous);
        previous = band;
      }
      expect(scale.band(spec.minimum)).toBe(0);
      expect(scale.band(sorted[sorted.length - 1] as number)).toBe(BANDS - 1);
      // Log spacing: each band edge is the same factor above the minimum as the one before.
      const ratio = (scale.edge(2) - spec.minimum) / (scale.edge(1) - spec.minimum);
      expect((scale.edge(9) - spec.minimum) / (scale.edge(8) - spec.minimum)).toBeCloseTo(ratio, 9);
    }
  });

  it('paints every pixel opaque, in many bands, with darker contour lines between bands', () => {
    const { pixels } = contourPixels(surfaceOf('himmelblau'), 120, 120);
    expect(pixels.length).toBe(120 * 120 * 4);
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) {
      expect(pixels[i + 3]).toBe(255);
      colours.add(((pixels[i] as number) << 16) | ((pixels[i + 1] as number) << 8) | (pixels[i + 2] as number));
    }
    // BANDS fills and their darkened edges.
    expect(colours.size).toBeGreaterThan(BANDS);
  });
});
