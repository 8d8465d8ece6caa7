import { memo, useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisValue, formatX } from '../chartData';
import type { EpochMetrics } from '../../training/types';
import type { PanelSamples } from '../outcome';
import { type BandRow, bandRows, finiteDomain, type LineRow, plannedLrRows, seedSeriesOf, stepLrRows } from './chartRows';
import type { SeedRun } from './session';

/** A past run drawn beside the current ones (dashed): its label, its epochs and the LR it applied per step. */
export interface OverlayRun {
  id: string;
  label: string;
  epochs: readonly EpochMetrics[];
  appliedLr: readonly number[];
  /** Its own steps per epoch (it may differ from the current run's). */
  stepsPerEpoch: number;
}

/** The colours of past runs (one per selected run, in turn): apart from the panels' palette. */
const OVERLAY_COLORS = ['#7f7f7f', '#b07aa1', '#9c755f', '#76b7b2', '#bcbd22', '#17becf'];
const NO_OVERLAYS: readonly OverlayRun[] = [];

interface Curve {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  /** With more than one seed: the mean line and the min–max band. */
  band?: readonly BandRow[];
  line?: readonly LineRow[];
  /** Points only (the LR of each epoch's first step). */
  dots?: boolean;
  width?: number;
}

interface MetricChartProps {
  /** The accessible name: "Schedule A loss chart". */
  label: string;
  title: string;
  epochs: number;
  curves: readonly Curve[];
  floorZero?: boolean;
  percent?: boolean;
  /** Several seeds: draw the min–max bands. */
  several: boolean;
}

const percentTick = (v: number) => `${Math.round(100 * v)} %`;

/**
 * One small chart: a number x axis in epochs, each curve its own data (so a run that got nothing new keeps its
 * array and its line); no animation, the data already arrives once per frame.
 */
const MetricChart = memo(function MetricChart({
  label,
  title,
  epochs,
  curves,
  floorZero = true,
  percent = false,
  several,
}: MetricChartProps) {
  const domain = useMemo(
    () =>
      percent
        ? ([0, 1] as [number, number])
        : finiteDomain(
            curves.flatMap((c) => [c.band ?? [], c.line ?? []]),
            floorZero,
          ),
    [curves, floorZero, percent],
  );
  return (
    <figure className="training-chart">
      <figcaption>{title}</figcaption>
      <ul className="training-chart-legend" aria-hidden="true">
        {curves.map((c) => (
          <li key={c.key}>
            <span
              className={c.dots ? 'legend-dot' : c.dashed ? 'legend-line dashed' : 'legend-line'}
              style={c.dots ? { background: c.color } : { borderColor: c.color }}
            />
            {c.name}
          </li>
        ))}
      </ul>
      <div className="training-plot" role="img" aria-label={label}>
        <ComposedChart responsive style={{ width: '100%', height: '100%' }} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, Math.max(1, epochs)]}
            allowDataOverflow
            tickFormatter={formatX}
            stroke="var(--axis)"
          />
          <YAxis
            type="number"
            domain={domain}
            allowDataOverflow
            tickFormatter={percent ? percentTick : formatAxisValue}
            stroke="var(--axis)"
            width={60}
          />
          <Tooltip isAnimationActive={false} formatter={(v) => (typeof v === 'number' ? String(Number(v.toPrecision(5))) : String(v))} />
          {curves.flatMap((c) => {
            const parts = [];
            if (c.band && c.band.length > 0) {
              if (several)
                parts.push(
                  <Area
                    key={`${c.key}-band`}
                    data={c.band as BandRow[]}
                    dataKey="range"
                    name={`${c.name} (min–max)`}
                    stroke="none"
                    fill={c.color}
                    fillOpacity={0.18}
                    isAnimationActive={false}
                    connectNulls
                    tooltipType="none"
                  />,
                );
              parts.push(
                <Line
                  key={`${c.key}-mean`}
                  data={c.band as BandRow[]}
                  dataKey="mean"
                  name={`${c.name} (mean)`}
                  stroke={c.color}
                  strokeWidth={c.width ?? 2}
                  strokeDasharray={c.dashed ? '5 4' : '0'}
                  dot={c.dots ? { r: 2.5, fill: c.color, stroke: c.color } : false}
                  strokeOpacity={c.dots ? 0 : 1}
                  isAnimationActive={false}
                />,
              );
            }
            if (c.line && c.line.length > 0) {
              parts.push(
                <Line
                  key={`${c.key}-line`}
                  data={c.line as LineRow[]}
                  dataKey="y"
                  name={c.name}
                  type="stepAfter"
                  stroke={c.color}
                  strokeWidth={c.width ?? 2}
                  strokeDasharray={c.dashed ? '5 4' : '0'}
                  dot={false}
                  isAnimationActive={false}
                />,
              );
            }
            return parts;
          })}
        </ComposedChart>
      </div>
    </figure>
  );
});

/** The previous list while every element is the same (Object.is): a stable key for a memo over a list. */
function useSameList<T>(list: readonly T[]): readonly T[] {
  const previous = useRef(list);
  const p = previous.current;
  if (p.length !== list.length || p.some((x, i) => !Object.is(x, list[i]))) previous.current = list;
  return previous.current;
}

interface TrainingChartsProps {
  letter: string;
  color: string;
  runs: readonly SeedRun[];
  epochs: number;
  stepsPerEpoch: number;
  planned: PanelSamples | undefined;
  /** Past runs of this panel selected in the history, drawn dashed. */
  overlays?: readonly OverlayRun[] | undefined;
}

/**
 * A panel's live charts: training and validation loss, validation accuracy, and the LR the runs applied over the
 * planned schedule. With several seeds each metric is a mean line in a min–max band.
 */
export const TrainingCharts = memo(function TrainingCharts({
  letter,
  color,
  runs,
  epochs,
  stepsPerEpoch,
  planned,
  overlays = NO_OVERLAYS,
}: TrainingChartsProps) {
  // The runs' epoch arrays change only when an epoch arrives: while they are the same, so are the rows.
  const epochArrays = useSameList(runs.map((r) => r.epochs));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the epoch arrays (append-only, new on change) stand for the runs
  const seeds = useMemo(() => runs.map(seedSeriesOf), [epochArrays]);
  const several = runs.length > 1;
  // Past runs: validation loss, validation accuracy and applied LR, one dashed line each.
  const past = useMemo(
    () =>
      overlays.map((o, i) => {
        const series = [{ seed: 0, epochs: o.epochs as EpochMetrics[] }];
        return {
          key: `past-${o.id}`,
          name: `past: ${o.label}`,
          color: OVERLAY_COLORS[i % OVERLAY_COLORS.length] as string,
          valLoss: bandRows(series, 'val_loss'),
          valAccuracy: bandRows(series, 'val_accuracy'),
          lr: o.appliedLr.length > 0 ? stepLrRows(o.appliedLr, o.stepsPerEpoch) : [],
        };
      }),
    [overlays],
  );
  const losses = useMemo<Curve[]>(
    () => [
      ...(runs.length > 0
        ? [
            { key: 'loss', name: 'training loss', color, dashed: true, band: bandRows(seeds, 'loss'), width: 1.5 },
            { key: 'val_loss', name: 'validation loss', color, band: bandRows(seeds, 'val_loss') },
          ]
        : []),
      ...past.map((p) => ({ key: p.key, name: `${p.name} (validation)`, color: p.color, band: p.valLoss, dashed: true, width: 1.5 })),
    ],
    [seeds, color, past, runs.length],
  );
  const accuracy = useMemo<Curve[]>(
    () => [
      ...(runs.length > 0 ? [{ key: 'val_accuracy', name: 'validation accuracy', color, band: bandRows(seeds, 'val_accuracy') }] : []),
      ...past.map((p) => ({ key: p.key, name: p.name, color: p.color, band: p.valAccuracy, dashed: true, width: 1.5 })),
    ],
    [seeds, color, past, runs.length],
  );
  const plannedRows = useMemo(() => plannedLrRows(planned, epochs, stepsPerEpoch), [planned, epochs, stepsPerEpoch]);
  // Every seed applies the same schedule (unless it reacts to the loss): the first finished run's per-step LR.
  const applied = runs.find((r) => r.appliedLr !== undefined)?.appliedLr;
  const appliedRows = useMemo(() => (applied ? stepLrRows(applied, stepsPerEpoch) : undefined), [applied, stepsPerEpoch]);
  const lr = useMemo<Curve[]>(() => {
    const curves: Curve[] = [];
    if (plannedRows.length > 0) curves.push({ key: 'planned', name: 'planned', color: 'var(--axis)', line: plannedRows, width: 3 });
    if (appliedRows) curves.push({ key: 'applied-steps', name: 'applied, per step', color, line: appliedRows, width: 1.5, dashed: true });
    if (runs.length > 0) curves.push({ key: 'applied', name: 'applied, each epoch', color, band: bandRows(seeds, 'lr', true), dots: true });
    for (const p of past)
      if (p.lr.length > 0) curves.push({ key: p.key, name: p.name, color: p.color, line: p.lr, width: 1.5, dashed: true });
    return curves;
  }, [plannedRows, appliedRows, seeds, color, past, runs.length]);
  // The x axis spans the longest of the current and the past runs.
  const span = Math.max(epochs, ...overlays.map((o) => o.epochs.length));

  return (
    <div className="training-charts">
      <MetricChart label={`Schedule ${letter} loss chart`} title="Loss" epochs={span} curves={losses} several={several} />
      <MetricChart
        label={`Schedule ${letter} accuracy chart`}
        title="Validation accuracy"
        epochs={span}
        curves={accuracy}
        percent
        several={several}
      />
      <MetricChart label={`Schedule ${letter} learning-rate chart`} title="Learning rate" epochs={span} curves={lr} several={several} />
    </div>
  );
});
