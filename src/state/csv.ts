/**
 * The "Download CSV" export: one row per optimizer step over the whole horizon, whatever each panel ticks by.
 *
 *   step,epoch,A,B,A_momentum
 *   0,0,0.1,0.001,0.95
 *   ...
 *
 * - `step` and `epoch` are 0-based, epoch = ⌊step / stepsPerEpoch⌋; there are epochs × stepsPerEpoch rows.
 * - One LR column per panel, named by its letter, in panel order; then `<name>_momentum` for each panel whose
 *   series has a momentum (Adam: beta1) curve, i.e. whose schedule cycles it.
 * - An epoch-ticked series gives `lr[epoch]` on every step of that epoch, a step-ticked one `lr[step]`.
 * - A missing value is an empty cell: a failed panel (null), or a series shorter than the horizon (the schedule
 *   stopped with an error), or a value that is not a finite number.
 * - Numbers are the shortest decimal that round-trips (`String(x)`), so `Number(cell) === value`.
 * - `\n` line endings, and a trailing newline.
 */
import { type Horizon, PANEL_NAMES } from './store';

export interface CsvSeries {
  /** The column name: the panel's letter. */
  name: string;
  tick: 'epoch' | 'step';
  lr: readonly number[];
  /** Present when the schedule cycles momentum (Adam: beta1). */
  momentum?: readonly number[] | undefined;
}

/** A field as RFC 4180 wants it (quoted only when it has a comma, a quote or a line break). */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cell(values: readonly number[], index: number): string {
  const value = values[index];
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

export function buildCsv(series: readonly (CsvSeries | null)[], horizon: Horizon): string {
  const epochs = Math.max(0, Math.floor(horizon.epochs));
  const stepsPerEpoch = Math.max(1, Math.floor(horizon.stepsPerEpoch));
  const withMomentum = series.filter((s): s is CsvSeries & { momentum: readonly number[] } => !!s?.momentum);

  const header = ['step', 'epoch'];
  series.forEach((s, i) => {
    // A failed panel has no series, but keeps its column (named by its letter) so the columns stay in order.
    header.push(field(s?.name ?? PANEL_NAMES[i] ?? `panel${i + 1}`));
  });
  for (const s of withMomentum) header.push(field(`${s.name}_momentum`));

  const lines: string[] = [header.join(',')];
  const rows = epochs * stepsPerEpoch;
  for (let step = 0; step < rows; step++) {
    const epoch = Math.floor(step / stepsPerEpoch);
    const row: string[] = [String(step), String(epoch)];
    for (const s of series) row.push(s ? cell(s.lr, s.tick === 'epoch' ? epoch : step) : '');
    for (const s of withMomentum) row.push(cell(s.momentum, s.tick === 'epoch' ? epoch : step));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
