/**
 * "Download PNG" on the Landscape tab: the contour canvas as painted, each path (solid to the step slider's step,
 * faint after it) with its end marks, the minima, a title and a legend, drawn onto one canvas.
 */
import type { Point, SurfaceSpec } from '../../landscape';
import { mapGeometry, viewPoints } from './geometry';
import type { MapPath } from './LandscapeMap';

const TITLE_HEIGHT = 34;
const ROW_HEIGHT = 26;
const PADDING = 12;

function stroke(context: CanvasRenderingContext2D, points: readonly Point[], scale: number, offsetY: number) {
  context.beginPath();
  points.forEach(([x, y], i) => {
    if (i === 0) context.moveTo(x * scale, offsetY + y * scale);
    else context.lineTo(x * scale, offsetY + y * scale);
  });
  context.stroke();
}

export async function landscapeToPng(map: HTMLCanvasElement, spec: SurfaceSpec, paths: readonly MapPath[], step: number): Promise<Blob> {
  const geometry = mapGeometry(spec.domain);
  const width = map.width;
  const scale = width / geometry.width;
  const mapHeight = map.height;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = TITLE_HEIGHT + mapHeight + PADDING + paths.length * ROW_HEIGHT + PADDING;
  const context = out.getContext('2d');
  if (!context) throw new Error('this browser gives no 2-D canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, out.width, out.height);
  context.fillStyle = '#111827';
  context.font = '600 16px system-ui, sans-serif';
  context.fillText(`${spec.label}: ${spec.formula}`, PADDING, 22);
  context.drawImage(map, 0, TITLE_HEIGHT);
  context.save();
  context.beginPath();
  context.rect(0, TITLE_HEIGHT, width, mapHeight);
  context.clip();
  context.lineJoin = 'round';
  context.lineCap = 'round';
  for (const m of spec.minima) {
    const [mx, my] = geometry.toView(m);
    context.strokeStyle = '#ffffff';
    context.lineWidth = 3 * scale;
    stroke(
      context,
      [
        [mx - 9, my],
        [mx + 9, my],
      ],
      scale,
      TITLE_HEIGHT,
    );
    stroke(
      context,
      [
        [mx, my - 9],
        [mx, my + 9],
      ],
      scale,
      TITLE_HEIGHT,
    );
  }
  for (const p of paths) {
    const whole = viewPoints(p.path.points, geometry);
    const k = Math.min(step, p.path.points.length - 1);
    const upTo = viewPoints(p.path.points.slice(0, k + 1), geometry);
    context.globalAlpha = 0.35;
    context.strokeStyle = p.color;
    context.lineWidth = 2 * scale;
    stroke(context, whole, scale, TITLE_HEIGHT);
    context.globalAlpha = 0.7;
    context.strokeStyle = '#ffffff';
    context.lineWidth = 6 * scale;
    stroke(context, upTo, scale, TITLE_HEIGHT);
    context.globalAlpha = 1;
    context.strokeStyle = p.color;
    context.lineWidth = 3 * scale;
    stroke(context, upTo, scale, TITLE_HEIGHT);
    const [lx, ly] = whole[whole.length - 1] as Point;
    if (p.path.end.kind === 'diverged') {
      context.lineWidth = 5 * scale;
      stroke(
        context,
        [
          [lx - 10, ly - 10],
          [lx + 10, ly + 10],
        ],
        scale,
        TITLE_HEIGHT,
      );
      stroke(
        context,
        [
          [lx + 10, ly - 10],
          [lx - 10, ly + 10],
        ],
        scale,
        TITLE_HEIGHT,
      );
    } else {
      context.fillStyle = p.color;
      context.fillRect((lx - 7) * scale, TITLE_HEIGHT + (ly - 7) * scale, 14 * scale, 14 * scale);
    }
    const [ax, ay] = geometry.toView(p.path.points[k] as Point);
    context.beginPath();
    context.arc(ax * scale, TITLE_HEIGHT + ay * scale, 8 * scale, 0, 2 * Math.PI);
    context.fillStyle = p.color;
    context.fill();
    context.strokeStyle = '#111827';
    context.lineWidth = 2.5 * scale;
    context.stroke();
  }
  context.restore();
  context.font = '14px system-ui, sans-serif';
  paths.forEach((p, i) => {
    const y = TITLE_HEIGHT + mapHeight + PADDING + i * ROW_HEIGHT;
    context.fillStyle = p.color;
    context.fillRect(PADDING, y + 4, 22, 6);
    context.fillStyle = '#111827';
    context.fillText(p.label, PADDING + 30, y + 12);
  });
  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no image'))), 'image/png');
  });
}
