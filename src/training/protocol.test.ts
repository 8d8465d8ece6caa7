import { describe, expect, it } from 'vitest';
import {
  assertNever,
  checkWorkerCommand,
  checkWorkerEvent,
  isWorkerCommand,
  isWorkerEvent,
  PROTOCOL_VERSION,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';
import type { BoundaryGrid, EpochMetrics, Evaluation, TrainingConfig } from './types';
import type { LrRangeTest } from './lr-range';

const config = {
  dataset: { name: 'moons' },
  model: { kind: 'mlp', hidden: [16], activation: 'relu' },
  init: 'torch_default',
  optimizer: { kind: 'SGD', lr: 0.1 },
  schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 5 } },
  epochs: 3,
  batchSize: 16,
  seed: 0,
} satisfies TrainingConfig;

const metrics: EpochMetrics = { epoch: 0, loss: 0.7, accuracy: 0.5, val_loss: 0.69, val_accuracy: 0.55, lr: 0.1, seconds: 0.2 };

const grid: BoundaryGrid = {
  extent: { xMin: -1.5, xMax: 2.5, yMin: -1, yMax: 1.5 },
  size: 2,
  classes: 3,
  predicted: Uint8Array.of(0, 1, 2, 1),
  confidence: Float32Array.of(0.5, 1, 0.34, 0.9),
};

const evaluation: Evaluation = {
  confusion: [
    [3, 1],
    [0, 4],
  ],
  misclassified: [{ label: 0, predicted: 1, confidence: 0.75, pixels: Float32Array.of(0, 0.5, 1, 0.25) }],
  width: 2,
  height: 2,
};

const commands: WorkerCommand[] = [
  {
    v: 1,
    type: 'start',
    runs: [
      { runId: 'a', config },
      { runId: 'b', config, backend: 'wasm' },
    ],
  },
  { v: 1, type: 'start', runs: [{ runId: 'c', config, backend: 'webgpu' }], allowFallbackAdapter: true },
  { v: 1, type: 'probe' },
  { v: 1, type: 'probe', backend: 'webgl', allowFallbackAdapter: false },
  { v: 1, type: 'pause' },
  { v: 1, type: 'resume' },
  { v: 1, type: 'step' },
  { v: 1, type: 'stop' },
  { v: 1, type: 'stop', runId: 'a' },
  { v: 1, type: 'lr-find', runId: 'lr-a', config },
  { v: 1, type: 'lr-find', runId: 'lr-b', config, options: { numIter: 50, convention: 'torch-lr-finder' }, backend: 'fused' },
];

const lrTest: LrRangeTest = {
  lrs: [1e-7, 1e-6],
  losses: [2.3, Number.NaN],
  rawLosses: [2.3, Number.NaN],
  suggestions: { valley: 1e-6, steep: null, minimum: 1e-8, slide: null },
  markers: { valley: { lr: 1e-6, loss: 2.3 }, steep: null, minimum: { lr: 1e-7, loss: 2.3 }, slide: null },
  options: { startLr: 1e-7, endLr: 10, numIter: 100, mode: 'exp', convention: 'fastai' },
  end: 'non-finite',
  backend: 'fused',
  initialWeightsHash: 'abc',
};

const events: WorkerEvent[] = [
  { v: 1, type: 'backend-ready', requested: 'auto', backend: 'webgpu', reason: 'WebGPU adapter found', notices: [], runIds: ['a'] },
  {
    v: 1,
    type: 'backend-ready',
    requested: 'webgl',
    backend: 'wasm',
    reason: 'WASM: webgl was requested but could not run',
    notices: ['webgl failed to start: no context; fell back to wasm'],
    runIds: [],
  },
  { v: 1, type: 'epoch', runId: 'a', metrics },
  { v: 1, type: 'epoch', runId: 'a', metrics: { ...metrics, momentum: 0.9, loss: Number.NaN } },
  { v: 1, type: 'batch', runId: 'a', step: 12, loss: 0.4 },
  { v: 1, type: 'boundary', runId: 'a', epoch: -1, grid },
  { v: 1, type: 'boundary', runId: 'a', epoch: 7, grid },
  { v: 1, type: 'evaluation', runId: 'a', evaluation },
  { v: 1, type: 'evaluation', runId: 'a', evaluation: { ...evaluation, misclassified: [] } },
  {
    v: 1,
    type: 'done',
    runId: 'a',
    result: { appliedLr: [0.1, 0.1], initialWeightsHash: 'abc', batchOrderHash: 'def', backend: 'cpu', stopped: true },
  },
  { v: 1, type: 'diverged', runId: 'a', epoch: 2, step: 40, lr: 5, reason: 'loss is NaN' },
  { v: 1, type: 'failed', message: 'no backend' },
  { v: 1, type: 'failed', runId: 'b', message: 'optimizer.lr: must be a number in (0, 10]' },
  { v: 1, type: 'lr-find-step', runId: 'lr-a', i: 3, lr: 1e-5, loss: 2.29 },
  { v: 1, type: 'lr-find-done', runId: 'lr-a', result: lrTest, tensors: 0 },
];

/** The page's side: every event type handled; a missing case is a type error at assertNever. */
function describeEvent(e: WorkerEvent): string {
  switch (e.type) {
    case 'backend-ready':
      return `${e.backend}: ${e.reason}`;
    case 'epoch':
      return `${e.runId} epoch ${e.metrics.epoch}`;
    case 'batch':
      return `${e.runId} step ${e.step}`;
    case 'boundary':
      return `${e.runId} boundary ${e.grid.size}² after epoch ${e.epoch}`;
    case 'evaluation':
      return `${e.runId} evaluation of ${e.evaluation.confusion.length} classes`;
    case 'done':
      return `${e.runId} done on ${e.result.backend}`;
    case 'diverged':
      return `${e.runId} diverged at ${e.step}`;
    case 'lr-find-step':
      return `${e.runId} LR test step ${e.i}`;
    case 'lr-find-done':
      return `${e.runId} LR test done (${e.result.end})`;
    case 'failed':
      return `failed: ${e.message}`;
    default:
      return assertNever(e, 'worker event');
  }
}

/** The worker's side, written as a handler table: `satisfies` makes a missing or extra command a type error. */
const handlers = {
  start: (c) => c.runs.length,
  probe: () => 0,
  pause: () => 0,
  resume: () => 0,
  step: () => 0,
  stop: (c) => (c.runId === undefined ? -1 : 1),
  'lr-find': (c) => c.options?.numIter ?? 100,
} satisfies { [T in WorkerCommand['type']]: (c: Extract<WorkerCommand, { type: T }>) => number };

function handle(c: WorkerCommand): number {
  switch (c.type) {
    case 'start':
      return handlers.start(c);
    case 'probe':
      return handlers.probe();
    case 'pause':
      return handlers.pause();
    case 'resume':
      return handlers.resume();
    case 'step':
      return handlers.step();
    case 'stop':
      return handlers.stop(c);
    case 'lr-find':
      return handlers['lr-find'](c);
    default:
      return assertNever(c, 'worker command');
  }
}

describe('protocol guards', () => {
  it('the version is 1', () => {
    expect(PROTOCOL_VERSION).toBe(1);
  });
  it.each(commands.map((c) => [c.type, c] as const))('accepts the command %s', (_type, c) => {
    expect(checkWorkerCommand(c)).toEqual({ ok: true });
    expect(isWorkerCommand(structuredClone(c))).toBe(true);
    expect(typeof handle(c)).toBe('number');
  });
  it.each(events.map((e) => [e.type, e] as const))('accepts the event %s', (_type, e) => {
    expect(checkWorkerEvent(e)).toEqual({ ok: true });
    expect(isWorkerEvent(structuredClone(e))).toBe(true);
    expect(describeEvent(e)).toBeTypeOf('string');
  });

  it('refuses another version with a clear message', () => {
    const old = checkWorkerCommand({ v: 0, type: 'pause' });
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.message).toContain('Protocol version mismatch: the message is version 0, this side speaks 1');
    const missing = checkWorkerEvent({ type: 'failed', message: 'x' });
    if (!missing.ok) expect(missing.message).toContain('no protocol version');
    expect(isWorkerEvent({ v: 2, type: 'failed', message: 'x' })).toBe(false);
    expect(isWorkerCommand({ v: '1', type: 'pause' })).toBe(false);
  });

  it.each([
    ['null', null],
    ['a string', 'start'],
    ['an array', [{ v: 1, type: 'pause' }]],
    ['unknown type', { v: 1, type: 'reset' }],
    ['start without runs', { v: 1, type: 'start' }],
    ['start with no runs', { v: 1, type: 'start', runs: [] }],
    ['start with too many runs', { v: 1, type: 'start', runs: new Array(1e6).fill({ runId: 'a', config }) }],
    ['a run without an id', { v: 1, type: 'start', runs: [{ config }] }],
    ['a run without a config', { v: 1, type: 'start', runs: [{ runId: 'a' }] }],
    ['an unknown backend', { v: 1, type: 'start', runs: [{ runId: 'a', config, backend: 'cuda' }] }],
    ['stop with a numeric id', { v: 1, type: 'stop', runId: 3 }],
    ['start with a string allowFallbackAdapter', { v: 1, type: 'start', runs: [{ runId: 'a', config }], allowFallbackAdapter: 'yes' }],
    ['probe with an unknown backend', { v: 1, type: 'probe', backend: 'metal' }],
    ['an inherited type', Object.assign(Object.create({ type: 'pause' }), { v: 1 })],
    ['lr-find without a run id', { v: 1, type: 'lr-find', config }],
    ['lr-find without a config', { v: 1, type: 'lr-find', runId: 'a' }],
    ['lr-find with options as a string', { v: 1, type: 'lr-find', runId: 'a', config, options: 'fast' }],
    ['lr-find with an unknown backend', { v: 1, type: 'lr-find', runId: 'a', config, backend: 'tpu' }],
  ])('refuses the command: %s', (_name, raw) => {
    const r = checkWorkerCommand(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['unknown type', { v: 1, type: 'progress' }],
    [
      'backend-ready with a bad backend',
      { v: 1, type: 'backend-ready', requested: 'auto', backend: 'cuda', reason: 'x', notices: [], runIds: [] },
    ],
    ['backend-ready without a reason', { v: 1, type: 'backend-ready', requested: 'auto', backend: 'cpu', notices: [], runIds: [] }],
    ['backend-ready without notices', { v: 1, type: 'backend-ready', requested: 'auto', backend: 'cpu', reason: 'x', runIds: [] }],
    [
      'backend-ready with a bad request',
      { v: 1, type: 'backend-ready', requested: 'gpu', backend: 'cpu', reason: 'x', notices: [], runIds: [] },
    ],
    [
      'backend-ready with a numeric run id',
      { v: 1, type: 'backend-ready', requested: 'cpu', backend: 'cpu', reason: 'x', notices: [], runIds: [1] },
    ],
    ['epoch without metrics', { v: 1, type: 'epoch', runId: 'a' }],
    ['epoch with a metric as a string', { v: 1, type: 'epoch', runId: 'a', metrics: { ...metrics, loss: '0.5' } }],
    ['batch with a fractional step', { v: 1, type: 'batch', runId: 'a', step: 1.5, loss: 0.1 }],
    [
      'done that resends the epochs',
      {
        v: 1,
        type: 'done',
        runId: 'a',
        result: { epochs: [metrics], appliedLr: [], initialWeightsHash: 'a', batchOrderHash: 'b', backend: 'cpu' },
      },
    ],
    ['done without hashes', { v: 1, type: 'done', runId: 'a', result: { appliedLr: [], backend: 'cpu' } }],
    ['diverged without a reason', { v: 1, type: 'diverged', runId: 'a', epoch: 1, step: 2, lr: 3 }],
    ['failed without a message', { v: 1, type: 'failed', runId: 'a' }],
    ['lr-find-step with a fractional step', { v: 1, type: 'lr-find-step', runId: 'a', i: 0.5, lr: 1, loss: 1 }],
    ['lr-find-done with series of different lengths', { v: 1, type: 'lr-find-done', runId: 'a', result: { ...lrTest, losses: [1] } }],
    ['lr-find-done with an unknown end', { v: 1, type: 'lr-find-done', runId: 'a', result: { ...lrTest, end: 'exploded' } }],
    [
      'lr-find-done with a suggestion as a string',
      { v: 1, type: 'lr-find-done', runId: 'a', result: { ...lrTest, suggestions: { ...lrTest.suggestions, valley: '0.1' } } },
    ],
    ['lr-find-done without markers', { v: 1, type: 'lr-find-done', runId: 'a', result: { ...lrTest, markers: undefined } }],
    ['boundary without a run id', { v: 1, type: 'boundary', epoch: 0, grid }],
    ['boundary at epoch −2', { v: 1, type: 'boundary', runId: 'a', epoch: -2, grid }],
    ['boundary at a fractional epoch', { v: 1, type: 'boundary', runId: 'a', epoch: 0.5, grid }],
    ['boundary with predicted as an array', { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, predicted: [0, 1, 2, 1] } }],
    [
      'boundary with predicted as Int32Array',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, predicted: Int32Array.of(0, 1, 2, 1) } },
    ],
    [
      'boundary with confidence as Float64Array',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, confidence: Float64Array.of(0.5, 1, 0.34, 0.9) } },
    ],
    ['boundary with too few cells', { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, size: 3 } }],
    [
      'boundary with a class out of range',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, predicted: Uint8Array.of(0, 1, 3, 1) } },
    ],
    [
      'boundary with a confidence above 1',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, confidence: Float32Array.of(0.5, 1.5, 0.3, 0.9) } },
    ],
    [
      'boundary with a NaN confidence',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, confidence: Float32Array.of(0.5, Number.NaN, 0.3, 0.9) } },
    ],
    [
      'boundary with an empty extent',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, extent: { xMin: 1, xMax: 1, yMin: 0, yMax: 1 } } },
    ],
    [
      'boundary with a missing extent bound',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, extent: { xMin: 0, xMax: 1, yMin: 0 } } },
    ],
    [
      'boundary with one class',
      { v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, classes: 1, predicted: new Uint8Array(4) } },
    ],
    ['evaluation without a run id', { v: 1, type: 'evaluation', evaluation }],
    [
      'evaluation with a ragged confusion matrix',
      { v: 1, type: 'evaluation', runId: 'a', evaluation: { ...evaluation, confusion: [[3, 1], [0]] } },
    ],
    [
      'evaluation with a fractional count',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: {
          ...evaluation,
          confusion: [
            [3, 1.5],
            [0, 4],
          ],
        },
      },
    ],
    [
      'evaluation with a negative count',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: {
          ...evaluation,
          confusion: [
            [3, -1],
            [0, 4],
          ],
        },
      },
    ],
    ['evaluation with a zero width', { v: 1, type: 'evaluation', runId: 'a', evaluation: { ...evaluation, width: 0 } }],
    [
      'evaluation with nine mistakes',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: new Array(9).fill(evaluation.misclassified[0]) },
      },
    ],
    [
      'evaluation with a "mistake" that is right',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: [{ ...evaluation.misclassified[0], predicted: 0 }] },
      },
    ],
    [
      'evaluation with a label out of range',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: [{ ...evaluation.misclassified[0], label: 2 }] },
      },
    ],
    [
      'evaluation with pixels of the wrong size',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: [{ ...evaluation.misclassified[0], pixels: new Float32Array(5) }] },
      },
    ],
    [
      'evaluation with pixels as an array',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: [{ ...evaluation.misclassified[0], pixels: [0, 0, 0, 0] }] },
      },
    ],
    [
      'evaluation with a pixel above 1',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: [{ ...evaluation.misclassified[0], pixels: Float32Array.of(0, 2, 0, 0) }] },
      },
    ],
    [
      'evaluation with a confidence above 1',
      {
        v: 1,
        type: 'evaluation',
        runId: 'a',
        evaluation: { ...evaluation, misclassified: [{ ...evaluation.misclassified[0], confidence: 1.2 }] },
      },
    ],
  ])('refuses the event: %s', (_name, raw) => {
    expect(isWorkerEvent(raw)).toBe(false);
  });

  it('typed arrays survive structured cloning (how postMessage sends them) and still pass', () => {
    const cloned = structuredClone({ v: 1, type: 'boundary', runId: 'a', epoch: 0, grid });
    expect(cloned.grid.predicted).toBeInstanceOf(Uint8Array);
    expect(checkWorkerEvent(cloned)).toEqual({ ok: true });
    expect(checkWorkerEvent(structuredClone({ v: 1, type: 'evaluation', runId: 'a', evaluation }))).toEqual({ ok: true });
  });

  it('says what a bad boundary or evaluation event must be', () => {
    const r = checkWorkerEvent({ v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: {} });
    expect(r.ok === false && r.message).toMatch(/^A 'boundary' event must be \{ runId, epoch/);
    const e = checkWorkerEvent({ v: 1, type: 'evaluation', runId: 'a' });
    expect(e.ok === false && e.message).toMatch(/^A 'evaluation' event must be \{ runId, evaluation/);
    const c = checkWorkerCommand({ v: 1, type: 'rewind' });
    expect(c.ok === false && c.message).toBe('Unknown command type "rewind"; expected start, probe, pause, resume, step, stop or lr-find');
  });

  it('never throws on a message that throws while read', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
      },
    );
    expect(checkWorkerCommand(hostile)).toEqual({ ok: false, message: 'The message could not be read' });
    expect(isWorkerEvent(hostile)).toBe(false);
  });

  it('assertNever throws for a value the types said could not happen', () => {
    expect(() => assertNever({ type: 'reset' } as never, 'worker command')).toThrow("Unhandled worker command: type 'reset'");
  });
});
