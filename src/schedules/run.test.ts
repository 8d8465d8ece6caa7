/**
 * `startRun` driven the way a training loop drives it (epochs × batches, step() where `stepEvery` says, the
 * metric handed over one epoch at a time) gives exactly `sample()`'s curve, and its error, for every case of
 * every fixture.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formulaFor, fromFramework, type Result, type Schedule, sample, startRun } from './index';
import type { GoldenCase } from './testing/golden';

function cases(file: string): GoldenCase[] {
  return (JSON.parse(readFileSync(new URL(`./__fixtures__/${file}.json`, import.meta.url), 'utf8')) as { cases: GoldenCase[] }).cases;
}

/** A number of batches per epoch that divides `n` (so the loop covers exactly n optimizer steps). */
function batchesFor(n: number): number {
  for (const b of [7, 5, 4, 3, 2]) if (n % b === 0) return b;
  return 1;
}

type Curve = Result<{ lr: number[]; momentum?: number[] }>;

/** A training loop: per epoch, `batches` optimizer steps, then the epoch's metric. Records the LR of each tick. */
function trainingLoop(schedule: Schedule, n: number, metric: readonly number[] | undefined): Curve {
  const started = startRun(schedule);
  if (!started.ok) return started;
  const run = started.value;
  const perBatch = run.stepEvery === 'batch';
  const batches = perBatch ? batchesFor(n) : 3;
  const epochs = perBatch ? n / batches : n;
  const lr: number[] = [];
  const momentum: number[] = [];
  const record = (): Result<true> | undefined => {
    const values = run.current();
    if (!values.ok) return values;
    lr.push(values.value.lr);
    if (schedule.cyclesMomentum) momentum.push(values.value.momentum ?? Number.NaN);
    return undefined;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (!perBatch) {
      const failed = record();
      if (failed) return failed as Curve;
    }
    for (let batch = 0; batch < batches; batch++) {
      // ... forward, backward, optimizer.step() ...
      if (!perBatch) continue;
      const failed = record();
      if (failed) return failed as Curve;
      const last = epoch === epochs - 1 && batch === batches - 1;
      if (!last) {
        const stepped = run.step();
        if (!stepped.ok) return stepped;
      }
    }
    if (!perBatch && epoch < epochs - 1) {
      // The validation metric arrives once the epoch is over.
      const stepped = run.step(metric?.[epoch]);
      if (!stepped.ok) return stepped;
    }
  }
  return { ok: true, value: schedule.cyclesMomentum ? { lr, momentum } : { lr } };
}

const fixtures = ['torch', 'keras', 'transformers', 'playground'] as const;

describe('startRun in a training loop equals sample()', () => {
  for (const file of fixtures) {
    it(`every ${file} fixture case`, () => {
      let checked = 0;
      const all = cases(file);
      for (const c of all) {
        const built = fromFramework(c.call);
        if (!built.ok) continue;
        const metric = c.metric;
        const expected = sample(built.value, c.n, metric ? { metric } : undefined);
        const actual = trainingLoop(built.value, c.n, metric);
        expect(actual, c.id).toEqual(expected);
        checked += 1;
      }
      // Every case but those whose constructor raised in the framework.
      expect(checked).toBe(all.filter((c) => c.error?.tick !== null).length);
      expect(checked).toBeGreaterThan(5);
    });
  }
});

describe('ScheduleRun', () => {
  const build = (call: Parameters<typeof fromFramework>[0]): Schedule => {
    const s = fromFramework(call);
    if (!s.ok) throw new Error(s.error.message);
    return s.value;
  };
  const runOf = (s: Schedule) => {
    const r = startRun(s);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('steps where the family is documented to be stepped', () => {
    expect(runOf(build({ framework: 'torch', name: 'StepLR', args: { step_size: 3 } })).stepEvery).toBe('epoch');
    expect(runOf(build({ framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 10 } })).stepEvery).toBe('batch');
    expect(runOf(build({ framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.1, decay_steps: 10 } })).stepEvery).toBe(
      'batch',
    );
    expect(runOf(build({ framework: 'keras', name: 'ReduceLROnPlateau', args: {} })).stepEvery).toBe('epoch');
    expect(
      runOf(
        build({
          framework: 'transformers',
          name: 'get_linear_schedule_with_warmup',
          args: { num_warmup_steps: 2, num_training_steps: 10 },
        }),
      ).stepEvery,
    ).toBe('batch');
  });

  it('says what a plateau schedule monitors', () => {
    expect(runOf(build({ framework: 'torch', name: 'ReduceLROnPlateau', args: {} })).monitor).toEqual({ metric: 'val_loss', mode: 'min' });
    expect(runOf(build({ framework: 'torch', name: 'ReduceLROnPlateau', args: { mode: 'max' } })).monitor).toEqual({
      metric: 'val_loss',
      mode: 'max',
    });
    const keras = (args: Record<string, unknown>) => runOf(build({ framework: 'keras', name: 'ReduceLROnPlateau', args })).monitor;
    expect(keras({})).toEqual({ metric: 'val_loss', mode: 'min' });
    expect(keras({ monitor: 'accuracy' })).toEqual({ metric: 'accuracy', mode: 'max' });
    expect(keras({ monitor: 'val_accuracy', mode: 'auto' })).toEqual({ metric: 'val_accuracy', mode: 'max' });
    expect(keras({ monitor: 'val_accuracy', mode: 'min' })).toEqual({ metric: 'val_accuracy', mode: 'min' });
    expect(keras({ monitor: 'loss', mode: 'max' })).toEqual({ metric: 'loss', mode: 'max' });
    const warm = build({
      framework: 'playground',
      name: 'Warmup',
      args: { warmup: 2, start_factor: 0, schedule: { framework: 'keras', name: 'ReduceLROnPlateau', args: { monitor: 'val_accuracy' } } },
    });
    expect(runOf(warm).monitor).toEqual({ metric: 'val_accuracy', mode: 'max' });
    expect(runOf(build({ framework: 'torch', name: 'StepLR', args: { step_size: 3 } })).monitor).toBeUndefined();
  });

  it('returns the same error at every call after a failure, with its tick', () => {
    // ConstantLR with factor=0 raises ZeroDivisionError at total_iters (real torch does, see the fixtures).
    const run = runOf(build({ framework: 'torch', name: 'ConstantLR', args: { factor: 0, total_iters: 2 }, optimizer: { lr: 0.1 } }));
    expect(run.current().ok).toBe(true);
    expect(run.step().ok).toBe(true);
    const failed = run.step();
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.tick).toBe(2);
    expect(run.step()).toEqual(failed);
    expect(run.current()).toEqual(failed);
  });

  it('stops at a non-finite LR', () => {
    const run = runOf(build({ framework: 'torch', name: 'ExponentialLR', args: { gamma: 1e200 }, optimizer: { lr: 1e200 } }));
    const second = run.step();
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toEqual({ message: 'The LR became Infinity at tick 1', tick: 1 });
    expect(run.step()).toEqual(second);
  });

  it('refuses a plateau step() without a number', () => {
    const run = runOf(build({ framework: 'torch', name: 'ReduceLROnPlateau', args: {} }));
    const r = run.step();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ path: 'metric', tick: 1 });
    expect(run.step(1)).toEqual(r);
  });

  it('counts optimizer steps when an epoch scheduler is stepped per batch', () => {
    const perBatch = build({
      framework: 'torch',
      name: 'CosineAnnealingLR',
      args: { T_max: 5000 },
      optimizer: { lr: 0.1 },
      stepEvery: 'batch',
    });
    const perEpoch = build({ framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 5000 }, optimizer: { lr: 0.1 } });
    expect(perBatch.tick).toBe('step');
    expect(perEpoch.tick).toBe('epoch');
    expect(runOf(perBatch).stepEvery).toBe('batch');
    expect(perBatch.call.stepEvery).toBe('batch');
    expect(perEpoch.call.stepEvery).toBeUndefined();
    const a = sample(perBatch, 5001);
    const b = sample(perEpoch, 5001);
    expect(a).toEqual(b);
    if (a.ok) expect(a.value.lr[5000]).toBeLessThan(1e-12);
  });

  it('refuses a stepEvery the family is not stepped at', () => {
    const refused = (call: Parameters<typeof fromFramework>[0]) => {
      const r = fromFramework(call);
      expect(r.ok, call.name).toBe(false);
      return r.ok ? undefined : r.error;
    };
    expect(refused({ framework: 'torch', name: 'ReduceLROnPlateau', args: {}, stepEvery: 'batch' })).toMatchObject({ path: 'stepEvery' });
    expect(refused({ framework: 'keras', name: 'ReduceLROnPlateau', args: {}, stepEvery: 'batch' })?.message).toMatch(
      /stepEvery must be 'epoch'/,
    );
    expect(
      refused({ framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.1, decay_steps: 10 }, stepEvery: 'epoch' })
        ?.message,
    ).toMatch(/stepEvery must be 'batch'/);
    expect(refused({ framework: 'transformers', name: 'get_constant_schedule', args: {}, stepEvery: 'epoch' })).toMatchObject({
      path: 'stepEvery',
    });
    expect(refused({ framework: 'transformers', name: 'get_scheduler', args: { name: 'constant' }, stepEvery: 'epoch' })).toMatchObject({
      path: 'stepEvery',
    });
    expect(refused({ framework: 'torch', name: 'StepLR', args: { step_size: 3 }, stepEvery: 'often' as 'batch' })).toMatchObject({
      path: 'stepEvery',
    });
    const warm = refused({
      framework: 'playground',
      name: 'Warmup',
      args: {
        warmup: 2,
        start_factor: 0,
        schedule: { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.1, decay_steps: 10 } },
      },
      stepEvery: 'epoch',
    });
    expect(warm).toMatchObject({ path: 'stepEvery' });
  });

  it('steps a container, not its children: the container takes the stepEvery', () => {
    const seq = (stepEvery?: 'epoch' | 'batch') =>
      build({
        framework: 'torch',
        name: 'SequentialLR',
        args: {
          schedulers: [
            { name: 'LinearLR', args: {} },
            { name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 20 } },
          ],
          milestones: [5],
        },
        ...(stepEvery ? { stepEvery } : {}),
      });
    expect(seq().tick).toBe('step');
    expect(seq('epoch').tick).toBe('epoch');
    expect(sample(seq('epoch'), 20)).toEqual(sample(seq(), 20));
    const warm = build({
      framework: 'playground',
      name: 'Warmup',
      args: { warmup: 3, start_factor: 0, schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 10 } } },
      stepEvery: 'batch',
    });
    expect(warm.tick).toBe('step');
    expect(warm.call.stepEvery).toBe('batch');
  });
});

describe('the formula of a call stepped every batch', () => {
  it('says t counts optimizer steps', () => {
    const s = fromFramework({ framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { lr: 0.1 }, stepEvery: 'batch' });
    const e = fromFramework({ framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { lr: 0.1 } });
    if (!s.ok || !e.ok) throw new Error('StepLR');
    expect(formulaFor(s.value.call)?.legend).toContain('t = optimizer step, counted from 0');
    expect(formulaFor(e.value.call)?.legend).toContain('t = epoch, counted from 0');
  });
});
