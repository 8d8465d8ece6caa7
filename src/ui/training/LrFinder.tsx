/**
 * "Find LR": one panel's LR range test (fastai's lr_find / torch-lr-finder's range_test, run by the worker's
 * lr-finder.ts) with the panel's optimizer on the training settings. The loss against the LR on a log axis, drawn
 * live, a marker per suggestion, and "Use … as max_lr / as initial LR", which writes a suggestion into the panel
 * through the store (undo and the link as usual). A result is kept with the part of the config it depends on
 * (lrTestKey) and marked stale once that changes.
 *
 * It talks to its own worker (LrClientSource, not the training pool), so no LR-test event reaches the training
 * session; events are applied at most once per animation frame.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceDot, Tooltip, XAxis, YAxis } from 'recharts';
import { usePlaygroundStoreApi } from '../../state/context';
import { applyLrSuggestion, lrTargetOf, lrTestKey } from '../../state/lr-finder';
import type { Horizon, Panel } from '../../state/store';
import { trainingConfigOf } from '../../state/training';
import type { TrainingSettings } from '../../state/training-settings';
import { LR_CONVENTIONS, LR_SUGGESTIONS, type LrConvention, type LrSuggestion } from '../../training/lr-range';
import { formatAxisValue } from '../chartData';
import { describedBy } from '../FieldError';
import { usePageOptions } from '../embedOptions';
import {
  applyLrEvents,
  defaultLrOptionsText,
  endText,
  formatLogTick,
  formatSuggestion,
  type LrClientSource,
  type LrOptionField,
  type LrOptionsText,
  type LrRun,
  LR_OPTION_LABELS,
  logTicks,
  lossDomain,
  lrRows,
  nextLrRunId,
  readLrOptions,
  startLrRun,
  suggestionMeaning,
} from './lrFinderRun';
import { createEventBuffer, type EventBuffer } from './session';
import { BACKEND_LABELS } from './TrainingSettingsForm';

interface LrFinderProps {
  letter: string;
  index: number;
  color: string;
  /** The panel now (undefined: it was removed). */
  panel: Panel | undefined;
  settings: TrainingSettings;
  horizon: Horizon;
  /** Why the panel cannot train now (bad settings, or the panel's own problem): Find LR says it and stays disabled. */
  blocked: string | undefined;
  source: LrClientSource;
}

/** Okabe–Ito colours, told apart by colour-blind readers, one per suggestion. */
const MARKER_COLORS: Record<LrSuggestion, string> = { valley: '#d55e00', steep: '#0072b2', minimum: '#009e73', slide: '#cc79a7' };

/** Label offsets above each marker, staggered: neighbouring suggestions (steep and minimum, often) stay readable. */
const MARKER_OFFSETS: Record<LrSuggestion, number> = { valley: 6, steep: 18, minimum: 6, slide: 18 };

const CONVENTION_LABELS: Record<LrConvention, string> = { fastai: 'fastai', 'torch-lr-finder': 'torch-lr-finder' };

const OPTION_FIELDS: readonly LrOptionField[] = ['startLr', 'endLr', 'numIter'];

const tooltipValue = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(5))) : String(v));

export const LrFinder = memo(function LrFinder({ letter, index, color, panel, settings, horizon, blocked, source }: LrFinderProps) {
  const id = useId();
  const store = usePlaygroundStoreApi();
  const { locked } = usePageOptions();
  const [text, setText] = useState<LrOptionsText>(defaultLrOptionsText);
  const [run, setRun] = useState<LrRun | undefined>(undefined);
  const subscription = useRef<{ runId: string; off: () => void; buffer: EventBuffer } | null>(null);

  const unsubscribe = () => {
    subscription.current?.off();
    subscription.current?.buffer.dispose();
    subscription.current = null;
  };
  // Leaving (the panel or the page) ends a test under way.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on unmount only; the ref holds what is current
  useEffect(
    () => () => {
      const s = subscription.current;
      // peek: the view's worker may be gone already (its dispose runs first); a stop must not start a new one.
      if (s) source.peek()?.stop(s.runId);
      unsubscribe();
    },
    [source],
  );

  const options = useMemo(() => readLrOptions(text), [text]);
  const currentKey = useMemo(
    () => (panel ? lrTestKey(trainingConfigOf(panel, settings, horizon, 0)) : undefined),
    [panel, settings, horizon],
  );
  const target = useMemo(() => (panel ? lrTargetOf(panel) : undefined), [panel]);
  const running = run?.status === 'running';

  const reason =
    panel === undefined
      ? `Schedule ${letter} was removed.`
      : blocked
        ? blocked
        : !options.ok
          ? `Fix the LR test's options: ${options.message}`
          : running
            ? 'An LR test is under way: stop it to start another.'
            : undefined;

  const find = () => {
    if (reason || !panel || !options.ok) return;
    unsubscribe();
    const client = source.get();
    const runId = nextLrRunId(letter);
    const config = trainingConfigOf(panel, settings, horizon, 0);
    const buffer = createEventBuffer((events) => {
      setRun((r) => {
        if (!r || r.runId !== runId) return r;
        const next = applyLrEvents(r, events);
        if (next.status !== 'running') {
          queueMicrotask(() => {
            if (subscription.current?.runId === runId) unsubscribe();
          });
        }
        return next;
      });
    });
    const off = client.subscribe((event) => {
      if (('runId' in event && event.runId === runId) || (event.type === 'failed' && event.runId === undefined)) buffer.push(event);
    });
    subscription.current = { runId, off, buffer };
    setRun(startLrRun(runId, lrTestKey(config), options.value));
    client.findLr({ runId, config, options: options.value, backend: settings.backend });
  };
  const stop = () => {
    if (!run || !running) return;
    source.peek()?.stop(run.runId);
    setRun({ ...run, stopping: true });
  };

  const rows = useMemo(() => (run ? lrRows(run) : []), [run]);
  const yDomain = useMemo(() => lossDomain(rows), [rows]);
  const ticks = useMemo(() => (run ? logTicks(run.options.startLr, run.options.endLr) : []), [run]);
  const result = run?.result;
  const stale = run !== undefined && run.status !== 'failed' && currentKey !== undefined && currentKey !== run.key;
  const staleText = stale || (run !== undefined && currentKey === undefined) ? 'true' : 'false';
  const lockedTarget = target?.kind === 'arg' ? locked.has(target.name) : target?.kind === 'optimizer' ? locked.has('lr') : false;

  const setField = (field: keyof LrOptionsText, value: string) => setText((t) => ({ ...t, [field]: value }));
  const errorOf = (field: LrOptionField | 'convention') => (!options.ok && options.field === field ? options.message : undefined);

  return (
    <section className="lr-finder" aria-label={`Schedule ${letter} LR range test`} data-stale={staleText}>
      <h4>LR range test</h4>
      <div className="lr-finder-controls">
        <div className="lr-finder-field">
          <label htmlFor={`${id}-convention`}>Convention</label>
          <select
            id={`${id}-convention`}
            value={text.convention}
            disabled={running}
            aria-describedby={describedBy(errorOf('convention') && `${id}-convention-error`)}
            onChange={(e) => setField('convention', e.target.value)}
          >
            {LR_CONVENTIONS.map((c) => (
              <option key={c} value={c}>
                {CONVENTION_LABELS[c]}
              </option>
            ))}
          </select>
          {errorOf('convention') ? (
            <p className="field-error" id={`${id}-convention-error`} role="alert">
              {errorOf('convention')}
            </p>
          ) : null}
        </div>
        {OPTION_FIELDS.map((field) => {
          const error = errorOf(field);
          return (
            <div className="lr-finder-field" key={field}>
              <label htmlFor={`${id}-${field}`}>{LR_OPTION_LABELS[field]}</label>
              <input
                id={`${id}-${field}`}
                type="text"
                inputMode={field === 'numIter' ? 'numeric' : 'decimal'}
                spellCheck={false}
                autoComplete="off"
                size={7}
                value={text[field]}
                disabled={running}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(error && `${id}-${field}-error`)}
                onChange={(e) => setField(field, e.target.value)}
              />
              {error ? (
                <p className="field-error" id={`${id}-${field}-error`} role="alert">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
        <div className="lr-finder-buttons">
          <button type="button" onClick={find} disabled={reason !== undefined} aria-describedby={`${id}-why`}>
            Find LR
          </button>
          {running ? (
            <button type="button" className="secondary" onClick={stop} disabled={run.stopping}>
              Stop LR test
            </button>
          ) : null}
        </div>
      </div>
      <p id={`${id}-why`} className="chart-note">
        {reason && !running
          ? reason
          : running
            ? run.stopping
              ? 'Stopping the LR test…'
              : 'Sweeping the LR from start to end, one batch per step, from fresh initial weights (training is not affected).'
            : `Runs ${options.ok ? options.value.numIter : '—'} steps of Schedule ${letter}'s optimizer with the LR swept exponentially, on the training settings (seed 0).`}
      </p>
      {run ? (
        <div className="progress-line">
          <div
            className="progress"
            role="progressbar"
            aria-label={`Schedule ${letter} LR range test progress`}
            aria-valuemin={0}
            aria-valuemax={run.options.numIter}
            aria-valuenow={run.done}
            aria-valuetext={`${run.done} of ${run.options.numIter} steps`}
          >
            <div className="progress-fill" style={{ width: `${(100 * run.done) / run.options.numIter}%`, background: color }} />
          </div>
          <span className="progress-text">
            {run.done} of {run.options.numIter} steps{running ? (run.done === 0 ? ', starting…' : '') : ''}
          </span>
        </div>
      ) : null}
      {run?.status === 'failed' ? (
        <p className="chart-error" role="alert">
          The LR range test failed: {run.failure}
        </p>
      ) : null}
      {stale ? (
        <p className="chart-note lr-finder-stale" role="status">
          Stale: the model, data or optimizer changed since this test. Find LR again.
        </p>
      ) : null}
      {run && run.status !== 'failed' ? (
        <figure className="lr-finder-result" data-stale={staleText}>
          <figcaption>
            Loss against LR (log axis), {CONVENTION_LABELS[run.options.convention]} convention
            {result ? `: ${endText(result)}` : running ? ' (live)' : ''}
          </figcaption>
          <div className="training-plot lr-finder-plot" role="img" aria-label={`Schedule ${letter} LR range test chart`}>
            <ComposedChart
              data={rows}
              responsive
              style={{ width: '100%', height: '100%' }}
              margin={{ top: 26, right: 14, bottom: 4, left: 4 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis
                dataKey="lr"
                type="number"
                scale="log"
                domain={[run.options.startLr, run.options.endLr]}
                ticks={ticks}
                allowDataOverflow
                tickFormatter={formatLogTick}
                stroke="var(--axis)"
              />
              <YAxis type="number" domain={yDomain} allowDataOverflow tickFormatter={formatAxisValue} stroke="var(--axis)" width={56} />
              <Tooltip isAnimationActive={false} labelFormatter={(v) => `lr ${tooltipValue(v)}`} formatter={tooltipValue} />
              {result ? (
                <Line
                  dataKey="raw"
                  name="raw loss"
                  stroke={color}
                  strokeOpacity={0.3}
                  strokeWidth={1}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ) : null}
              <Line
                dataKey="loss"
                name="smoothed loss"
                stroke={color}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
              {result
                ? LR_SUGGESTIONS.map((k) => {
                    const m = result.markers[k];
                    return m && Number.isFinite(m.loss) && m.lr > 0 ? (
                      <ReferenceDot
                        key={k}
                        x={m.lr}
                        y={m.loss}
                        r={5}
                        fill={MARKER_COLORS[k]}
                        stroke="var(--bg, #fff)"
                        ifOverflow="visible"
                        label={{ value: k, position: 'top', offset: MARKER_OFFSETS[k], fill: MARKER_COLORS[k], fontSize: 11 }}
                      />
                    ) : null;
                  })
                : null}
            </ComposedChart>
          </div>
          {result ? (
            <>
              <ul className="lr-suggestions" aria-label={`Schedule ${letter} LR suggestions`}>
                {LR_SUGGESTIONS.map((k) => {
                  const value = result.suggestions[k];
                  return (
                    <li key={k} data-suggestion={k} data-value={value === null ? undefined : String(value)}>
                      <span className="lr-suggestion-swatch" style={{ background: MARKER_COLORS[k] }} aria-hidden="true" />
                      <span className="lr-suggestion-value">
                        {k} {value === null ? '— (none: too few steps)' : formatSuggestion(value)}
                      </span>
                      <span className="lr-suggestion-meaning">{suggestionMeaning(k, result.options.convention)}</span>
                      {value !== null && target && target.kind !== 'none' ? (
                        <button
                          type="button"
                          className="secondary"
                          disabled={lockedTarget || panel === undefined}
                          title={lockedTarget ? 'This link locks that value.' : undefined}
                          onClick={() => applyLrSuggestion(store, index, value)}
                        >
                          Use {k} as {target.label}
                        </button>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
              {target?.kind === 'none' ? <p className="chart-note">{target.reason}</p> : null}
              <p className="chart-note">
                On {BACKEND_LABELS[result.backend]}. The suggestions are read from the {CONVENTION_LABELS[result.options.convention]} curve
                {result.options.convention === 'fastai'
                  ? ' between its first tenth and its last 5 steps, as lr_find does'
                  : ' past its first 10 and before its last 5 steps, as plot() does'}
                ; a rule of thumb, not a promise: check it by training.
              </p>
            </>
          ) : null}
        </figure>
      ) : null}
    </section>
  );
});
