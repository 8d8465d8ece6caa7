import { useDeferredValue } from 'react';
import { EXAMPLE_METRIC_NOTE } from '../state/example-metric';
import { usePlaygroundStore } from '../state/context';
import type { ChartSeries } from './chartData';
import { ScheduleChart } from './ScheduleChart';
import { ValuesTable } from './ValuesTable';

export interface PanelStatus {
  letter: string;
  /** An engine error that no shown control claims; it goes above the chart. */
  unclaimedError: string | undefined;
  /** The error is shown next to a control; the chart only notes that the curve is stale. */
  hasClaimedError: boolean;
}

interface ScheduleViewProps {
  series: readonly ChartSeries[];
  statuses: readonly PanelStatus[];
  tickLabel: 'Epoch' | 'Step';
}

export function ScheduleView({ series, statuses, tickLabel }: ScheduleViewProps) {
  // Thousands of table rows take far longer than a chart redraw: the table catches up in the background
  // (an interruptible render), so dragging a slider keeps redrawing the curve on every input event.
  const tableSeries = useDeferredValue(series);
  const view = usePlaygroundStore((s) => s.view);
  const setView = usePlaygroundStore((s) => s.setView);
  const stale = series.some((s) => s.stale);
  const usesExampleMetric = series.some((s) => s.samples.needsMetric);

  return (
    <div className="schedule-view">
      <div className="chart-messages">
        {statuses.map((status) =>
          status.unclaimedError ? (
            <p key={status.letter} className="chart-error" role="alert">
              Schedule {status.letter}: {status.unclaimedError}
            </p>
          ) : status.hasClaimedError ? (
            <p key={status.letter} className="chart-note">
              Schedule {status.letter} has an invalid setting (see its controls); showing its last valid curve.
            </p>
          ) : null,
        )}
        {usesExampleMetric ? <p className="chart-note">{EXAMPLE_METRIC_NOTE}</p> : null}
      </div>
      <div className="chart-toolbar">
        <label className="checkbox-label">
          <input type="checkbox" checked={view.logScale} onChange={(e) => setView({ logScale: e.target.checked })} />
          Log scale
        </label>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={view.showValues}
            onChange={(e) => setView({ showValues: e.target.checked })}
          />
          Show values
        </label>
      </div>
      <figure className={stale ? 'chart-frame stale' : 'chart-frame'} aria-label="Learning-rate curve">
        {series.length > 0 ? (
          <ScheduleChart series={series} tickLabel={tickLabel} logScale={view.logScale} />
        ) : (
          <p className="chart-empty">No valid schedule to draw yet.</p>
        )}
      </figure>
      {view.showValues && tableSeries.length > 0 ? (
        <div
          className={tableSeries !== series ? 'values-table-wrap updating' : 'values-table-wrap'}
          aria-busy={tableSeries !== series}
        >
          <ValuesTable series={tableSeries} tickLabel={tickLabel} />
        </div>
      ) : null}
    </div>
  );
}
