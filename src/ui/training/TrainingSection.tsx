/**
 * The Training section: settings, the run controls, each panel's live progress and charts, and the summary. It is
 * its own chunk (LazyTraining), loaded after the first paint; it talks to the training workers only through the
 * pool (client.ts and the protocol), never to tfjs, which stays in the worker's chunk.
 */
import { downloadText } from '../download';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { usePlaygroundStore, usePlaygroundStoreApi } from '../../state/context';
import { PANEL_NAMES, panelCall } from '../../state/store';
import { panelTrainingIssue, trainingConfigOf, trainingIssues, trainingStepsPerEpoch } from '../../state/training';
import { datasetConfigOf, type TrainingSettings } from '../../state/training-settings';
import { splitSizes } from '../../training/data/sizes';
import { DIVERGENCE_RULE } from '../../training/divergence';
import { trainingCsv } from '../../training/summary';
import { paletteOf } from '../chartData';
import { ErrorBoundary } from '../ErrorBoundary';
import type { PanelSamples } from '../outcome';
import { stepsSentence } from './format';
import { createLrClientSource } from './lrFinderRun';
import { PanelTraining } from './PanelTraining';
import { RunHistory, useRunHistory } from './RunHistory';
import type { OverlayRun } from './TrainingCharts';
import { createTrainingPool } from './pool';
import {
  activeSeconds,
  applyEvents,
  beginSession,
  configKey,
  createEventBuffer,
  createSessionStore,
  emptySession,
  type PlannedRun,
  pauseSession,
  resumeSession,
  runsOf,
  stopSession,
} from './session';
import { SummaryTable } from './SummaryTable';
import { BACKEND_LABELS, TrainingSettingsForm } from './TrainingSettingsForm';
import './training.css';

const letterOf = (index: number) => PANEL_NAMES[index] ?? String(index + 1);
const NO_OVERLAYS: readonly OverlayRun[] = [];

export interface TrainingSectionProps {
  /** Each panel's planned schedule as the chart draws it (undefined while invalid or still sampling). */
  planned: readonly (PanelSamples | undefined)[];
}

export default function TrainingSection({ planned }: TrainingSectionProps) {
  const headingId = useId();
  const store = usePlaygroundStoreApi();
  const settings = usePlaygroundStore((s) => s.training);
  const horizon = usePlaygroundStore((s) => s.horizon);
  const panels = usePlaygroundStore((s) => s.panels);
  const [session] = useState(() => createSessionStore());
  const [pool] = useState(() => createTrainingPool());
  const state = useStore(session);
  const [confirming, setConfirming] = useState(false);
  // The training settings each session ran with (for the history's records), by session id.
  const sessionSettings = useRef(new Map<number, TrainingSettings>());
  const settingsOf = useCallback((id: number) => sessionSettings.current.get(id), []);
  const history = useRunHistory(session, settingsOf);

  useEffect(() => {
    // Events are applied once per animation frame, so the charts re-render at most once per frame.
    const buffer = createEventBuffer((events) => session.setState(applyEvents(session.getState(), events, performance.now()), true));
    const off = pool.subscribe((event) => buffer.push(event));
    return () => {
      off();
      buffer.dispose();
    };
  }, [session, pool]);
  // Leaving the page (or the section) stops the workers.
  useEffect(() => () => pool.dispose(), [pool]);
  // The LR range tests' own worker (not the pool's: their events never reach the session), started by the first Find LR.
  const [lrSource] = useState(() => createLrClientSource());
  useEffect(() => () => lrSource.dispose(), [lrSource]);

  const issues = useMemo(() => trainingIssues(settings, horizon, panels.length), [settings, horizon, panels.length]);
  const settingsOk = Object.keys(issues.errors).length === 0;
  const panelProblems = useMemo(
    () => panels.map((panel) => (settingsOk ? panelTrainingIssue(panel, settings, horizon) : undefined)),
    [panels, settings, horizon, settingsOk],
  );
  const currentKeys = useMemo(
    () => panels.map((panel) => configKey(trainingConfigOf(panel, settings, horizon, 0))),
    [panels, settings, horizon],
  );
  const steps = trainingStepsPerEpoch(settings);
  const sizes = useMemo(() => splitSizes(datasetConfigOf(settings)), [settings]);

  const busy = state.phase === 'running' || state.phase === 'paused';
  const firstProblem = panelProblems.findIndex((p) => p !== undefined);
  const blockedBy = !settingsOk
    ? 'Fix the settings marked below to train.'
    : firstProblem >= 0
      ? `Schedule ${letterOf(firstProblem)} cannot train: ${panelProblems[firstProblem]}`
      : busy
        ? 'Training is under way: stop it to train again.'
        : undefined;

  const train = (confirmed: boolean) => {
    if (blockedBy) return;
    if (issues.workload && !confirmed) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    // Training's steps per epoch become the horizon's, so the planned curves are the ones the runs apply.
    const runSteps = trainingStepsPerEpoch(store.getState().training);
    if (runSteps.ok) store.getState().syncHorizonToTraining(runSteps.value);
    const now = store.getState();
    const plannedRuns: PlannedRun[] = now.panels.map((panel, i) => ({
      panel: i,
      letter: letterOf(i),
      call: panelCall(panel),
      configs: Array.from({ length: now.training.seeds }, (_, seed) => trainingConfigOf(panel, now.training, now.horizon, seed)),
    }));
    const next = beginSession(session.getState(), plannedRuns, performance.now(), {
      target: now.training.targetAccuracy,
      stepsPerEpoch: runSteps.ok ? runSteps.value : now.horizon.stepsPerEpoch,
    });
    sessionSettings.current.set(next.id, structuredClone(now.training));
    session.setState(next, true);
    pool.start(
      next.panels.flatMap((p, i) =>
        p.runIds.map((runId, k) => ({ runId, config: plannedRuns[i]?.configs[k] ?? p.config, backend: now.training.backend })),
      ),
    );
  };
  const pause = () => {
    pool.pause();
    session.setState(pauseSession(session.getState(), performance.now()), true);
  };
  const resume = () => {
    pool.resume();
    session.setState(resumeSession(session.getState(), performance.now()), true);
  };
  const step = () => pool.step();
  const stop = () => {
    pool.stop();
    session.setState(stopSession(session.getState(), performance.now()), true);
  };
  const reset = () => {
    if (busy) pool.stop();
    setConfirming(false);
    // The id goes on: a late event of the cleared session matches no run.
    session.setState(emptySession(session.getState().id), true);
  };
  const download = () => {
    const rows = state.panels.flatMap((p) => runsOf(state, p).map((r) => ({ panel: p.letter, seed: r.seed, epochs: r.epochs })));
    downloadText(trainingCsv(rows), 'lr-training.csv');
  };
  const hasEpochs = Object.values(state.runs).some((r) => r.epochs.length > 0);

  // The planned curve a panel's charts draw: the live one while the panel matches what it ran with, else the last
  // one that did (a changed panel keeps showing the schedule it was trained with).
  const plannedSeen = useRef(new Map<string, PanelSamples>());
  // The runs selected in the history, on the charts of the panel they were trained for (same position).
  const overlaysByPanel = useMemo(() => {
    const byPanel = new Map<number, OverlayRun[]>();
    for (const run of history.overlays) {
      const list = byPanel.get(run.panel.index) ?? [];
      // Its own steps per epoch (from its settings), so its applied LR lies on its own epochs.
      const steps = trainingStepsPerEpoch(run.settings);
      list.push({
        id: run.id,
        label: `${run.panel.letter}, seed ${run.config.seed}, ${run.savedAt.slice(0, 16).replace('T', ' ')}`,
        epochs: run.epochs,
        appliedLr: run.appliedLr,
        stepsPerEpoch: steps.ok ? steps.value : Math.max(1, Math.round(run.appliedLr.length / Math.max(1, run.epochs.length))),
      });
      byPanel.set(run.panel.index, list);
    }
    return byPanel;
  }, [history.overlays]);
  const count = Math.max(panels.length, ...state.panels.map((p) => p.index + 1), ...[...overlaysByPanel.keys()].map((i) => i + 1));
  const elapsed = activeSeconds(state, performance.now());

  return (
    <section className="training" aria-labelledby={headingId}>
      <h2 id={headingId}>Training</h2>
      <p className="help">
        Trains a small network (an MLP) with each schedule, in a background worker: every schedule on the same data, batches and initial
        weights per seed, so the differences are the schedules'.
      </p>
      <div className="training-top">
        <TrainingSettingsForm settings={settings} errors={issues.errors} disabled={false} />
        <div className="training-run">
          <p className="steps-line">
            {steps.ok && sizes.ok ? stepsSentence(sizes.value.train, settings.batchSize, steps.value) : 'Steps per epoch: —'}
            {issues.errors.epochs ? null : ` × ${horizon.epochs.toLocaleString('en-US')} epochs (the horizon's).`}
          </p>
          {issues.errors.epochs ? (
            <p className="field-error" role="alert">
              {issues.errors.epochs}
            </p>
          ) : null}
          {steps.ok && steps.value !== horizon.stepsPerEpoch ? (
            <p className="chart-note">
              The schedules are drawn for {horizon.stepsPerEpoch.toLocaleString('en-US')} steps per epoch; Train sets that to{' '}
              {steps.value.toLocaleString('en-US')} so the planned curves are the ones training applies.
            </p>
          ) : null}
          <div className="training-buttons">
            <button type="button" onClick={() => train(false)} disabled={blockedBy !== undefined} aria-describedby={`${headingId}-why`}>
              Train
            </button>
            <button type="button" className="secondary" onClick={pause} disabled={state.phase !== 'running'}>
              Pause
            </button>
            <button type="button" className="secondary" onClick={resume} disabled={state.phase !== 'paused'}>
              Resume
            </button>
            <button type="button" className="secondary" onClick={step} disabled={state.phase !== 'paused'}>
              Step
            </button>
            <button type="button" className="secondary" onClick={stop} disabled={!busy}>
              Stop
            </button>
            <button type="button" className="secondary" onClick={reset} disabled={state.phase === 'idle'}>
              Reset
            </button>
            <button type="button" className="secondary" onClick={download} disabled={!hasEpochs}>
              Download training CSV
            </button>
          </div>
          <p id={`${headingId}-why`} className="chart-note">
            {blockedBy && !busy
              ? blockedBy
              : state.phase === 'paused'
                ? 'Paused. Step trains one more epoch of every run, then pauses again.'
                : state.phase === 'running'
                  ? 'Training… Pause holds every run between batches.'
                  : `Trains ${panels.length} ${panels.length === 1 ? 'schedule' : 'schedules'} × ${settings.seeds} ${
                      settings.seeds === 1 ? 'seed' : 'seeds'
                    }.`}
          </p>
          {confirming && issues.workload ? (
            <fieldset className="training-confirm">
              <legend className="visually-hidden">Confirm a long training run</legend>
              <p>{issues.workload}</p>
              <div className="training-buttons">
                <button type="button" onClick={() => train(true)}>
                  Train anyway
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </fieldset>
          ) : null}
          {state.backend ? (
            <p className="backend-line" role="status">
              Backend: <strong>{BACKEND_LABELS[state.backend.backend]}</strong>
              {state.backend.requested !== state.backend.backend ? ` (asked for ${state.backend.requested})` : ''}: {state.backend.reason}
            </p>
          ) : null}
          {state.phase === 'finished' && state.tensorsAfterLastRun !== undefined ? (
            <p className="chart-note" role="status" aria-label="Worker memory">
              Tensors left in the worker after the last run: {state.tensorsAfterLastRun}
            </p>
          ) : null}
          {state.backend?.notices.map((n) => (
            <p key={n} className="chart-note">
              {n}
            </p>
          ))}
          {state.notices.map((n) => (
            <p key={n} className="chart-error" role="alert">
              {n}
            </p>
          ))}
          <p className="chart-note divergence-rule">A run stops as diverged at {DIVERGENCE_RULE}; the summary says where (epoch and LR).</p>
        </div>
      </div>
      <div className="panel-trainings">
        {Array.from({ length: count }, (_, i) => {
          const letter = letterOf(i);
          const snapshot = state.panels.find((p) => p.index === i);
          const current = panels[i];
          const changed =
            snapshot !== undefined &&
            (current === undefined || currentKeys[i] !== snapshot.key || snapshot.runIds.length !== settings.seeds);
          const key = `${state.id}:${i}`;
          const live = planned[i];
          if (snapshot && !changed && live && horizon.stepsPerEpoch === state.stepsPerEpoch) plannedSeen.current.set(key, live);
          const runs = snapshot ? runsOf(state, snapshot) : [];
          return (
            <ErrorBoundary key={letter} part={`Schedule ${letter}'s training`} resetKey={state.id}>
              <PanelTraining
                letter={letter}
                color={paletteOf(i).color}
                snapshot={snapshot}
                runs={runs}
                phase={state.phase}
                epochs={snapshot ? snapshot.config.epochs : horizon.epochs}
                stepsPerEpoch={snapshot ? state.stepsPerEpoch : horizon.stepsPerEpoch}
                elapsed={elapsed}
                currentLr={current?.optimizer.lr}
                changed={changed}
                problem={panelProblems[i]}
                planned={snapshot ? plannedSeen.current.get(key) : live}
                index={i}
                panel={current}
                settings={settings}
                horizon={horizon}
                lrBlocked={
                  !settingsOk
                    ? 'Fix the training settings marked above to run the LR test.'
                    : panelProblems[i]
                      ? `Schedule ${letter} cannot train: ${panelProblems[i]}`
                      : undefined
                }
                lrSource={lrSource}
                overlays={overlaysByPanel.get(i) ?? NO_OVERLAYS}
              />
            </ErrorBoundary>
          );
        })}
      </div>
      {state.panels.length > 0 ? <SummaryTable state={state} /> : null}
      <ErrorBoundary part="The run history" resetKey={0}>
        <RunHistory history={history} playground={store} panels={panels} settings={settings} horizon={horizon} />
      </ErrorBoundary>
    </section>
  );
}
