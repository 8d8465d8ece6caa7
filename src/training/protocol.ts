/**
 * The messages between the page and the training worker: one discriminated union per direction, each message
 * carrying the protocol version, so a page and a worker from different builds (a cached worker script) notice it
 * instead of misreading each other. Both sides switch on `type` and end in assertNever, so a new message type is a
 * compile error wherever it is not handled.
 *
 * Streaming only appends: each `epoch` event carries one new epoch, each `batch` event one new loss; `done` sends
 * the summary of a run without its epochs (the page already has them). History is never resent.
 *
 * Pure: no tfjs and no training code, so the page imports it (as client.ts does).
 */
import { LR_CONVENTIONS, LR_SUGGESTIONS, LR_SWEEP_MODES, type LrRangeTest, type LrRangeTestOptions } from './lr-range';
import type { BackendName, BoundaryGrid, EpochMetrics, Evaluation, RunResult, TrainingConfig } from './types';
import { BACKEND_NAMES, BOUNDARY_SIZE_RANGE, MAX_MISCLASSIFIED } from './types';

export const PROTOCOL_VERSION = 1;
type V = typeof PROTOCOL_VERSION;

/** A run's backend request: a backend by name, or 'auto' (the default; see backends.ts for the rules). */
export type BackendRequest = BackendName | 'auto';

/**
 * Page to worker. `stop` without runId stops every run; pause and resume act on every run (one loop runs them).
 * `step`, while paused, lets every paused run train to the end of its current epoch (its next `epoch` event) and
 * pauses it again there; it does nothing when not paused.
 *
 * tfjs has one active backend per worker, so runs that ask for the same backend run together (interleaved), and
 * runs that ask for different ones run one backend group after another, in the order the groups were started; a
 * start whose request equals the group running now joins it at once. `probe` asks which backend a request gets
 * (answered by `backend-ready` with no runIds) without training; it waits its turn like a group of runs.
 * `allowFallbackAdapter` is test-only: it lets WebGPU run on a fallback (software) adapter.
 *
 * `lr-find` runs an LR range test (lr-finder.ts) on the config's model, optimizer and batches: a run of its own
 * (its runId), answered by `lr-find-step` events and one `lr-find-done` or `failed`; `stop` with its runId ends it
 * early (its `lr-find-done` then has end 'stopped'). It waits for its backend's turn like a start; pause does not
 * hold it (it is a few seconds long).
 */
export type WorkerCommand =
  | { v: V; type: 'start'; runs: { runId: string; config: TrainingConfig; backend?: BackendRequest }[]; allowFallbackAdapter?: boolean }
  | { v: V; type: 'probe'; backend?: BackendRequest; allowFallbackAdapter?: boolean }
  | { v: V; type: 'pause' }
  | { v: V; type: 'resume' }
  | { v: V; type: 'step' }
  | { v: V; type: 'stop'; runId?: string }
  | {
      v: V;
      type: 'lr-find';
      runId: string;
      config: TrainingConfig;
      options?: LrRangeTestOptions;
      backend?: BackendRequest;
      allowFallbackAdapter?: boolean;
    };

/**
 * The batch loss is throttled by the worker: at most one `batch` event per run every BATCH_EVENT_INTERVAL_MS
 * (the latest step's loss, earlier ones in that window dropped), plus always the last batch of an epoch. A chart
 * cannot show more, and posting every step would cost more than small models take to train it.
 */
export const BATCH_EVENT_INTERVAL_MS = 100;

/** A finished run without its epochs: those arrived one `epoch` event at a time. */
export type RunSummary = Omit<RunResult, 'epochs'>;

/**
 * Worker to page. A run ends with exactly one `done` or `failed`; `diverged` comes just before that run's `done`
 * (the summary repeats it). `backend-ready` comes once per start (or probe) before its runs' first events: the
 * backend that runs them, why, and the fallbacks that happened on the way (notices, empty when none).
 *
 * `boundary` (2-D sets): the decision boundary, once with epoch −1 before the first batch (the initial weights),
 * then after each epoch's `epoch` event. `evaluation` (image sets): once, before `done`, for a run that completed
 * or was stopped (not one that diverged or failed). See train.ts's TrainOptions.
 */
export type WorkerEvent =
  | { v: V; type: 'backend-ready'; requested: BackendRequest; backend: BackendName; reason: string; notices: string[]; runIds: string[] }
  | { v: V; type: 'epoch'; runId: string; metrics: EpochMetrics }
  | { v: V; type: 'batch'; runId: string; step: number; loss: number }
  | { v: V; type: 'boundary'; runId: string; epoch: number; grid: BoundaryGrid }
  | { v: V; type: 'evaluation'; runId: string; evaluation: Evaluation }
  /**
   * `tensors`: how many tfjs tensors this worker holds once the run has ended and freed its own (every run of the
   * worker counted, so with none left running it is the worker's baseline: 0).
   */
  | { v: V; type: 'done'; runId: string; result: RunSummary; tensors?: number }
  | { v: V; type: 'diverged'; runId: string; epoch: number; step: number; lr: number; reason: string }
  /** An LR range test's step i (throttled like `batch`; the last step always goes out before `lr-find-done`). */
  | { v: V; type: 'lr-find-step'; runId: string; i: number; lr: number; loss: number }
  | { v: V; type: 'lr-find-done'; runId: string; result: LrRangeTest; tensors?: number }
  | { v: V; type: 'failed'; runId?: string; message: string };

export type WorkerCommandType = WorkerCommand['type'];
export type WorkerEventType = WorkerEvent['type'];

/** For the default branch of an exhaustive switch: a compile error when a case is missing, a throw if one slips by. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${describeType(value)}`);
}

function describeType(value: unknown): string {
  if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
    return `type '${(value as { type: string }).type}'`;
  }
  return typeof value;
}

/** Why a message was refused, for the `failed` event or a console line. */
export type GuardResult = { ok: true } | { ok: false; message: string };

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (r: Rec, k: string): unknown => (Object.hasOwn(r, k) ? r[k] : undefined);
const isString = (x: unknown): x is string => typeof x === 'string';
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
/** A loss or LR may be NaN or Infinity (that is how divergence shows), so numbers here need only be numbers. */
const isNumber = (x: unknown): x is number => typeof x === 'number';
const isBackend = (x: unknown): x is BackendName => isString(x) && (BACKEND_NAMES as readonly string[]).includes(x);
const isRequest = (x: unknown): x is BackendRequest => x === 'auto' || isBackend(x);
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const isOptionalBoolean = (x: unknown): boolean => x === undefined || typeof x === 'boolean';
/** The most runs one start may carry: a comparison of a few panels, not a sweep. */
export const MAX_RUNS_PER_START = 16;

function version(x: unknown): GuardResult {
  if (!isRec(x)) return { ok: false, message: 'A worker message must be an object' };
  const v = own(x, 'v');
  if (v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      message:
        v === undefined
          ? `The message has no protocol version (v); this side speaks version ${PROTOCOL_VERSION}`
          : `Protocol version mismatch: the message is version ${String(v)}, this side speaks ${PROTOCOL_VERSION} (reload the page so the page and the worker come from the same build)`,
    };
  }
  return { ok: true };
}

/**
 * Checks an untrusted message's shape. The configs inside `start` are only checked to be objects: the worker runs
 * each through validateConfig, which reports a bad one with its path as a `failed` event for that run.
 */
export function checkWorkerCommand(x: unknown): GuardResult {
  return guarded(() => commandShape(x));
}

function commandShape(x: unknown): GuardResult {
  const v = version(x);
  if (!v.ok) return v;
  const m = x as Rec;
  const type = own(m, 'type') as WorkerCommandType;
  const bad = (message: string): GuardResult => ({ ok: false, message });
  switch (type) {
    case 'start': {
      const runs = own(m, 'runs');
      if (!Array.isArray(runs) || runs.length === 0 || runs.length > MAX_RUNS_PER_START) {
        return bad(`start needs runs: an array of 1 to ${MAX_RUNS_PER_START} { runId, config, backend? }`);
      }
      for (let i = 0; i < runs.length; i++) {
        const run: unknown = runs[i];
        if (!isRec(run) || !isString(own(run, 'runId')) || !isRec(own(run, 'config'))) {
          return bad(`start.runs[${i}] must be { runId: string, config: object, backend? }`);
        }
        const backend = own(run, 'backend');
        if (backend !== undefined && !isRequest(backend)) {
          return bad(`start.runs[${i}].backend must be 'auto' or one of ${BACKEND_NAMES.join(', ')}`);
        }
      }
      if (!isOptionalBoolean(own(m, 'allowFallbackAdapter'))) return bad('start.allowFallbackAdapter must be a boolean');
      return { ok: true };
    }
    case 'probe': {
      const backend = own(m, 'backend');
      if (backend !== undefined && !isRequest(backend)) return bad(`probe.backend must be 'auto' or one of ${BACKEND_NAMES.join(', ')}`);
      if (!isOptionalBoolean(own(m, 'allowFallbackAdapter'))) return bad('probe.allowFallbackAdapter must be a boolean');
      return { ok: true };
    }
    case 'pause':
    case 'resume':
    case 'step':
      return { ok: true };
    case 'stop': {
      const runId = own(m, 'runId');
      return runId === undefined || isString(runId) ? { ok: true } : bad('stop.runId must be a string (or absent to stop every run)');
    }
    case 'lr-find': {
      if (!isString(own(m, 'runId')) || !isRec(own(m, 'config')))
        return bad('lr-find needs { runId: string, config: object, options?, backend? }');
      const options = own(m, 'options');
      if (options !== undefined && !isRec(options)) return bad('lr-find.options must be an object (checked in full by the test itself)');
      const backend = own(m, 'backend');
      if (backend !== undefined && !isRequest(backend)) return bad(`lr-find.backend must be 'auto' or one of ${BACKEND_NAMES.join(', ')}`);
      if (!isOptionalBoolean(own(m, 'allowFallbackAdapter'))) return bad('lr-find.allowFallbackAdapter must be a boolean');
      return { ok: true };
    }
    default:
      return bad(
        `Unknown command type ${JSON.stringify(String(own(m, 'type')))}; expected start, probe, pause, resume, step, stop or lr-find`,
      );
  }
}

function isMetrics(x: unknown): x is EpochMetrics {
  if (!isRec(x)) return false;
  const momentum = own(x, 'momentum');
  return (
    Number.isInteger(own(x, 'epoch')) &&
    ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr'].every((k) => isNumber(own(x, k))) &&
    isFiniteNumber(own(x, 'seconds')) &&
    (momentum === undefined || isNumber(momentum))
  );
}

function isSummary(x: unknown): x is RunSummary {
  if (!isRec(x)) return false;
  const numbers = (a: unknown): boolean => Array.isArray(a) && a.every(isNumber);
  const momentum = own(x, 'appliedMomentum');
  const diverged = own(x, 'diverged');
  const stopped = own(x, 'stopped');
  return (
    // A summary with epochs in it resends history: refused, so the worker cannot drift into doing it.
    !Object.hasOwn(x, 'epochs') &&
    numbers(own(x, 'appliedLr')) &&
    (momentum === undefined || numbers(momentum)) &&
    isString(own(x, 'initialWeightsHash')) &&
    isString(own(x, 'batchOrderHash')) &&
    isBackend(own(x, 'backend')) &&
    (stopped === undefined || typeof stopped === 'boolean') &&
    (diverged === undefined ||
      (isRec(diverged) &&
        Number.isInteger(own(diverged, 'epoch')) &&
        Number.isInteger(own(diverged, 'step')) &&
        isNumber(own(diverged, 'lr'))))
  );
}

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const isProbability = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x <= 1;
/** The class counts the engine produces (synthetic sets have up to 8, image sets 10); predicted is a Uint8Array. */
const MAX_CLASSES = 255;

function isGrid(x: unknown): x is BoundaryGrid {
  if (!isRec(x)) return false;
  const extent = own(x, 'extent');
  if (!isRec(extent)) return false;
  const [xMin, xMax, yMin, yMax] = ['xMin', 'xMax', 'yMin', 'yMax'].map((k) => own(extent, k));
  if (![xMin, xMax, yMin, yMax].every(isFiniteNumber) || !((xMin as number) < (xMax as number)) || !((yMin as number) < (yMax as number))) {
    return false;
  }
  const size = own(x, 'size');
  const classes = own(x, 'classes');
  const predicted = own(x, 'predicted');
  const confidence = own(x, 'confidence');
  if (!Number.isInteger(size) || (size as number) < BOUNDARY_SIZE_RANGE.min || (size as number) > BOUNDARY_SIZE_RANGE.max) return false;
  if (!Number.isInteger(classes) || (classes as number) < 2 || (classes as number) > MAX_CLASSES) return false;
  const cells = (size as number) ** 2;
  if (!(predicted instanceof Uint8Array) || predicted.length !== cells) return false;
  if (!(confidence instanceof Float32Array) || confidence.length !== cells) return false;
  for (let i = 0; i < cells; i++) {
    if ((predicted[i] as number) >= (classes as number) || !isProbability(confidence[i])) return false;
  }
  return true;
}

function isEvaluation(x: unknown): x is Evaluation {
  if (!isRec(x)) return false;
  const confusion = own(x, 'confusion');
  const misclassified = own(x, 'misclassified');
  const width = own(x, 'width');
  const height = own(x, 'height');
  if (!Number.isInteger(width) || (width as number) < 1 || !Number.isInteger(height) || (height as number) < 1) return false;
  if (!Array.isArray(confusion) || confusion.length < 2 || confusion.length > MAX_CLASSES) return false;
  const k = confusion.length;
  if (!confusion.every((row: unknown) => Array.isArray(row) && row.length === k && row.every(isCount))) return false;
  if (!Array.isArray(misclassified) || misclassified.length > MAX_MISCLASSIFIED) return false;
  const pixels = (width as number) * (height as number);
  const isClass = (c: unknown) => Number.isInteger(c) && (c as number) >= 0 && (c as number) < k;
  return misclassified.every((m: unknown) => {
    if (!isRec(m)) return false;
    const label = own(m, 'label');
    const predicted = own(m, 'predicted');
    const image = own(m, 'pixels');
    return (
      isClass(label) &&
      isClass(predicted) &&
      label !== predicted &&
      isProbability(own(m, 'confidence')) &&
      image instanceof Float32Array &&
      image.length === pixels &&
      image.every((p) => p >= 0 && p <= 1)
    );
  });
}

const isNumbers = (a: unknown): a is number[] => Array.isArray(a) && a.every(isNumber);
const isOptionalNumber = (x: unknown): boolean => x === null || isNumber(x);

function isLrRangeTest(x: unknown): x is LrRangeTest {
  if (!isRec(x)) return false;
  const lrs = own(x, 'lrs');
  const losses = own(x, 'losses');
  const raw = own(x, 'rawLosses');
  const suggestions = own(x, 'suggestions');
  const markers = own(x, 'markers');
  const options = own(x, 'options');
  if (!isNumbers(lrs) || !isNumbers(losses) || !isNumbers(raw) || losses.length !== lrs.length || raw.length !== lrs.length) return false;
  if (!isRec(suggestions) || !isRec(markers) || !isRec(options)) return false;
  const marker = (m: unknown) => m === null || (isRec(m) && isNumber(own(m, 'lr')) && isNumber(own(m, 'loss')));
  return (
    LR_SUGGESTIONS.every((k) => isOptionalNumber(own(suggestions, k)) && marker(own(markers, k))) &&
    isFiniteNumber(own(options, 'startLr')) &&
    isFiniteNumber(own(options, 'endLr')) &&
    Number.isInteger(own(options, 'numIter')) &&
    (LR_SWEEP_MODES as readonly unknown[]).includes(own(options, 'mode')) &&
    (LR_CONVENTIONS as readonly unknown[]).includes(own(options, 'convention')) &&
    ['completed', 'diverged', 'non-finite', 'stopped'].includes(own(x, 'end') as string) &&
    isBackend(own(x, 'backend')) &&
    isString(own(x, 'initialWeightsHash'))
  );
}

export function checkWorkerEvent(x: unknown): GuardResult {
  return guarded(() => eventShape(x));
}

function eventShape(x: unknown): GuardResult {
  const v = version(x);
  if (!v.ok) return v;
  const m = x as Rec;
  const type = own(m, 'type') as WorkerEventType;
  const runId = isString(own(m, 'runId'));
  const good = (valid: boolean, shape: string): GuardResult =>
    valid ? { ok: true } : { ok: false, message: `A '${type}' event must be ${shape}` };
  switch (type) {
    case 'backend-ready':
      return good(
        isRequest(own(m, 'requested')) &&
          isBackend(own(m, 'backend')) &&
          isString(own(m, 'reason')) &&
          isStrings(own(m, 'notices')) &&
          isStrings(own(m, 'runIds')),
        `{ requested: 'auto' | backend, backend: ${BACKEND_NAMES.join(' | ')}, reason: string, notices: string[], runIds: string[] }`,
      );
    case 'epoch':
      return good(runId && isMetrics(own(m, 'metrics')), '{ runId, metrics: EpochMetrics }');
    case 'batch':
      return good(runId && Number.isInteger(own(m, 'step')) && isNumber(own(m, 'loss')), '{ runId, step: integer, loss: number }');
    case 'boundary': {
      const epoch = own(m, 'epoch');
      return good(
        runId && Number.isInteger(epoch) && (epoch as number) >= -1 && isGrid(own(m, 'grid')),
        '{ runId, epoch: integer ≥ −1, grid: BoundaryGrid (predicted: Uint8Array and confidence in [0, 1]: Float32Array, size² each) }',
      );
    }
    case 'evaluation':
      return good(
        runId && isEvaluation(own(m, 'evaluation')),
        '{ runId, evaluation: { confusion: k × k counts, misclassified: up to 8 { label, predicted, confidence, pixels: Float32Array }, width, height } }',
      );
    case 'done':
      return good(
        runId && isSummary(own(m, 'result')) && (own(m, 'tensors') === undefined || isCount(own(m, 'tensors'))),
        '{ runId, result: the run summary without epochs, tensors?: a count }',
      );
    case 'diverged':
      return good(
        runId &&
          Number.isInteger(own(m, 'epoch')) &&
          Number.isInteger(own(m, 'step')) &&
          isNumber(own(m, 'lr')) &&
          isString(own(m, 'reason')),
        '{ runId, epoch, step, lr, reason }',
      );
    case 'lr-find-step':
      return good(
        runId && Number.isInteger(own(m, 'i')) && isNumber(own(m, 'lr')) && isNumber(own(m, 'loss')),
        '{ runId, i: integer, lr: number, loss: number }',
      );
    case 'lr-find-done':
      return good(
        runId && isLrRangeTest(own(m, 'result')) && (own(m, 'tensors') === undefined || isCount(own(m, 'tensors'))),
        '{ runId, result: LrRangeTest (lrs, losses, rawLosses of one length; suggestions; markers; options; end; backend), tensors?: a count }',
      );
    case 'failed': {
      const id = own(m, 'runId');
      return good((id === undefined || isString(id)) && isString(own(m, 'message')), '{ runId?, message: string }');
    }
    default:
      return { ok: false, message: `Unknown event type ${JSON.stringify(String(own(m, 'type')))}` };
  }
}

/** Never throws: a message that throws while read (a getter, a Proxy) is refused like any malformed one. */
function guarded(check: () => GuardResult): GuardResult {
  try {
    return check();
  } catch {
    return { ok: false, message: 'The message could not be read' };
  }
}

export function isWorkerCommand(x: unknown): x is WorkerCommand {
  return checkWorkerCommand(x).ok;
}

export function isWorkerEvent(x: unknown): x is WorkerEvent {
  return checkWorkerEvent(x).ok;
}
