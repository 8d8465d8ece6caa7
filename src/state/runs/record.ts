/**
 * A run kept in the history: what the training view's session (src/ui/training/session.ts) knew of one seed of
 * one panel when it ended, in a form that outlives the page. Pure: types from the session and the engine only
 * (nothing here imports tfjs, the worker or React).
 *
 * The panel's schedule call is `config.schedule` (the session's PanelSnapshot.call is the same object the
 * config was built from: panelCall(panel)); `callOf(run)` names it.
 */
import type { FrameworkCall, Result } from '../../schedules';
import type { BackendName, EpochMetrics, TrainingConfig } from '../../training/types';
import type { TrainingSettings } from '../training-settings';
import { version as packageVersion } from '../../../package.json';

/** The record format's version: `v` of every StoredRun. migrate.ts turns older records into this one. */
export const RECORD_VERSION = 1;

/** The app's version (package.json), written into every record and export. */
export const APP_VERSION: string = packageVersion;

/** How a kept run ended. Failed runs (an error, no result) are not kept. */
export const RUN_ENDS = ['done', 'stopped', 'diverged'] as const;
export type RunEnd = (typeof RUN_ENDS)[number];

export interface StoredRun {
  v: typeof RECORD_VERSION;
  /** Random, given when the run is first saved; an import skips runs whose id is already stored. */
  id: string;
  /** When it was saved: an ISO 8601 UTC timestamp (Date.prototype.toISOString). */
  savedAt: string;
  /** The LR Playground version that trained it. */
  appVersion: string;
  /** The run's own training time in seconds (its last epoch's `seconds`: from its start to its last epoch). */
  wallSeconds: number;
  /** The panel it was trained for, as it was then: letter (A, B, …) and position. */
  panel: { letter: string; index: number };
  /** The exact config the engine ran (this seed's), its `schedule` being the panel's call. */
  config: TrainingConfig;
  /** The page's training settings at the time, including the requested backend ('auto' or a name). */
  settings: TrainingSettings;
  /** The backend that actually ran it. */
  backend: BackendName;
  status: RunEnd;
  /** Every epoch's metrics, in order (each with its LR and, where cycled, momentum). */
  epochs: EpochMetrics[];
  /** Every optimizer step's LR. Empty for a run stopped before its summary came. */
  appliedLr: number[];
  appliedMomentum?: number[];
  diverged?: { epoch: number; step: number; lr: number; reason?: string };
}

/** The panel's schedule call of a run (the config's schedule). */
export const callOf = (run: Pick<StoredRun, 'config'>): FrameworkCall => run.config.schedule;

/** A random id: a UUID where the platform has one (every current browser, Node 19+), else 128 random bits in hex. */
export function newRunId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What recordOf reads of the session's SeedRun (src/ui/training/session.ts). */
export interface SessionRun {
  runId: string;
  panel: number;
  seed: number;
  status: string;
  epochs: readonly EpochMetrics[];
  appliedLr?: readonly number[];
  backend?: BackendName;
  diverged?: { epoch: number; step: number; lr: number; reason?: string | undefined };
}

/** What recordOf reads of the session's PanelSnapshot: its letter, position, seed 0's config and its run ids. */
export interface SessionPanel {
  index: number;
  letter: string;
  config: TrainingConfig;
  runIds: readonly string[];
}

export interface RecordContext {
  /** The training settings the session ran with. */
  settings: TrainingSettings;
  /** Default APP_VERSION. */
  appVersion?: string;
  /** Default: a fresh newRunId(). */
  id?: string;
  /** Default: now. */
  savedAt?: Date;
  /** The momentum of every step, where the run's RunResult had it (the session does not keep it yet). */
  appliedMomentum?: readonly number[];
}

const isEnd = (status: string): status is RunEnd => (RUN_ENDS as readonly string[]).includes(status);

/**
 * The record of one ended seed run of `panel`. Copies everything (the record shares no array or object with the
 * session). Not validated here: the store checks every record it is given (schema.ts), so a bad one is reported
 * there. Fails for a run that has not ended, that failed, that belongs to another panel, or that never started.
 */
export function recordOf(run: SessionRun, panel: SessionPanel, context: RecordContext): Result<StoredRun> {
  if (!isEnd(run.status)) {
    const why = run.status === 'failed' ? 'it failed' : `it is ${run.status}`;
    return { ok: false, error: { message: `Only a run that finished, stopped or diverged is kept; ${why}.` } };
  }
  if (run.panel !== panel.index || !panel.runIds.includes(run.runId)) {
    return { ok: false, error: { message: `Run ${run.runId} is not one of panel ${panel.letter}'s runs.` } };
  }
  if (run.backend === undefined) {
    return { ok: false, error: { message: `Run ${run.runId} never started (no backend was chosen): there is nothing to keep.` } };
  }
  const epochs = run.epochs.map((e) => ({ ...e }));
  const last = epochs[epochs.length - 1];
  const record: StoredRun = {
    v: RECORD_VERSION,
    id: context.id ?? newRunId(),
    savedAt: (context.savedAt ?? new Date()).toISOString(),
    appVersion: context.appVersion ?? APP_VERSION,
    wallSeconds: last?.seconds ?? 0,
    panel: { letter: panel.letter, index: panel.index },
    config: structuredClone({ ...panel.config, seed: run.seed }),
    settings: structuredClone(context.settings),
    backend: run.backend,
    status: run.status,
    epochs,
    appliedLr: [...(run.appliedLr ?? [])],
  };
  if (context.appliedMomentum !== undefined) record.appliedMomentum = [...context.appliedMomentum];
  if (run.diverged) {
    const { epoch, step, lr, reason } = run.diverged;
    record.diverged = reason === undefined ? { epoch, step, lr } : { epoch, step, lr, reason };
  }
  return { ok: true, value: record };
}
