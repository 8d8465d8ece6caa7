import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type WorkerEvent } from '../../training/protocol';
import type { EpochMetrics, TrainingConfig } from '../../training/types';
import {
  activeSeconds,
  applyEvents,
  beginSession,
  configKey,
  createEventBuffer,
  emptySession,
  pauseSession,
  resumeSession,
  runsOf,
  type SessionEvent,
  stopSession,
} from './session';

const v = PROTOCOL_VERSION;
const config = (seed: number, lr = 0.1): TrainingConfig => ({
  dataset: { name: 'moons' },
  model: { kind: 'mlp', hidden: [8], activation: 'relu' },
  init: 'glorot_uniform',
  optimizer: { kind: 'SGD', lr },
  schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 10 } },
  epochs: 3,
  batchSize: 32,
  seed,
});
const call = { framework: 'torch' as const, name: 'StepLR', args: { step_size: 10 } };
const metrics = (epoch: number): EpochMetrics => ({ epoch, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, lr: 0.1, seconds: 0.1 });
const epoch = (runId: string, e: number): WorkerEvent => ({ v, type: 'epoch', runId, metrics: metrics(e) });
const done = (runId: string, extra: { stopped?: boolean } = {}): WorkerEvent => ({
  v,
  type: 'done',
  runId,
  result: { appliedLr: [0.1, 0.1], initialWeightsHash: 'a', batchOrderHash: 'b', backend: 'wasm', ...extra },
});

function twoPanels() {
  return beginSession(
    emptySession(),
    [
      { panel: 0, letter: 'A', call, configs: [config(0), config(1)] },
      { panel: 1, letter: 'B', call, configs: [config(0, 0.5)] },
    ],
    1000,
    { target: 0.9, stepsPerEpoch: 2 },
  );
}

describe('the training session', () => {
  it('starts every run queued, with ids that carry the session', () => {
    const s = twoPanels();
    expect(s.phase).toBe('running');
    expect(s.panels.map((p) => p.runIds)).toEqual([['s1-A-0', 's1-A-1'], ['s1-B-0']]);
    expect(Object.values(s.runs).every((r) => r.status === 'queued' && r.epochs.length === 0)).toBe(true);
    expect(s.panels[0]?.key).toBe(configKey(config(5)));
    expect(s.panels[1]?.key).not.toBe(s.panels[0]?.key);
  });

  it('appends epochs with a new array for the run that changed only', () => {
    const s0 = twoPanels();
    const s1 = applyEvents(s0, [epoch('s1-A-0', 0)], 1100);
    const s2 = applyEvents(s1, [epoch('s1-A-1', 0)], 1200);
    expect(s2.runs['s1-A-0']).toBe(s1.runs['s1-A-0']);
    expect(s2.runs['s1-A-0']?.epochs).toBe(s1.runs['s1-A-0']?.epochs);
    expect(s2.runs['s1-B-0']).toBe(s0.runs['s1-B-0']);
    const s3 = applyEvents(s2, [epoch('s1-A-0', 1)], 1300);
    expect(s3.runs['s1-A-0']?.epochs[0]).toBe(s2.runs['s1-A-0']?.epochs[0]);
    expect(s3.runs['s1-A-0']?.epochs.map((m) => m.epoch)).toEqual([0, 1]);
    expect(s3.runs['s1-A-0']?.status).toBe('running');
  });

  it('ignores a repeated epoch, events of other sessions and batch losses', () => {
    const s1 = applyEvents(twoPanels(), [epoch('s1-A-0', 0)], 1100);
    expect(applyEvents(s1, [epoch('s1-A-0', 0), epoch('s0-A-0', 1), { v, type: 'batch', runId: 's1-A-0', step: 3, loss: 1 }], 1200)).toBe(
      s1,
    );
  });

  it('ends runs as done, diverged or failed, and the session when every run has ended', () => {
    let s = twoPanels();
    s = applyEvents(
      s,
      [
        {
          v,
          type: 'backend-ready',
          requested: 'auto',
          backend: 'wasm',
          reason: 'no GPU',
          notices: [],
          runIds: ['s1-A-0', 's1-A-1', 's1-B-0'],
        },
        epoch('s1-A-0', 0),
        done('s1-A-0'),
        { v, type: 'diverged', runId: 's1-B-0', epoch: 0, step: 1, lr: 0.5, reason: 'the loss became NaN' },
        done('s1-B-0'),
      ],
      2000,
    );
    expect(s.backend?.backend).toBe('wasm');
    expect(s.runs['s1-A-0']).toMatchObject({ status: 'done', appliedLr: [0.1, 0.1], backend: 'wasm', seconds: 1 });
    expect(s.runs['s1-B-0']).toMatchObject({ status: 'diverged', diverged: { epoch: 0, lr: 0.5 } });
    expect(s.phase).toBe('running');
    s = applyEvents(s, [{ v, type: 'failed', runId: 's1-A-1', message: 'The training worker stopped with an error' }], 3000);
    expect(s.runs['s1-A-1']).toMatchObject({ status: 'failed', failure: 'The training worker stopped with an error' });
    expect(s.phase).toBe('finished');
    expect(s.endedAt).toBe(3000);
  });

  it('keeps a failure of no run as a notice', () => {
    const s = applyEvents(twoPanels(), [{ v, type: 'failed', message: 'The worker could not start' }], 1100);
    expect(s.notices).toEqual(['The worker could not start']);
  });

  it('keeps the latest boundary and the evaluation of a run', () => {
    const grid = {
      extent: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
      size: 2,
      classes: 2,
      predicted: new Uint8Array(4),
      confidence: new Float32Array(4),
    };
    const evaluation = { confusion: [[1]], misclassified: [], width: 8, height: 8 };
    const events: SessionEvent[] = [
      { v, type: 'boundary', runId: 's1-A-0', epoch: -1, grid },
      { v, type: 'evaluation', runId: 's1-A-0', evaluation },
    ];
    const s = applyEvents(twoPanels(), events, 1100);
    expect(s.runs['s1-A-0']?.boundary).toBe(grid);
    expect(s.runs['s1-A-0']?.evaluation).toBe(evaluation);
  });

  it('stops at once; a later done still brings the applied LR, later epochs are dropped', () => {
    let s = applyEvents(twoPanels(), [epoch('s1-A-0', 0)], 1100);
    s = stopSession(s, 1500);
    expect(s.phase).toBe('finished');
    expect(Object.values(s.runs).map((r) => r.status)).toEqual(['stopped', 'stopped', 'stopped']);
    s = applyEvents(s, [epoch('s1-A-0', 1), done('s1-A-0', { stopped: true })], 1600);
    expect(s.runs['s1-A-0']?.epochs).toHaveLength(1);
    expect(s.runs['s1-A-0']?.appliedLr).toEqual([0.1, 0.1]);
  });

  it('counts active time without the pauses', () => {
    let s = twoPanels();
    s = pauseSession(s, 3000);
    expect(activeSeconds(s, 9000)).toBe(2);
    s = resumeSession(s, 5000);
    expect(s.phase).toBe('running');
    expect(activeSeconds(s, 6000)).toBe(3);
  });

  it('lists a panel’s runs in seed order', () => {
    const s = twoPanels();
    expect(runsOf(s, s.panels[0] as never).map((r) => r.seed)).toEqual([0, 1]);
  });
});

describe('the event buffer', () => {
  it('applies what arrived once per frame, without batch losses', () => {
    const frames: (() => void)[] = [];
    const applied: SessionEvent[][] = [];
    const buffer = createEventBuffer(
      (events) => applied.push(events),
      (cb) => frames.push(cb),
      () => {},
    );
    buffer.push(epoch('a', 0));
    buffer.push({ v, type: 'batch', runId: 'a', step: 1, loss: 1 });
    buffer.push(epoch('a', 1));
    expect(frames).toHaveLength(1);
    expect(applied).toHaveLength(0);
    frames[0]?.();
    expect(applied).toHaveLength(1);
    expect(applied[0]?.map((e) => e.type)).toEqual(['epoch', 'epoch']);
    buffer.push(epoch('a', 2));
    expect(frames).toHaveLength(2);
    buffer.flush();
    expect(applied).toHaveLength(2);
    buffer.dispose();
  });
});
