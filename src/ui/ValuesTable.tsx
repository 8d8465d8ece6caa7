import { memo } from 'react';
import { alignment, valueAt } from '../state/series';
import type { Horizon } from '../state/store';
import { type ChartSeries, momentumKey } from './chartData';

/** Beyond this the browser struggles; the caption says when rows are left out (the CSV has them all). */
export const MAX_TABLE_ROWS = 20_000;

interface ValuesTableProps {
  series: readonly ChartSeries[];
  horizon: Horizon;
}

/**
 * Every value exactly: String(x) is the shortest decimal that reads back as the same double. One row per
 * epoch when every schedule ticks per epoch, else one per optimizer step (with its epoch).
 */
export const ValuesTable = memo(function ValuesTable({ series, horizon }: ValuesTableProps) {
  const align = alignment(
    series.map((s) => s.samples),
    horizon,
  );
  const n = align.length;
  const shown = Math.min(n, MAX_TABLE_ROWS);
  const columns = series.flatMap((s) => {
    const cols = [{ header: s.key, values: s.samples.lr, s }];
    if (s.samples.momentum) cols.push({ header: momentumKey(s.key), values: s.samples.momentum, s });
    return cols;
  });
  const perStep = align.unit === 'step';

  return (
    <table className="values-table">
      <caption>
        Schedule values
        {shown < n ? ` (first ${shown.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows; the CSV has them all)` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">{perStep ? 'Step' : 'Epoch'}</th>
          {perStep ? <th scope="col">Epoch</th> : null}
          {columns.map((col) => (
            <th scope="col" key={col.header}>
              {col.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: shown }, (_, i) => (
          // The aligned index is the row's identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={i}>
            <th scope="row">{i}</th>
            {perStep ? <td>{Math.floor(i / align.stepsPerEpoch)}</td> : null}
            {columns.map((col) => {
              const value = valueAt(col.values, col.s.samples, align, i);
              return <td key={col.header}>{value === undefined ? '' : String(value)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
