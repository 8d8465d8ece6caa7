/**
 * The training view's session: what each panel ran with and what its runs sent back. A vanilla zustand store
 * (one per mounted view) whose state changes only through the pure functions below, so the tests drive them
 * without a worker or a DOM.
 *
 * Rendering stays cheap: events are buffered and applied at most once per animation frame (createEventBuffer),
 * and a run's arrays are only ever appended to by making a new array for that run alone, so a chart whose runs
 * got nothing new sees the same references and React skips it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FrameworkCall } from '../../schedules';
import { assertNever, type WorkerEvent } from '../../training/protocol';
import type { BackendName, BoundaryGrid, EpochMetrics, Evaluation, TrainingConfig } from '../../training/types';

export type RunStatus = 'queued' | 'running' | 'done' | 'stopped' | 'diverged' | 'failed';

/** A run has ended (no more events will change it) in these states. */
export const isFinished = (status: RunStatus): boolean => status !== 'queued' && status !== 'running';

export interface SeedRun {
  runId: string;
  panel: number;
  seed: number;
  status: RunStatus;
  /** Append only: a new array per new epoch, the old elements kept. */
  epochs: readonly EpochMetrics[];
  /** Every optimizer step's LR, sent with `done`. */
  appliedLr?: readonly number[];
  backend?: BackendName;
  /** Why that backend (from `backend-ready`), and the fallbacks on the way. */
  backendReason?: string;
  notices?: readonly string[];
  diverged?: { epoch: number; step: number; lr: number; reason?: string };
  failure?: string;
  /** The latest decision boundary (2-D sets). */
  boundary?: BoundaryGrid;
  /** The final confusion matrix and mistakes (image sets). */
  evaluation?: Evaluation;
  /** Wall-clock seconds from the session's start to this run's end. */
  seconds?: number;
}

/** What a panel ran with: its letter, its schedule call and seed 0's config (the others differ only in seed). */
export interface PanelSnapshot {
  index: number;
  letter: string;
  call: FrameworkCall;
  config: TrainingConfig;
  /** The config without its seed, as text: the panel "no longer matches" when its current one differs. */
  key: string;
  runIds: readonly string[];
}

export type Phase = 'idle' | 'running' | 'paused' | 'finished';

export interface SessionState {
  /** Increases with every Train: run ids carry it, so a late event of an earlier session matches no run. */
  id: number;
  phase: Phase;
  panels: readonly PanelSnapshot[];
  runs: Readonly<Record<string, SeedRun>>;
  /** performance.now() in ms at Train, at the end, and while paused (with the paused time so far). */
  startedAt?: number;
  endedAt?: number;
  pausedAt?: number;
  pausedMs: number;
  /** Problems that belong to no run (a worker that failed while idle, a malformed event). */
  notices: readonly string[];
  /** The latest `backend-ready`: which backend runs, and why. */
  backend?: { requested: string; backend: BackendName; reason: string; notices: readonly string[] };
  /**
   * tfjs tensors the worker held right after the latest run ended and freed its own (`done`'s count). Once every
   * run has ended its worker is idle, so this is the worker's baseline: every tensor of every run was disposed.
   */
  tensorsAfterLastRun?: number;
  /** The settings the session ran with that the summary needs. */
  target: number;
  stepsPerEpoch: number;
}

/** The events the session takes: the worker protocol's. */
export type SessionEvent = WorkerEvent;

export const emptySession = (id = 0): SessionState => ({
  id,
  phase: 'idle',
  panels: [],
  runs: {},
  pausedMs: 0,
  notices: [],
  target: 0.95,
  stepsPerEpoch: 1,
});

export const runIdOf = (session: number, letter: string, seed: number) => `s${session}-${letter}-${seed}`;

/** The config without its seed, as stable text (key order as built by trainingConfigOf). */
export const configKey = (config: TrainingConfig): string => {
  const { seed: _seed, ...rest } = config;
  return JSON.stringify(rest);
};

export interface PlannedRun {
  panel: number;
  letter: string;
  call: FrameworkCall;
  /** One config per seed. */
  configs: readonly TrainingConfig[];
}

/** A new session for these panels (every run queued). */
export function beginSession(
  previous: SessionState,
  planned: readonly PlannedRun[],
  now: number,
  settings: { target: number; stepsPerEpoch: number },
): SessionState {
  const id = previous.id + 1;
  const runs: Record<string, SeedRun> = {};
  const panels = planned.map((p): PanelSnapshot => {
    const runIds = p.configs.map((config) => {
      const runId = runIdOf(id, p.letter, config.seed);
      runs[runId] = { runId, panel: p.panel, seed: config.seed, status: 'queued', epochs: [] };
      return runId;
    });
    const first = p.configs[0] as TrainingConfig;
    return { index: p.panel, letter: p.letter, call: p.call, config: first, key: configKey(first), runIds };
  });
  return { id, phase: panels.length > 0 ? 'running' : 'idle', panels, runs, startedAt: now, pausedMs: 0, notices: [], ...settings };
}

/**
 * Stop: the session ends now (Train is available again at once); runs not ended yet are marked stopped. Their
 * `done` may still bring the applied LR; their later epochs are dropped.
 */
export function stopSession(state: SessionState, now: number): SessionState {
  if (state.phase !== 'running' && state.phase !== 'paused') return state;
  const runs: Record<string, SeedRun> = { ...state.runs };
  const seconds = activeSeconds(state, now);
  for (const run of Object.values(state.runs)) if (!isFinished(run.status)) runs[run.runId] = { ...run, status: 'stopped', seconds };
  const { pausedAt, ...rest } = state;
  return { ...rest, runs, phase: 'finished', endedAt: now, pausedMs: state.pausedMs + (pausedAt === undefined ? 0 : now - pausedAt) };
}

export function pauseSession(state: SessionState, now: number): SessionState {
  return state.phase === 'running' ? { ...state, phase: 'paused', pausedAt: now } : state;
}

export function resumeSession(state: SessionState, now: number): SessionState {
  if (state.phase !== 'paused') return state;
  const { pausedAt, ...rest } = state;
  return { ...rest, phase: 'running', pausedMs: state.pausedMs + (pausedAt === undefined ? 0 : now - pausedAt) };
}

/** Seconds the session has trained for: wall time since Train, less the time paused. */
export function activeSeconds(state: SessionState, now: number): number {
  if (state.startedAt === undefined) return 0;
  const end = state.endedAt ?? state.pausedAt ?? now;
  return Math.max(0, (end - state.startedAt - state.pausedMs) / 1000);
}

const MAX_NOTICES = 8;

/**
 * Applies a batch of events (those of one animation frame). Pure: the old state is not modified, and runs that
 * got no event keep their object (and their arrays) as they were.
 */
export function applyEvents(state: SessionState, events: readonly SessionEvent[], now: number): SessionState {
  if (events.length === 0) return state;
  let runs: Record<string, SeedRun> | undefined;
  let notices: string[] | undefined;
  const current = (runId: string): SeedRun | undefined => runs?.[runId] ?? state.runs[runId];
  const put = (run: SeedRun) => {
    runs ??= { ...state.runs };
    runs[run.runId] = run;
  };
  const notice = (text: string) => {
    notices ??= [...state.notices];
    if (!notices.includes(text)) notices.push(text);
  };
  let backend = state.backend;
  let tensors = state.tensorsAfterLastRun;
  const seconds = () => (state.startedAt === undefined ? undefined : activeSeconds(state, now));

  for (const event of events) {
    switch (event.type) {
      case 'backend-ready': {
        if (event.runIds.some((id) => current(id) !== undefined)) {
          backend = { requested: event.requested, backend: event.backend, reason: event.reason, notices: event.notices };
        }
        for (const runId of event.runIds) {
          const run = current(runId);
          if (!run || isFinished(run.status)) continue;
          put({ ...run, status: 'running', backend: event.backend, backendReason: event.reason, notices: event.notices });
        }
        break;
      }
      case 'epoch': {
        const run = current(event.runId);
        if (!run || isFinished(run.status)) break;
        // Each epoch once, in order: a repeated or out-of-order one is ignored, not drawn twice.
        const last = run.epochs[run.epochs.length - 1];
        if (last !== undefined && event.metrics.epoch <= last.epoch) break;
        put({ ...run, status: 'running', epochs: [...run.epochs, event.metrics] });
        break;
      }
      case 'batch':
        break;
      case 'diverged': {
        const run = current(event.runId);
        if (!run || isFinished(run.status)) break;
        put({ ...run, diverged: { epoch: event.epoch, step: event.step, lr: event.lr, reason: event.reason } });
        break;
      }
      case 'done': {
        const run = current(event.runId);
        if (!run) break;
        const { result } = event;
        if (event.tensors !== undefined) tensors = event.tensors;
        if (run.status === 'stopped' && run.appliedLr === undefined) {
          // Stopped from the page: the summary still brings the LR it applied up to the stop.
          put({ ...run, appliedLr: result.appliedLr, backend: result.backend });
          break;
        }
        if (isFinished(run.status)) break;
        const diverged = result.diverged ?? run.diverged;
        const status: RunStatus = diverged ? 'diverged' : result.stopped ? 'stopped' : 'done';
        const ended: SeedRun = { ...run, status, appliedLr: result.appliedLr, backend: result.backend };
        const s = seconds();
        if (s !== undefined) ended.seconds = s;
        if (diverged) ended.diverged = diverged;
        put(ended);
        break;
      }
      case 'failed': {
        const run = event.runId === undefined ? undefined : current(event.runId);
        if (!run) {
          // A failure of no run of this session: a worker problem while idle, or a late event of an old session.
          if (event.runId === undefined) notice(event.message);
          break;
        }
        if (isFinished(run.status)) break;
        const s = seconds();
        put({ ...run, status: 'failed', failure: event.message, ...(s === undefined ? {} : { seconds: s }) });
        break;
      }
      case 'boundary': {
        const run = current(event.runId);
        if (!run || isFinished(run.status)) break;
        put({ ...run, boundary: event.grid });
        break;
      }
      case 'evaluation': {
        // It comes at the end of a run, just before `done`.
        const run = current(event.runId);
        if (!run) break;
        put({ ...run, evaluation: event.evaluation });
        break;
      }
      case 'lr-find-step':
      case 'lr-find-done':
        // The LR finder (its own worker and view) handles these; no training run has their ids.
        break;
      default:
        assertNever(event, 'training event');
    }
  }

  if (!runs && !notices && backend === state.backend && tensors === state.tensorsAfterLastRun) return state;
  const next: SessionState = { ...state, runs: runs ?? state.runs, notices: (notices ?? state.notices).slice(-MAX_NOTICES) };
  if (backend) next.backend = backend;
  if (tensors !== undefined) next.tensorsAfterLastRun = tensors;
  const all = Object.values(next.runs);
  if ((next.phase === 'running' || next.phase === 'paused') && all.length > 0 && all.every((r) => isFinished(r.status))) {
    const { pausedAt: _paused, ...rest } = next;
    return { ...rest, phase: 'finished', endedAt: now, pausedMs: next.pausedMs + (next.pausedAt === undefined ? 0 : now - next.pausedAt) };
  }
  return next;
}

/** The runs of one panel, in seed order. */
export function runsOf(state: SessionState, panel: PanelSnapshot): SeedRun[] {
  return panel.runIds.flatMap((id) => {
    const run = state.runs[id];
    return run ? [run] : [];
  });
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(initial: SessionState = emptySession()): SessionStore {
  return createStore<SessionState>()(() => initial);
}

export interface EventBuffer {
  push(event: SessionEvent): void;
  /** Applies what is buffered now (before a command that must see it, and in tests). */
  flush(): void;
  dispose(): void;
}

type Schedule = (callback: () => void) => number;
type Cancel = (handle: number) => void;

/**
 * Collects events and hands them to `apply` at most once per animation frame. Batch losses are not kept (the
 * view draws epochs), so a hidden tab, where frames stop, buffers only the few events that matter.
 */
export function createEventBuffer(
  apply: (events: SessionEvent[]) => void,
  schedule: Schedule = (cb) => requestAnimationFrame(cb),
  cancel: Cancel = (h) => cancelAnimationFrame(h),
): EventBuffer {
  let queue: SessionEvent[] = [];
  let handle: number | undefined;
  const flush = () => {
    if (handle !== undefined) cancel(handle);
    handle = undefined;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    apply(events);
  };
  return {
    push(event) {
      if (event.type === 'batch') return;
      queue.push(event);
      if (handle === undefined) {
        handle = schedule(() => {
          handle = undefined;
          flush();
        });
      }
    },
    flush,
    dispose() {
      if (handle !== undefined) cancel(handle);
      handle = undefined;
      queue = [];
    },
  };
}
