/** Python functions inside schedulers: exact curves, and errors with their tick, path, line and column. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FrameworkCall, fromFramework, sample } from './index';

const python = JSON.parse(readFileSync(new URL('./__fixtures__/python.json', import.meta.url), 'utf8')) as {
  cases: { source: string; args: number[]; result?: number }[];
};

const lambdaLR = (lrLambda: string, lr = 0.1): FrameworkCall => ({
  framework: 'torch',
  name: 'LambdaLR',
  args: { lr_lambda: lrLambda },
  optimizer: { lr },
});

describe('LambdaLR with Python source', () => {
  it('gives the exact curve of the step-decay lambda (values from real Python)', () => {
    const source = 'lambda epoch: 0.5 ** math.floor((1 + epoch) / 10)';
    const reference = python.cases.filter((c) => c.source === source).sort((a, b) => (a.args[0] ?? 0) - (b.args[0] ?? 0));
    expect(reference.length).toBeGreaterThanOrEqual(50);
    const built = fromFramework(lambdaLR(source));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const r = sample(built.value, reference.length);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // torch: base_lr * lmbda(epoch), in float64.
    for (const [epoch, c] of reference.entries()) expect(r.value.lr[epoch]).toBe(0.1 * (c.result as number));
    expect(r.value.lr[8]).toBe(0.1);
    expect(r.value.lr[9]).toBe(0.05);
  });

  it('reports a syntax error at its line and column in the text the user typed', () => {
    const r = fromFramework(lambdaLR('lambda epoch:\u00a00.95 ** (epoch'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe('args.lr_lambda');
    expect(r.error.line).toBe(1);
    expect(r.error.column).toBeGreaterThan(1);
  });

  it('reports a run-time error with the tick, the argument path and the position', () => {
    const built = fromFramework(lambdaLR('lambda epoch: 1 / (10 - epoch)'));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const r = sample(built.value, 20);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/^ZeroDivisionError/);
    expect(r.error).toMatchObject({ tick: 10, path: 'args.lr_lambda', line: 1 });
    expect(r.error.column).toBeGreaterThanOrEqual(15);
  });

  it('points into nested schedulers', () => {
    const call: FrameworkCall = {
      framework: 'torch',
      name: 'SequentialLR',
      args: {
        schedulers: [
          { name: 'LinearLR', args: { total_iters: 2 } },
          { name: 'LambdaLR', args: { lr_lambda: 'lambda e: math.log(e - 5)' } },
        ],
        milestones: [2],
      },
      optimizer: { lr: 1 },
    };
    const built = fromFramework(call);
    // The constructor evaluates lmbda(0): log(-5) is a domain error before any step.
    expect(built.ok).toBe(false);
    if (!built.ok)
      expect(built.error).toMatchObject({ path: 'args.schedulers[1].args.lr_lambda', message: 'ValueError: math domain error' });
  });

  it('refuses a function with the wrong number of parameters, unknown names and anything unsafe', () => {
    const arity = fromFramework(lambdaLR('lambda epoch, lr: lr'));
    expect(!arity.ok && arity.error.message).toMatch(/takes 2 positional arguments but 1 was given/);
    for (const source of [
      'lambda epoch: __import__("os")',
      'lambda epoch: epoch.__class__',
      'lambda epoch: constructor',
      'lambda e: warmup * e',
    ]) {
      const r = fromFramework(lambdaLR(source));
      expect(r.ok, source).toBe(false);
      if (!r.ok) expect(r.error.path).toBe('args.lr_lambda');
    }
  });

  it('passes the epoch as a Python int (so // and % behave as in torch)', () => {
    const built = fromFramework(lambdaLR('lambda epoch: 1.0 if type(epoch) else 0.5', 1));
    // type() is outside the subset: a clear refusal rather than a guess.
    expect(built.ok).toBe(false);
    const floor = fromFramework(lambdaLR('lambda epoch: (epoch // 3) * 0.5 + 1', 1));
    expect(floor.ok).toBe(true);
    if (!floor.ok) return;
    const r = sample(floor.value, 7);
    expect(r.ok && r.value.lr).toEqual([1, 1, 1, 1.5, 1.5, 1.5, 2]);
  });
});

describe('MultiplicativeLR, CyclicLR scale_fn and Keras LearningRateScheduler', () => {
  it('compounds a multiplicative factor', () => {
    const r = fromFramework({
      framework: 'torch',
      name: 'MultiplicativeLR',
      args: { lr_lambda: 'lambda epoch: 0.5' },
      optimizer: { lr: 1 },
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(sample(r.value, 4)).toEqual({ ok: true, value: { lr: [1, 0.5, 0.25, 0.125] } });
  });
  it('uses a custom CyclicLR scale_fn on the cycle number', () => {
    const custom = fromFramework({
      framework: 'torch',
      name: 'CyclicLR',
      args: { base_lr: 0, max_lr: 1, step_size_up: 2, scale_fn: 'lambda x: 1 / x', cycle_momentum: false },
    });
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    const r = sample(custom.value, 9);
    // Cycles of 4 steps peaking at steps 2, 6: 1/1 then 1/2.
    expect(r.ok && r.value.lr).toEqual([0, 0.5, 1, 0.5, 0, 0.25, 0.5, 0.25, 0]);
  });
  it('calls a Keras schedule with (epoch, lr) so that lr * 0.1 compounds from epoch 0', () => {
    const r = fromFramework({
      framework: 'keras',
      name: 'LearningRateScheduler',
      args: { schedule: 'def schedule(epoch, lr):\n    return lr * 0.1' },
      optimizer: { kind: 'SGD', learning_rate: 1 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = sample(r.value, 3);
    expect(s.ok && s.value.lr.map((x) => Number(x.toPrecision(12)))).toEqual([0.1, 0.01, 0.001]);
  });
});
