import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../training/protocol';
import { importGraph } from '../../training/testing/imports';
// biome-ignore lint/style/noRestrictedImports: the test checks that the session's real runs fit recordOf (the module itself imports nothing from src/ui).
import { applyEvents, beginSession, emptySession, type PanelSnapshot, runsOf, type SeedRun, stopSession } from '../../ui/training/session';
import { defaultTraining } from '../training-settings';
import { parseRunsFile, exportRunsFile } from './file';
import { APP_VERSION, recordOf, type SessionPanel, type SessionRun } from './record';
import { validateRun } from './schema';
import { sampleConfig, sampleEpochs } from './test-fixtures';

// The session's types fit what recordOf reads (a compile-time check: tsc fails here if they drift apart).
const fitsRun = (run: SeedRun): SessionRun => run;
const fitsPanel = (panel: PanelSnapshot): SessionPanel => panel;

const v = PROTOCOL_VERSION;

function endedSession() {
  const config = sampleConfig({ epochs: 3 });
  const planned = [
    { panel: 0, letter: 'A', call: config.schedule, configs: [config, { ...config, seed: 1 }] },
    { panel: 1, letter: 'B', call: config.schedule, configs: [{ ...config, seed: 0 }] },
  ];
  let state = beginSession(emptySession(), planned, 0, { target: 0.95, stepsPerEpoch: 45 });
  const [a0, a1, b0] = ['s1-A-0', 's1-A-1', 's1-B-0'];
  state = applyEvents(
    state,
    [{ v, type: 'backend-ready', requested: 'auto', backend: 'wasm', reason: 'fast', notices: [], runIds: [a0, a1, b0] }],
    1,
  );
  const epochs = sampleEpochs(3);
  state = applyEvents(
    state,
    epochs.flatMap((metrics) => [
      { v, type: 'epoch' as const, runId: a0, metrics },
      { v, type: 'epoch' as const, runId: a1, metrics: { ...metrics, loss: Number.NaN } },
    ]),
    2,
  );
  state = applyEvents(
    state,
    [
      { v, type: 'done', runId: a0, result: { appliedLr: [0.1, 0.09], initialWeightsHash: 'x', batchOrderHash: 'y', backend: 'wasm' } },
      { v, type: 'diverged', runId: a1, epoch: 2, step: 100, lr: 0.1, reason: 'the loss became NaN' },
      {
        v,
        type: 'done',
        runId: a1,
        result: {
          appliedLr: [0.1],
          initialWeightsHash: 'x',
          batchOrderHash: 'y',
          backend: 'wasm',
          diverged: { epoch: 2, step: 100, lr: 0.1, reason: 'the loss became NaN' },
        },
      },
    ],
    3,
  );
  state = stopSession(state, 4);
  return state;
}

describe('recordOf', () => {
  it('records the ended runs of a real session, and they validate and round-trip', () => {
    const state = endedSession();
    const [panelA, panelB] = state.panels as [PanelSnapshot, PanelSnapshot];
    const [a0, a1] = runsOf(state, panelA) as [SeedRun, SeedRun];
    const settings = { ...defaultTraining(), backend: 'wasm' as const };
    const savedAt = new Date('2026-03-04T05:06:07.000Z');
    const done = recordOf(fitsRun(a0), fitsPanel(panelA), { settings, savedAt, id: 'fixed-id' });
    expect(done).toEqual({
      ok: true,
      value: {
        v: 1,
        id: 'fixed-id',
        savedAt: '2026-03-04T05:06:07.000Z',
        appVersion: APP_VERSION,
        wallSeconds: 0.12,
        panel: { letter: 'A', index: 0 },
        config: { ...panelA.config, seed: 0 },
        settings,
        backend: 'wasm',
        status: 'done',
        epochs: a0.epochs,
        appliedLr: [0.1, 0.09],
      },
    });
    const diverged = recordOf(a1, panelA, { settings, savedAt });
    expect(diverged.ok && diverged.value.status).toBe('diverged');
    expect(diverged.ok && diverged.value.config.seed).toBe(1);
    expect(diverged.ok && diverged.value.diverged).toEqual({ epoch: 2, step: 100, lr: 0.1, reason: 'the loss became NaN' });
    if (!done.ok || !diverged.ok) return;
    expect(validateRun(done.value).ok).toBe(true);
    expect(validateRun(diverged.value).ok).toBe(true);
    expect(parseRunsFile(exportRunsFile([done.value, diverged.value]))).toEqual({
      ok: true,
      runs: [done.value, diverged.value],
      migrated: 0,
    });
    // The record shares nothing with the session.
    expect(done.value.epochs).not.toBe(a0.epochs);
    expect(done.value.epochs[0]).not.toBe(a0.epochs[0]);
    expect(done.value.config).not.toBe(panelA.config);
    // Panel B's run was stopped before any epoch: still a record (stopped, no epochs).
    const [b0] = runsOf(state, panelB) as [SeedRun];
    const stopped = recordOf(b0, panelB, { settings });
    expect(stopped.ok && stopped.value.status).toBe('stopped');
    expect(stopped.ok && stopped.value.epochs).toEqual([]);
    expect(stopped.ok && validateRun(stopped.value).ok).toBe(true);
    // A run of another panel is refused.
    expect(recordOf(a0, panelB, { settings }).ok).toBe(false);
  });

  it('refuses runs that have not ended, that failed, or that never started', () => {
    const config = sampleConfig();
    const panel: SessionPanel = { index: 0, letter: 'A', config, runIds: ['r'] };
    const run: SessionRun = { runId: 'r', panel: 0, seed: 0, status: 'running', epochs: [], backend: 'cpu' };
    const settings = defaultTraining();
    expect(recordOf(run, panel, { settings })).toEqual({
      ok: false,
      error: { message: 'Only a run that finished, stopped or diverged is kept; it is running.' },
    });
    expect(recordOf({ ...run, status: 'failed' }, panel, { settings })).toEqual({
      ok: false,
      error: { message: 'Only a run that finished, stopped or diverged is kept; it failed.' },
    });
    const { backend: _b, ...noBackend } = run;
    expect(recordOf({ ...noBackend, status: 'stopped' }, panel, { settings }).ok).toBe(false);
  });

  it('gives each record a fresh random id', () => {
    const panel: SessionPanel = { index: 0, letter: 'A', config: sampleConfig(), runIds: ['r'] };
    const run: SessionRun = { runId: 'r', panel: 0, seed: 0, status: 'done', epochs: [], backend: 'cpu' };
    const a = recordOf(run, panel, { settings: defaultTraining() });
    const b = recordOf(run, panel, { settings: defaultTraining() });
    expect(a.ok && b.ok && a.value.id !== b.value.id).toBe(true);
    expect(a.ok && a.value.id).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});

describe('src/state/runs is page-safe', () => {
  it('imports neither tfjs nor the training runner', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const training = join(here, '../../training');
    const forbidden = ['train.ts', 'model.ts', 'backends.ts', 'optimizers.ts', 'training.worker.ts'].map((f) => join(training, f));
    const { files, packages } = importGraph(join(here, 'index.ts'));
    expect([...packages].filter((p) => p.startsWith('@tensorflow/') || p === 'react' || p === 'react-dom')).toEqual([]);
    expect([...files].filter((f) => forbidden.includes(f)).map((f) => relative(here, f))).toEqual([]);
    expect([...files].filter((f) => f.includes('/src/ui/'))).toEqual([]);
    expect(files.has(join(here, 'storage.ts'))).toBe(true);
  });
});
