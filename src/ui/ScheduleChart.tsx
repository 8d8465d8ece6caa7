import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { type ChartSeries, chartRows, formatAxisValue, momentumKey } from './chartData';

const COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2'];

interface ScheduleChartProps {
  series: readonly ChartSeries[];
  tickLabel: 'Epoch' | 'Step';
  logScale: boolean;
}

export function ScheduleChart({ series, tickLabel, logScale }: ScheduleChartProps) {
  const rows = chartRows(series, logScale);
  const hasMomentum = series.some((s) => s.samples.momentum);

  return (
    <LineChart
      className="schedule-chart"
      responsive
      style={{ width: '100%', height: '100%' }}
      data={rows}
      margin={{ top: 12, right: hasMomentum ? 12 : 28, bottom: 28, left: 12 }}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
      <XAxis
        dataKey="tick"
        type="number"
        domain={['dataMin', 'dataMax']}
        allowDecimals={false}
        label={{ value: tickLabel, position: 'insideBottom', offset: -16 }}
      />
      <YAxis
        yAxisId="lr"
        scale={logScale ? 'log' : 'linear'}
        domain={logScale ? ['dataMin', 'dataMax'] : [0, 'auto']}
        tickFormatter={formatAxisValue}
        width={64}
        label={{ value: 'Learning rate', angle: -90, position: 'insideLeft', offset: 0, dy: 48 }}
      />
      {hasMomentum ? (
        <YAxis
          yAxisId="momentum"
          orientation="right"
          domain={['auto', 'auto']}
          tickFormatter={formatAxisValue}
          width={64}
          label={{ value: 'Momentum', angle: 90, position: 'insideRight', offset: 0, dy: -36 }}
        />
      ) : null}
      <Tooltip
        formatter={(value) => (typeof value === 'number' ? String(value) : String(value ?? ''))}
        labelFormatter={(tick) => `${tickLabel} ${String(tick)}`}
        isAnimationActive={false}
      />
      {series.length > 1 || hasMomentum ? <Legend verticalAlign="top" height={28} /> : null}
      {series.flatMap((s, index) => {
        const color = COLORS[index % COLORS.length] ?? '#2563eb';
        const curve = s.samples.tick === 'epoch' ? 'stepAfter' : 'linear';
        const opacity = s.stale ? 0.35 : 1;
        const lines = [
          <Line
            key={s.key}
            yAxisId="lr"
            dataKey={s.key}
            name={series.length > 1 ? `Schedule ${s.key}` : 'Learning rate'}
            type={curve}
            stroke={color}
            strokeOpacity={opacity}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />,
        ];
        if (s.samples.momentum)
          lines.push(
            <Line
              key={momentumKey(s.key)}
              yAxisId="momentum"
              dataKey={momentumKey(s.key)}
              name={series.length > 1 ? `Schedule ${s.key} momentum` : 'Momentum'}
              type={curve}
              stroke={color}
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
}
