import { memo, useEffect, useMemo, useRef } from 'react';
import { generateSynthetic, SYNTHETIC_SETS, type SyntheticSet } from '../../training/data/synthetic';
import { type BoundaryGrid, DATASET_LIMITS, type TrainingConfig } from '../../training/types';

/** Class colours (Okabe & Ito, as the curves), as RGB for the heat map. */
const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [0, 114, 178],
  [213, 94, 0],
  [0, 158, 115],
  [204, 121, 167],
  [230, 159, 0],
  [86, 180, 233],
  [240, 228, 66],
  [100, 100, 100],
];
const rgbOf = (c: number) => CLASS_RGB[c % CLASS_RGB.length] ?? [0, 0, 0];

/** Pixels per side of the drawn map. */
const SIDE = 240;

export const isSynthetic = (name: string): name is SyntheticSet => (SYNTHETIC_SETS as readonly string[]).includes(name);

/**
 * How strongly a cell is tinted: 0 where the model is at chance (1 / classes), 1 where it is certain, so the
 * boundary shows as a pale seam between saturated regions.
 */
export function tintOf(confidence: number, classes: number): number {
  const chance = 1 / classes;
  const t = (confidence - chance) / (1 - chance);
  return Math.min(1, Math.max(0, t));
}

/** The map's pixels (size × size RGBA, row 0 at the top): the predicted class's colour, mixed with white by confidence. */
export function boundaryPixels(grid: BoundaryGrid): Uint8ClampedArray {
  const cells = grid.size * grid.size;
  const out = new Uint8ClampedArray(cells * 4);
  for (let i = 0; i < cells; i++) {
    const [r, g, b] = rgbOf(grid.predicted[i] ?? 0);
    const a = 0.15 + 0.7 * tintOf(grid.confidence[i] ?? 0, grid.classes);
    out[4 * i] = 255 + (r - 255) * a;
    out[4 * i + 1] = 255 + (g - 255) * a;
    out[4 * i + 2] = 255 + (b - 255) * a;
    out[4 * i + 3] = 255;
  }
  return out;
}

interface BoundaryMapProps {
  letter: string;
  grid: BoundaryGrid;
  /** The run's dataset (its points are drawn over the map) and seed. */
  dataset: TrainingConfig['dataset'];
  seed: number;
  epoch: number | undefined;
}

/**
 * A panel's decision boundary after its latest epoch, with the dataset's points on top. The points are the
 * run's own: generateSynthetic is a pure function of (samples, noise, seed), so the page makes the same set.
 */
export const BoundaryMap = memo(function BoundaryMap({ letter, grid, dataset, seed, epoch }: BoundaryMapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const points = useMemo(() => {
    if (!isSynthetic(dataset.name)) return undefined;
    const limits = DATASET_LIMITS[dataset.name];
    const made = generateSynthetic(dataset.name, {
      samples: dataset.samples ?? limits.samples.default,
      noise: dataset.noise ?? limits.noise?.default ?? 0,
      seed,
    });
    return made.ok ? made.value : undefined;
  }, [dataset, seed]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const cells = document.createElement('canvas');
    cells.width = grid.size;
    cells.height = grid.size;
    const cellCtx = cells.getContext('2d');
    if (!cellCtx) return;
    cellCtx.putImageData(new ImageData(boundaryPixels(grid) as Uint8ClampedArray<ArrayBuffer>, grid.size, grid.size), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, SIDE, SIDE);
    ctx.drawImage(cells, 0, 0, SIDE, SIDE);
    if (!points) return;
    const { xMin, xMax, yMin, yMax } = grid.extent;
    const sx = SIDE / (xMax - xMin);
    const sy = SIDE / (yMax - yMin);
    ctx.lineWidth = 1;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    const n = points.y.length;
    const radius = n > 2000 ? 1.5 : 2.5;
    for (let i = 0; i < n; i++) {
      const [r, g, b] = rgbOf(points.y[i] ?? 0);
      const px = ((points.x[2 * i] as number) - xMin) * sx;
      const py = (yMax - (points.x[2 * i + 1] as number)) * sy;
      ctx.fillStyle = `rgb(${Math.round(r * 0.8)}, ${Math.round(g * 0.8)}, ${Math.round(b * 0.8)})`;
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }, [grid, points]);

  return (
    <figure className="boundary-map">
      <figcaption>
        Decision boundary{epoch === undefined || epoch < 0 ? ' (initial weights)' : ` after epoch ${epoch + 1}`}
        {seed === 0 ? '' : `, seed ${seed}`}
      </figcaption>
      <canvas ref={canvas} width={SIDE} height={SIDE} role="img" aria-label={`Schedule ${letter} decision boundary`} />
    </figure>
  );
});
