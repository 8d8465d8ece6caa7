/**
 * The run history (issue 16): every run that ends (done, stopped or diverged) is kept in the browser
 * (src/state/runs: IndexedDB, or memory where the browser refuses storage), listed newest first with how it
 * differs from its panel's current settings, drawn dashed on its panel's charts when selected, exported to and
 * imported from a runs file, and its settings restored into its panel. Part of the Training chunk (lazy).
 */
import { type ChangeEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PlaygroundStore } from '../../state/store';
import { DEFAULT_OPTIMIZER, type Horizon, MAX_PANELS, nextPanel, type Panel, type PanelOptimizer } from '../../state/store';
import { trainingConfigOf, trainingStepsPerEpoch } from '../../state/training';
import type { TrainingSettings } from '../../state/training-settings';
import {
  type Comparable,
  createRunStore,
  exportRunsFile,
  familyOf,
  filterRuns,
  finalValAccuracy,
  parseRunsFile,
  RUN_ENDS,
  type RunStore,
  recordOf,
  runLabel,
  type StoredRun,
} from '../../state/runs';
import { downloadText } from '../download';
import { formatPercentMeanSd } from './format';
import type { PanelSnapshot, SeedRun, SessionStore } from './session';

/** How long a stopped run waits for its `done` (which brings the LR it applied) before it is saved without it. */
const STOPPED_GRACE_MS = 2000;

/** The panel a stored run was trained with (its config's schedule call and optimizer). */
export function panelOfRun(run: StoredRun): Panel {
  const call = run.config.schedule;
  const o = run.config.optimizer;
  const optimizer: PanelOptimizer = {
    kind: o.kind,
    lr: o.lr,
    momentum: o.betas?.[0] ?? o.momentum ?? DEFAULT_OPTIMIZER.momentum,
  };
  return {
    framework: call.framework,
    name: call.name,
    args: structuredClone(call.args) as Record<string, unknown>,
    optimizer,
    ...(call.stepEvery !== undefined ? { stepEvery: call.stepEvery } : {}),
  };
}

/** Puts a run's panel, training settings and horizon back into the store in one change (one undo step). */
export function restoreRun(store: PlaygroundStore, run: StoredRun): void {
  const state = store.getState();
  const index = Math.min(run.panel.index, MAX_PANELS - 1);
  const panels = [...state.panels];
  while (panels.length <= index) panels.push(nextPanel(panels));
  panels[index] = panelOfRun(run);
  const steps = trainingStepsPerEpoch(run.settings);
  const horizon: Horizon = { epochs: run.config.epochs, stepsPerEpoch: steps.ok ? steps.value : state.horizon.stepsPerEpoch };
  state.load({ panels, horizon, training: structuredClone(run.settings) });
}

/** The history's labels: each run against its panel's current settings, else against its neighbour in the list. */
export function historyLabels(
  runs: readonly StoredRun[],
  panels: readonly Panel[],
  settings: TrainingSettings,
  horizon: Horizon,
): string[] {
  return runs.map((run, i) => {
    const panel = panels[run.panel.index];
    let reference: Comparable | undefined;
    if (panel) reference = { config: trainingConfigOf(panel, settings, horizon, 0), settings };
    else {
      const neighbour = runs[i + 1] ?? runs[i - 1];
      reference = neighbour ?? run;
    }
    return runLabel(run, reference);
  });
}

const dateText = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
};

const accuracyText = (run: StoredRun) => {
  const acc = finalValAccuracy(run);
  return formatPercentMeanSd(acc === undefined ? undefined : { mean: acc, sd: 0, n: 1 });
};

export interface RunHistoryState {
  runs: readonly StoredRun[];
  selected: ReadonlySet<string>;
  setSelected: (id: string, on: boolean) => void;
  /** The selected runs (newest first), for the charts. */
  overlays: readonly StoredRun[];
  storageNote: string | undefined;
  store: () => RunStore;
  refresh: () => Promise<void>;
}

/**
 * Keeps the history: creates the store lazily, saves each run of the session once when it ends (with the
 * settings it was trained with: `settingsOf(sessionId)`), and lists the runs.
 */
export function useRunHistory(session: SessionStore, settingsOf: (sessionId: number) => TrainingSettings | undefined): RunHistoryState {
  const storeRef = useRef<RunStore | undefined>(undefined);
  const store = useCallback(() => {
    storeRef.current ??= createRunStore();
    return storeRef.current;
  }, []);
  const [runs, setRuns] = useState<readonly StoredRun[]>([]);
  const [selected, setSelectedIds] = useState<ReadonlySet<string>>(() => new Set());
  const [storageNote, setStorageNote] = useState<string | undefined>(undefined);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    const list = await store().list();
    if (!alive.current) return;
    setRuns(list);
    setSelectedIds((prev) => {
      const ids = new Set(list.map((r) => r.id));
      const next = new Set([...prev].filter((id) => ids.has(id)));
      return next.size === prev.size ? prev : next;
    });
  }, [store]);

  useEffect(() => {
    alive.current = true;
    void (async () => {
      await refresh();
      const status = await store().status();
      if (alive.current && !status.persistent) setStorageNote(status.reason);
    })();
    return () => {
      alive.current = false;
    };
  }, [refresh, store]);

  // Saves every run that ends, once.
  useEffect(() => {
    const saved = new Set<string>();
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const save = (run: SeedRun, panel: PanelSnapshot, sessionId: number) => {
      if (saved.has(run.runId)) return;
      saved.add(run.runId);
      const pending = timers.get(run.runId);
      if (pending !== undefined) clearTimeout(pending);
      timers.delete(run.runId);
      const settings = settingsOf(sessionId);
      if (!settings) return;
      const record = recordOf(run, panel, { settings });
      if (!record.ok) return; // never started: nothing to keep
      void store()
        .put(record.value)
        .then((result) => {
          if (!alive.current) return;
          setStorageNote(result.persisted ? undefined : result.reason);
          return refresh();
        });
    };
    const check = () => {
      const state = session.getState();
      for (const panel of state.panels) {
        for (const runId of panel.runIds) {
          const run = state.runs[runId];
          if (!run || saved.has(runId) || !(RUN_ENDS as readonly string[]).includes(run.status)) continue;
          if (run.status === 'stopped' && run.appliedLr === undefined) {
            // Wait a little for its `done`, which brings the LR it applied up to the stop.
            if (!timers.has(runId)) {
              const id = state.id;
              timers.set(
                runId,
                setTimeout(() => {
                  timers.delete(runId);
                  const latest = session.getState();
                  save(latest.runs[runId] ?? run, latest.panels.find((p) => p.index === panel.index) ?? panel, id);
                }, STOPPED_GRACE_MS),
              );
            }
            continue;
          }
          save(run, panel, state.id);
        }
      }
    };
    check();
    const off = session.subscribe(check);
    return () => {
      off();
      for (const t of timers.values()) clearTimeout(t);
    };
  }, [session, settingsOf, store, refresh]);

  const setSelected = useCallback((id: string, on: boolean) => {
    setSelectedIds((prev) => {
      if (prev.has(id) === on) return prev;
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const overlays = useMemo(() => runs.filter((r) => selected.has(r.id)), [runs, selected]);
  return { runs, selected, setSelected, overlays, storageNote, store, refresh };
}

interface RunHistoryProps {
  history: RunHistoryState;
  playground: PlaygroundStore;
  panels: readonly Panel[];
  settings: TrainingSettings;
  horizon: Horizon;
}

const ALL = '';

/** The History region: the list, its filters, export and import, delete and restore. */
export function RunHistory({ history, playground, panels, settings, horizon }: RunHistoryProps) {
  const headingId = useId();
  const { runs, selected, setSelected, storageNote, store, refresh } = history;
  const [dataset, setDataset] = useState(ALL);
  const [family, setFamily] = useState(ALL);
  const [message, setMessage] = useState<{ text: string; alert: boolean } | undefined>(undefined);
  const labels = useMemo(() => historyLabels(runs, panels, settings, horizon), [runs, panels, settings, horizon]);
  const labelOf = useMemo(() => new Map(runs.map((r, i) => [r.id, labels[i] ?? r.panel.letter])), [runs, labels]);
  const datasets = useMemo(() => [...new Set(runs.map((r) => r.config.dataset.name))].sort(), [runs]);
  const families = useMemo(() => [...new Set(runs.map(familyOf))].sort(), [runs]);
  const shown = useMemo(
    () => filterRuns(runs, { dataset: dataset === ALL ? undefined : dataset, family: family === ALL ? undefined : family }),
    [runs, dataset, family],
  );

  const exportRuns = () => {
    const chosen = runs.filter((r) => selected.has(r.id));
    try {
      downloadText(exportRunsFile(chosen.length > 0 ? chosen : runs), 'lr-runs.json');
      setMessage({ text: `Exported ${chosen.length > 0 ? chosen.length : runs.length} runs.`, alert: false });
    } catch (err) {
      setMessage({ text: err instanceof Error ? err.message : String(err), alert: true });
    }
  };
  const importRuns = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch {
      setMessage({ text: 'The file could not be read.', alert: true });
      return;
    } finally {
      input.value = '';
    }
    const parsed = parseRunsFile(text);
    if (!parsed.ok) {
      setMessage({ text: parsed.message, alert: true });
      return;
    }
    const result = await store().putMany(parsed.runs);
    if (!result.ok) {
      setMessage({ text: result.message, alert: true });
      return;
    }
    const n = result.added;
    setMessage({ text: `Imported ${n} ${n === 1 ? 'run' : 'runs'} (${result.skipped} already present)`, alert: false });
    await refresh();
  };
  const remove = async (run: StoredRun) => {
    const done = await store().remove(run.id);
    setMessage(done.ok ? undefined : { text: done.message, alert: true });
    await refresh();
  };
  const clear = async () => {
    const done = await store().clear();
    setMessage(done.ok ? { text: 'Deleted every run.', alert: false } : { text: done.message, alert: true });
    await refresh();
  };

  return (
    <section className="run-history" aria-labelledby={headingId}>
      <h3 id={headingId}>History</h3>
      <p className="help">
        Every run that ends is kept in this browser. Select runs to draw them dashed on their schedule's charts, beside the current run.
      </p>
      {storageNote ? (
        <p className="chart-error" role="alert">
          {storageNote}
        </p>
      ) : null}
      <div className="history-tools">
        <label>
          Dataset{' '}
          <select aria-label="Dataset filter" value={dataset} onChange={(e) => setDataset(e.currentTarget.value)}>
            <option value={ALL}>all</option>
            {datasets.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Family{' '}
          <select aria-label="Family filter" value={family} onChange={(e) => setFamily(e.currentTarget.value)}>
            <option value={ALL}>all</option>
            {families.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={exportRuns} disabled={runs.length === 0}>
          Export runs
        </button>
        <label className="history-import">
          Import runs <input type="file" accept=".json,application/json" aria-label="Import runs" onChange={(e) => void importRuns(e)} />
        </label>
        <button type="button" className="secondary" onClick={() => void clear()} disabled={runs.length === 0}>
          Delete all runs
        </button>
      </div>
      {message ? (
        message.alert ? (
          <p className="chart-error" role="alert">
            {message.text}
          </p>
        ) : (
          <p className="chart-note" role="status">
            {message.text}
          </p>
        )
      ) : null}
      {shown.length === 0 ? (
        <p className="chart-note">{runs.length === 0 ? 'No runs yet: train to keep one.' : 'No run matches these filters.'}</p>
      ) : (
        <div className="summary-wrap">
          <table className="training-summary history-table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Show</th>
                <th scope="col">Run</th>
                <th scope="col">Dataset</th>
                <th scope="col">Family</th>
                <th scope="col">Seed</th>
                <th scope="col">Status</th>
                <th scope="col">Final val accuracy</th>
                <th scope="col">Date</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((run) => {
                const label = labelOf.get(run.id) ?? run.panel.letter;
                return (
                  <tr key={run.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select run ${label}`}
                        checked={selected.has(run.id)}
                        onChange={(e) => setSelected(run.id, e.currentTarget.checked)}
                      />
                    </td>
                    <th scope="row">{label}</th>
                    <td>{run.config.dataset.name}</td>
                    <td>{familyOf(run)}</td>
                    <td>{run.config.seed}</td>
                    <td>{run.status}</td>
                    <td>{accuracyText(run)}</td>
                    <td>{dateText(run.savedAt)}</td>
                    <td className="history-actions">
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Restore settings of run ${label}`}
                        onClick={() => restoreRun(playground, run)}
                      >
                        Restore settings
                      </button>
                      <button type="button" className="secondary" aria-label={`Delete run ${label}`} onClick={() => void remove(run)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
