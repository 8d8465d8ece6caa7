import { describe, expect, it } from 'vitest';
import { createTrainingClient, type WorkerLike } from './client';
import type { WorkerEvent } from './protocol';
import type { TrainingConfig } from './types';

const config = {
  dataset: { name: 'moons' },
  model: { kind: 'mlp', hidden: [8], activation: 'relu' },
  init: 'torch_default',
  optimizer: { kind: 'SGD', lr: 0.1 },
  schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 5 } },
  epochs: 2,
  batchSize: 16,
  seed: 0,
} satisfies TrainingConfig;

class FakeWorker implements WorkerLike {
  readonly sent: unknown[] = [];
  terminated = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  postMessage(message: unknown): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.sent.push(structuredClone(message));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: 'message' | 'error' | 'messageerror', init: Record<string, unknown> = {}): void {
    const event = Object.assign(new Event(type), init);
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
  reply(event: unknown): void {
    this.fire('message', { data: event });
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = createTrainingClient({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  const events: WorkerEvent[] = [];
  client.subscribe((e) => events.push(e));
  return { client, workers, events };
}

const done = (runId: string): WorkerEvent => ({
  v: 1,
  type: 'done',
  runId,
  result: { appliedLr: [0.1], initialWeightsHash: 'a', batchOrderHash: 'b', backend: 'cpu' },
});

describe('training client', () => {
  it('starts the worker lazily and sends versioned commands', () => {
    const { client, workers } = setup();
    client.pause();
    client.stop();
    expect(workers).toHaveLength(0);
    client.start([{ runId: 'a', config, backend: 'wasm' }], { allowFallbackAdapter: true });
    client.probe('webgl');
    client.pause();
    client.step();
    client.resume();
    client.stop('a');
    client.stop();
    expect(workers).toHaveLength(1);
    expect(workers[0]?.sent).toEqual([
      { v: 1, type: 'start', runs: [{ runId: 'a', config, backend: 'wasm' }], allowFallbackAdapter: true },
      { v: 1, type: 'probe', backend: 'webgl' },
      { v: 1, type: 'pause' },
      { v: 1, type: 'step' },
      { v: 1, type: 'resume' },
      { v: 1, type: 'stop', runId: 'a' },
      { v: 1, type: 'stop' },
    ]);
  });

  it('passes valid events on, by type too, and tracks active runs until done or failed', () => {
    const { client, workers, events } = setup();
    const epochs: number[] = [];
    const off = client.on('epoch', (e) => epochs.push(e.metrics.epoch));
    client.start([
      { runId: 'a', config },
      { runId: 'b', config },
    ]);
    const w = workers[0] as FakeWorker;
    w.reply({ v: 1, type: 'backend-ready', requested: 'auto', backend: 'cpu', reason: 'CPU', notices: [], runIds: ['a', 'b'] });
    w.reply({
      v: 1,
      type: 'epoch',
      runId: 'a',
      metrics: { epoch: 0, loss: 1, accuracy: 0, val_loss: 1, val_accuracy: 0, lr: 0.1, seconds: 0.1 },
    });
    expect(client.activeRuns()).toEqual(['a', 'b']);
    w.reply(done('a'));
    w.reply({ v: 1, type: 'failed', runId: 'b', message: 'optimizer.lr: bad' });
    expect(client.activeRuns()).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['backend-ready', 'epoch', 'done', 'failed']);
    expect(epochs).toEqual([0]);
    off();
    w.reply({
      v: 1,
      type: 'epoch',
      runId: 'a',
      metrics: { epoch: 1, loss: 1, accuracy: 0, val_loss: 1, val_accuracy: 0, lr: 0.1, seconds: 0.1 },
    });
    expect(epochs).toEqual([0]);
  });

  it('passes boundary and evaluation events on (typed arrays intact) and refuses malformed ones', () => {
    const { client, workers, events } = setup();
    client.step();
    expect(workers).toHaveLength(0);
    client.start([{ runId: 'a', config }]);
    const w = workers[0] as FakeWorker;
    const grid = {
      extent: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
      size: 2,
      classes: 2,
      predicted: Uint8Array.of(0, 1, 1, 0),
      confidence: Float32Array.of(0.5, 0.75, 1, 0.6),
    };
    const evaluation = {
      confusion: [
        [2, 1],
        [0, 3],
      ],
      misclassified: [{ label: 0, predicted: 1, confidence: 0.8, pixels: Float32Array.of(0, 1) }],
      width: 1,
      height: 2,
    };
    const boundaries: number[] = [];
    client.on('boundary', (e) => boundaries.push(e.epoch));
    w.reply(structuredClone({ v: 1, type: 'boundary', runId: 'a', epoch: -1, grid }));
    w.reply(structuredClone({ v: 1, type: 'evaluation', runId: 'a', evaluation }));
    w.reply({ v: 1, type: 'boundary', runId: 'a', epoch: 0, grid: { ...grid, predicted: [0, 1, 1, 0] } });
    expect(boundaries).toEqual([-1]);
    expect(events.map((e) => e.type)).toEqual(['boundary', 'evaluation', 'failed']);
    const first = events[0];
    expect(first?.type === 'boundary' && first.grid.confidence).toEqual(grid.confidence);
    expect(first?.type === 'boundary' && first.grid.predicted).toBeInstanceOf(Uint8Array);
    expect(events[2]).toMatchObject({ message: expect.stringContaining("A 'boundary' event must be") });
    // Neither ends the run.
    expect(client.activeRuns()).toEqual(['a']);
  });

  it('turns a malformed event into failed and keeps going', () => {
    const { client, workers, events } = setup();
    client.start([{ runId: 'a', config }]);
    const w = workers[0] as FakeWorker;
    w.reply({ v: 2, type: 'done' });
    w.reply({ v: 1, type: 'batch', runId: 'a', step: 0.5, loss: 1 });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'failed', message: expect.stringContaining('Protocol version mismatch') });
    expect(events[1]).toMatchObject({ type: 'failed', message: expect.stringContaining("A 'batch' event must be") });
    expect(client.activeRuns()).toEqual(['a']);
    expect(w.terminated).toBe(false);
    w.reply(done('a'));
    expect(client.activeRuns()).toEqual([]);
  });

  it('a worker error fails the active runs, terminates the worker, and the next start gets a fresh one', () => {
    const { client, workers, events } = setup();
    client.start([
      { runId: 'a', config },
      { runId: 'b', config },
    ]);
    const first = workers[0] as FakeWorker;
    first.reply(done('a'));
    first.fire('error', { message: 'Uncaught RangeError: Array buffer allocation failed' });
    expect(first.terminated).toBe(true);
    expect(events.slice(1)).toEqual([
      {
        v: 1,
        type: 'failed',
        runId: 'b',
        message: 'The training worker stopped with an error: Uncaught RangeError: Array buffer allocation failed',
      },
    ]);
    // Late messages from the dead worker are ignored.
    first.reply(done('b'));
    expect(events).toHaveLength(2);
    // Stop has nothing to stop; start makes a new worker.
    client.stop();
    expect(workers).toHaveLength(1);
    client.start([{ runId: 'c', config }]);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.sent).toEqual([{ v: 1, type: 'start', runs: [{ runId: 'c', config }] }]);
  });

  it('a messageerror also restarts the worker; an error without runs is still reported', () => {
    const { client, workers, events } = setup();
    client.probe();
    (workers[0] as FakeWorker).fire('messageerror');
    expect(events).toEqual([{ v: 1, type: 'failed', message: 'The training worker sent a message that could not be read (deserialised)' }]);
    expect(workers[0]?.terminated).toBe(true);
    client.probe();
    expect(workers).toHaveLength(2);
  });

  it('a run that cannot be sent fails at once; one listener that throws does not starve the others', () => {
    const { client, events } = setup();
    const seen: string[] = [];
    client.subscribe(() => {
      throw new Error('listener bug');
    });
    client.subscribe((e) => seen.push(e.type));
    const original = console.error;
    console.error = () => {};
    try {
      client.start([{ runId: 'x', config: { ...config, seed: (() => 0) as unknown as number } }]);
    } finally {
      console.error = original;
    }
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'failed', runId: 'x', message: expect.stringContaining("Could not send 'start'") });
    expect(seen).toEqual(['failed']);
    expect(client.activeRuns()).toEqual([]);
  });

  it('dispose terminates the worker', () => {
    const { client, workers } = setup();
    client.start([{ runId: 'a', config }]);
    client.dispose();
    expect(workers[0]?.terminated).toBe(true);
    expect(client.activeRuns()).toEqual([]);
  });
});
