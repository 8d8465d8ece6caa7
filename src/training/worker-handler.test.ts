import { describe, expect, it } from 'vitest';
import type { BackendChoice } from './backends';
import { selectBackend } from './backends';
import { BATCH_EVENT_INTERVAL_MS, checkWorkerEvent, type WorkerEvent } from './protocol';
import { fail, ok, type Result } from './result';
import { lrRangeTest } from './lr-finder';
import { train } from './train';
import type { BackendName, RunResult, TrainingConfig } from './types';
import { createWorkerHandler, type HandlerDeps, type TrainOptions } from './worker-handler';

const config = {
  dataset: { name: 'moons', samples: 100 },
  model: { kind: 'mlp', hidden: [8], activation: 'relu' },
  init: 'torch_default',
  optimizer: { kind: 'SGD', lr: 0.1 },
  schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 5 } },
  epochs: 2,
  batchSize: 16,
  seed: 0,
} satisfies TrainingConfig;

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * A fake train: `batches` steps per epoch, a manual clock advanced by `msPerBatch` per step, yields between
 * batches like the real loop, honours the signal and the pause. It records which backend each call ran on.
 */
function fakeDeps(opts: { batches?: number; msPerBatch?: number; diverge?: boolean } = {}) {
  let clock = 0;
  let current: BackendName = 'cpu';
  const log: string[] = [];
  const deps: HandlerDeps = {
    now: () => clock,
    async selectBackend(request): Promise<Result<BackendChoice>> {
      if (request === 'webgpu') return fail({ path: 'backend', message: 'No tfjs backend could start: webgpu exploded' });
      current = request === 'auto' ? 'wasm' : request;
      return ok({ backend: current, reason: `because ${request}`, notices: request === 'webgl' ? ['webgl: a notice'] : [] });
    },
    async train(c: TrainingConfig, o: TrainOptions = {}): Promise<Result<RunResult>> {
      const name = (c as { tag?: string }).tag ?? '?';
      if (c.optimizer.lr <= 0) return fail({ path: 'optimizer.lr', message: 'must be a number in (0, 10]' });
      const choice = await deps.selectBackend(o.backend ?? 'auto', {});
      if (!choice.ok) return choice;
      const backend = choice.value.backend;
      const epochs: RunResult['epochs'] = [];
      let step = 0;
      const result = (extra: Partial<RunResult> = {}): Result<RunResult> =>
        ok({ epochs, appliedLr: epochs.map(() => 0.1), initialWeightsHash: 'w', batchOrderHash: 'b', backend, ...extra });
      for (let epoch = 0; epoch < c.epochs; epoch++) {
        for (let b = 0; b < (opts.batches ?? 5); b++) {
          await o.waitWhilePaused?.();
          if (o.signal?.aborted) return result({ stopped: true });
          log.push(`${name}@${current}`);
          clock += opts.msPerBatch ?? 30;
          const loss = opts.diverge && step === 3 ? Number.NaN : 1 / (step + 1);
          o.onBatch?.(step, loss);
          if (opts.diverge && step === 3) return result({ diverged: { epoch, step, lr: 0.1 } });
          step++;
          await tick();
        }
        const m = { epoch, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, lr: 0.1, seconds: 0.01 };
        epochs.push(m);
        o.onEpoch?.(m);
      }
      return result();
    },
  };
  return { deps, log };
}

/** `tagged`: the fake train reads a `tag` in the config to log which run ran where (the real one refuses it). */
function setup(deps: HandlerDeps, tagged = true) {
  const events: WorkerEvent[] = [];
  const handler = createWorkerHandler((e) => events.push(structuredClone(e)), deps);
  const start = (runs: { runId: string; tag?: string; lr?: number; backend?: BackendName | 'auto' }[], extra = {}) =>
    handler.handle({
      v: 1,
      type: 'start',
      runs: runs.map((r) => ({
        runId: r.runId,
        config: { ...config, ...(tagged ? { tag: r.tag ?? r.runId } : {}), optimizer: { kind: 'SGD', lr: r.lr ?? 0.1 } },
        ...(r.backend ? { backend: r.backend } : {}),
      })),
      ...extra,
    });
  const of = (runId: string) => events.filter((e) => 'runId' in e && e.runId === runId);
  return { events, handler, start, of };
}

describe('worker handler (fake train)', () => {
  it('runs a start: backend-ready, throttled batches plus each epoch’s last, epochs, done without epochs', async () => {
    const { deps } = fakeDeps({ batches: 10, msPerBatch: 30 });
    const { events, handler, start } = setup(deps);
    start([{ runId: 'a' }]);
    await handler.idle();
    expect(events[0]).toEqual({
      v: 1,
      type: 'backend-ready',
      requested: 'auto',
      backend: 'wasm',
      reason: 'because auto',
      notices: [],
      runIds: ['a'],
    });
    const batches = events.filter((e) => e.type === 'batch').map((e) => (e.type === 'batch' ? e.step : -1));
    // Step s ends at 30 (s + 1) ms; one event per 100 ms at most (0, 4, 8, 12, 16), plus each epoch's last (9, 19),
    // which does not restart the window.
    expect(batches).toEqual([0, 4, 8, 9, 12, 16, 19]);
    expect(BATCH_EVENT_INTERVAL_MS).toBe(100);
    // Each epoch event right after its last batch.
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(2);
    expect(types[types.indexOf('epoch') - 1]).toBe('batch');
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type === 'done') {
      expect(done.result).toEqual({ appliedLr: [0.1, 0.1], initialWeightsHash: 'w', batchOrderHash: 'b', backend: 'wasm' });
      expect(Object.hasOwn(done.result, 'epochs')).toBe(false);
    }
  });

  it('runs sharing a backend interleave; different backends run one group after the other', async () => {
    const { deps, log } = fakeDeps({ batches: 2 });
    const { events, handler, start } = setup(deps);
    start([
      { runId: 'a', backend: 'cpu' },
      { runId: 'b', backend: 'webgl' },
      { runId: 'c', backend: 'cpu' },
    ]);
    await handler.idle();
    // a and c together on cpu, then b on webgl; never a run on a backend it did not ask for.
    expect(log).toEqual([
      'a@cpu',
      'c@cpu',
      'a@cpu',
      'c@cpu',
      'a@cpu',
      'c@cpu',
      'a@cpu',
      'c@cpu',
      'b@webgl',
      'b@webgl',
      'b@webgl',
      'b@webgl',
    ]);
    const ready = events.filter((e) => e.type === 'backend-ready');
    expect(ready).toEqual([
      { v: 1, type: 'backend-ready', requested: 'cpu', backend: 'cpu', reason: 'because cpu', notices: [], runIds: ['a', 'c'] },
      {
        v: 1,
        type: 'backend-ready',
        requested: 'webgl',
        backend: 'webgl',
        reason: 'because webgl',
        notices: ['webgl: a notice'],
        runIds: ['b'],
      },
    ]);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(3);
  });

  it('a start with the running request joins it at once', async () => {
    const { deps, log } = fakeDeps({ batches: 3 });
    const { handler, start } = setup(deps);
    start([{ runId: 'a' }]);
    await tick();
    start([{ runId: 'b' }]);
    await handler.idle();
    expect(log.indexOf('b@wasm')).toBeLessThan(log.lastIndexOf('a@wasm'));
  });

  it('a bad config fails that run only; a duplicate id is refused', async () => {
    const { deps } = fakeDeps({ batches: 1 });
    const { handler, start, of } = setup(deps);
    start([{ runId: 'a', lr: -1 }, { runId: 'b' }, { runId: 'b' }]);
    await handler.idle();
    expect(of('a')).toEqual([{ v: 1, type: 'failed', runId: 'a', message: 'optimizer.lr: must be a number in (0, 10]' }]);
    expect(of('b').filter((e) => e.type === 'failed')).toEqual([
      { v: 1, type: 'failed', runId: 'b', message: 'A run with id "b" is already running' },
    ]);
    expect(of('b').at(-1)?.type).toBe('done');
  });

  it('a backend that cannot start fails its runs', async () => {
    const { deps } = fakeDeps();
    const { handler, start, of } = setup(deps);
    start([{ runId: 'g', backend: 'webgpu' }]);
    await handler.idle();
    expect(of('g')).toEqual([{ v: 1, type: 'failed', runId: 'g', message: 'backend: No tfjs backend could start: webgpu exploded' }]);
  });

  it('stop ends a running run with stopped: true; a queued run is dropped; a new start then runs', async () => {
    const { deps } = fakeDeps({ batches: 50 });
    const { handler, start, of, events } = setup(deps);
    start([
      { runId: 'a', backend: 'cpu' },
      { runId: 'q', backend: 'wasm' },
    ]);
    await tick();
    await tick();
    handler.handle({ v: 1, type: 'stop', runId: 'q' });
    expect(of('q')).toEqual([
      { v: 1, type: 'failed', runId: 'q', message: 'Stopped before it started (it was waiting for the runs on another backend)' },
    ]);
    handler.handle({ v: 1, type: 'stop' });
    await handler.idle();
    const done = of('a').at(-1);
    expect(done?.type === 'done' && done.result.stopped).toBe(true);
    expect(events.filter((e) => e.type === 'backend-ready')).toHaveLength(1);
    start([{ runId: 'a' }]);
    await handler.idle();
    const again = of('a').at(-1);
    expect(again?.type === 'done' && again.result.stopped).toBeUndefined();
  });

  it('pause holds every run between batches; resume continues; stop ends a paused run', async () => {
    const { deps, log } = fakeDeps({ batches: 20 });
    const { handler, start, of } = setup(deps);
    start([{ runId: 'a' }, { runId: 'b' }]);
    await tick();
    handler.handle({ v: 1, type: 'pause' });
    await tick();
    const atPause = log.length;
    for (let i = 0; i < 5; i++) await tick();
    expect(log.length).toBe(atPause);
    handler.handle({ v: 1, type: 'resume' });
    await tick();
    await tick();
    expect(log.length).toBeGreaterThan(atPause);
    handler.handle({ v: 1, type: 'pause' });
    await tick();
    handler.handle({ v: 1, type: 'stop', runId: 'a' });
    await tick();
    const a = of('a').at(-1);
    expect(a?.type === 'done' && a.result.stopped).toBe(true);
    expect(of('b').some((e) => e.type === 'done')).toBe(false);
    handler.handle({ v: 1, type: 'resume' });
    await handler.idle();
    expect(of('b').at(-1)?.type).toBe('done');
  });

  it('diverged comes before done, with the step and the lr', async () => {
    const { deps } = fakeDeps({ diverge: true });
    const { handler, start, of } = setup(deps);
    start([{ runId: 'd' }]);
    await handler.idle();
    const tail = of('d').slice(-2);
    expect(tail[0]).toMatchObject({ type: 'diverged', epoch: 0, step: 3, lr: 0.1 });
    expect(tail[0]?.type === 'diverged' && tail[0].reason).toContain('the loss was NaN at step 3');
    expect(tail[1]?.type === 'done' && tail[1].result.diverged).toEqual({ epoch: 0, step: 3, lr: 0.1 });
  });

  it('a probe answers backend-ready with no runs, in its turn', async () => {
    const { deps } = fakeDeps({ batches: 2 });
    const { handler, events, start } = setup(deps);
    start([{ runId: 'a', backend: 'cpu' }]);
    handler.handle({ v: 1, type: 'probe', backend: 'webgl' });
    handler.handle({ v: 1, type: 'probe', backend: 'cpu' });
    await handler.idle();
    const ready = events
      .filter((e) => e.type === 'backend-ready')
      .map((e) => (e.type === 'backend-ready' ? `${e.requested}:${e.runIds.join()}` : ''));
    // The cpu probe joins the running cpu group at once; the webgl one waits for it.
    expect(ready).toEqual(['cpu:a', 'cpu:', 'webgl:']);
    expect(events.findIndex((e) => e.type === 'done')).toBeLessThan(
      events.findIndex((e) => e.type === 'backend-ready' && e.requested === 'webgl'),
    );
  });

  it('a malformed message is reported and the worker keeps going; a train that throws is a failed run', async () => {
    const { deps } = fakeDeps({ batches: 1 });
    const { handler, events, start, of } = setup(deps);
    handler.handle({ v: 1, type: 'explode' });
    handler.handle(null);
    handler.handle({ v: 0, type: 'pause' });
    expect(events.map((e) => e.type === 'failed' && e.message)).toEqual([
      'Unknown command type "explode"; expected start, probe, pause, resume, step, stop or lr-find',
      'A worker message must be an object',
      expect.stringContaining('Protocol version mismatch'),
    ]);
    const throwing: HandlerDeps = {
      ...deps,
      train: async () => {
        throw new Error('kaput');
      },
    };
    const second = setup(throwing);
    second.start([{ runId: 't' }]);
    await second.handler.idle();
    expect(second.of('t')).toEqual([{ v: 1, type: 'failed', runId: 't', message: 'Training failed: kaput' }]);
    start([{ runId: 'ok' }]);
    await handler.idle();
    expect(of('ok').at(-1)?.type).toBe('done');
  });
});

describe('worker handler with the real train (cpu backend)', () => {
  it('a run that diverges stops with diverged; the run beside it goes on to the end', async () => {
    const { handler, start, of } = setup({ train, selectBackend }, false);
    // SGD at lr 10 blows the loss up within a few steps (divergence.ts's rule); lr 0.1 trains normally.
    start([{ runId: 'wild', lr: 10 }, { runId: 'calm' }]);
    await handler.idle();
    const wild = of('wild');
    const diverged = wild.find((e) => e.type === 'diverged');
    expect(diverged).toMatchObject({ type: 'diverged', lr: 10 });
    expect(wild.at(-1)?.type === 'done' && wild.at(-1)).toBeTruthy();
    const calm = of('calm');
    expect(calm.filter((e) => e.type === 'epoch')).toHaveLength(config.epochs);
    expect(calm.some((e) => e.type === 'diverged')).toBe(false);
    expect(calm.at(-1)?.type).toBe('done');
  }, 60_000);

  it('reports the tensor count after each run: back at the baseline once the worker is idle', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const baseline = tf.memory().numTensors;
    const { handler, start, of } = setup({ train, selectBackend, tensorCount: () => tf.memory().numTensors }, false);
    start([{ runId: 'one' }]);
    await handler.idle();
    const done = of('one').at(-1);
    expect(done?.type === 'done' && done.tensors).toBe(baseline);
  }, 60_000);

  it('trains two runs to done, epochs streamed, and fails a bad config with its path', async () => {
    const { events, handler, start, of } = setup({ train, selectBackend }, false);
    start([{ runId: 'a' }, { runId: 'b', lr: 0 }, { runId: 'c', backend: 'cpu' }]);
    await handler.idle();
    const ready = events.filter((e) => e.type === 'backend-ready');
    expect(ready.map((e) => e.type === 'backend-ready' && [e.requested, e.backend, e.runIds])).toEqual([
      ['auto', 'cpu', ['a', 'b']],
      ['cpu', 'cpu', ['c']],
    ]);
    const failed = of('b');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.type === 'failed' && failed[0].message).toMatch(/^optimizer\.lr: /);
    for (const id of ['a', 'c']) {
      expect(
        of(id)
          .filter((e) => e.type === 'epoch')
          .map((e) => e.type === 'epoch' && e.metrics.epoch),
      ).toEqual([0, 1]);
      const done = of(id).at(-1);
      expect(done?.type === 'done' && done.result.backend).toBe('cpu');
    }
    // Same config, same seed, same backend: the same epochs whether a run shared the backend or not.
    const losses = (id: string) => of(id).flatMap((e) => (e.type === 'epoch' ? [e.metrics.loss] : []));
    expect(losses('a')).toEqual(losses('c'));
  }, 60_000);
});

describe('worker handler: step, boundary and evaluation events, one end per run', () => {
  const epochsOf = (events: WorkerEvent[], runId: string) =>
    events.flatMap((e) => (e.type === 'epoch' && e.runId === runId ? [e.metrics.epoch] : []));
  const settle = async (n = 8) => {
    for (let i = 0; i < n; i++) await tick();
  };
  const startLong = (handler: ReturnType<typeof setup>['handler'], ids: string[], epochs = 4) =>
    handler.handle({ v: 1, type: 'start', runs: ids.map((runId) => ({ runId, config: { ...config, epochs, tag: runId } })) });

  it('step, while paused, trains every paused run to the end of its epoch and holds it there again', async () => {
    const { deps, log } = fakeDeps({ batches: 5 });
    const { handler, events } = setup(deps);
    startLong(handler, ['a', 'b']);
    await tick();
    await tick();
    handler.handle({ v: 1, type: 'pause' });
    await settle();
    const held = log.length;
    const before = { a: epochsOf(events, 'a').length, b: epochsOf(events, 'b').length };
    await settle();
    expect(log.length).toBe(held);
    handler.handle({ v: 1, type: 'step' });
    await settle(20);
    // Each run finished the epoch it was in (one more epoch event) and is held again.
    expect(epochsOf(events, 'a')).toHaveLength(before.a + 1);
    expect(epochsOf(events, 'b')).toHaveLength(before.b + 1);
    const afterStep = log.length;
    expect(afterStep).toBeGreaterThan(held);
    await settle(10);
    expect(log.length).toBe(afterStep);
    // Held at an epoch boundary, a step trains one whole epoch: 5 batches per run.
    handler.handle({ v: 1, type: 'step' });
    await settle(20);
    expect(log.length).toBe(afterStep + 10);
    expect(epochsOf(events, 'a')).toHaveLength(before.a + 2);
    expect(events.some((e) => e.type === 'done')).toBe(false);
    handler.handle({ v: 1, type: 'resume' });
    await handler.idle();
    expect(epochsOf(events, 'a')).toEqual([0, 1, 2, 3]);
    expect(epochsOf(events, 'b')).toEqual([0, 1, 2, 3]);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(2);
  });

  it('step does nothing when not paused, and a step on the last epoch lets the run end', async () => {
    const { deps } = fakeDeps({ batches: 3 });
    const { handler, events } = setup(deps);
    handler.handle({ v: 1, type: 'step' });
    expect(events).toEqual([]);
    startLong(handler, ['a'], 2);
    handler.handle({ v: 1, type: 'step' });
    await handler.idle();
    expect(epochsOf(events, 'a')).toEqual([0, 1]);
    expect(events.filter((e) => e.type === 'failed')).toEqual([]);
    // Paused in its last epoch: a step ends the run with done, and the pause ends with it.
    startLong(handler, ['b'], 1);
    await tick();
    handler.handle({ v: 1, type: 'pause' });
    await settle();
    expect(events.some((e) => e.type === 'done' && e.runId === 'b')).toBe(false);
    handler.handle({ v: 1, type: 'step' });
    await handler.idle();
    expect(events.at(-1)).toMatchObject({ type: 'done', runId: 'b' });
    startLong(handler, ['c'], 1);
    await handler.idle();
    expect(events.at(-1)).toMatchObject({ type: 'done', runId: 'c' });
  });

  it('a step right after a paused start (its backend still starting) trains its first epoch', async () => {
    const { deps, log } = fakeDeps({ batches: 4 });
    const { handler, events } = setup(deps);
    startLong(handler, ['a'], 3);
    handler.handle({ v: 1, type: 'pause' });
    handler.handle({ v: 1, type: 'step' });
    await settle(20);
    expect(epochsOf(events, 'a')).toEqual([0]);
    expect(log).toHaveLength(4);
    handler.handle({ v: 1, type: 'stop' });
    await handler.idle();
    expect(events.at(-1)).toMatchObject({ type: 'done', runId: 'a', result: { stopped: true } });
  });

  it('a backend selection that throws fails each of its runs once', async () => {
    const { deps } = fakeDeps();
    const throwing: HandlerDeps = {
      ...deps,
      selectBackend: async () => {
        throw new Error('adapter lost');
      },
    };
    const { handler, start, events } = setup(throwing);
    start([{ runId: 'a' }, { runId: 'b' }]);
    await handler.idle();
    expect(events).toEqual([
      { v: 1, type: 'failed', runId: 'a', message: 'The training worker failed: adapter lost' },
      { v: 1, type: 'failed', runId: 'b', message: 'The training worker failed: adapter lost' },
    ]);
    // The ids are free again.
    const ok = setup(deps);
    ok.start([{ runId: 'a' }]);
    await ok.handler.idle();
    expect(ok.events.at(-1)).toMatchObject({ type: 'done', runId: 'a' });
  });

  it('a stepping run that is stopped stops; resume after a step runs freely', async () => {
    const { deps } = fakeDeps({ batches: 50 });
    const { handler, events, of } = setup(deps);
    startLong(handler, ['a', 'b'], 3);
    await tick();
    handler.handle({ v: 1, type: 'pause' });
    await settle();
    handler.handle({ v: 1, type: 'step' });
    await tick();
    handler.handle({ v: 1, type: 'stop', runId: 'a' });
    await settle();
    expect(of('a').at(-1)).toMatchObject({ type: 'done', result: { stopped: true } });
    handler.handle({ v: 1, type: 'resume' });
    await handler.idle();
    expect(epochsOf(events, 'b')).toEqual([0, 1, 2]);
  });

  it("posts train's boundary and evaluation events, evaluation before done", async () => {
    const { deps } = fakeDeps({ batches: 1 });
    const grid = {
      extent: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
      size: 2,
      classes: 2,
      predicted: Uint8Array.of(0, 1, 1, 0),
      confidence: Float32Array.of(0.5, 0.6, 0.7, 0.8),
    };
    const evaluation = {
      confusion: [
        [1, 0],
        [1, 2],
      ],
      misclassified: [{ label: 1, predicted: 0, confidence: 0.9, pixels: Float32Array.of(0, 1) }],
      width: 2,
      height: 1,
    };
    const inner = deps.train;
    deps.train = async (c, o = {}) => {
      o.onBoundary?.(-1, grid);
      const r = await inner(c, {
        ...o,
        onEpoch: (m) => {
          o.onEpoch?.(m);
          o.onBoundary?.(m.epoch, grid);
        },
      });
      o.onEvaluation?.(evaluation);
      return r;
    };
    const { handler, start, of } = setup(deps);
    start([{ runId: 'a' }]);
    await handler.idle();
    const types = of('a').map((e) => (e.type === 'boundary' ? `boundary ${e.epoch}` : e.type));
    expect(types).toEqual(['boundary -1', 'batch', 'epoch', 'boundary 0', 'batch', 'epoch', 'boundary 1', 'evaluation', 'done']);
    const posted = of('a').find((e) => e.type === 'boundary');
    expect(posted?.type === 'boundary' && posted.grid.predicted).toEqual(grid.predicted);
    expect(checkWorkerEvent(of('a').find((e) => e.type === 'evaluation'))).toEqual({ ok: true });
  });

  it('every run ends with exactly one done or failed: finished, failed, diverged, stopped, queued-then-stopped', async () => {
    const { deps } = fakeDeps({ batches: 20 });
    const { handler, start, events } = setup(deps);
    start([
      { runId: 'ok', backend: 'cpu' },
      { runId: 'bad', lr: -1, backend: 'cpu' },
      { runId: 'stopped', backend: 'cpu' },
      { runId: 'queued', backend: 'wasm' },
      { runId: 'gpu', backend: 'webgpu' },
    ]);
    await tick();
    await tick();
    handler.handle({ v: 1, type: 'stop', runId: 'stopped' });
    handler.handle({ v: 1, type: 'stop', runId: 'queued' });
    handler.handle({ v: 1, type: 'pause' });
    handler.handle({ v: 1, type: 'step' });
    handler.handle({ v: 1, type: 'resume' });
    await handler.idle();
    const diverging = setup(fakeDeps({ diverge: true }).deps);
    diverging.start([{ runId: 'wild' }]);
    await diverging.handler.idle();
    const ends = [...events, ...diverging.events].filter((e) => e.type === 'done' || e.type === 'failed');
    const ids = ends.map((e) => ('runId' in e ? e.runId : undefined));
    expect([...ids].sort()).toEqual(['bad', 'gpu', 'ok', 'queued', 'stopped', 'wild']);
  });

  it('a done that cannot be sent becomes that run’s failed, so the run still ends once', async () => {
    const { deps } = fakeDeps({ batches: 1 });
    const events: WorkerEvent[] = [];
    const handler = createWorkerHandler((e) => {
      if (e.type === 'done') throw new DOMException('could not be cloned', 'DataCloneError');
      events.push(e);
    }, deps);
    handler.handle({ v: 1, type: 'start', runs: [{ runId: 'a', config }] });
    await handler.idle();
    const ends = events.filter((e) => e.type === 'done' || e.type === 'failed');
    expect(ends).toEqual([{ v: 1, type: 'failed', runId: 'a', message: "Could not send a 'done' event: could not be cloned" }]);
  });
});

describe('worker handler with the real train: boundary events', () => {
  it('sends a 2-D run’s boundary before training and after each epoch, valid after cloning', async () => {
    const { handler, start, of } = setup({ train, selectBackend }, false);
    start([{ runId: 'm' }]);
    await handler.idle();
    const boundaries = of('m').filter((e) => e.type === 'boundary');
    expect(boundaries.map((e) => e.type === 'boundary' && e.epoch)).toEqual([-1, 0, 1]);
    for (const e of boundaries) {
      expect(checkWorkerEvent(e)).toEqual({ ok: true });
      expect(e.type === 'boundary' && e.grid.predicted.length).toBe(48 * 48);
    }
    expect(of('m').some((e) => e.type === 'evaluation')).toBe(false);
    expect(of('m').at(-1)?.type).toBe('done');
  }, 60_000);
});

describe('worker handler: lr-find (the real LR range test, cpu backend)', () => {
  const lrFind = (handler: { handle(m: unknown): void }, runId: string, options: Record<string, unknown> = {}, extra = {}) =>
    handler.handle({ v: 1, type: 'lr-find', runId, config, options, backend: 'cpu', ...extra });

  it('streams its steps, then one lr-find-done with the result and the tensor count; a run beside it is untouched', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const baseline = tf.memory().numTensors;
    let clock = 0;
    const { handler, start, of } = setup(
      { train, selectBackend, lrRangeTest, tensorCount: () => tf.memory().numTensors, now: () => (clock += 40) },
      false,
    );
    start([{ runId: 'run' }]);
    lrFind(handler, 'lr', { numIter: 30, convention: 'torch-lr-finder', startLr: 1e-4, endLr: 1 });
    await handler.idle();
    const events = of('lr');
    expect(events.every((e) => checkWorkerEvent(e).ok)).toBe(true);
    const steps = events.filter((e) => e.type === 'lr-find-step');
    // Throttled (a step every 40 ms on this clock, events at most every 100 ms), the last one always sent.
    expect(steps.length).toBeGreaterThan(3);
    expect(steps.length).toBeLessThan(30);
    const done = events.at(-1);
    expect(done?.type).toBe('lr-find-done');
    if (done?.type !== 'lr-find-done') return;
    expect(steps.at(-1)).toMatchObject({ i: done.result.lrs.length - 1, lr: done.result.lrs.at(-1) });
    expect(done.result.options).toMatchObject({ numIter: 30, convention: 'torch-lr-finder' });
    expect(done.tensors).toBe(baseline);
    expect(of('run').at(-1)?.type).toBe('done');
  }, 60_000);

  it('stop ends it early with what ran; bad options fail with their path; a reused id is refused', async () => {
    const { handler, of } = setup({ train, selectBackend, lrRangeTest }, false);
    lrFind(handler, 'bad', { numIter: 2 });
    lrFind(handler, 'long', { numIter: 1000, endLr: 1e-3 });
    lrFind(handler, 'long', {});
    await tick();
    handler.handle({ v: 1, type: 'stop', runId: 'long' });
    await handler.idle();
    expect(of('bad')).toEqual([expect.objectContaining({ type: 'failed', message: expect.stringMatching(/^options\.numIter: /) })]);
    const long = of('long');
    expect(long.filter((e) => e.type === 'failed').map((e) => e.type === 'failed' && e.message)).toEqual([
      'A run with id "long" is already running',
    ]);
    const done = long.at(-1);
    expect(done?.type === 'lr-find-done' && done.result.end).toBe('stopped');
    expect(done?.type === 'lr-find-done' && done.result.lrs.length).toBeLessThan(1000);
  }, 60_000);

  it('a worker without the test says so', async () => {
    const { handler, of } = setup({ train, selectBackend }, false);
    lrFind(handler, 'x');
    await handler.idle();
    expect(of('x')).toEqual([expect.objectContaining({ type: 'failed', message: 'This worker cannot run an LR range test' })]);
  });
});
