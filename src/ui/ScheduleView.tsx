import { type ReactNode, type RefObject, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { usePlaygroundStore } from '../state/context';
import { EXAMPLE_METRIC_NOTE } from '../state/example-metric';
import { alignment } from '../state/series';
import { asTickSeries, type ChartSeries, chartModel, DEFAULT_COLUMNS, lrDomain } from './chartData';
import { drawsWhole, pixelColumns } from './decimate';
import { downloadBlob } from './download';
import { usePageOptions } from './embedOptions';
import { ErrorBoundary } from './ErrorBoundary';
import { MIN_PLOT_INSET, ScheduleChart } from './ScheduleChart';
import { ValuesTable } from './ValuesTable';

export interface PanelStatus {
  letter: string;
  /** An engine error that no shown control claims; it goes above the chart. */
  unclaimedError: string | undefined;
  /** The error is shown next to a control; the chart only notes that the curve is stale. */
  hasClaimedError: boolean;
  /** Its Python function is being sampled in the worker. */
  pending?: boolean;
}

export interface Callout {
  id: string;
  text: string;
}

interface ScheduleViewProps {
  series: readonly ChartSeries[];
  statuses: readonly PanelStatus[];
  callouts: readonly Callout[];
  /** Drawn under the chart when a plateau schedule is previewed: the example loss it is given, and its selector. */
  exampleLoss?: ReactNode;
}

export function ScheduleView({ series, statuses, callouts, exampleLoss }: ScheduleViewProps) {
  // Thousands of table rows take far longer than a chart redraw: the table catches up in the background
  // (an interruptible render), so dragging a slider keeps redrawing the curve on every input event.
  const tableSeries = useDeferredValue(series);
  const view = usePlaygroundStore((s) => s.view);
  const horizon = usePlaygroundStore((s) => s.horizon);
  const setView = usePlaygroundStore((s) => s.setView);
  const stale = series.some((s) => s.stale);
  const usesExampleMetric = series.some((s) => s.samples.needsMetric);
  const sideBySide = view.sideBySide && series.length > 1;
  const { hidden } = usePageOptions();
  const showLegend = !hidden.has('legend');
  const charts = useRef<HTMLDivElement>(null);
  const [imageError, setImageError] = useState<string | undefined>();

  const downloadPng = async () => {
    const container = charts.current;
    if (!container) return;
    setImageError(undefined);
    const legend = series.flatMap((s) => [
      { label: s.label, color: s.color },
      ...(s.samples.momentum ? [{ label: `${s.label} momentum`, color: s.color, dashed: true }] : []),
    ]);
    try {
      // The image maker loads on the first download: the page's first load does not carry it.
      const { chartToPng } = await import('./chartImage');
      const blob = await chartToPng(container, legend);
      downloadBlob(blob, 'lr-schedules.png');
    } catch (err) {
      setImageError(`The PNG could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  // While every position fits, the exact width does not matter: the model stays the same when the box is measured.
  const measuredColumns = usePixelColumns(charts);
  const positions = alignment(series.map(asTickSeries), horizon).length;
  const columns = drawsWhole(positions, measuredColumns) ? Number.POSITIVE_INFINITY : measuredColumns;
  const model = useMemo(
    () => chartModel(series, horizon, view.xAxis, view.logScale, columns),
    [series, horizon, view.xAxis, view.logScale, columns],
  );
  const singles = useMemo(
    () => (sideBySide ? series.map((s) => ({ s, model: chartModel([s], horizon, view.xAxis, view.logScale, columns) })) : []),
    [sideBySide, series, horizon, view.xAxis, view.logScale, columns],
  );
  const domain = useMemo(() => (sideBySide ? lrDomain(series, view.logScale) : undefined), [sideBySide, series, view.logScale]);

  return (
    <div className="schedule-view">
      <div className="chart-messages">
        {statuses.map((status) =>
          status.unclaimedError ? (
            <p key={status.letter} className="chart-error" role="alert">
              Schedule {status.letter}: {status.unclaimedError}
            </p>
          ) : status.pending ? (
            <p key={status.letter} className="chart-note" role="status">
              Schedule {status.letter}: sampling its Python function…
            </p>
          ) : status.hasClaimedError ? (
            <p key={status.letter} className="chart-note">
              Schedule {status.letter} has an invalid setting (see its controls); showing its last valid curve.
            </p>
          ) : null,
        )}
        {callouts.map((c) => (
          <p key={c.id} className="callout" role="note">
            {c.text}
          </p>
        ))}
        {usesExampleMetric ? <p className="chart-note">{EXAMPLE_METRIC_NOTE}</p> : null}
      </div>
      <div className="chart-toolbar">
        <label className="checkbox-label">
          <input type="checkbox" checked={view.logScale} onChange={(e) => setView({ logScale: e.target.checked })} />
          Log scale
        </label>
        <label className="checkbox-label">
          <input type="checkbox" checked={view.sideBySide} onChange={(e) => setView({ sideBySide: e.target.checked })} />
          Side by side
        </label>
        <label className="checkbox-label">
          <input type="checkbox" checked={view.showValues} onChange={(e) => setView({ showValues: e.target.checked })} />
          Show values
        </label>
        <label className="inline-select">
          X axis
          <select value={view.xAxis} onChange={(e) => setView({ xAxis: e.target.value === 'step' ? 'step' : 'epoch' })}>
            <option value="epoch">Epochs</option>
            <option value="step">Optimizer steps</option>
          </select>
        </label>
        <button type="button" className="secondary small" onClick={downloadPng} disabled={series.length === 0}>
          Download PNG
        </button>
      </div>
      {imageError ? (
        <p className="chart-error" role="alert">
          {imageError}
        </p>
      ) : null}
      <div ref={charts} className="charts">
        <ErrorBoundary part="The chart" resetKey={model}>
          {series.length === 0 ? (
            <figure className="chart-frame" aria-label="Learning-rate curve">
              <p className="chart-empty">No valid schedule to draw yet.</p>
            </figure>
          ) : sideBySide ? (
            <div className="small-multiples">
              {singles.map(({ s, model: m }) => (
                <figure
                  key={s.key}
                  className={s.stale ? 'chart-frame small stale' : 'chart-frame small'}
                  aria-label={`Schedule ${s.key} curve`}
                >
                  <figcaption style={{ color: s.color }}>{s.label}</figcaption>
                  <ScheduleChart series={[s]} model={m} logScale={view.logScale} yDomain={domain} compact />
                </figure>
              ))}
            </div>
          ) : (
            <>
              {showLegend && (series.length > 1 || series.some((s) => s.samples.momentum !== undefined)) ? (
                <ChartLegend series={series} />
              ) : null}
              <figure className={stale ? 'chart-frame stale' : 'chart-frame'} aria-label="Learning-rate curve">
                <ScheduleChart series={series} model={model} logScale={view.logScale} />
              </figure>
            </>
          )}
        </ErrorBoundary>
      </div>
      {usesExampleMetric ? exampleLoss : null}
      {view.showValues && tableSeries.length > 0 ? (
        <div className={tableSeries !== series ? 'values-table-wrap updating' : 'values-table-wrap'} aria-busy={tableSeries !== series}>
          <ValuesTable series={tableSeries} horizon={horizon} />
        </div>
      ) : null}
    </div>
  );
}

/**
 * How many device pixel columns the widest plot in the charts' box can span, so the curves are decimated to what
 * the screen shows (decimate.ts): the box's width less the least the axes take. A plot is never wider, so no bucket
 * is ever coarser than a pixel. Until the box is measured the window's width stands in (wider still).
 */
function usePixelColumns(box: RefObject<HTMLElement | null>): number {
  const [columns, setColumns] = useState(() =>
    typeof window === 'undefined' ? DEFAULT_COLUMNS : pixelColumns(window.innerWidth, window.devicePixelRatio),
  );
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => setColumns(pixelColumns(element.clientWidth - MIN_PLOT_INSET, window.devicePixelRatio)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [box]);
  return columns;
}

/**
 * The legend as page text above the chart rather than inside the SVG: it wraps on a narrow screen instead of
 * spilling onto the plot, and a screen reader reads it.
 */
function ChartLegend({ series }: { series: readonly ChartSeries[] }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {series.flatMap((s) => [
        <li key={s.key}>
          <span className="legend-line" style={{ borderColor: s.color }} aria-hidden="true" />
          {s.label}
        </li>,
        ...(s.samples.momentum
          ? [
              <li key={`${s.key}-momentum`}>
                <span className="legend-line dashed" style={{ borderColor: s.color }} aria-hidden="true" />
                {s.key} momentum / β₁
              </li>,
            ]
          : []),
      ])}
    </ul>
  );
}
