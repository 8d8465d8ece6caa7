/**
 * The Landscape tab: each panel's schedule driving its own optimizer across a 2-D test surface, drawn over the
 * surface's filled contours. The paths are computed on the page (src/landscape is plain float64 arithmetic, a
 * 5,000-step path takes about a millisecond), cached per panel, so a slider redraws them on every movement.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  MAX_GRADIENT_NOISE,
  MAX_PATH_STEPS,
  NEAR_MINIMUM,
  type Path,
  type Point,
  type SampledSchedule,
  SURFACES,
  surfaceOf,
} from '../../landscape';
import type { Result } from '../../schedules';
import { usePlaygroundStore } from '../../state/context';
import { landscapeExport, landscapeSteps, panelPath } from '../../state/landscape';
import { MAX_LANDSCAPE_SEED, type Panel } from '../../state/store';
import { downloadBlob, downloadText } from '../download';
import { FieldError } from '../FieldError';
import { readNumberText } from '../numberText';
import { shortNumber } from './geometry';
import { LandscapeMap, type MapPath } from './LandscapeMap';
import { landscapeToPng } from './landscapeImage';

export interface LandscapePanel {
  letter: string;
  label: string;
  color: string;
  panel: Panel;
  /** Why this panel has no path here (its settings are invalid, its Python curve is not back yet), or undefined. */
  unavailable?: string;
  /** A Python panel's curve from the sampling worker: the path reads its LRs instead of running the call. */
  sampled?: SampledSchedule;
}

export interface LandscapeViewProps {
  panels: readonly LandscapePanel[];
}

const count = (n: number) => n.toLocaleString('en-US');

function outcomeText(path: Path, minimum: number): string {
  const final = path.loss[path.loss.length - 1] as number;
  if (path.end.kind === 'diverged') {
    const why = path.end.reason === 'off-map' ? 'left the map' : 'stopped being finite';
    return `diverged at step ${count(path.end.step)} (lr = ${shortNumber(path.end.lr)}): it ${why}`;
  }
  const reached =
    path.nearMinimumStep !== undefined
      ? `within ${NEAR_MINIMUM} of the minimum at step ${count(path.nearMinimumStep)}`
      : `not within ${NEAR_MINIMUM} of the minimum (${shortNumber(final - minimum)} above it)`;
  return reached;
}

interface Computed {
  entry: LandscapePanel;
  path: Result<Path> | undefined;
}

export default function LandscapeView({ panels }: LandscapeViewProps) {
  const landscape = usePlaygroundStore((s) => s.landscape);
  const horizon = usePlaygroundStore((s) => s.horizon);
  const setLandscape = usePlaygroundStore((s) => s.setLandscape);
  const spec = surfaceOf(landscape.surface);
  const start = landscape.start ?? spec.start;
  const lrScale = landscape.lrScale ?? spec.lrScale;
  const { steps, total } = landscapeSteps(horizon);

  const computed = useMemo<Computed[]>(
    () =>
      panels.map((entry) => ({ entry, path: entry.unavailable ? undefined : panelPath(entry.panel, landscape, horizon, entry.sampled) })),
    [panels, landscape, horizon],
  );

  // The step slider follows the end while it is at the end (a longer horizon moves it along).
  const [stepAt, setStepAt] = useState<number | 'end'>('end');
  const shownStep = stepAt === 'end' ? steps : Math.min(stepAt, steps);

  const mapPaths = useMemo<MapPath[]>(
    () =>
      computed.flatMap(({ entry, path }) =>
        path?.ok ? [{ key: entry.letter, label: entry.label, color: entry.color, path: path.value }] : [],
      ),
    [computed],
  );

  const figure = useRef<HTMLDivElement>(null);
  const [imageError, setImageError] = useState<string | undefined>();
  const downloadPng = async () => {
    setImageError(undefined);
    const canvas = figure.current?.querySelector('canvas');
    if (!canvas) return;
    try {
      const blob = await landscapeToPng(canvas, spec, mapPaths, shownStep);
      downloadBlob(blob, 'lr-landscape.png');
    } catch (err) {
      setImageError(`The PNG could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const downloadPaths = () => {
    const text = landscapeExport(
      landscape,
      horizon,
      computed.flatMap(({ entry, path }) => (path ? [{ letter: entry.letter, label: entry.label, panel: entry.panel, path }] : [])),
    );
    downloadText(text, 'lr-landscape-paths.json', 'application/json');
  };

  const ids = useId();
  return (
    <div className="landscape-view">
      <div className="chart-toolbar landscape-toolbar">
        <label className="inline-select">
          Surface
          <select value={landscape.surface} onChange={(e) => setLandscape({ surface: e.target.value as (typeof SURFACES)[number] })}>
            {SURFACES.map((id) => (
              <option key={id} value={id}>
                {surfaceOf(id).label}
              </option>
            ))}
          </select>
        </label>
        <NumberSetting
          label="SGD LR scale"
          value={lrScale}
          help="An SGD panel's LR is multiplied by this on the surface: its steps grow with the gradient, and these surfaces are far steeper than a network's loss. Adam, AdamW and RMSprop divide by the gradient's size, so their LR is used as set."
          check={(x) => (x > 0 && x <= 1e6 ? undefined : 'SGD LR scale must be above 0 and at most 1e6.')}
          onCommit={(x) => setLandscape({ lrScale: x })}
        />
        <NumberSetting
          label="Gradient noise"
          value={landscape.gradientNoise}
          help="The standard deviation of Gaussian noise added to each gradient coordinate: a stand-in for minibatch noise."
          check={(x) => (x >= 0 && x <= MAX_GRADIENT_NOISE ? undefined : `Gradient noise must be from 0 to ${MAX_GRADIENT_NOISE}.`)}
          onCommit={(x) => setLandscape({ gradientNoise: x })}
        />
        <NumberSetting
          label="Noise seed"
          value={landscape.seed}
          check={(x) =>
            Number.isInteger(x) && x >= 0 && x <= MAX_LANDSCAPE_SEED
              ? undefined
              : `Noise seed must be a whole number from 0 to ${count(MAX_LANDSCAPE_SEED)}.`
          }
          onCommit={(x) => setLandscape({ seed: x })}
        />
        <button
          type="button"
          className="secondary small"
          onClick={() => setLandscape({ start: undefined, lrScale: undefined })}
          disabled={landscape.start === undefined && landscape.lrScale === undefined}
        >
          Reset start and LR scale
        </button>
        <button type="button" className="secondary small" onClick={downloadPng}>
          Download PNG
        </button>
        <button type="button" className="secondary small" onClick={downloadPaths}>
          Download paths (JSON)
        </button>
      </div>
      <p className="landscape-note">
        <span className="landscape-formula">{spec.formula}</span>, minimum {shortNumber(spec.minimum)} at{' '}
        {spec.minima.map(([x, y]) => `(${shortNumber(x)}, ${shortNumber(y)})`).join(', ')}. {spec.note}
      </p>
      {imageError ? (
        <p className="chart-error" role="alert">
          {imageError}
        </p>
      ) : null}
      {computed.map(({ entry, path }) =>
        entry.unavailable ? (
          <p key={entry.letter} className="chart-note">
            Schedule {entry.letter}: {entry.unavailable}
          </p>
        ) : path && !path.ok ? (
          <p key={entry.letter} className="chart-error" role="alert">
            Schedule {entry.letter}: no path ({path.error.message}).
          </p>
        ) : null,
      )}
      <div ref={figure}>
        <LandscapeMap
          spec={spec}
          start={start}
          paths={mapPaths}
          step={shownStep}
          onStart={(point: Point) =>
            // The surface's own start is kept as no start at all, so the link stays without it.
            setLandscape({ start: point[0] === spec.start[0] && point[1] === spec.start[1] ? undefined : point })
          }
        />
      </div>
      <div className="landscape-step">
        <label htmlFor={`${ids}-step`}>Step</label>
        <input
          id={`${ids}-step`}
          type="range"
          min={0}
          max={steps}
          step={1}
          value={shownStep}
          aria-valuetext={`step ${count(shownStep)} of ${count(steps)}`}
          onChange={(e) => {
            const k = Number(e.target.value);
            setStepAt(k >= steps ? 'end' : k);
          }}
        />
        <output htmlFor={`${ids}-step`}>
          {count(shownStep)} of {count(steps)} (epoch {count(Math.floor(shownStep / horizon.stepsPerEpoch))})
        </output>
      </div>
      {total > MAX_PATH_STEPS ? (
        <p className="chart-note">
          The horizon has {count(total)} optimizer steps; the paths show the first {count(MAX_PATH_STEPS)}.
        </p>
      ) : null}
      <table className="values-table landscape-readouts">
        <caption>
          Paths on {spec.label}: {count(steps)} optimizer steps from ({shortNumber(start[0])}, {shortNumber(start[1])}), SGD LR ×{' '}
          {shortNumber(lrScale)} (Adam, AdamW, RMSprop: LR as set)
          {landscape.gradientNoise > 0 ? `, gradient noise σ = ${shortNumber(landscape.gradientNoise)} (seed ${landscape.seed})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Schedule</th>
            <th scope="col">At step {count(shownStep)}</th>
            <th scope="col">Final loss</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {computed.map(({ entry, path }) => {
            const ok = path?.ok ? path.value : undefined;
            const k = ok ? Math.min(shownStep, ok.points.length - 1) : 0;
            const lr = ok && k > 0 ? ok.lr[k - 1] : ok?.lr[0];
            return (
              <tr key={entry.letter} data-panel={entry.letter}>
                <th scope="row">
                  <span className="swatch" style={{ background: entry.color }} aria-hidden="true" /> {entry.label}
                </th>
                <td>
                  {ok ? (
                    <>
                      loss {shortNumber(ok.loss[k] as number)}, lr {lr === undefined ? '–' : shortNumber(lr)}
                      {k < shownStep ? ' (stopped earlier)' : ''}
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td>{ok ? shortNumber(ok.loss[ok.loss.length - 1] as number) : '–'}</td>
                <td className="landscape-outcome">{ok ? outcomeText(ok, spec.minimum) : (entry.unavailable ?? 'no path')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface NumberSettingProps {
  label: string;
  value: number;
  help?: string;
  check(x: number): string | undefined;
  onCommit(x: number): void;
}

/** A number field that keeps what is typed, applies it when it reads as a valid value, and says why when it does not. */
function NumberSetting({ label, value, help, check, onCommit }: NumberSettingProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | undefined>();
  const committed = useRef(value);
  useEffect(() => {
    // A value set elsewhere (undo, a new surface) replaces the text unless the text already reads as it.
    if (value !== committed.current) {
      committed.current = value;
      setText(String(value));
      setError(undefined);
    }
  }, [value]);
  const change = (raw: string) => {
    setText(raw);
    const read = readNumberText(raw, label);
    const problem = read.ok ? check(read.value) : read.message;
    setError(problem);
    if (read.ok && !problem) {
      committed.current = read.value;
      onCommit(read.value);
    }
  };
  return (
    <span className="landscape-number">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        title={help}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => change(e.target.value)}
        size={8}
      />
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </span>
  );
}
