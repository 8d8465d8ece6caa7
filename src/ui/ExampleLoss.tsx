import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { usePlaygroundStore } from '../state/context';
import { exampleMetric } from '../state/example-metric';
import { formatAxisValue, formatX } from './chartData';
import { MetricEditor } from './MetricEditor';

/**
 * The example validation loss that plateau schedules are previewed against, drawn beside their curve (where a
 * reduction happens is where this loss stops improving), with its selector next to it.
 */
export function ExampleLoss({ editable }: { editable: boolean }) {
  const metric = usePlaygroundStore((s) => s.metric);
  const epochs = usePlaygroundStore((s) => s.horizon.epochs);
  const rows = useMemo(() => exampleMetric(metric, epochs).map((loss, epoch) => ({ epoch, loss })), [metric, epochs]);
  return (
    <section className="example-loss" aria-label="Example validation loss">
      <figure className="example-loss-chart" aria-label="Example validation loss curve">
        <figcaption>Example validation loss (what step() is given each epoch)</figcaption>
        <div className="example-loss-plot">
          <LineChart responsive style={{ width: '100%', height: '100%' }} data={rows} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatX} stroke="var(--axis)" />
            <YAxis domain={['auto', 'auto']} tickFormatter={formatAxisValue} stroke="var(--axis)" width={48} />
            <Tooltip isAnimationActive={false} formatter={(v) => [String(v), 'loss']} labelFormatter={(e) => `Epoch ${e}`} />
            <Line dataKey="loss" name="Example loss" stroke="var(--muted)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </div>
      </figure>
      {editable ? <MetricEditor /> : null}
    </section>
  );
}
