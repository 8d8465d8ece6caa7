import { memo } from 'react';
import { defaultArgs, findFamily } from '../../schedules';
import type { Horizon, Panel } from '../../state/store';
import type { TrainingSettings } from '../../state/training-settings';
import { seriesLabel } from '../chartData';
import type { PanelSamples } from '../outcome';
import { BoundaryMap, isSynthetic } from './BoundaryMap';
import { EvaluationView } from './EvaluationView';
import { divergedText, etaSeconds, formatDuration, formatLr, panelProgress } from './format';
import { LrFinder } from './LrFinder';
import type { LrClientSource } from './lrFinderRun';
import type { PanelSnapshot, Phase, SeedRun } from './session';
import { BACKEND_LABELS } from './TrainingSettingsForm';
import { type OverlayRun, TrainingCharts } from './TrainingCharts';

interface PanelTrainingProps {
  letter: string;
  color: string;
  /** What it ran with (absent before its first Train). */
  snapshot: PanelSnapshot | undefined;
  runs: readonly SeedRun[];
  phase: Phase;
  /** Epochs the bar counts to: the run's, else the horizon's. */
  epochs: number;
  stepsPerEpoch: number;
  /** Seconds the session has trained (not paused) so far, for the ETA. */
  elapsed: number;
  /** The panel's current initial LR (absent: the panel was removed). */
  currentLr: number | undefined;
  /** The panel's current settings differ from those it ran with. */
  changed: boolean;
  /** Why this panel cannot train with the current settings (its optimizer, say). */
  problem: string | undefined;
  planned: PanelSamples | undefined;
  /**
   * The LR range test's inputs, as separate props (each one a stable store reference or a primitive, so the memo
   * holds while training streams): the panel's index and current state, the settings, why it cannot run, its worker.
   */
  index: number;
  panel: Panel | undefined;
  settings: TrainingSettings;
  horizon: Horizon;
  lrBlocked: string | undefined;
  lrSource: LrClientSource;
  /** Past runs of this panel selected in the history (drawn dashed; shown even before the panel's first Train). */
  overlays?: readonly OverlayRun[] | undefined;
}

const statusText: Record<SeedRun['status'], string> = {
  queued: 'waiting',
  running: 'training',
  done: 'done',
  stopped: 'stopped',
  diverged: 'diverged',
  failed: 'failed',
};

/** One panel's training: progress, ETA, backend, messages, live charts, and the boundary or the confusion matrix. */
export const PanelTraining = memo(function PanelTraining(props: PanelTrainingProps) {
  const { letter, color, snapshot, runs, phase, epochs, stepsPerEpoch, elapsed, currentLr, changed, problem, planned } = props;
  const { done, finished } = panelProgress(runs);
  const active = runs.length > 0 && !finished && (phase === 'running' || phase === 'paused');
  const eta = active ? etaSeconds(elapsed, done, epochs) : undefined;
  const backends = [...new Set(runs.flatMap((r) => (r.backend ? [r.backend] : [])))];
  const failures = runs.filter((r) => r.status === 'failed');
  const diverged = runs.filter((r) => r.diverged);
  const spec = snapshot ? findFamily(snapshot.call.framework, snapshot.call.name) : undefined;
  const ranWith = snapshot ? seriesLabel(letter, snapshot.call, spec ? defaultArgs(spec) : {}) : undefined;
  const first = runs[0];
  const boundaryRun = runs.find((r) => r.boundary);
  const evaluationRun = runs.find((r) => r.evaluation);
  const shownLr = snapshot ? snapshot.config.optimizer.lr : currentLr;

  return (
    <article className="panel-training" aria-label={`Schedule ${letter} training`} style={{ borderTopColor: color }}>
      <header className="panel-training-head">
        <h3>
          <span className="panel-dot" style={{ background: color }} aria-hidden="true" />
          Schedule {letter}
        </h3>
        <span className="panel-training-lr">Initial LR {shownLr === undefined ? '—' : formatLr(shownLr)}</span>
        {ranWith ? <span className="panel-training-call">{ranWith}</span> : null}
      </header>
      <div className="progress-line">
        <div
          className="progress"
          role="progressbar"
          aria-label={`Schedule ${letter} training progress`}
          aria-valuemin={0}
          aria-valuemax={epochs}
          aria-valuenow={done}
          aria-valuetext={`${done} of ${epochs} epochs`}
        >
          <div className="progress-fill" style={{ width: `${epochs > 0 ? (100 * done) / epochs : 0}%`, background: color }} />
        </div>
        <span className="progress-text">
          {runs.length === 0
            ? 'not trained yet'
            : `${done} of ${epochs} epochs${runs.length > 1 ? ` (slowest of ${runs.length} seeds)` : ''}${
                active ? (phase === 'paused' ? ', paused' : eta === undefined ? ', starting…' : `, about ${formatDuration(eta)} left`) : ''
              }`}
        </span>
        {backends.length > 0 ? <span className="progress-backend">on {backends.map((b) => BACKEND_LABELS[b]).join(', ')}</span> : null}
      </div>
      {runs.length > 1 ? (
        <p className="seed-statuses">{runs.map((r) => `seed ${r.seed}: ${statusText[r.status]} (${r.epochs.length})`).join(' · ')}</p>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          Schedule {letter} cannot train: {problem}
        </p>
      ) : null}
      {snapshot && changed ? (
        <p className="chart-note rerun-note" role="status">
          {currentLr === undefined
            ? `Schedule ${letter} was removed; these results are from what it ran with.`
            : `Schedule ${letter} or the training settings changed since this run: these results are for ${ranWith} as it ran. Re-run to update.`}
        </p>
      ) : null}
      {failures.map((r) => (
        <p key={r.runId} className="chart-error" role="alert">
          {runs.length > 1 ? `Seed ${r.seed} failed` : 'Training failed'}: {r.failure}
        </p>
      ))}
      {diverged.map((r) =>
        r.diverged ? (
          <p key={r.runId} className="chart-error diverged-note" role="status">
            {runs.length > 1 ? `Seed ${r.seed} ` : 'The run '}
            {divergedText(r.diverged)}, step {r.diverged.step + 1}
            {r.diverged.reason ? `: ${r.diverged.reason}` : ''}.
          </p>
        ) : null,
      )}
      {first?.notices && first.notices.length > 0 ? (
        <ul className="backend-notices">
          {first.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {/* Charts for what it ran, or for past runs selected in the history even before a run of its own. */}
      {snapshot || (props.overlays && props.overlays.length > 0) ? (
        <div className="panel-training-body">
          <TrainingCharts
            letter={letter}
            color={color}
            runs={runs}
            epochs={epochs}
            stepsPerEpoch={stepsPerEpoch}
            planned={planned}
            overlays={props.overlays}
          />
          {snapshot && isSynthetic(snapshot.config.dataset.name) && boundaryRun?.boundary ? (
            <BoundaryMap
              letter={letter}
              grid={boundaryRun.boundary}
              dataset={snapshot.config.dataset}
              seed={boundaryRun.seed}
              epoch={boundaryRun.epochs.at(-1)?.epoch}
            />
          ) : null}
          {snapshot && evaluationRun?.evaluation ? (
            <EvaluationView
              letter={letter}
              dataset={snapshot.config.dataset.name}
              evaluation={evaluationRun.evaluation}
              seed={evaluationRun.seed}
            />
          ) : null}
        </div>
      ) : null}
      <LrFinder
        letter={letter}
        index={props.index}
        color={color}
        panel={props.panel}
        settings={props.settings}
        horizon={props.horizon}
        blocked={props.lrBlocked}
        source={props.lrSource}
      />
    </article>
  );
});
