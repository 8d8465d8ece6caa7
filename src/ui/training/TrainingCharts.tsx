import { memo, useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisValue, formatX } from '../chartData';
import type { PanelSamples } from '../outcome';
import { type BandRow, bandRows, finiteDomain, type LineRow, plannedLrRows, seedSeriesOf, stepLrRows } from './chartRows';
import type { SeedRun } from './session';

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
}

/**
 * A panel's live charts: training and validation loss, validation accuracy, and the LR the runs applied over the
 * planned schedule. With several seeds each metric is a mean line in a min–max band.
 */
export const TrainingCharts = memo(function TrainingCharts({ letter, color, runs, epochs, stepsPerEpoch, planned }: TrainingChartsProps) {
  // The runs' epoch arrays change only when an epoch arrives: while they are the same, so are the rows.
  const epochArrays = useSameList(runs.map((r) => r.epochs));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the epoch arrays (append-only, new on change) stand for the runs
  const seeds = useMemo(() => runs.map(seedSeriesOf), [epochArrays]);
  const several = runs.length > 1;
  const losses = useMemo<Curve[]>(
    () => [
      { key: 'loss', name: 'training loss', color, dashed: true, band: bandRows(seeds, 'loss'), width: 1.5 },
      { key: 'val_loss', name: 'validation loss', color, band: bandRows(seeds, 'val_loss') },
    ],
    [seeds, color],
  );
  const accuracy = useMemo<Curve[]>(
    () => [{ key: 'val_accuracy', name: 'validation accuracy', color, band: bandRows(seeds, 'val_accuracy') }],
    [seeds, color],
  );
  const plannedRows = useMemo(() => plannedLrRows(planned, epochs, stepsPerEpoch), [planned, epochs, stepsPerEpoch]);
  // Every seed applies the same schedule (unless it reacts to the loss): the first finished run's per-step LR.
  const applied = runs.find((r) => r.appliedLr !== undefined)?.appliedLr;
  const appliedRows = useMemo(() => (applied ? stepLrRows(applied, stepsPerEpoch) : undefined), [applied, stepsPerEpoch]);
  const lr = useMemo<Curve[]>(() => {
    const curves: Curve[] = [];
    if (plannedRows.length > 0) curves.push({ key: 'planned', name: 'planned', color: 'var(--axis)', line: plannedRows, width: 3 });
    if (appliedRows) curves.push({ key: 'applied-steps', name: 'applied, per step', color, line: appliedRows, width: 1.5, dashed: true });
    curves.push({ key: 'applied', name: 'applied, each epoch', color, band: bandRows(seeds, 'lr', true), dots: true });
    return curves;
  }, [plannedRows, appliedRows, seeds, color]);

  return (
    <div className="training-charts">
      <MetricChart label={`Schedule ${letter} loss chart`} title="Loss" epochs={epochs} curves={losses} several={several} />
      <MetricChart
        label={`Schedule ${letter} accuracy chart`}
        title="Validation accuracy"
        epochs={epochs}
        curves={accuracy}
        percent
        several={several}
      />
      <MetricChart label={`Schedule ${letter} learning-rate chart`} title="Learning rate" epochs={epochs} curves={lr} several={several} />
    </div>
  );
});
