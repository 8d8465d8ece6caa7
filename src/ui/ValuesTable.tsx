import { memo } from 'react';
import { type ChartSeries, momentumKey } from './chartData';

/** Beyond this the browser struggles; the caption says when rows are left out. */
export const MAX_TABLE_ROWS = 20_000;

interface ValuesTableProps {
  series: readonly ChartSeries[];
  tickLabel: 'Epoch' | 'Step';
}

/** Every value exactly: String(x) is the shortest decimal that reads back as the same double. */
export const ValuesTable = memo(function ValuesTable({ series, tickLabel }: ValuesTableProps) {
  const n = Math.max(0, ...series.map((s) => s.samples.lr.length));
  const shown = Math.min(n, MAX_TABLE_ROWS);
  const columns = series.flatMap((s) => {
    const cols = [{ header: s.key, values: s.samples.lr }];
    if (s.samples.momentum) cols.push({ header: momentumKey(s.key), values: s.samples.momentum });
    return cols;
  });

  return (
    <table className="values-table">
      <caption>
        Schedule values
        {shown < n ? ` (first ${shown.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} ticks)` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">{tickLabel}</th>
          {columns.map((col) => (
            <th scope="col" key={col.header}>
              {col.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: shown }, (_, tick) => (
          // The tick index is the row's identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={tick}>
            <th scope="row">{tick}</th>
            {columns.map((col) => {
              const value = col.values[tick];
              return <td key={col.header}>{value === undefined ? '' : String(value)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
