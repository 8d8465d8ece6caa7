/**
 * The map: the surface's filled contours on a canvas, each panel's path over it in an SVG overlay (in the
 * panel's colour, solid up to the step slider's step and faint after it), and the start point as a focusable
 * handle that a pointer drags and the arrow keys move.
 */
import { type KeyboardEvent, type PointerEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type ColourScale, contourPixels, type Path, type Point, type SurfaceSpec, viridis, BANDS } from '../../landscape';
import { clampInto, type MapGeometry, mapGeometry, polylineText, roundTo, shortNumber, viewPoints } from './geometry';

export interface MapPath {
  key: string;
  label: string;
  color: string;
  path: Path;
}

interface LandscapeMapProps {
  spec: SurfaceSpec;
  start: Point;
  paths: readonly MapPath[];
  /** The step slider's step: each path is solid up to it and marked at it. */
  step: number;
  onStart(point: Point): void;
}

/**
 * The canvas never holds more than this many pixels across: the bands are smooth shapes, which the browser
 * scales up without visible loss, and painting costs in proportion to the pixels (bench/landscape.bench.ts).
 */
const MAX_CANVAS_WIDTH = 960;

/** Contour images already painted, by surface and size (a few: a resize or a surface switch paints a new one). */
const painted = new Map<string, { pixels: Uint8ClampedArray; scale: ColourScale }>();

function contoursOf(spec: SurfaceSpec, width: number, height: number) {
  const key = `${spec.id}:${width}x${height}`;
  let hit = painted.get(key);
  if (!hit) {
    hit = contourPixels(spec, width, height);
    if (painted.size >= 8) painted.delete(painted.keys().next().value as string);
    painted.set(key, hit);
  }
  return hit;
}

function useWidth(element: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = element.current;
    if (!el) return;
    setWidth(el.clientWidth || 640);
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || 640));
    observer.observe(el);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

export function LandscapeMap({ spec, start, paths, step, onStart }: LandscapeMapProps) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<SVGSVGElement>(null);
  const hintId = useId();
  const geometry = useMemo(() => mapGeometry(spec.domain), [spec]);
  const cssWidth = useWidth(frame);
  const ratio = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);
  const pixelWidth = Math.max(60, Math.min(MAX_CANVAS_WIDTH, Math.round(cssWidth * ratio)));
  const pixelHeight = Math.max(40, Math.round((pixelWidth * geometry.height) / geometry.width));
  const [scale, setScale] = useState<ColourScale | undefined>();

  useEffect(() => {
    const el = canvas.current;
    const context = el?.getContext('2d');
    if (!el || !context) return;
    const { pixels, scale: s } = contoursOf(spec, pixelWidth, pixelHeight);
    el.width = pixelWidth;
    el.height = pixelHeight;
    context.putImageData(new ImageData(new Uint8ClampedArray(pixels), pixelWidth, pixelHeight), 0, 0);
    setScale(s);
  }, [spec, pixelWidth, pixelHeight]);

  // A drag moves the start once per frame, however many pointer events arrive in it.
  const pending = useRef<Point | undefined>(undefined);
  const frameRequest = useRef<number | undefined>(undefined);
  const dragging = useRef(false);
  useEffect(
    () => () => {
      if (frameRequest.current !== undefined) cancelAnimationFrame(frameRequest.current);
    },
    [],
  );
  const moveTo = (point: Point) => {
    pending.current = point;
    if (frameRequest.current !== undefined) return;
    frameRequest.current = requestAnimationFrame(() => {
      frameRequest.current = undefined;
      if (pending.current) onStart(pending.current);
      pending.current = undefined;
    });
  };
  const pointAt = (event: PointerEvent): Point | undefined => {
    const box = overlay.current?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return undefined;
    const vx = ((event.clientX - box.left) / box.width) * geometry.width;
    const vy = ((event.clientY - box.top) / box.height) * geometry.height;
    const [x, y] = clampInto(geometry.toSurface(vx, vy), spec.domain);
    return [roundTo(x, spec.domain.x[1] - spec.domain.x[0]), roundTo(y, spec.domain.y[1] - spec.domain.y[0])];
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const point = pointAt(event);
    if (!point) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    frame.current?.querySelector<HTMLButtonElement>('.landscape-start')?.focus();
    moveTo(point);
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const point = pointAt(event);
    if (point) moveTo(point);
  };
  const endDrag = () => {
    dragging.current = false;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const extentX = spec.domain.x[1] - spec.domain.x[0];
    const extentY = spec.domain.y[1] - spec.domain.y[0];
    const factor = event.shiftKey ? 0.1 : 0.01;
    const moves: Record<string, Point> = {
      ArrowLeft: [-extentX * factor, 0],
      ArrowRight: [extentX * factor, 0],
      ArrowUp: [0, extentY * factor],
      ArrowDown: [0, -extentY * factor],
    };
    if (event.key === 'Home') {
      onStart(spec.start);
      event.preventDefault();
      return;
    }
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const [x, y] = clampInto([start[0] + move[0], start[1] + move[1]], spec.domain);
    onStart([roundTo(x, extentX), roundTo(y, extentY)]);
  };

  const [sx, sy] = geometry.toView(start);
  return (
    <figure className="landscape-figure" aria-label={`Loss landscape: ${spec.label}, with each schedule's path`}>
      <div
        ref={frame}
        className="landscape-frame"
        style={{ aspectRatio: `${geometry.width} / ${geometry.height}` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        <canvas ref={canvas} className="landscape-canvas" />
        <svg
          ref={overlay}
          className="landscape-overlay"
          viewBox={`0 0 ${geometry.width} ${geometry.height}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={paths.length === 0 ? 'No path to draw' : `Paths of ${paths.map((p) => p.key).join(', ')}`}
        >
          {spec.minima.map((m) => {
            const [mx, my] = geometry.toView(m);
            return (
              <path
                key={`${m[0]},${m[1]}`}
                className="landscape-minimum"
                d={`M${mx - 9},${my}h18M${mx},${my - 9}v18`}
                stroke="#ffffff"
                strokeWidth={3}
              />
            );
          })}
          {paths.map((p) => (
            <PathMarks key={p.key} path={p} geometry={geometry} step={step} />
          ))}
        </svg>
        <button
          type="button"
          className="landscape-start"
          aria-label="Start point"
          aria-describedby={hintId}
          style={{ left: `${(sx / geometry.width) * 100}%`, top: `${(sy / geometry.height) * 100}%` }}
          onKeyDown={onKeyDown}
          data-x={start[0]}
          data-y={start[1]}
        />
        <span id={hintId} className="visually-hidden">
          x = {shortNumber(start[0])}, y = {shortNumber(start[1])}. The arrow keys move it (with Shift, ten times as far), Home puts it
          back; a pointer drags it.
        </span>
      </div>
      <figcaption className="landscape-caption">
        <span>
          Start ({shortNumber(start[0])}, {shortNumber(start[1])}) · x from {spec.domain.x[0]} to {spec.domain.x[1]}, y from{' '}
          {spec.domain.y[0]} to {spec.domain.y[1]} · + marks the minimum
        </span>
        {scale ? <ColourKey scale={scale} /> : null}
      </figcaption>
    </figure>
  );
}

function PathMarks({ path: p, geometry, step }: { path: MapPath; geometry: MapGeometry; step: number }) {
  const { path } = p;
  const whole = useMemo(() => viewPoints(path.points, geometry), [path, geometry]);
  const k = Math.min(step, path.points.length - 1);
  const upTo = useMemo(() => viewPoints(path.points.slice(0, k + 1), geometry), [path, geometry, k]);
  const last = whole[whole.length - 1] as Point;
  const at = geometry.toView(path.points[k] as Point);
  const diverged = path.end.kind === 'diverged';
  return (
    <g className="landscape-path" data-panel={p.key} data-end={path.end.kind} data-points={path.points.length} style={{ color: p.color }}>
      <title>{p.label}</title>
      <polyline points={polylineText(whole)} fill="none" stroke="currentColor" strokeWidth={2} opacity={0.35} />
      <polyline points={polylineText(upTo)} fill="none" stroke="#ffffff" strokeWidth={6} opacity={0.7} strokeLinejoin="round" />
      <polyline points={polylineText(upTo)} fill="none" stroke="currentColor" strokeWidth={3} strokeLinejoin="round" />
      {diverged ? (
        <path
          className="landscape-diverged"
          d={`M${last[0] - 10},${last[1] - 10}l20,20M${last[0] + 10},${last[1] - 10}l-20,20`}
          stroke="currentColor"
          strokeWidth={5}
        />
      ) : (
        <rect
          className="landscape-end"
          x={last[0] - 7}
          y={last[1] - 7}
          width={14}
          height={14}
          fill="currentColor"
          stroke="#ffffff"
          strokeWidth={2}
        />
      )}
      <circle className="landscape-at" cx={at[0]} cy={at[1]} r={8} fill="currentColor" stroke="#111827" strokeWidth={2.5} />
    </g>
  );
}

function ColourKey({ scale }: { scale: ColourScale }) {
  const stops = Array.from({ length: BANDS }, (_, b) => {
    const [r, g, bl] = viridis((b + 0.5) / BANDS);
    return `rgb(${r} ${g} ${bl}) ${(b / BANDS) * 100}% ${((b + 1) / BANDS) * 100}%`;
  });
  return (
    <span className="landscape-key">
      <span>f ≈ {shortNumber(scale.edge(0))}</span>
      <span className="landscape-key-bar" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} aria-hidden="true" />
      <span>{shortNumber(scale.edge(BANDS))} (log scale)</span>
    </span>
  );
}
