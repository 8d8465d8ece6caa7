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
 * start after that starts unpaused). Step, while paused, releases every run now training until its next `epoch`
 * event (the end of the epoch it is in), where it is held again; runs still waiting for their backend's turn are
 * not affected, and a step when nothing is paused does nothing. Stop aborts a run (train returns what it has,
 * `stopped: true`, then `done`); a run still waiting for its backend's turn is dropped with `failed` ("stopped
 * before it started"). A paused run that is stopped stops at once.
 *
 * Every run the page started ends with exactly one `done` or `failed` carrying its runId (a start that reuses the
 * id of a run still going is refused with a `failed` for that id, and the run already going keeps its own end).
 */
import type { BackendChoice, BackendRequest, SelectOptions } from './backends';
import { workloadOf } from './calibrate';
import { DIVERGENCE_RULE } from './divergence';
import {
  assertNever,
  BATCH_EVENT_INTERVAL_MS,
  checkWorkerCommand,
  PROTOCOL_VERSION,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';
import type { lrRangeTest, LrRangeTestOptions } from './lr-finder';
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
  /** tfjs's live tensor count (tf.memory().numTensors), reported with each `done`; absent in tests with a fake train. */
  tensorCount?: () => number;
  /** The LR range test (`lr-find`); absent: such a command fails with a message. */
  lrRangeTest?: typeof lrRangeTest;
}

export interface WorkerHandler {
  handle(message: unknown): void;
  /** Resolves when nothing runs or waits (tests). */
  idle(): Promise<void>;
}

interface RunSpec {
  runId: string;
  config: TrainingConfig;
  /** Present: an LR range test with these options, not a training run. */
  lrFind?: LrRangeTestOptions;
}

interface Group {
  request: BackendRequest;
  allowFallbackAdapter: boolean;
  runs: RunSpec[];
  /** A probe: no runs, only the backend-ready answer. */
  probe?: true;
}

/** A run inside train (or about to be): whether a step lets it through the pause, and how to wake it there. */
interface StepState {
  stepping: boolean;
  wake: (() => void) | null;
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
      // A value that cannot be cloned, say: report it instead of losing the event silently. A `done` that cannot
      // go becomes its run's `failed` (the run must still end once); any other event's failure names no run.
      const message = `Could not send a '${event.type}' event: ${errorText(err)}`;
      try {
        if (event.type === 'done') postMessage({ v: PROTOCOL_VERSION, type: 'failed', runId: event.runId, message });
        else if (event.type !== 'failed') postMessage({ v: PROTOCOL_VERSION, type: 'failed', message });
      } catch {
        // Nothing more can be said.
      }
    }
  };

  /** Every run the page knows about and has not seen end: waiting (queued) or running. */
  const controllers = new Map<string, AbortController>();
  const queue: Group[] = [];
  let active: Active | null = null;
  /** The runs inside train now: whether a step lets them through the pause, and how to wake one held there. */
  const training = new Map<string, StepState>();
  let paused = false;
  let idleWaiters: (() => void)[] = [];

  const waitWhilePaused = (runId: string, signal: AbortSignal) => (): Promise<void> => {
    const state = training.get(runId);
    if (!paused || signal.aborted || !state || state.stepping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        if (state.wake === wake) state.wake = null;
        resolve();
      };
      state.wake = wake;
      signal.addEventListener('abort', wake, { once: true });
    });
  };

  const wakeAll = (): void => {
    for (const state of training.values()) state.wake?.();
  };

  function settleIdle(): void {
    if (active !== null || queue.length > 0) return;
    // Pause ends with the runs it held.
    paused = false;
    wakeAll();
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
    // The group's runs count as training from now on (a step while their backend starts lets them train an epoch).
    const states = new Map<string, StepState>();
    for (const run of group.runs) {
      if (!controllers.has(run.runId) || training.has(run.runId)) continue;
      const state: StepState = { stepping: false, wake: null };
      states.set(run.runId, state);
      training.set(run.runId, state);
    }
    const forget = (runId: string) => {
      if (training.get(runId) === states.get(runId)) training.delete(runId);
    };
    const task = (async () => {
      // auto calibrates with the group's first model (runs of one page share it); a probe, with the article's MLP.
      const first = group.runs[0];
      const workload = first ? workloadOf(first.config) : null;
      const choice = await deps.selectBackend(group.request, {
        allowFallbackAdapter: group.allowFallbackAdapter,
        ...(workload ? { workload } : {}),
      });
      const live = group.runs.filter((r) => controllers.has(r.runId));
      for (const run of group.runs) if (!choice.ok || !controllers.has(run.runId)) forget(run.runId);
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
      // Only before any run started (runOne never throws): each run still waiting ends here, once.
      const message = `The training worker failed: ${errorText(err)}`;
      const waiting = group.runs.filter((r) => controllers.has(r.runId) && states.has(r.runId));
      if (waiting.length === 0) post({ type: 'failed', message });
      for (const run of waiting) {
        forget(run.runId);
        controllers.delete(run.runId);
        post({ type: 'failed', runId: run.runId, message });
      }
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

  async function lrFindOne(run: RunSpec, group: Group, controller: AbortController): Promise<void> {
    const { runId } = run;
    let lastPosted = Number.NEGATIVE_INFINITY;
    let pending: { i: number; lr: number; loss: number } | null = null;
    const flush = () => {
      if (pending) post({ type: 'lr-find-step', runId, ...pending });
      pending = null;
    };
    try {
      if (!deps.lrRangeTest) {
        post({ type: 'failed', runId, message: 'This worker cannot run an LR range test' });
        return;
      }
      const result = await deps.lrRangeTest(run.config, run.lrFind, {
        backend: group.request,
        signal: controller.signal,
        allowFallbackAdapter: group.allowFallbackAdapter,
        onStep(i, lr, loss) {
          pending = { i, lr, loss };
          const t = now();
          if (t - lastPosted >= BATCH_EVENT_INTERVAL_MS) {
            lastPosted = t;
            flush();
          }
        },
      });
      flush();
      if (!result.ok) {
        const { path, message } = result.error;
        post({ type: 'failed', runId, message: path ? `${path}: ${message}` : message });
        return;
      }
      const tensors = deps.tensorCount?.();
      post({ type: 'lr-find-done', runId, result: result.value, ...(tensors !== undefined ? { tensors } : {}) });
    } catch (err) {
      post({ type: 'failed', runId, message: `The LR range test failed: ${errorText(err)}` });
    } finally {
      training.delete(runId);
      controllers.delete(runId);
    }
  }

  async function runOne(run: RunSpec, group: Group): Promise<void> {
    const controller = controllers.get(run.runId);
    if (!controller) return;
    if (run.lrFind) return lrFindOne(run, group, controller);
    const { runId } = run;
    let lastPosted = Number.NEGATIVE_INFINITY;
    let pending: { step: number; loss: number } | null = null;
    let lastLoss = Number.NaN;
    const flush = () => {
      if (pending) post({ type: 'batch', runId, ...pending });
      pending = null;
    };
    let state = training.get(runId);
    if (!state) {
      state = { stepping: false, wake: null };
      training.set(runId, state);
    }
    const stepState = state;
    try {
      const result = await deps.train(run.config, {
        backend: group.request,
        signal: controller.signal,
        allowFallbackAdapter: group.allowFallbackAdapter,
        waitWhilePaused: waitWhilePaused(runId, controller.signal),
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
          // A step ends here: the run is held again before its next batch (while still paused).
          stepState.stepping = false;
        },
        onBoundary(epoch, grid) {
          post({ type: 'boundary', runId, epoch, grid });
        },
        onEvaluation(evaluation) {
          post({ type: 'evaluation', runId, evaluation });
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
      const tensors = deps.tensorCount?.();
      post({ type: 'done', runId, result: summary, ...(tensors !== undefined ? { tensors } : {}) });
    } catch (err) {
      post({ type: 'failed', runId, message: `Training failed: ${errorText(err)}` });
    } finally {
      if (training.get(runId) === stepState) training.delete(runId);
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
        if (active !== null || queue.length > 0) paused = true;
        return;
      case 'resume':
        paused = false;
        for (const state of training.values()) state.stepping = false;
        wakeAll();
        return;
      case 'step':
        if (!paused) return;
        for (const state of training.values()) state.stepping = true;
        wakeAll();
        return;
      case 'stop':
        stop(command.runId);
        return;
      case 'lr-find': {
        if (controllers.has(command.runId)) {
          post({ type: 'failed', runId: command.runId, message: `A run with id ${JSON.stringify(command.runId)} is already running` });
          return;
        }
        controllers.set(command.runId, new AbortController());
        enqueue({
          request: command.backend ?? 'auto',
          allowFallbackAdapter: command.allowFallbackAdapter === true,
          runs: [{ runId: command.runId, config: command.config, lrFind: command.options ?? {} }],
        });
        return;
      }
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
