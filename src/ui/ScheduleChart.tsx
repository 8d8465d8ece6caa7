import { memo, useCallback } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import {
  type ChartModel,
  type ChartSeries,
  exactValuesAt,
  formatAxisValue,
  formatX,
  lrAutoSafe,
  lrDomain,
  momentumAutoSafe,
  momentumDomain,
  momentumKey,
} from './chartData';

interface ScheduleChartProps {
  series: readonly ChartSeries[];
  model: ChartModel;
  logScale: boolean;
  /** A y domain shared with sibling charts (side by side); otherwise each chart fits its data. */
  yDomain?: [number, number] | undefined;
  compact?: boolean;
}

const AXIS_LABEL = { epoch: 'Epoch', step: 'Optimizer step' } as const;
const LEFT_MARGIN = 8;
const LR_AXIS_WIDTH = 60;
const RIGHT_MARGIN = { momentum: 8, none: 24 } as const;
/** The least a chart's axes and margins take from its width: the plot is at least this much narrower than the chart. */
export const MIN_PLOT_INSET = LEFT_MARGIN + LR_AXIS_WIDTH + Math.min(RIGHT_MARGIN.momentum, RIGHT_MARGIN.none);

/**
 * Memoised: the page re-renders for reasons that leave the chart as it was (the values table catching up, a
 * control's draft text), and a redraw walks every drawn row.
 */
export const ScheduleChart = memo(function ScheduleChart({ series, model, logScale, yDomain, compact = false }: ScheduleChartProps) {
  const renderReadout = useCallback(
    (props: TooltipContentProps<ValueType, NameType>) => <ExactReadout {...props} series={series} model={model} />,
    [series, model],
  );
  const hasMomentum = series.some((s) => s.samples.momentum);
  // The library's 'auto' domain gives round ticks, but its tick maths fails on denormal or near-overflow values:
  // those get explicit finite domains. A log axis is always padded, so its lowest level is off the x axis.
  const yLr = yDomain ?? (logScale || !lrAutoSafe(series) ? lrDomain(series, logScale) : [0, 'auto']);
  const yMomentum = momentumAutoSafe(series) ? ['auto', 'auto'] : momentumDomain(series);

  return (
    <LineChart
      className="schedule-chart"
      responsive
      style={{ width: '100%', height: '100%' }}
      data={model.rows}
      margin={{ top: 8, right: hasMomentum ? RIGHT_MARGIN.momentum : RIGHT_MARGIN.none, bottom: compact ? 8 : 28, left: LEFT_MARGIN }}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
      <XAxis
        dataKey="x"
        type="number"
        domain={['dataMin', 'dataMax']}
        tickFormatter={formatX}
        stroke="var(--axis)"
        label={compact ? false : { value: AXIS_LABEL[model.axis], position: 'insideBottom', offset: -16, fill: 'var(--muted)' }}
      />
      <YAxis
        yAxisId="lr"
        scale={logScale ? 'log' : 'linear'}
        domain={yLr}
        allowDataOverflow={yDomain !== undefined || logScale || !lrAutoSafe(series)}
        tickFormatter={formatAxisValue}
        stroke="var(--axis)"
        width={LR_AXIS_WIDTH}
        label={compact ? false : { value: 'Learning rate', angle: -90, position: 'insideLeft', offset: 0, dy: 48, fill: 'var(--muted)' }}
      />
      {hasMomentum ? (
        <YAxis
          yAxisId="momentum"
          orientation="right"
          domain={yMomentum}
          tickFormatter={formatAxisValue}
          stroke="var(--axis)"
          width={compact ? 52 : 74}
          // Rotated at the outer edge, clear of the tick labels: the axis is wide enough for both.
          label={
            compact
              ? false
              : { value: 'Momentum / β₁', angle: 90, position: 'insideRight', offset: 2, textAnchor: 'middle', fill: 'var(--muted)' }
          }
        />
      ) : null}
      <Tooltip isAnimationActive={false} content={renderReadout} />
      {series.flatMap((s) => {
        const curve = s.samples.tick === 'epoch' ? 'stepAfter' : 'linear';
        const opacity = s.stale ? 0.35 : 1;
        const lines = [
          <Line
            key={s.key}
            yAxisId="lr"
            dataKey={s.key}
            name={s.label}
            type={curve}
            stroke={s.color}
            strokeOpacity={opacity}
            strokeWidth={2}
            dot={false}
            activeDot={{ r: 3 }}
            isAnimationActive={false}
            connectNulls={false}
          />,
        ];
        if (s.samples.momentum)
          lines.push(
            <Line
              key={momentumKey(s.key)}
              yAxisId="momentum"
              dataKey={momentumKey(s.key)}
              name={`${s.label} momentum`}
              type={curve}
              stroke={s.color}
              strokeOpacity={opacity * 0.8}
              strokeDasharray="6 4"
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />,
          );
        return lines;
      })}
    </LineChart>
  );
});

/** The hover read-out: the tick under the cursor and every schedule's exact value there (full precision). */
function ExactReadout({
  active,
  payload,
  series,
  model,
}: TooltipContentProps<ValueType, NameType> & { series: readonly ChartSeries[]; model: ChartModel }) {
  const row = payload?.[0]?.payload as Record<string, number> | undefined;
  if (!active || !row || typeof row.i !== 'number') return null;
  const values = exactValuesAt(series, model.align, row.i);
  const align = model.align;
  const step = align.unit === 'step' ? row.i : row.i * align.stepsPerEpoch;
  const epoch = align.unit === 'step' ? Math.floor(row.i / align.stepsPerEpoch) : row.i;
  return (
    <div className="readout">
      <p className="readout-title">{align.unit === 'step' ? `Step ${step} · epoch ${epoch}` : `Epoch ${epoch}`}</p>
      <table>
        <tbody>
          {values.map((v) => (
            <tr key={v.key}>
              <th scope="row">
                <span className="swatch" style={{ background: v.color }} aria-hidden="true" /> {v.key}
              </th>
              <td>{v.lr === undefined ? '—' : String(v.lr)}</td>
              {v.momentum !== undefined ? <td className="readout-momentum">m {String(v.momentum)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
