import { fromFramework, type ScheduleError } from '../schedules';
import { type ExampleMetricSettings, type Horizon, type Panel, panelCall } from '../state/store';
import { computeOutcome, type PanelOutcome, type PanelSamples } from './outcome';
import { callRunsPython } from './pythonPanels';
import type { SamplingJob, SamplingReply } from './samplingProtocol';

/**
 * Samples the panels that run a user's Python function in a Web Worker, so that no function, however slow, can
 * freeze the page: the interpreter bounds each call's work and each curve's total, and on top of that a job that
 * runs longer than SAMPLING_TIMEOUT_MS is stopped by terminating the worker (a fresh one takes the next job).
 *
 * One job runs at a time. A newer request for the same panel slot replaces a queued one, so dragging a slider
 * on such a panel never builds a backlog. Results are cached per panel value (panels are immutable store values).
 */

export const SAMPLING_TIMEOUT_MS = 4000;

export type SampledCurve = { ok: true; samples: PanelSamples } | { ok: false; error: ScheduleError };

interface Entry {
  horizon: Horizon;
  metric: ExampleMetricSettings;
  result?: SampledCurve;
  waiters: ((result: SampledCurve) => void)[];
}

interface Queued {
  slot: number;
  panel: Panel;
  entry: Entry;
}

const timeoutMessage = (seconds: number) =>
  `The Python function took longer than ${seconds} s to sample over this horizon and was stopped: simplify it, or use fewer epochs or steps per epoch.`;

export class PythonSampler {
  private readonly entries = new WeakMap<Panel, Entry>();
  private readonly queue = new Map<number, Queued>();
  private readonly listeners = new Set<() => void>();
  private worker: Worker | undefined;
  private running: { id: number; job: Queued; timer: ReturnType<typeof setTimeout> } | undefined;
  private nextId = 1;

  constructor(
    private readonly makeWorker: (() => Worker) | undefined,
    private readonly timeoutMs = SAMPLING_TIMEOUT_MS,
  ) {}

  /** The panel's curve if it is ready; otherwise undefined, and the panel is queued (under `slot`). */
  result(slot: number, panel: Panel, horizon: Horizon, metric: ExampleMetricSettings): SampledCurve | undefined {
    const entry = this.entryFor(panel, horizon, metric);
    if (entry.result) return entry.result;
    if (!this.makeWorker) {
      // No Worker here (a test environment): sample in place.
      entry.result = toCurve(computeOutcome(panel, horizon, metric));
      return entry.result;
    }
    if (this.running?.job.entry !== entry) this.queue.set(slot, { slot, panel, entry });
    this.pump();
    return undefined;
  }

  /** The panel's curve, waiting for the worker where it is not ready (Download CSV). */
  whenReady(slot: number, panel: Panel, horizon: Horizon, metric: ExampleMetricSettings): Promise<SampledCurve> {
    const ready = this.result(slot, panel, horizon, metric);
    if (ready) return Promise.resolve(ready);
    const entry = this.entryFor(panel, horizon, metric);
    return new Promise((resolve) => entry.waiters.push(resolve));
  }

  /** Called whenever a result arrives (the page re-renders then). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private entryFor(panel: Panel, horizon: Horizon, metric: ExampleMetricSettings): Entry {
    const hit = this.entries.get(panel);
    if (hit && hit.horizon === horizon && hit.metric === metric) return hit;
    const entry: Entry = { horizon, metric, waiters: [] };
    this.entries.set(panel, entry);
    return entry;
  }

  private pump(): void {
    if (this.running || this.queue.size === 0 || !this.makeWorker) return;
    const [slot, job] = this.queue.entries().next().value as [number, Queued];
    this.queue.delete(slot);
    if (job.entry.result) {
      this.pump();
      return;
    }
    const worker = this.ensureWorker();
    if (!worker) {
      this.finish(job, {
        ok: false,
        error: { message: 'The page could not start its sampling worker, so this Python function cannot be drawn.' },
      });
      return;
    }
    const id = this.nextId++;
    const timer = setTimeout(() => this.overrun(id), this.timeoutMs);
    this.running = { id, job, timer };
    const message: SamplingJob = { id, panel: job.panel, horizon: job.entry.horizon, metric: job.entry.metric };
    worker.postMessage(message);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = (this.makeWorker as () => Worker)();
      worker.onmessage = (event: MessageEvent<SamplingReply>) => this.reply(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.crashed(`The sampling worker failed: ${event.message || 'unknown error'}.`);
      };
      this.worker = worker;
      return worker;
    } catch {
      return undefined;
    }
  }

  private reply(reply: SamplingReply): void {
    const running = this.running;
    if (!running || running.id !== reply.id) return;
    clearTimeout(running.timer);
    this.running = undefined;
    const curve: SampledCurve = reply.ok
      ? {
          ok: true,
          samples: {
            tick: reply.tick,
            needsMetric: reply.needsMetric,
            lr: Array.from(reply.lr),
            ...(reply.momentum ? { momentum: Array.from(reply.momentum) } : {}),
          },
        }
      : { ok: false, error: reply.error };
    this.finish(running.job, curve);
    this.pump();
  }

  private overrun(id: number): void {
    if (this.running?.id !== id) return;
    this.crashed(timeoutMessage(this.timeoutMs / 1000));
  }

  /** The running job fails with `message`; the worker is replaced so the next job starts clean. */
  private crashed(message: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    const running = this.running;
    this.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      this.finish(running.job, { ok: false, error: { message } });
    }
    this.pump();
  }

  private finish(job: Queued, curve: SampledCurve): void {
    job.entry.result = curve;
    for (const resolve of job.entry.waiters.splice(0)) resolve(curve);
    for (const listener of this.listeners) listener();
  }
}

function toCurve(outcome: ReturnType<typeof computeOutcome>): SampledCurve {
  return outcome.ok ? { ok: true, samples: outcome.samples } : { ok: false, error: outcome.error };
}

let pageSampler: PythonSampler | undefined;

/** The page's one sampler (a module worker from our own origin; the CSP allows worker-src 'self'). */
export function pythonSampler(): PythonSampler {
  pageSampler ??= new PythonSampler(
    typeof Worker === 'function' ? () => new Worker(new URL('./sampling.worker.ts', import.meta.url), { type: 'module' }) : undefined,
  );
  return pageSampler;
}

/** Panels are immutable store values: each is built (its function compiled) once, not again per worker reply. */
const built = new WeakMap<Panel, ReturnType<typeof fromFramework>>();

function builtSchedule(panel: Panel): ReturnType<typeof fromFramework> {
  let made = built.get(panel);
  if (!made) {
    try {
      made = fromFramework(panelCall(panel));
    } catch (err) {
      made = { ok: false, error: { message: `Internal error: ${err instanceof Error ? err.message : String(err)}` } };
    }
    built.set(panel, made);
  }
  return made;
}

/**
 * A panel's outcome for the page: computed in place where it runs no Python; otherwise built here (compiling is
 * bounded by the interpreter's per-call budget, and gives the formula and argument errors at once) and sampled
 * by the worker, pending until its curve arrives.
 */
export function livePanelOutcome(
  slot: number,
  panel: Panel,
  horizon: Horizon,
  metric: ExampleMetricSettings,
  sampler: PythonSampler = pythonSampler(),
): PanelOutcome {
  if (!callRunsPython(panel)) return computeOutcome(panel, horizon, metric);
  const made = builtSchedule(panel);
  if (!made.ok) return made;
  const schedule = made.value;
  const curve = sampler.result(slot, panel, horizon, metric);
  if (!curve) return { ok: false, pending: true, error: { message: 'Sampling the Python function…' }, schedule };
  return curve.ok ? { ok: true, samples: curve.samples, schedule } : { ok: false, error: curve.error, schedule };
}

/** The same, waiting for the worker (Download CSV must not export a pending panel as empty). */
export async function settledPanelOutcome(
  slot: number,
  panel: Panel,
  horizon: Horizon,
  metric: ExampleMetricSettings,
): Promise<PanelOutcome> {
  const live = livePanelOutcome(slot, panel, horizon, metric);
  if (live.ok || !live.pending || !live.schedule) return live;
  const curve = await pythonSampler().whenReady(slot, panel, horizon, metric);
  return curve.ok
    ? { ok: true, samples: curve.samples, schedule: live.schedule }
    : { ok: false, error: curve.error, schedule: live.schedule };
}
