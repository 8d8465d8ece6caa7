import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultArgs, type FrameworkCall, families, fromFramework, MAX_TICKS, sample } from './index';
import { build, expectError, torch } from './testing/calls';

describe('names', () => {
  it('suggests the closest family for an unknown name', () => {
    expectError(fromFramework(torch('StepLr', { step_size: 3 })), /Unknown PyTorch scheduler 'StepLr'\. Did you mean 'StepLR'\?/, 'name');
    expectError(fromFramework(torch('OneCycle', { max_lr: 1 })), /Did you mean 'OneCycleLR'/);
    expectError(fromFramework(torch('Banana', {})), /^Unknown PyTorch scheduler 'Banana'\.$/);
  });
  it('suggests the closest argument for an unknown keyword', () => {
    expectError(
      fromFramework(torch('StepLR', { stepsize: 3 })),
      /StepLR\.__init__\(\) got an unexpected keyword argument 'stepsize'\. Did you mean 'step_size'\?/,
      'args.stepsize',
    );
  });
  it('reports a missing required argument in torch wording', () => {
    expectError(fromFramework(torch('StepLR', {})), /missing 1 required positional argument: 'step_size'/, 'args.step_size');
    expectError(fromFramework(torch('CosineAnnealingLR', {})), /'T_max'/, 'args.T_max');
  });
  it('points a name from the other framework to that framework', () => {
    expectError(
      fromFramework({ framework: 'keras', name: 'StepLR', args: {} }),
      /^Unknown Keras schedule 'StepLR': it is a PyTorch scheduler \(use framework 'torch'\)\.$/,
    );
    expectError(fromFramework({ framework: 'tensorflow' as 'keras', name: 'StepLR', args: {} }), /framework must be/, 'framework');
  });
  it('accepts verbose and last_epoch=-1 but refuses resuming', () => {
    expect(fromFramework(torch('StepLR', { step_size: 2, verbose: true, last_epoch: -1 })).ok).toBe(true);
    expectError(fromFramework(torch('StepLR', { step_size: 2, last_epoch: 4 })), /last_epoch/, 'args.last_epoch');
  });
});

describe('argument validators', () => {
  it('accepts the step sizes torch accepts: 0 fails at the first step, as in torch', () => {
    expectError(sample(build(torch('StepLR', { step_size: 0 })), 5), /ZeroDivisionError/);
    const r = sample(build(torch('StepLR', { step_size: 0 })), 5);
    expect(!r.ok && r.error.tick).toBe(1);
    expect(sample(build(torch('StepLR', { step_size: -3 })), 10).ok).toBe(true);
    expectError(fromFramework(torch('StepLR', { step_size: 2.5 })), /step_size must be an integer, got 2.5/);
  });
  it('accepts gamma <= 0, as torch does (the LR becomes 0 or changes sign)', () => {
    for (const name of ['StepLR', 'ExponentialLR', 'MultiStepLR']) {
      const base = name === 'StepLR' ? { step_size: 3 } : name === 'MultiStepLR' ? { milestones: [2] } : {};
      expect(sample(build(torch(name, { ...base, gamma: 0 })), 10).ok, name).toBe(true);
      expect(sample(build(torch(name, { ...base, gamma: -0.5 })), 10).ok, name).toBe(true);
    }
  });
  it('accepts SequentialLR milestones in any order, as torch does, but refuses a wrong milestone count', () => {
    const schedulers = [
      { name: 'ConstantLR', args: {} },
      { name: 'ExponentialLR', args: { gamma: 0.9 } },
      { name: 'StepLR', args: { step_size: 2 } },
    ];
    expect(sample(build(torch('SequentialLR', { schedulers, milestones: [10, 5] })), 20).ok).toBe(true);
    expectError(fromFramework(torch('SequentialLR', { schedulers, milestones: [5] })), /one more than the number of milestone points/);
  });
  it('follows torch in accepting MultiStepLR milestones in any order, counting repeats', () => {
    const sorted = sample(build(torch('MultiStepLR', { milestones: [2, 5, 5] }, { lr: 1 })), 8);
    const shuffled = sample(build(torch('MultiStepLR', { milestones: [5, 2, 5] }, { lr: 1 })), 8);
    expect(shuffled).toEqual(sorted);
    if (sorted.ok) expect(sorted.value.lr[6]).toBeCloseTo(0.001, 15);
    expectError(fromFramework(torch('MultiStepLR', { milestones: [2, 'x'] })), /milestones\[1\] must be a number/, 'args.milestones[1]');
  });
  it('rejects factors outside their range with torch wording', () => {
    expectError(fromFramework(torch('ConstantLR', { factor: 1.5 })), /^Constant multiplicative factor expected to be between 0 and 1\.$/);
    expectError(fromFramework(torch('LinearLR', { start_factor: 0 })), /^Starting multiplicative factor expected to be greater than 0/);
    expectError(fromFramework(torch('LinearLR', { end_factor: -0.1 })), /^Ending multiplicative factor/);
    expectError(fromFramework(torch('ReduceLROnPlateau', { factor: 1.0 })), /Factor should be < 1\.0/);
    expectError(fromFramework(torch('OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 1.2 })), /pct_start/);
    expectError(fromFramework(torch('CosineAnnealingWarmRestarts', { T_0: 10, T_mult: 0 })), /T_mult must be >= 1/);
  });
  it('rejects non-numeric strings and other wrong types', () => {
    expectError(fromFramework(torch('StepLR', { step_size: '10' })), /step_size must be a number, got the string "10"/, 'args.step_size');
    expectError(fromFramework(torch('ExponentialLR', { gamma: 'fast' })), /gamma must be a number/);
    expectError(fromFramework(torch('ExponentialLR', { gamma: Number.NaN })), /finite/);
    expectError(
      fromFramework(torch('CyclicLR', { base_lr: 0.1, max_lr: 1, mode: 'triangle' })),
      /mode must be one of.*Did you mean 'triangular'/,
    );
    expectError(
      fromFramework(torch('OneCycleLR', { max_lr: 1, total_steps: 10, three_phase: 'yes' })),
      /three_phase must be True or False/,
    );
    expectError(fromFramework(torch('StepLR', ['step_size'] as unknown as Record<string, unknown>)), /args must be an object/);
  });
  it('validates the optimizer with torch wording', () => {
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { lr: -1 })), /Invalid learning rate: -1/, 'optimizer.lr');
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { momentum: -0.1 })), /Invalid momentum value/, 'optimizer.momentum');
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { kind: 'Adam', betas: [1.2, 0.9] })), /Invalid beta parameter at index 0/);
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { kind: 'Adagrad' as 'Adam' })), /optimizer\.kind must be one of/);
    expectError(fromFramework(torch('StepLR', { step_size: 2 }, { lr: 0.1, learning_rate: 0.2 })), /aliases/);
  });
  it('treats lr and learning_rate as aliases and uses torch default LRs', () => {
    const a = sample(build(torch('StepLR', { step_size: 2 }, { lr: 0.3 })), 5);
    const b = sample(build(torch('StepLR', { step_size: 2 }, { learning_rate: 0.3 })), 5);
    expect(a).toEqual(b);
    const sgd = sample(build(torch('StepLR', { step_size: 2 })), 1);
    const rms = sample(build(torch('StepLR', { step_size: 2 }, { kind: 'RMSprop' })), 1);
    expect(sgd.ok && sgd.value.lr[0]).toBe(1e-3);
    expect(rms.ok && rms.value.lr[0]).toBe(1e-2);
  });
  it('points into nested schedulers', () => {
    const call = torch('SequentialLR', {
      schedulers: [
        { name: 'LinearLR', args: {} },
        { name: 'StepLR', args: { step_size: 2.5 } },
      ],
      milestones: [3],
    });
    expectError(fromFramework(call), /step_size/, 'args.schedulers[1].args.step_size');
    expectError(
      fromFramework(torch('ChainedScheduler', { schedulers: [{ name: 'ReduceLROnPlateau', args: {} }] })),
      /does not support `ReduceLROnPlateau`/,
      'args.schedulers[0].name',
    );
  });
});

describe('sample', () => {
  const step = build(torch('StepLR', { step_size: 3 }, { lr: 1 }));
  it('refuses a huge or non-integer n', () => {
    expectError(sample(step, MAX_TICKS + 1), /between 0 and 1,000,000/);
    expectError(sample(step, 2.5), /whole number/);
    expectError(sample(step, -1), /whole number/);
    expect(sample(step, 0)).toEqual({ ok: true, value: { lr: [] } });
  });
  it('samples the largest allowed horizon', () => {
    const r = sample(build(torch('CosineAnnealingLR', { T_max: 1000 })), MAX_TICKS);
    expect(r.ok && r.value.lr.length).toBe(MAX_TICKS);
  });
  it('needs a metric list at least n long for ReduceLROnPlateau', () => {
    const plateau = build(torch('ReduceLROnPlateau', { patience: 1 }, { lr: 1 }));
    expect(plateau.needsMetric).toBe(true);
    expectError(sample(plateau, 5), /needs a metric/, 'metric');
    expectError(sample(plateau, 5, { metric: [1, 1, 1] }), /for each of the 5 ticks, got 3/, 'metric');
    const r = sample(plateau, 5, { metric: [1, 1, 1, 1, 1] });
    expect(r.ok && r.value.lr).toEqual([1, 1, 1, 0.1, 0.1]);
  });
  it('never returns an infinite LR: overflow is an error at its tick', () => {
    const r = sample(build(torch('ExponentialLR', { gamma: 10 }, { lr: 1 })), 400);
    expectError(r, /became Infinity at tick 309/);
    if (!r.ok) expect(r.error.tick).toBe(309);
  });
  it('reports a division by zero at the tick torch raises it', () => {
    const r = sample(build(torch('ConstantLR', { factor: 0, total_iters: 3 }, { lr: 1 })), 10);
    expectError(r, /ZeroDivisionError/);
    if (!r.ok) expect(r.error.tick).toBe(3);
  });
  it('reports OneCycleLR run past total_steps + 1', () => {
    const s = build(torch('OneCycleLR', { max_lr: 1, total_steps: 100 }));
    expect(sample(s, 101).ok).toBe(true);
    const r = sample(s, 102);
    expectError(r, /Tried to step 101 times/);
  });
  it('is repeatable: sampling twice gives the same values', () => {
    const s = build(torch('CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 7 }));
    expect(sample(s, 50)).toEqual(sample(s, 50));
  });
});

describe('PyTorch 2.x behaviour', () => {
  // Adam/AdamW beta1 cycling is checked against real torch 2.13 in torch/golden.test.ts (CyclicLR/adam-beta1-*,
  // OneCycleLR/adam-beta1-*, OneCycleLR/torch-test-adam-beta1-22); this only guards that those cases exist.
  it('has real-torch fixtures for Adam and AdamW beta1 cycling', () => {
    const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/torch.json', import.meta.url), 'utf8')) as {
      cases: { call: FrameworkCall; momentum?: number[] }[];
    };
    for (const name of ['CyclicLR', 'OneCycleLR']) {
      for (const kind of ['Adam', 'AdamW']) {
        const cycled = fixture.cases.filter((c) => c.call.name === name && c.call.optimizer?.kind === kind && c.momentum);
        expect(cycled.length, `${name} with ${kind}`).toBeGreaterThan(0);
      }
    }
  });
  it('returns no momentum series when nothing cycles it', () => {
    const r = sample(build(torch('OneCycleLR', { max_lr: 0.01, total_steps: 10, cycle_momentum: false })), 5);
    expect(r.ok && r.value.momentum).toBeUndefined();
  });
});

describe('registry', () => {
  it('builds every family from its default arguments', () => {
    for (const family of families) {
      const r = fromFramework({ framework: family.framework, name: family.name, args: defaultArgs(family), optimizer: { lr: 0.1 } });
      expect(r.ok, `${family.name}: ${r.ok ? '' : r.error.message}`).toBe(true);
      if (r.ok) {
        expect(r.value.tick).toBe(family.tick);
        expect(r.value.needsMetric).toBe(family.needsMetric);
      }
    }
  });
  it('gives every numeric parameter a usable slider range and a default inside it', () => {
    for (const family of families) {
      for (const p of family.params) {
        if (p.kind !== 'number' && p.kind !== 'integer') continue;
        const lo = p.sliderMin ?? p.min;
        const hi = p.sliderMax ?? p.max;
        expect(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, `${family.name}.${p.name}`).toBe(true);
        if (p.log) expect(lo > 0, `${family.name}.${p.name} log slider needs a positive minimum`).toBe(true);
        const start = (p.example ?? p.default) as number | null;
        if (start !== null) expect(start >= p.min && start <= p.max, `${family.name}.${p.name} default`).toBe(true);
      }
    }
  });
  it('never throws on hostile input', () => {
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'StepLR',
      [],
      { name: {} },
      { framework: 'torch', name: '__proto__', args: {} },
      { framework: 'torch', name: 'StepLR', args: { __proto__: { step_size: 3 } } },
      { framework: 'torch', name: 'SequentialLR', args: { schedulers: [null], milestones: [] } },
      { framework: 'torch', name: 'ChainedScheduler', args: { schedulers: 'x' } },
      { framework: 'torch', name: 'StepLR', args: { step_size: 3 }, optimizer: 'fast' },
    ];
    for (const call of junk) {
      const r = fromFramework(call as FrameworkCall);
      expect(r.ok, JSON.stringify(call)).toBe(false);
    }
    let deep: Record<string, unknown> = { name: 'StepLR', args: { step_size: 2 } };
    for (let i = 0; i < 20; i++) deep = { name: 'ChainedScheduler', args: { schedulers: [deep] } };
    expectError(fromFramework({ framework: 'torch', ...(deep as { name: string; args: Record<string, unknown> }) }), /nested more than/);
  });
});

describe('run-time errors name their argument', () => {
  it('points OneCycleLR run past its cycle at total_steps, also inside a container', () => {
    const top = fromFramework(torch('OneCycleLR', { max_lr: 1, total_steps: 10 }));
    const r = top.ok ? sample(top.value, 20) : top;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ path: 'args.total_steps', tick: 11 });
    const nested = fromFramework(
      torch('SequentialLR', {
        schedulers: [
          { name: 'ConstantLR', args: {} },
          { name: 'OneCycleLR', args: { max_lr: 1, total_steps: 10 } },
        ],
        milestones: [3],
      }),
    );
    const n = nested.ok ? sample(nested.value, 30) : nested;
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.error.path).toBe('args.schedulers[1].args.total_steps');
  });
});
