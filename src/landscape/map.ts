/**
 * The contour map's colours: the surface sampled on a pixel grid, put on a log scale and cut into filled bands,
 * in viridis (van der Walt & Smith, matplotlib 2.0: perceptually uniform, readable with every common colour-vision
 * deficiency and in greyscale). Pure: the view paints the returned bytes onto a canvas.
 */
import type { SurfaceSpec } from './surfaces';

/** viridis at nine evenly spaced positions (matplotlib's `viridis` colormap, sampled at 0, 1/8, …, 1). */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
];

/** The colour at t ∈ [0, 1] (clamped), interpolated linearly between viridis's anchors. */
export function viridis(t: number): [number, number, number] {
  const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 1;
  const position = clamped * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(position));
  const f = position - i;
  const a = VIRIDIS[i] as readonly [number, number, number];
  const b = VIRIDIS[i + 1] as readonly [number, number, number];
  return [0, 1, 2].map((c) => Math.round((a[c] as number) + f * ((b[c] as number) - (a[c] as number)))) as [number, number, number];
}

/** How many values the colour scale's low end (a percentile) is read from. */
const PERCENTILE_SAMPLE = 20_000;

/** How many filled bands the map is cut into. */
export const BANDS = 16;

export interface ColourScale {
  /** log10 of the height above the minimum at the lowest and the highest band edge. */
  low: number;
  high: number;
  /** The band of a value: 0 (lowest) to BANDS − 1. */
  band(value: number): number;
  /** The value at band edge e (0 … BANDS), for the key. */
  edge(e: number): number;
}

/**
 * A log scale of the height above the minimum, f − min: from its 1st percentile over the grid to its maximum, so
 * a valley floor and a ridge of 2,500 both get bands of their own (a linear scale paints all of Rosenbrock's valley
 * one colour).
 */
export function colourScale(values: Float64Array, minimum: number): ColourScale {
  // The percentile from an even sample of at most PERCENTILE_SAMPLE values (sorting a 2× screen's 1.6 million
  // would cost a frame many times over); the maximum from all of them.
  const stride = Math.max(1, Math.floor(values.length / PERCENTILE_SAMPLE));
  const sample: number[] = [];
  let top = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    const h = Math.max(0, v - minimum);
    if (h > top) top = h;
    if (i % stride === 0) sample.push(h);
  }
  const heights = Float64Array.from(sample).sort();
  if (!(top > 0)) top = 1;
  const floor = Math.max(heights[Math.floor(heights.length * 0.01)] ?? 0, top * 1e-9, Number.MIN_VALUE);
  const low = Math.log10(floor);
  const high = Math.max(Math.log10(top), low + 1e-9);
  return {
    low,
    high,
    band: (value) => {
      const h = value - minimum;
      if (!(h > floor)) return 0;
      const t = (Math.log10(h) - low) / (high - low);
      return Math.min(BANDS - 1, Math.max(0, Math.floor(t * BANDS)));
    },
    edge: (e) => minimum + 10 ** (low + ((high - low) * e) / BANDS),
  };
}

/** The surface at the centre of every pixel of a `width` × `height` map of its domain; row 0 is the top (largest y). */
export function sampleGrid(spec: SurfaceSpec, width: number, height: number): Float64Array {
  const [x0, x1] = spec.domain.x;
  const [y0, y1] = spec.domain.y;
  const values = new Float64Array(width * height);
  for (let row = 0; row < height; row++) {
    const y = y1 - ((row + 0.5) / height) * (y1 - y0);
    for (let col = 0; col < width; col++) {
      values[row * width + col] = spec.value(x0 + ((col + 0.5) / width) * (x1 - x0), y);
    }
  }
  return values;
}

/**
 * RGBA bytes of the filled-contour map: each pixel its band's colour, and a pixel whose band differs from the one
 * to its right or below darkened, which draws the contour lines between bands.
 */
export function contourPixels(spec: SurfaceSpec, width: number, height: number): { pixels: Uint8ClampedArray; scale: ColourScale } {
  const values = sampleGrid(spec, width, height);
  const scale = colourScale(values, spec.minimum);
  const bands = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bands[i] = scale.band(values[i] as number);
  const palette = Array.from({ length: BANDS }, (_, b) => viridis((b + 0.5) / BANDS));
  const pixels = new Uint8ClampedArray(values.length * 4);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      const band = bands[i] as number;
      const edge = (col + 1 < width && bands[i + 1] !== band) || (row + 1 < height && bands[i + width] !== band);
      const [r, g, b] = palette[band] as [number, number, number];
      const shade = edge ? 0.72 : 1;
      pixels[i * 4] = r * shade;
      pixels[i * 4 + 1] = g * shade;
      pixels[i * 4 + 2] = b * shade;
      pixels[i * 4 + 3] = 255;
    }
  }
  return { pixels, scale };
}
