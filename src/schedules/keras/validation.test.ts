import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandaloneContext } from '../family';
import { type FrameworkCall, families, fromFramework, sample } from '../index';
import { learningRateSchedulerFamily } from './callbacks';
import { restartIndex } from './cosine';
import { build, expectError, keras } from '../testing/calls';

function lrs(call: FrameworkCall, n: number, metric?: readonly number[]): number[] {
  const r = sample(build(call), n, metric ? { metric } : undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lr;
}

/** The first tick whose LR differs from tick 0's. */
const firstDrop = (lr: readonly number[]): number => lr.findIndex((v) => v !== lr[0]);

describe('Keras family specs', () => {
  const kerasSpecs = families.filter((f) => f.framework === 'keras');
  it('has the eight Keras families, schedules per step and callbacks per epoch', () => {
    expect(kerasSpecs.map((f) => f.name).sort()).toEqual(
      [
        'CosineDecay',
        'CosineDecayRestarts',
        'ExponentialDecay',
        'InverseTimeDecay',
        'LearningRateScheduler',
        'PiecewiseConstantDecay',
        'PolynomialDecay',
        'ReduceLROnPlateau',
      ].sort(),
    );
    for (const f of kerasSpecs) {
      const callback = f.name === 'LearningRateScheduler' || f.name === 'ReduceLROnPlateau';
      expect(f.tick, f.name).toBe(callback ? 'epoch' : 'step');
      expect(f.usesOptimizerLr, f.name).toBe(callback);
      expect(f.needsMetric, f.name).toBe(f.name === 'ReduceLROnPlateau');
      expect(f.frameworkVersion, f.name).toMatch(/^Keras 3\.15 · float64, as with floatx float64; default float32 is ~1e-7 apart$/);
      expect(f.description.includes('\n'), f.name).toBe(false);
      for (const p of f.params) {
        if ((p.kind === 'number' || p.kind === 'integer') && p.unit !== undefined) {
          expect(['steps', 'epochs'], `${f.name}.${p.name}`).toContain(p.unit);
        }
        expect(p.label.length > 0 && p.help.length > 0, `${f.name}.${p.name}`).toBe(true);
      }
    }
  });
  it('ignores the schedule optimizer LR but uses it for callbacks', () => {
    const a = lrs(keras('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5 }, { lr: 7 }), 3);
    expect(a[0]).toBe(0.1);
    const plateau = lrs(keras('ReduceLROnPlateau', {}, { kind: 'Adam' }), 2, [1, 1]);
    expect(plateau[0]).toBe(0.001);
    expect(lrs(keras('ReduceLROnPlateau', {}), 1, [1])[0]).toBe(0.01);
  });
});

describe('Keras argument validators', () => {
  it('refuses decay_steps <= 0 in Keras wording', () => {
    for (const name of ['ExponentialDecay', 'PolynomialDecay', 'InverseTimeDecay', 'CosineDecay']) {
      for (const bad of [0, -5]) {
        const args = { initial_learning_rate: 0.1, decay_steps: bad, decay_rate: 0.5 };
        if (name !== 'ExponentialDecay' && name !== 'InverseTimeDecay') delete (args as Partial<typeof args>).decay_rate;
        expectError(fromFramework(keras(name, args)), /^Argument `decay_steps` must be > 0\./, 'args.decay_steps');
      }
    }
    expectError(
      fromFramework(keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 0 })),
      /^Argument `first_decay_steps` must be > 0\./,
      'args.first_decay_steps',
    );
  });
  it('accepts a float decay_steps, as Keras casts it', () => {
    expect(fromFramework(keras('InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 1.5, decay_rate: 0.5 })).ok).toBe(true);
  });
  it('reports missing required arguments', () => {
    expectError(
      fromFramework(keras('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 10 })),
      /ExponentialDecay\.__init__\(\) missing 1 required positional argument: 'decay_rate'/,
      'args.decay_rate',
    );
    expectError(fromFramework(keras('CosineDecay', { decay_steps: 10 })), /'initial_learning_rate'/, 'args.initial_learning_rate');
    expectError(fromFramework(keras('PiecewiseConstantDecay', { boundaries: [5] })), /'values'/, 'args.values');
  });
  it('refuses mismatched PiecewiseConstantDecay lengths with Keras’s exact message', () => {
    expectError(
      fromFramework(keras('PiecewiseConstantDecay', { boundaries: [100, 200], values: [1, 0.5] })),
      /^The length of boundaries should be 1 less than the length of values\. Received: boundaries=\[100, 200\] of length 2, and values=\[1\.0, 0\.5\] of length 2\.$/,
      'args.values',
    );
    expectError(
      fromFramework(keras('PiecewiseConstantDecay', { boundaries: [3], values: [1e-5, 1e-6, 1e20] })),
      /values=\[1e-05, 1e-06, 1e\+20\] of length 3\.$/,
    );
    expectError(
      fromFramework(keras('PiecewiseConstantDecay', { boundaries: [2.5], values: [1, 2, 3] })),
      /boundaries=\[2\.5\] of length 1/,
      'args.values',
    );
  });
  it('accepts what Keras accepts: float boundaries (truncated), negative values', () => {
    expect(lrs(keras('PiecewiseConstantDecay', { boundaries: [-0.5, 2.5], values: [1, 2, 3] }), 4)).toEqual([1, 2, 2, 3]);
    expect(lrs(keras('PiecewiseConstantDecay', { boundaries: [2], values: [1, -2] }), 4)).toEqual([1, 1, 1, -2]);
  });
  it('lets an empty boundaries list through the constructor and fails on the first call, as Keras does', () => {
    const s = build(keras('PiecewiseConstantDecay', { boundaries: [], values: [0.1] }));
    const r = sample(s, 3);
    expectError(r, /^IndexError: list index out of range$/, 'args.boundaries');
    if (!r.ok) expect(r.error.tick).toBe(0);
  });
  it('refuses ReduceLROnPlateau factor >= 1.0 in Keras wording', () => {
    expectError(
      fromFramework(keras('ReduceLROnPlateau', { factor: 1.0 })),
      /^ReduceLROnPlateau does not support a factor >= 1\.0/,
      'args.factor',
    );
    expectError(fromFramework(keras('ReduceLROnPlateau', { factor: 2 })), /does not support a factor >= 1\.0/, 'args.factor');
    expect(fromFramework(keras('ReduceLROnPlateau', { factor: -0.5 })).ok).toBe(true);
    expect(fromFramework(keras('ReduceLROnPlateau', { factor: 0.999999 })).ok).toBe(true);
  });
  it('raises at the epoch where a LearningRateScheduler schedule returns a non-float, as Keras does', () => {
    for (const [src, got] of [
      ['lambda epoch, lr: lr if epoch < 3 else 1', '1'],
      ['lambda epoch: epoch > 1', 'False'],
      ['lambda epoch, lr: None', 'None'],
    ] as const) {
      const r = sample(build(keras('LearningRateScheduler', { schedule: src })), 6);
      expectError(r, new RegExp(`^ValueError: The output of the \`schedule\` function should be a float[.] Got: ${got}$`), 'args.schedule');
    }
    const r = sample(build(keras('LearningRateScheduler', { schedule: 'lambda epoch, lr: lr if epoch < 3 else 1' })), 6);
    if (!r.ok) expect(r.error.tick).toBe(3);
    expect(lrs(keras('LearningRateScheduler', { schedule: 'lambda epoch: np.floor(epoch / 2) + 0.5' }), 3)).toEqual([0.5, 0.5, 1.5]);
  });
  it('checks choices, types and unknown keywords', () => {
    expectError(
      fromFramework(keras('ReduceLROnPlateau', { monitor: 'val_acc' })),
      /monitor must be one of .*Did you mean 'val_accuracy'/,
      'args.monitor',
    );
    expectError(fromFramework(keras('ReduceLROnPlateau', { mode: 'maximum' })), /mode must be one of/, 'args.mode');
    expectError(fromFramework(keras('ReduceLROnPlateau', { patience: 2.5 })), /patience must be an integer/);
    expect(fromFramework(keras('ReduceLROnPlateau', { min_delta: -1, patience: -1, cooldown: -2, min_lr: -0.1 })).ok).toBe(true);
    expectError(fromFramework(keras('ReduceLROnPlateau', { epsilon: 1e-4 })), /unexpected keyword argument 'epsilon'/, 'args.epsilon');
    expectError(
      fromFramework(keras('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9, staircase: 'yes' })),
      /staircase must be True or False/,
    );
    // stricter than Keras, with the reason in the message: t_mul <= 0 gives NaN
    expectError(
      fromFramework(keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 10, t_mul: 0 })),
      /t_mul must be > 0 .*NaN/,
    );
    expectError(
      fromFramework(keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 10, t_mul: -1 })),
      /t_mul must be > 0/,
    );
    expect(
      fromFramework(keras('CosineDecay', { initial_learning_rate: -0.1, decay_steps: 10, warmup_target: -1, warmup_steps: -1, alpha: -2 }))
        .ok,
    ).toBe(true);
    expectError(fromFramework(keras('LearningRateScheduler', { schedule: 3 })), /schedule must be Python source text/);
  });
  it('accepts and ignores verbose and name', () => {
    expect(fromFramework(keras('ReduceLROnPlateau', { verbose: 1 })).ok).toBe(true);
    expect(fromFramework(keras('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 10, name: 'cos' })).ok).toBe(true);
  });
  it('takes warmup_target None (no warmup) or a number', () => {
    const none = lrs(keras('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 10, warmup_target: null, warmup_steps: 5 }), 3);
    expect(none[0]).toBe(0.1);
    const warm = lrs(keras('CosineDecay', { initial_learning_rate: 0, decay_steps: 10, warmup_target: 0.1, warmup_steps: 5 }), 6);
    expect(warm[0]).toBe(0);
    expect(warm[1]).toBeCloseTo(0.02, 16);
    expect(warm[2]).toBeCloseTo(0.04, 16);
    expect(warm[5]).toBe(0.1);
  });
});

describe('Keras schedule behaviour', () => {
  it('gives a step equal to a boundary the earlier value', () => {
    const lr = lrs(keras('PiecewiseConstantDecay', { boundaries: [3, 6], values: [1, 0.5, 0.25] }), 9);
    expect(lr).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });
  it('holds CosineDecay at its floor after decay_steps (with and without warmup)', () => {
    const plain = lrs(keras('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 100, alpha: 0.1 }), 300);
    expect(plain[100]).toBeCloseTo(0.01, 15);
    expect(plain[299]).toBe(plain[100]);
    const warm = lrs(
      keras('CosineDecay', { initial_learning_rate: 0, decay_steps: 100, alpha: 0.1, warmup_target: 0.2, warmup_steps: 20 }),
      300,
    );
    expect(warm[120]).toBeCloseTo(0.02, 15);
    expect(warm[299]).toBe(warm[120]);
  });
  it('cycles PolynomialDecay by stretching decay_steps to the first multiple >= step', () => {
    const lr = lrs(keras('PolynomialDecay', { initial_learning_rate: 1, decay_steps: 4, end_learning_rate: 0, cycle: true }), 10);
    // Step 0 uses one decay_steps (multiplier 1, not ceil(0) = 0). A multiple of decay_steps itself reaches the
    // end LR (the docstring's "first multiple bigger than step" would not); the next step jumps back up.
    expect(lr).toEqual([1, 0.75, 0.5, 0.25, 0, 0.375, 0.25, 0.125, 0, 0.25]);
  });
  it('does not scale the CosineDecayRestarts floor by m_mul', () => {
    const lr = lrs(keras('CosineDecayRestarts', { initial_learning_rate: 1, first_decay_steps: 10, t_mul: 1, m_mul: 0.5, alpha: 0.2 }), 40);
    expect(lr[10]).toBeCloseTo(0.8 * 0.5 + 0.2, 15); // second peak: (1 − α)·m_mul + α, not m_mul
    expect(lr[20]).toBeCloseTo(0.8 * 0.25 + 0.2, 15);
    expect(Math.min(...lr)).toBeGreaterThan(0.2); // approaches α·lr_0 = 0.2 at every period's end
    expect(lr[39]).toBeCloseTo(0.8 * 0.125 * 0.5 * (1 + Math.cos(Math.PI * 0.9)) + 0.2, 15);
  });
  it('starts each CosineDecayRestarts period exactly at its boundary, even where log/log rounds down', () => {
    for (const [tMul, first, kMax] of [
      [3, 1, 11], // glibc float64 floors log(243)/log(3) = 4.999999999999999 to 4
      [1.5, 128, 7], // and log(1.5^5)/log(1.5), log(1.5^7)/log(1.5)
      [2, 1, 15], // float32 rounds log(32768)/log(2) to 14.999999
    ] as const) {
      const boundaries: number[] = [];
      for (let k = 1; k <= kMax; k++) boundaries.push((first * (tMul ** k - 1)) / (tMul - 1));
      const n = (boundaries[boundaries.length - 1] as number) + 2;
      const lr = lrs(keras('CosineDecayRestarts', { initial_learning_rate: 1, first_decay_steps: first, t_mul: tMul }), n);
      let checked = 0;
      for (const b of boundaries) {
        if (!Number.isInteger(b)) continue;
        expect(lr[b], `t_mul ${tMul}, step ${b}`).toBe(1); // the new period's peak, not the old one's floor
        expect(lr[b - 1] as number, `t_mul ${tMul}, step ${b - 1}`).toBeLessThan(b - 1 === 0 ? 2 : 1);
        checked += 1;
      }
      expect(checked).toBeGreaterThanOrEqual(kMax === 7 ? 6 : kMax);
    }
  });
  it('computes the restart index exactly at powers of t_mul', () => {
    for (const t of [1.5, 2, 3, 0.5]) {
      for (let k = 0; k <= 30; k++) {
        const x = t ** k;
        expect(restartIndex(x, t), `${t}^${k}`).toBe(k);
        if (t > 1) expect(restartIndex(x * (1 - 2 ** -52), t), `just below ${t}^${k}`).toBe(k - 1);
      }
    }
    expect(restartIndex(0, 0.5)).toBe(Number.POSITIVE_INFINITY);
  });
  it('reports the NaN Keras produces once t_mul < 1 runs out of periods', () => {
    const r = sample(build(keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 10, t_mul: 0.5 })), 30);
    expectError(r, /became NaN at tick 20/);
  });
});

describe('ReduceLROnPlateau: Keras 3 versus PyTorch', () => {
  // A loss that improves for three epochs and then stalls at 0.7.
  const metric = [1.0, 0.9, 0.8, 0.7, ...Array.from({ length: 36 }, () => 0.7)];
  const n = metric.length;
  const kerasCall = (patience: number, cooldown: number) =>
    keras('ReduceLROnPlateau', { mode: 'min', factor: 0.5, patience, cooldown, min_delta: 1e-4 }, { lr: 0.1 });
  const torchCall = (patience: number, cooldown: number): FrameworkCall => ({
    framework: 'torch',
    name: 'ReduceLROnPlateau',
    args: { mode: 'min', factor: 0.5, patience, cooldown, threshold: 1e-4, threshold_mode: 'abs', eps: 0 },
    optimizer: { lr: 0.1 },
  });

  it('reduces one epoch earlier than PyTorch with the same patience', () => {
    for (const patience of [1, 2, 3, 5]) {
      const k = lrs(kerasCall(patience, 0), n, metric);
      const t = lrs(torchCall(patience, 0), n, metric);
      // The last improvement is epoch 3; Keras reduces after `patience` bad epochs, torch after patience + 1.
      expect(firstDrop(k), `patience ${patience}`).toBe(4 + patience);
      expect(firstDrop(t), `patience ${patience}`).toBe(5 + patience);
    }
  });
  it('treats patience 0 like patience 1 (both reduce on the first bad epoch, as torch does with 0)', () => {
    expect(lrs(kerasCall(0, 0), n, metric)).toEqual(lrs(kerasCall(1, 0), n, metric));
    expect(firstDrop(lrs(torchCall(0, 0), n, metric))).toBe(firstDrop(lrs(kerasCall(0, 0), n, metric)));
  });
  it('makes cooldown=1 a no-op in Keras, but not in PyTorch', () => {
    for (const patience of [0, 2, 3]) {
      expect(lrs(kerasCall(patience, 1), n, metric), `patience ${patience}`).toEqual(lrs(kerasCall(patience, 0), n, metric));
      expect(lrs(torchCall(patience, 1), n, metric), `patience ${patience}`).not.toEqual(lrs(torchCall(patience, 0), n, metric));
    }
  });
  it('spaces reductions by patience + cooldown − 1 epochs in Keras, patience + cooldown + 1 in PyTorch', () => {
    const drops = (lr: readonly number[]) => lr.flatMap((v, i) => (i > 0 && v !== lr[i - 1] ? [i] : []));
    const k = drops(lrs(kerasCall(2, 3), n, metric));
    const t = drops(lrs(torchCall(2, 3), n, metric));
    expect(k.slice(0, 3)).toEqual([6, 10, 14]);
    expect(t.slice(0, 3)).toEqual([7, 13, 19]);
  });
  it("picks max for an 'acc' monitor in mode auto", () => {
    const acc = [0.5, 0.6, 0.7, 0.7, 0.7, 0.7];
    const auto = lrs(keras('ReduceLROnPlateau', { monitor: 'val_accuracy', patience: 2, factor: 0.5 }, { lr: 1 }), 6, acc);
    expect(auto).toEqual([1, 1, 1, 1, 1, 0.5]);
    const asLoss = lrs(keras('ReduceLROnPlateau', { monitor: 'val_loss', patience: 2, factor: 0.5 }, { lr: 1 }), 6, acc);
    expect(asLoss).toEqual([1, 1, 1, 0.5, 0.5, 0.25]);
  });
  it('stops at min_lr', () => {
    const lr = lrs(keras('ReduceLROnPlateau', { patience: 1, factor: 0.1, min_lr: 0.003 }, { lr: 0.1 }), 6, [1, 1, 1, 1, 1, 1]);
    expect(lr).toEqual([0.1, 0.1, 0.010000000000000002, 0.003, 0.003, 0.003]);
  });
});

describe('LearningRateScheduler', () => {
  it('shows that the seed article’s step_decay table is off by one epoch', () => {
    const stepDecay = [
      'def step_decay(epoch):',
      '    initial_lr = 0.1',
      '    drop_factor = 0.5',
      '    epochs_drop = 10',
      '    lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))',
      '    return lr',
      '',
    ].join('\n');
    const lr = lrs(keras('LearningRateScheduler', { schedule: stepDecay }, { kind: 'SGD', lr: 0.1 }), 50);
    // The article says the first drop comes at epoch 10 (index 10) and epochs 41-50 run at 0.00625. But
    // floor((1 + epoch) / 10) is 1 already at index 9, and 5 at index 49: a sixth level, 0.003125.
    expect(lr[8]).toBe(0.1);
    expect(lr[9]).toBe(0.05);
    expect(lr[48]).toBe(0.00625);
    expect(lr[49]).toBe(0.003125);
    expect(new Set(lr).size).toBe(6);
    expect(new Set(lr.slice(40, 50))).toEqual(new Set([0.00625, 0.003125]));
  });

  /** Stand-ins for the Python expression compiler, for the fixture's sources (JS twins of each function). */
  const twins: Record<string, (epoch: number, lr: number) => number> = {
    'lambda epoch, lr: lr * 0.1': (_e, lr) => lr * 0.1,
    'lambda epoch, lr: lr * 0.9': (_e, lr) => lr * 0.9,
    'lambda epoch: 0.1 * 0.5 ** (epoch // 10)': (e) => 0.1 * 0.5 ** Math.floor(e / 10),
    'lambda epoch, lr: 1e-3 * (epoch + 1) / 5 if epoch < 5 else lr': (e, lr) => (e < 5 ? (1e-3 * (e + 1)) / 5 : lr),
  };
  const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/keras.json', import.meta.url), 'utf8')) as {
    cases: { id: string; call: FrameworkCall; n: number; lr: number[] }[];
  };
  it('applies schedule(epoch, lr) at the start of every epoch, from epoch 0 (with a stand-in compiler)', () => {
    let checked = 0;
    for (const c of fixture.cases) {
      const source = c.call.args.schedule;
      if (c.call.name !== 'LearningRateScheduler' || typeof source !== 'string') continue;
      const twin = twins[source];
      if (!twin) continue;
      const compiled: string[] = [];
      const context: StandaloneContext = {
        initialLr: c.call.optimizer?.lr ?? 0.01,
        compile(src, path, accepted) {
          compiled.push(`${path} ${accepted.join(',')}`);
          expect(src).toBe(source);
          return (...a: number[]) => twin(a[0] as number, a[1] as number);
        },
        startNested: () => {
          throw new Error('unused');
        },
      };
      const sim = learningRateSchedulerFamily.start({ schedule: source }, context);
      const out: number[] = [];
      for (let i = 0; i < c.n; i++) {
        if (i > 0) sim.advance(undefined);
        out.push(sim.current().lr);
      }
      expect(compiled).toEqual(['args.schedule 2,1']);
      expect(out, c.id).toEqual(c.lr);
      checked += 1;
    }
    expect(checked).toBe(4);
  });
});
