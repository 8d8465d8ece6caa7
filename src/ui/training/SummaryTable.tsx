import { memo, useMemo } from 'react';
import { type PanelSummary, summarizePanel } from '../../training/summary';
import { seedSeriesOf } from './chartRows';
import { divergedText, formatDuration, formatMeanSd, formatPercentMeanSd, formatPointsMeanSd } from './format';
import { type PanelSnapshot, runsOf, type SessionState } from './session';

export interface SummaryRow {
  letter: string;
  summary: PanelSummary;
  seeds: number;
  /** Wall-clock seconds from Train to the panel's last run's end (runs share the workers, so panels overlap). */
  wallSeconds: number | undefined;
}

/** Each panel's summary; the first panel (Schedule A) is the baseline of the paired differences. */
export function summaryRows(state: SessionState): SummaryRow[] {
  const runs = state.panels.map((p: PanelSnapshot) => runsOf(state, p));
  const series = runs.map((list) => list.map(seedSeriesOf));
  const baseline = series[0];
  return state.panels.map((p, i) => {
    const seeds = series[i] ?? [];
    const ended = (runs[i] ?? []).map((r) => r.seconds);
    const wallSeconds = ended.length > 0 && ended.every((x) => x !== undefined) ? Math.max(...(ended as number[])) : undefined;
    return {
      letter: p.letter,
      seeds: seeds.length,
      wallSeconds,
      summary: summarizePanel(seeds, state.target, i === 0 ? undefined : baseline),
    };
  });
}

/** "3.0 ± 0.8 (2 of 3 seeds)"; "not reached" when no seed got there. */
export function epochsToTargetText(s: PanelSummary['epochsToTarget']): string {
  if (s.reached === 0) return 'not reached';
  const value = formatMeanSd(s, 1);
  return s.reached === s.of ? value : `${value} (${s.reached} of ${s.of} seeds)`;
}

export function divergedNote(s: PanelSummary, seeds: number): string {
  if (s.diverged.length === 0) return '';
  return s.diverged.map((d) => `${seeds > 1 ? `seed ${d.seed}: ` : ''}${divergedText(d)}`).join('; ');
}

/** The summary: one row per panel that trained, mean ± sd over its seeds. */
export const SummaryTable = memo(function SummaryTable({ state }: { state: SessionState }) {
  const rows = useMemo(() => summaryRows(state), [state]);
  const percent = Math.round(state.target * 1000) / 10;
  return (
    <div className="summary-wrap">
      <table className="training-summary" aria-label="Training summary">
        <thead>
          <tr>
            <th scope="col">Schedule</th>
            <th scope="col">Final val accuracy</th>
            <th scope="col">Best val accuracy</th>
            <th scope="col">Best epoch</th>
            <th scope="col">Final val loss</th>
            <th scope="col">Epochs to {percent} %</th>
            <th scope="col">vs Schedule A (final val accuracy)</th>
            <th scope="col">Wall time</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ letter, summary: s, seeds, wallSeconds }) => (
            <tr key={letter}>
              <th scope="row">Schedule {letter}</th>
              <td>{formatPercentMeanSd(s.finalValAccuracy)}</td>
              <td>{formatPercentMeanSd(s.bestValAccuracy)}</td>
              <td>{formatMeanSd(s.bestEpoch, 1)}</td>
              <td>{formatMeanSd(s.finalValLoss, 4)}</td>
              <td>{epochsToTargetText(s.epochsToTarget)}</td>
              <td>{s.pairedDifference ? formatPointsMeanSd(s.pairedDifference) : 'baseline'}</td>
              <td>{wallSeconds === undefined ? '—' : formatDuration(wallSeconds)}</td>
              <td className={s.diverged.length > 0 ? 'diverged' : undefined}>{divergedNote(s, seeds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
