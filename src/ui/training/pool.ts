/**
 * A few training workers behind one interface: runs are spread over them round-robin (run i to worker i mod N),
 * and pause, resume, step and stop go to every worker. Each worker is a TrainingClient, which fails its own runs
 * when its worker dies and starts a fresh worker on the next command, so one crash never stops the others or
 * the next Train.
 */
import { createTrainingClient, type RunRequest, type TrainingClient } from '../../training/client';
import { MAX_RUNS_PER_START } from '../../training/protocol';
import type { SessionEvent } from './session';

/**
 * How many workers train at once. Each runs its runs interleaved on one tfjs backend (WASM: one thread each).
 * Measured here on 2 cores by `node bench/training-workers.mjs` (headless Chromium, WASM, 2 panels × 3 seeds × 20
 * epochs of the article's MLP on the digits, alternating): 1 worker 4.6–5.1 s, 2 workers 3.1–3.5 s, and the page
 * kept 60 frames a second with both (the longest frame 16.8 ms in the bench's last run; 20–31 ms in an earlier,
 * busier one). So two workers
 * even on 2 cores, one more per core above that, at most 4 (each holds its own copy of the data and backend).
 */
export const TRAINING_WORKERS = Math.min(4, Math.max(2, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));

export interface TrainingPool {
  start(runs: readonly RunRequest[]): void;
  pause(): void;
  resume(): void;
  /** While paused: every paused run trains to the end of its current epoch, then pauses again. */
  step(): void;
  stop(): void;
  subscribe(listener: (event: SessionEvent) => void): () => void;
  dispose(): void;
}

/** The client methods the pool uses; `step` is optional until every client has it. */
export type PoolClient = Pick<TrainingClient, 'start' | 'pause' | 'resume' | 'stop' | 'subscribe' | 'dispose'> & { step?(): void };

export function createTrainingPool(
  size: number = TRAINING_WORKERS,
  createClient: () => PoolClient = () => createTrainingClient(),
): TrainingPool {
  const count = Math.max(1, Math.floor(size));
  let clients: PoolClient[] | null = null;
  const listeners = new Set<(event: SessionEvent) => void>();
  const emit = (event: SessionEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  // Workers start on the first Train, not when the view mounts.
  const all = (): PoolClient[] => {
    if (clients) return clients;
    clients = Array.from({ length: count }, () => {
      const client = createClient();
      client.subscribe((event) => emit(event as SessionEvent));
      return client;
    });
    return clients;
  };

  return {
    start(runs) {
      const workers = all();
      const shares: RunRequest[][] = workers.map(() => []);
      runs.forEach((run, i) => {
        shares[i % workers.length]?.push(run);
      });
      shares.forEach((share, w) => {
        // The protocol caps a start's runs; later starts with the same backend join the running group.
        for (let from = 0; from < share.length; from += MAX_RUNS_PER_START) workers[w]?.start(share.slice(from, from + MAX_RUNS_PER_START));
      });
    },
    pause: () => {
      for (const c of clients ?? []) c.pause();
    },
    resume: () => {
      for (const c of clients ?? []) c.resume();
    },
    step: () => {
      for (const c of clients ?? []) c.step?.();
    },
    stop: () => {
      for (const c of clients ?? []) c.stop();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      for (const c of clients ?? []) c.dispose();
      clients = null;
    },
  };
}
