/**
 * The page's side of the training worker. No tfjs and no training code here (the main bundle stays small): only
 * the protocol. The worker starts on the first command and is reused; if it throws or dies (an `error` or
 * `messageerror` event), the client fails every run it had started with that message, terminates it, and the
 * next command starts a fresh one, so the page can always train again.
 *
 *   const client = createTrainingClient();
 *   const off = client.subscribe((event) => { ... });     // every WorkerEvent, checked with checkWorkerEvent
 *   client.start([{ runId: 'a', config }]);
 *   client.pause(); client.step(); client.resume(); client.stop('a'); client.stop();
 *   client.dispose();
 */
import {
  type BackendRequest,
  checkWorkerEvent,
  PROTOCOL_VERSION,
  type WorkerCommand,
  type WorkerEvent,
  type WorkerEventType,
} from './protocol';
import type { LrRangeTestOptions } from './lr-range';
import type { TrainingConfig } from './types';

/** The part of a Worker the client uses (a fake in Node tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
}

export interface TrainingClientOptions {
  /** Default: the module worker training.worker.ts, bundled by Vite. */
  createWorker?: () => WorkerLike;
}

export interface RunRequest {
  runId: string;
  config: TrainingConfig;
  backend?: BackendRequest;
}

export interface LrFindRequest {
  runId: string;
  config: TrainingConfig;
  options?: LrRangeTestOptions;
  backend?: BackendRequest;
}

export type EventListener = (event: WorkerEvent) => void;

export interface TrainingClient {
  start(runs: RunRequest[], options?: { allowFallbackAdapter?: boolean }): void;
  /** An LR range test (lr-finder.ts) as run `request.runId`: `lr-find-step` events, then `lr-find-done` or `failed`. */
  findLr(request: LrFindRequest, options?: { allowFallbackAdapter?: boolean }): void;
  /** Asks which backend a request gets, without training: answered by a `backend-ready` event with no runIds. */
  probe(backend?: BackendRequest, options?: { allowFallbackAdapter?: boolean }): void;
  pause(): void;
  /** While paused: every paused run trains to the end of its current epoch, then is paused again. Else nothing. */
  step(): void;
  resume(): void;
  /** One run, or every run without an id. */
  stop(runId?: string): void;
  /** Every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Events of one type. */
  on<T extends WorkerEventType>(type: T, listener: (event: Extract<WorkerEvent, { type: T }>) => void): () => void;
  /** The runs started and not yet ended (no `done` or `failed` seen). */
  activeRuns(): string[];
  /** Terminates the worker; later commands start a new one. */
  dispose(): void;
}

const defaultWorker = (): WorkerLike => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });

/** What an `error` event from a worker says (an ErrorEvent's message, else a generic line). */
function describeWorkerError(event: Event, kind: 'error' | 'messageerror'): string {
  if (kind === 'messageerror') return 'The training worker sent a message that could not be read (deserialised)';
  const message = (event as { message?: unknown }).message;
  return typeof message === 'string' && message !== ''
    ? `The training worker stopped with an error: ${message}`
    : 'The training worker stopped with an error (it may have run out of memory or failed to load)';
}

export function createTrainingClient(options: TrainingClientOptions = {}): TrainingClient {
  const createWorker = options.createWorker ?? defaultWorker;
  let worker: WorkerLike | null = null;
  const listeners = new Set<EventListener>();
  const active = new Set<string>();

  const emit = (event: WorkerEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        // One listener's bug must not starve the others, nor kill the message handler.
        console.error('training client listener failed', err);
      }
    }
  };

  /** Fails every active run with `message`, terminates the worker: the next command starts a new one. */
  const crash = (from: WorkerLike, message: string): void => {
    if (worker !== from) return;
    worker = null;
    try {
      from.terminate();
    } catch {
      // already gone
    }
    const runs = [...active];
    active.clear();
    if (runs.length === 0) emit({ v: PROTOCOL_VERSION, type: 'failed', message });
    for (const runId of runs) emit({ v: PROTOCOL_VERSION, type: 'failed', runId, message });
  };

  const ensureWorker = (): WorkerLike => {
    if (worker) return worker;
    const w = createWorker();
    worker = w;
    w.addEventListener('message', (event) => {
      if (worker !== w) return;
      const data = (event as MessageEvent<unknown>).data;
      const check = checkWorkerEvent(data);
      if (!check.ok) {
        emit({ v: PROTOCOL_VERSION, type: 'failed', message: `The training worker sent a malformed event: ${check.message}` });
        return;
      }
      const e = data as WorkerEvent;
      if ((e.type === 'done' || e.type === 'lr-find-done' || e.type === 'failed') && e.runId !== undefined) active.delete(e.runId);
      emit(e);
    });
    w.addEventListener('error', (event) => {
      event.preventDefault?.();
      crash(w, describeWorkerError(event, 'error'));
    });
    w.addEventListener('messageerror', (event) => crash(w, describeWorkerError(event, 'messageerror')));
    return w;
  };

  const send = (command: WorkerCommand): void => {
    // Pause, step, resume and stop have nothing to act on without a worker: they do not start one.
    if (worker === null && command.type !== 'start' && command.type !== 'probe' && command.type !== 'lr-find') return;
    const w = ensureWorker();
    try {
      w.postMessage(command);
    } catch (err) {
      // A config that cannot be cloned (a function in it), say: those runs fail here, the worker is fine.
      const message = `Could not send '${command.type}' to the training worker: ${err instanceof Error ? err.message : String(err)}`;
      if (command.type === 'start') {
        for (const run of command.runs) {
          active.delete(run.runId);
          emit({ v: PROTOCOL_VERSION, type: 'failed', runId: run.runId, message });
        }
      } else if (command.type === 'lr-find') {
        active.delete(command.runId);
        emit({ v: PROTOCOL_VERSION, type: 'failed', runId: command.runId, message });
      } else emit({ v: PROTOCOL_VERSION, type: 'failed', message });
    }
  };

  const fallbackOption = (o?: { allowFallbackAdapter?: boolean }) =>
    o?.allowFallbackAdapter === true ? { allowFallbackAdapter: true } : {};

  return {
    start(runs, startOptions) {
      for (const run of runs) active.add(run.runId);
      send({ v: PROTOCOL_VERSION, type: 'start', runs, ...fallbackOption(startOptions) });
    },
    findLr(request, findOptions) {
      active.add(request.runId);
      send({ v: PROTOCOL_VERSION, type: 'lr-find', ...request, ...fallbackOption(findOptions) });
    },
    probe(backend, probeOptions) {
      send({ v: PROTOCOL_VERSION, type: 'probe', ...(backend ? { backend } : {}), ...fallbackOption(probeOptions) });
    },
    pause: () => send({ v: PROTOCOL_VERSION, type: 'pause' }),
    step: () => send({ v: PROTOCOL_VERSION, type: 'step' }),
    resume: () => send({ v: PROTOCOL_VERSION, type: 'resume' }),
    stop: (runId) => send({ v: PROTOCOL_VERSION, type: 'stop', ...(runId === undefined ? {} : { runId }) }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(type, listener) {
      const wrapped: EventListener = (event) => {
        if (event.type === type) listener(event as Extract<WorkerEvent, { type: typeof type }>);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    activeRuns: () => [...active],
    dispose() {
      const w = worker;
      worker = null;
      active.clear();
      w?.terminate();
    },
  };
}
