/**
 * The training worker's message handling, apart from the worker itself so that Node tests drive it with the CPU
 * backend (or a fake train): `createWorkerHandler(post)` returns `handle(message)`, which takes any untrusted
 * message and never throws; everything that goes wrong comes back as a `failed` event.
 *
 * Backends: tfjs has one active backend per worker. Runs asking for the same backend request run together (their
 * `train` calls interleave at train's yields); runs asking for different ones run one group after another, first
 * started first. A start (or probe) whose request equals the group running now joins it at once. So a page that
 * compares backends gets each one's timing undisturbed, and panels on the same backend train side by side.
 *
 * Pause holds every running run between batches (train awaits waitWhilePaused); it ends when the runs all end (a
 * start after that starts unpaused). Stop aborts a run (train returns what it has, `stopped: true`, then `done`);
 * a run still waiting for its backend's turn is dropped with `failed` ("stopped before it started"). A paused run
 * that is stopped stops at once.
 */
import type { BackendChoice, BackendRequest, SelectOptions } from './backends';
import { DIVERGENCE_RULE } from './divergence';
import {
  assertNever,
  BATCH_EVENT_INTERVAL_MS,
  checkWorkerCommand,
  PROTOCOL_VERSION,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';
import type { Result } from './result';
import type { train } from './train';
import type { TrainingConfig } from './types';

export type { TrainOptions } from './train';

/** WorkerEvent without the version, which the handler adds. */
type Outgoing = WorkerEvent extends infer E ? (E extends WorkerEvent ? Omit<E, 'v'> : never) : never;

export interface HandlerDeps {
  train: typeof train;
  selectBackend(request: BackendRequest, options?: SelectOptions): Promise<Result<BackendChoice>>;
  /** A clock in ms for throttling batch events (performance.now by default). */
  now?: () => number;
}

export interface WorkerHandler {
  handle(message: unknown): void;
  /** Resolves when nothing runs or waits (tests). */
  idle(): Promise<void>;
}

interface RunSpec {
  runId: string;
  config: TrainingConfig;
}

interface Group {
  request: BackendRequest;
  allowFallbackAdapter: boolean;
  runs: RunSpec[];
  /** A probe: no runs, only the backend-ready answer. */
  probe?: true;
}

interface Active {
  request: BackendRequest;
  running: Set<Promise<void>>;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createWorkerHandler(postMessage: (event: WorkerEvent) => void, deps: HandlerDeps): WorkerHandler {
  const now = deps.now ?? (() => performance.now());
  const post = (event: Outgoing): void => {
    try {
      postMessage({ v: PROTOCOL_VERSION, ...event } as WorkerEvent);
    } catch (err) {
      // A value that cannot be cloned, say: report it instead of losing the event silently.
      if (event.type !== 'failed') {
        postMessage({ v: PROTOCOL_VERSION, type: 'failed', message: `Could not send a '${event.type}' event: ${errorText(err)}` });
      }
    }
  };

  /** Every run the page knows about and has not seen end: waiting (queued) or running. */
  const controllers = new Map<string, AbortController>();
  const queue: Group[] = [];
  let active: Active | null = null;
  let paused: { promise: Promise<void>; resume: () => void } | null = null;
  let idleWaiters: (() => void)[] = [];

  const waitWhilePaused = (signal: AbortSignal) => (): Promise<void> => {
    if (!paused || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
      paused?.promise.then(resolve);
    });
  };

  function settleIdle(): void {
    if (active !== null || queue.length > 0) return;
    // Pause ends with the runs it held.
    paused?.resume();
    paused = null;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function pump(): void {
    if (active !== null) return;
    const group = queue.shift();
    if (!group) {
      settleIdle();
      return;
    }
    active = { request: group.request, running: new Set() };
    launch(group);
  }

  /** Starts a group's runs on the active backend, after telling the page which backend that is. */
  function launch(group: Group): void {
    const current = active;
    if (current === null) return;
    const task = (async () => {
      const choice = await deps.selectBackend(group.request, { allowFallbackAdapter: group.allowFallbackAdapter });
      const live = group.runs.filter((r) => controllers.has(r.runId));
      if (!choice.ok) {
        const where = choice.error.path ? `${choice.error.path}: ` : '';
        if (live.length === 0) post({ type: 'failed', message: `${where}${choice.error.message}` });
        for (const run of live) {
          controllers.delete(run.runId);
          post({ type: 'failed', runId: run.runId, message: `${where}${choice.error.message}` });
        }
        return;
      }
      const { backend, reason, notices } = choice.value;
      post({ type: 'backend-ready', requested: group.request, backend, reason, notices, runIds: live.map((r) => r.runId) });
      await Promise.all(live.map((run) => runOne(run, group)));
    })().catch((err: unknown) => {
      post({ type: 'failed', message: `The training worker failed: ${errorText(err)}` });
    });
    current.running.add(task);
    void task.finally(() => {
      current.running.delete(task);
      if (current.running.size === 0 && active === current) {
        active = null;
        pump();
      }
    });
  }

  async function runOne(run: RunSpec, group: Group): Promise<void> {
    const controller = controllers.get(run.runId);
    if (!controller) return;
    const { runId } = run;
    let lastPosted = Number.NEGATIVE_INFINITY;
    let pending: { step: number; loss: number } | null = null;
    let lastLoss = Number.NaN;
    const flush = () => {
      if (pending) post({ type: 'batch', runId, ...pending });
      pending = null;
    };
    try {
      const result = await deps.train(run.config, {
        backend: group.request,
        signal: controller.signal,
        allowFallbackAdapter: group.allowFallbackAdapter,
        waitWhilePaused: waitWhilePaused(controller.signal),
        onBatch(step, loss) {
          lastLoss = loss;
          pending = { step, loss };
          const t = now();
          if (t - lastPosted >= BATCH_EVENT_INTERVAL_MS) {
            lastPosted = t;
            flush();
          }
        },
        onEpoch(metrics) {
          // The epoch's last batch always goes out, before its epoch.
          flush();
          post({ type: 'epoch', runId, metrics });
        },
      });
      flush();
      if (!result.ok) {
        const { path, message } = result.error;
        post({ type: 'failed', runId, message: path ? `${path}: ${message}` : message });
        return;
      }
      const { epochs: _epochs, ...summary } = result.value;
      if (summary.diverged) {
        const { epoch, step, lr } = summary.diverged;
        // The loop's own words when its result carries them; else the last loss seen and the rule.
        const own = (summary.diverged as { reason?: unknown }).reason;
        const reason =
          typeof own === 'string' && own !== ''
            ? own
            : `the loss was ${String(lastLoss)} at step ${step} (${DIVERGENCE_RULE} counts as diverged)`;
        post({ type: 'diverged', runId, epoch, step, lr, reason });
      }
      post({ type: 'done', runId, result: summary });
    } catch (err) {
      post({ type: 'failed', runId, message: `Training failed: ${errorText(err)}` });
    } finally {
      controllers.delete(runId);
    }
  }

  function start(command: Extract<WorkerCommand, { type: 'start' }>): void {
    const groups = new Map<BackendRequest, Group>();
    const allowFallbackAdapter = command.allowFallbackAdapter === true;
    for (const run of command.runs) {
      if (controllers.has(run.runId)) {
        post({ type: 'failed', runId: run.runId, message: `A run with id ${JSON.stringify(run.runId)} is already running` });
        continue;
      }
      controllers.set(run.runId, new AbortController());
      const request = run.backend ?? 'auto';
      let group = groups.get(request);
      if (!group) {
        group = { request, allowFallbackAdapter, runs: [] };
        groups.set(request, group);
      }
      group.runs.push({ runId: run.runId, config: run.config });
    }
    for (const group of groups.values()) enqueue(group);
  }

  function enqueue(group: Group): void {
    if (active !== null && active.request === group.request) launch(group);
    else {
      queue.push(group);
      pump();
    }
  }

  function stop(runId: string | undefined): void {
    const ids = runId === undefined ? [...controllers.keys()] : controllers.has(runId) ? [runId] : [];
    for (const id of ids) {
      const queued = queue.find((g) => g.runs.some((r) => r.runId === id));
      controllers.get(id)?.abort();
      if (queued) {
        queued.runs = queued.runs.filter((r) => r.runId !== id);
        controllers.delete(id);
        post({ type: 'failed', runId: id, message: 'Stopped before it started (it was waiting for the runs on another backend)' });
      }
    }
    // Groups left empty by the stop are dropped (a probe, which never had runs, keeps its turn).
    for (let i = queue.length - 1; i >= 0; i--) {
      const g = queue[i];
      if (g && g.runs.length === 0 && !g.probe) queue.splice(i, 1);
    }
    settleIdle();
  }

  function handleCommand(command: WorkerCommand): void {
    switch (command.type) {
      case 'start':
        start(command);
        return;
      case 'probe':
        enqueue({ request: command.backend ?? 'auto', allowFallbackAdapter: command.allowFallbackAdapter === true, runs: [], probe: true });
        return;
      case 'pause':
        if (!paused && (active !== null || queue.length > 0)) {
          let resume = () => {};
          const promise = new Promise<void>((r) => {
            resume = r;
          });
          paused = { promise, resume };
        }
        return;
      case 'resume':
        paused?.resume();
        paused = null;
        return;
      case 'stop':
        stop(command.runId);
        return;
      default:
        assertNever(command, 'worker command');
    }
  }

  return {
    handle(message: unknown): void {
      try {
        const check = checkWorkerCommand(message);
        if (!check.ok) {
          post({ type: 'failed', message: check.message });
          return;
        }
        handleCommand(message as WorkerCommand);
      } catch (err) {
        post({ type: 'failed', message: `The training worker could not handle a message: ${errorText(err)}` });
      }
    },
    idle(): Promise<void> {
      if (active === null && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
