/**
 * parseScheduleCode on what people paste: the seed article's Keras code block, the PyTorch and Keras documentation
 * examples (torch/optim/lr_scheduler.py docstrings, keras/src/optimizers/schedules/learning_rate_schedule.py
 * docstrings, retyped), every import style, nesting, functions, horizons. Each is checked against the expected
 * call and against the curve of that call.
 */
import { describe, expect, it } from 'vitest';
import { type FrameworkCall, fromFramework, type Schedule, sample } from '../index';
import { expectClose } from '../testing/golden';
import { steppingNotes } from '../stepping-notes';
import { parseScheduleCode, toPyTorchCode } from './index';

const NB = '\u00a0';

/**
 * The complete code block of the seed article (a beginner's Keras tutorial), as a web page delivers it: indented
 * with non-breaking spaces, the `])` closing `Sequential([` lost, and the `model.fit(X_train` line merged into
 * the comment above it.
 */
const ARTICLE = [
  'import numpy as np',
  'from keras.models import Sequential',
  'from keras.layers import Dense',
  'from keras.optimizers import SGD',
  'from keras.callbacks import LearningRateScheduler',
  '# Create a simple neural network model',
  'model = Sequential([',
  `${NB}${NB}${NB}Dense(units=128, activation='relu', input_shape=(input_dim,)),`,
  `${NB}${NB}${NB}Dense(units=64, activation='relu'),`,
  `${NB}${NB}${NB}Dense(units=num_classes, activation='softmax')`,
  '# Compile the model',
  "model.compile(optimizer=SGD(learning_rate=0.1), loss='categorical_crossentropy', metrics=['accuracy'])",
  '# Define the learning rate scheduler function',
  'def step_decay(epoch, lr):',
  `${NB}${NB}${NB}initial_lr = 0.1${NB} # Initial learning rate`,
  `${NB}${NB}${NB}drop_factor = 0.5${NB} # Factor by which the learning rate will be reduced`,
  `${NB}${NB}${NB}epochs_drop = 10${NB} # Number of epochs after which to drop the learning rate`,
  `${NB}${NB}${NB}new_lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))`,
  `${NB}${NB}${NB}return new_lr`,
  '# Create a LearningRateScheduler callback',
  'lr_scheduler = LearningRateScheduler(step_decay)',
  '# Train the model with the learning rate scheduler callback, y_train, epochs=50, callbacks=[lr_scheduler])',
  '',
].join('\n');

function parsed(source: string) {
  const r = parseScheduleCode(source);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.line}:${r.error.column}`);
  return r.value;
}

function only(source: string): { call: FrameworkCall; schedule: Schedule; horizon?: { epochs?: number; stepsPerEpoch?: number } } {
  const p = parsed(source);
  expect(p.calls).toHaveLength(1);
  return { call: p.calls[0] as FrameworkCall, schedule: p.schedules[0] as Schedule, ...(p.horizon ? { horizon: p.horizon } : {}) };
}

function lrs(schedule: Schedule, n: number, metric?: number[]): number[] {
  const r = sample(schedule, n, metric ? { metric } : undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lr;
}

/** The parsed call gives the same curve as `expected` built directly. */
function sameCurve(schedule: Schedule, expected: FrameworkCall, n: number, metric?: number[]): void {
  const made = fromFramework(expected);
  if (!made.ok) throw new Error(made.error.message);
  expectClose(lrs(schedule, n, metric), lrs(made.value, n, metric), 'lr');
}

describe('the seed article', () => {
  it('reads its complete code block despite the lost `])` and the non-breaking spaces', () => {
    const { call, schedule, horizon } = only(ARTICLE);
    expect(call.framework).toBe('keras');
    expect(call.name).toBe('LearningRateScheduler');
    expect(call.optimizer).toEqual({ kind: 'SGD', lr: 0.1 });
    expect(call.args.schedule).toMatch(/^import numpy as np\ndef step_decay\(epoch, lr\):/);
    expect(horizon).toBeUndefined(); // the page merged `model.fit(X_train` into a comment
    const lr = lrs(schedule, 50);
    // floor((1 + epoch) / 10): the first drop is at index 9 (the article's table says epoch 11), a sixth level at 49.
    expect(lr.slice(0, 9)).toEqual(Array(9).fill(0.1));
    expect(lr[9]).toBe(0.05);
    expect(lr[19]).toBe(0.025);
    expect(lr[48]).toBe(0.00625);
    expect(lr[49]).toBe(0.003125);
  });

  it('takes epochs=50 from model.fit when the line is intact', () => {
    const source = ARTICLE.replace(
      '# Train the model',
      'model.fit(X_train, y_train, epochs=50, callbacks=[lr_scheduler])\n# Train the model',
    );
    expect(only(source).horizon).toEqual({ epochs: 50 });
  });

  it("reads the article's first snippet (lr * 0.1 every epoch, from the compiled SGD)", () => {
    const { call, schedule } = only(
      [
        'from keras.optimizers import SGD',
        'from keras.callbacks import LearningRateScheduler',
        'def lr_scheduler(epoch, lr):',
        '    new_lr = lr * 0.1  # Adjust the factor as needed',
        '    return new_lr',
        "model.compile(optimizer=SGD(learning_rate=0.1), loss='mean_squared_error', metrics=['accuracy'])",
        'scheduler = LearningRateScheduler(lr_scheduler)',
      ].join('\n'),
    );
    expect(call.optimizer).toEqual({ kind: 'SGD', lr: 0.1 });
    expectClose(lrs(schedule, 4), [0.010000000000000002, 0.0010000000000000002, 0.00010000000000000003, 1.0000000000000004e-5], 'lr');
  });
});

describe('PyTorch documentation examples', () => {
  const SGD05 = 'optimizer = torch.optim.SGD(model.parameters(), lr=0.05)\n';
  const loop = (body: string) => `for epoch in range(100):\n    train(...)\n    validate(...)\n    ${body}\n`;

  it('StepLR', () => {
    const { call, schedule, horizon } = only(`${SGD05}scheduler = StepLR(optimizer, step_size=30, gamma=0.1)\n${loop('scheduler.step()')}`);
    expect(call).toEqual({ framework: 'torch', name: 'StepLR', args: { step_size: 30, gamma: 0.1 }, optimizer: { kind: 'SGD', lr: 0.05 } });
    expect(horizon).toEqual({ epochs: 100 });
    const lr = lrs(schedule, 91);
    // torch multiplies the LR it left in the optimizer: 0.05 * 0.1 is 0.005000000000000001
    expectClose([lr[29], lr[30], lr[59], lr[60], lr[90]] as number[], [0.05, 0.005, 0.005, 0.0005, 0.00005], 'lr');
  });

  it('MultiStepLR', () => {
    const { call, schedule } = only(
      `${SGD05}scheduler = MultiStepLR(optimizer, milestones=[30,80], gamma=0.1)\n${loop('scheduler.step()')}`,
    );
    expect(call.args).toEqual({ milestones: [30, 80], gamma: 0.1 });
    const lr = lrs(schedule, 81);
    expectClose([lr[29], lr[30], lr[79], lr[80]] as number[], [0.05, 0.005, 0.005, 0.0005], 'lr');
  });

  it('LambdaLR (one of the two lambdas: the playground models one param group)', () => {
    const source = `${SGD05}lambda1 = lambda epoch: epoch // 30\nlambda2 = lambda epoch: 0.95 ** epoch\nscheduler = LambdaLR(optimizer, lr_lambda=lambda2)\n${loop('scheduler.step()')}`;
    const { call, schedule } = only(source);
    expect(call.args).toEqual({ lr_lambda: 'lambda epoch: 0.95 ** epoch' });
    sameCurve(
      schedule,
      { framework: 'torch', name: 'LambdaLR', args: { lr_lambda: 'lambda epoch: 0.95 ** epoch' }, optimizer: { lr: 0.05 } },
      100,
    );
    const both = parseScheduleCode(source.replace('lr_lambda=lambda2', 'lr_lambda=[lambda1, lambda2]'));
    expect(both.ok).toBe(false);
    if (!both.ok)
      expect(both.error).toMatchObject({ message: expect.stringMatching(/one lr_lambda per param group/), line: 4, column: 33 });
  });

  it('SequentialLR', () => {
    const source = [
      'optimizer = torch.optim.SGD(model.parameters(), lr=1.)',
      'scheduler1 = ConstantLR(optimizer, factor=0.1, total_iters=2)',
      'scheduler2 = ExponentialLR(optimizer, gamma=0.9)',
      'scheduler = SequentialLR(optimizer, schedulers=[scheduler1, scheduler2], milestones=[2])',
      loop('scheduler.step()'),
    ].join('\n');
    const { call, schedule } = only(source);
    expect(call).toEqual({
      framework: 'torch',
      name: 'SequentialLR',
      args: {
        schedulers: [
          { name: 'ConstantLR', args: { factor: 0.1, total_iters: 2 } },
          { name: 'ExponentialLR', args: { gamma: 0.9 } },
        ],
        milestones: [2],
      },
      optimizer: { kind: 'SGD', lr: 1 },
    });
    // The docstring's comment says 0.1, 0.1, 0.9, 0.81, 0.729; torch restarts ExponentialLR at the milestone from
    // the initial LR, so epoch 2 is 1.0 (real PyTorch runs the same call in torch-run.test.ts).
    expectClose(lrs(schedule, 5), [0.1, 0.1, 1, 0.9, 0.81], 'lr');
  });

  it('ChainedScheduler', () => {
    const source = [
      'optimizer = torch.optim.SGD(model.parameters(), lr=1.)',
      'scheduler1 = ConstantLR(optimizer, factor=0.1, total_iters=2)',
      'scheduler2 = ExponentialLR(optimizer, gamma=0.9)',
      'scheduler = ChainedScheduler([scheduler1, scheduler2])',
      loop('scheduler.step()'),
    ].join('\n');
    const { call, schedule } = only(source);
    expect(call.name).toBe('ChainedScheduler');
    expect(call.optimizer).toEqual({ kind: 'SGD', lr: 1 });
    // The docstring's comment says 0.09, 0.081, 0.729, 0.6561, 0.59049; in torch ExponentialLR does not decay in its
    // constructor, so the run is 0.1, 0.09, then ConstantLR's restore at epoch 2 (real PyTorch runs this pair in
    // torch-run.test.ts).
    expectClose(lrs(schedule, 5), [0.1, 0.09, 0.81, 0.729, 0.6561], 'lr');
  });

  it('ReduceLROnPlateau', () => {
    const source = [
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
      "scheduler = ReduceLROnPlateau(optimizer, 'min')",
      'for epoch in range(10):',
      '    train(...)',
      '    val_loss = validate(...)',
      '    # Note that step should be called after validate()',
      '    scheduler.step(val_loss)',
    ].join('\n');
    const { call, schedule, horizon } = only(source);
    expect(call).toEqual({
      framework: 'torch',
      name: 'ReduceLROnPlateau',
      args: { mode: 'min' },
      optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 },
    });
    expect(horizon).toEqual({ epochs: 10 });
    expect(schedule.needsMetric).toBe(true);
    const metric = Array.from({ length: 30 }, () => 1);
    expect(lrs(schedule, 30, metric)[12]).toBe(0.1 * 0.1);
  });

  it('CyclicLR (per batch)', () => {
    const source = [
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
      'scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.01, max_lr=0.1)',
      'data_loader = torch.utils.data.DataLoader(...)',
      'for epoch in range(10):',
      '    for batch in data_loader:',
      '        train_batch(...)',
      '        scheduler.step()',
    ].join('\n');
    const { call, schedule, horizon } = only(source);
    expect(call.args).toEqual({ base_lr: 0.01, max_lr: 0.1 });
    expect(schedule.tick).toBe('step');
    expect(horizon).toEqual({ epochs: 10 });
    sameCurve(
      schedule,
      { framework: 'torch', name: 'CyclicLR', args: { base_lr: 0.01, max_lr: 0.1 }, optimizer: { lr: 0.1, momentum: 0.9 } },
      5000,
    );
  });

  it("OneCycleLR: len(data_loader) is the horizon's Steps per epoch (the notice says so), a number works", () => {
    const doc = [
      'data_loader = torch.utils.data.DataLoader(...)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
      'scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(data_loader), epochs=10)',
      'for epoch in range(10):',
      '    for batch in data_loader:',
      '        train_batch(...)',
      '        optimizer.step()',
      '        scheduler.step()',
    ].join('\n');
    const r = parseScheduleCode(doc, { horizon: { epochs: 50, stepsPerEpoch: 40 } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.calls[0]?.args).toEqual({ max_lr: 0.01, steps_per_epoch: 40, epochs: 10 });
    expect(r.value.notes).toEqual(["len(data_loader) is taken from the horizon's Steps per epoch (40)."]);
    const { call, schedule, horizon } = only(doc.replace('len(data_loader)', '100'));
    expect(call.args).toEqual({ max_lr: 0.01, steps_per_epoch: 100, epochs: 10 });
    expect(horizon).toEqual({ epochs: 10, stepsPerEpoch: 100 });
    expect(schedule.tick).toBe('step');
    sameCurve(
      schedule,
      { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.01, total_steps: 1000 }, optimizer: { lr: 0.1, momentum: 0.9 } },
      1000,
    );
  });
});

describe('Keras documentation examples', () => {
  const keras = (name: string, args: Record<string, unknown>): FrameworkCall => ({ framework: 'keras', name, args });

  it('ExponentialDecay (positional initial_learning_rate, with compile and fit)', () => {
    const source = [
      'initial_learning_rate = 0.1',
      'lr_schedule = keras.optimizers.schedules.ExponentialDecay(',
      '    initial_learning_rate,',
      '    decay_steps=100000,',
      '    decay_rate=0.96,',
      '    staircase=True)',
      '',
      'model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr_schedule),',
      "              loss='sparse_categorical_crossentropy',",
      "              metrics=['accuracy'])",
      '',
      'model.fit(data, labels, epochs=5)',
    ].join('\n');
    const { call, schedule, horizon } = only(source);
    const expected = keras('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 100000, decay_rate: 0.96, staircase: true });
    expect(call).toEqual(expected);
    expect(horizon).toEqual({ epochs: 5 });
    sameCurve(schedule, expected, 1000);
  });

  it('PiecewiseConstantDecay (calling the schedule is ignored)', () => {
    const source = [
      'step = ops.array(0)',
      'boundaries = [100000, 110000]',
      'values = [1.0, 0.5, 0.1]',
      'learning_rate_fn = keras.optimizers.schedules.PiecewiseConstantDecay(',
      '    boundaries, values)',
      '',
      '# Later, whenever we perform an optimization step, we pass in the step.',
      'learning_rate = learning_rate_fn(step)',
    ].join('\n');
    const { call } = only(source);
    expect(call).toEqual(keras('PiecewiseConstantDecay', { boundaries: [100000, 110000], values: [1, 0.5, 0.1] }));
  });

  it('PolynomialDecay', () => {
    const source = [
      '...',
      'starter_learning_rate = 0.1',
      'end_learning_rate = 0.01',
      'decay_steps = 10000',
      'learning_rate_fn = keras.optimizers.schedules.PolynomialDecay(',
      '    starter_learning_rate,',
      '    decay_steps,',
      '    end_learning_rate,',
      '    power=0.5)',
      '',
      'model.compile(optimizer=keras.optimizers.SGD(',
      '                  learning_rate=learning_rate_fn),',
      "              loss='sparse_categorical_crossentropy',",
      "              metrics=['accuracy'])",
      '',
      'model.fit(data, labels, epochs=5)',
    ].join('\n');
    const { call, schedule } = only(source);
    const expected = keras('PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 10000, end_learning_rate: 0.01, power: 0.5 });
    expect(call).toEqual(expected);
    sameCurve(schedule, expected, 12000);
  });

  it('InverseTimeDecay', () => {
    const source = [
      'initial_learning_rate = 0.1',
      'decay_steps = 1.0',
      'decay_rate = 0.5',
      'learning_rate_fn = keras.optimizers.schedules.InverseTimeDecay(',
      '    initial_learning_rate, decay_steps, decay_rate)',
    ].join('\n');
    const { call, schedule } = only(source);
    expect(call).toEqual(keras('InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 1, decay_rate: 0.5 }));
    expect(lrs(schedule, 3)).toEqual([0.1, 0.1 / 1.5, 0.1 / 2]);
  });

  it('CosineDecay, without and with warmup', () => {
    const plain = only(
      'decay_steps = 1000\ninitial_learning_rate = 0.1\nlr_decayed_fn = keras.optimizers.schedules.CosineDecay(\n    initial_learning_rate, decay_steps)',
    );
    expect(plain.call).toEqual(keras('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 1000 }));
    sameCurve(plain.schedule, plain.call, 1200);
    const warm = only(
      [
        'decay_steps = 1000',
        'initial_learning_rate = 0',
        'warmup_steps = 1000',
        'target_learning_rate = 0.1',
        'lr_warmup_decayed_fn = keras.optimizers.schedules.CosineDecay(',
        '    initial_learning_rate, decay_steps, warmup_target=target_learning_rate,',
        '    warmup_steps=warmup_steps',
        ')',
      ].join('\n'),
    );
    expect(warm.call).toEqual(
      keras('CosineDecay', { initial_learning_rate: 0, decay_steps: 1000, warmup_target: 0.1, warmup_steps: 1000 }),
    );
    const lr = lrs(warm.schedule, 2001);
    expect([lr[0], lr[500], lr[1000], lr[2000]]).toEqual([0, 0.05, 0.1, 0]);
  });

  it('CosineDecayRestarts', () => {
    const { call, schedule } = only(
      'initial_learning_rate = 0.1\nfirst_decay_steps = 1000\nlr_decayed_fn = (\n    keras.optimizers.schedules.CosineDecayRestarts(\n        initial_learning_rate,\n        first_decay_steps))',
    );
    expect(call).toEqual(keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 1000 }));
    const lr = lrs(schedule, 3001);
    expect([lr[0], lr[1000], lr[3000]]).toEqual([0.1, 0.1, 0.1]);
  });

  it('LearningRateScheduler with a lambda, and ReduceLROnPlateau, as callbacks of fit', () => {
    const p = parsed(
      [
        'import tensorflow as tf',
        'lr_cb = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1e-3 * 10 ** (epoch / 20))',
        "reduce = tf.keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.2, patience=5, min_lr=0.001)",
        "model.compile(optimizer='adam', loss='mse')",
        'epochs = 30',
        'model.fit(x, y, epochs=epochs, steps_per_epoch=20, callbacks=[lr_cb, reduce])',
      ].join('\n'),
    );
    expect(p.calls.map((c) => c.name)).toEqual(['LearningRateScheduler', 'ReduceLROnPlateau']);
    expect(p.calls[0]?.optimizer).toEqual({ kind: 'Adam' });
    expect(p.calls[1]?.args).toEqual({ monitor: 'val_loss', factor: 0.2, patience: 5, min_lr: 0.001 });
    expect(p.horizon).toEqual({ epochs: 30, stepsPerEpoch: 20 });
    expect(lrs(p.schedules[0] as Schedule, 21)[20]).toBeCloseTo(1e-2, 15);
  });
});

describe('import styles and argument forms', () => {
  const stepLR = (source: string) => {
    const { call } = only(source);
    expect(call.name).toBe('StepLR');
    expect(call.args).toEqual({ step_size: 30, gamma: 0.5 });
    return call;
  };

  it('torch.optim.lr_scheduler.X, lr_scheduler.X, X after from-import, optim.lr_scheduler.X, star import', () => {
    stepLR('import torch\ns = torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.5)');
    stepLR('from torch.optim import lr_scheduler\ns = lr_scheduler.StepLR(opt, 30, 0.5)');
    stepLR('from torch.optim.lr_scheduler import StepLR as Step\ns = Step(opt, 30, gamma=0.5)');
    stepLR('import torch.optim as optim\ns = optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.5)');
    stepLR('from torch.optim.lr_scheduler import *\ns = StepLR(opt, 30, 0.5)');
    stepLR('import torch.optim.lr_scheduler as sched\ns = sched.StepLR(opt, 30, 0.5)');
  });

  it('reads the optimizer in each style, positional arguments included', () => {
    const opt = (line: string) => only(`${line}\ns = StepLR(optimizer, 30)`).call.optimizer;
    expect(opt('optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)')).toEqual({ kind: 'SGD', lr: 0.05, momentum: 0.9 });
    expect(opt('import torch.optim as optim\noptimizer = optim.SGD(net.parameters(), 0.05, 0.9)')).toEqual({
      kind: 'SGD',
      lr: 0.05,
      momentum: 0.9,
    });
    expect(opt('optimizer = torch.optim.Adam(model.parameters(), 1e-3, (0.95, 0.999))')).toEqual({
      kind: 'Adam',
      lr: 1e-3,
      betas: [0.95, 0.999],
    });
    expect(opt('optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)')).toEqual({ kind: 'AdamW', lr: 3e-4 });
    expect(opt('optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, momentum=0.5)')).toEqual({
      kind: 'RMSprop',
      lr: 0.01,
      momentum: 0.5,
    });
    expect(opt("optimizer = optim.SGD([{'params': a.parameters()}, {'params': b.parameters(), 'lr': 1e-3}], lr=1e-2)")).toEqual({
      kind: 'SGD',
      lr: 1e-2,
    });
    expect(opt("optimizer = optim.SGD([{'params': a.parameters(), 'lr': 0.2}, {'params': b.parameters()}], lr=1e-2)")).toEqual({
      kind: 'SGD',
      lr: 0.2,
    });
    expect(opt('optimizer = torch.optim.Adagrad(model.parameters(), lr=0.3)')).toEqual({ kind: 'SGD', lr: 0.3 });
    expect(only('s = StepLR(self.optimizer, 30)').call.optimizer).toBeUndefined();
  });

  it('evaluates arguments over constants assigned above', () => {
    const { call } = only(
      'epochs = 90\nwarm = epochs // 18\ns = MultiStepLR(opt, milestones=[warm * 6, 2 * epochs // 3], gamma=0.1 ** 0.5)',
    );
    expect(call.args).toEqual({ milestones: [30, 60], gamma: 0.1 ** 0.5 });
    expect(only('n = 10\nn += 5\ns = CosineAnnealingLR(opt, T_max=n)').call.args).toEqual({ T_max: 15 });
    expect(only('import math\ns = ExponentialLR(opt, gamma=math.exp(-0.1))').call.args).toEqual({ gamma: Math.exp(-0.1) });
  });

  it('nests SequentialLR children assigned first, and inline children', () => {
    const source = [
      'from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, SequentialLR',
      'epochs = 50',
      'warmup = LinearLR(optimizer, start_factor=0.1, total_iters=5)',
      'scheduler = SequentialLR(optimizer, [warmup, CosineAnnealingLR(optimizer, T_max=epochs - 5)], milestones=[5])',
    ].join('\n');
    const { call, schedule } = only(source);
    expect(call.args).toEqual({
      schedulers: [
        { name: 'LinearLR', args: { start_factor: 0.1, total_iters: 5 } },
        { name: 'CosineAnnealingLR', args: { T_max: 45 } },
      ],
      milestones: [5],
    });
    sameCurve(schedule, { framework: 'torch', name: 'SequentialLR', args: call.args }, 60);
  });

  it('passes a def by name with the constants and imports it reads', () => {
    const source = [
      'import math',
      'from math import cos as c',
      'warmup_epochs = 5',
      'total = 50',
      'def lr_lambda(epoch):',
      '    if epoch < warmup_epochs:',
      '        return (epoch + 1) / warmup_epochs',
      '    return 0.5 * (1 + c(math.pi * (epoch - warmup_epochs) / (total - warmup_epochs)))',
      'scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lr_lambda)',
    ].join('\n');
    const { call, schedule } = only(source);
    expect(call.args.lr_lambda).toBe(
      [
        'warmup_epochs = 5',
        'from math import cos as c',
        'import math',
        'total = 50',
        'def lr_lambda(epoch):',
        '    if epoch < warmup_epochs:',
        '        return (epoch + 1) / warmup_epochs',
        '    return 0.5 * (1 + c(math.pi * (epoch - warmup_epochs) / (total - warmup_epochs)))',
      ].join('\n'),
    );
    const lr = lrs(schedule, 6);
    expect(lr.slice(0, 5)).toEqual([0.0002, 0.0004, 0.0006, 0.0008, 0.001]);
  });

  it('reads a Keras LearningRateScheduler with if/else, and keras.callbacks.X', () => {
    const source = [
      'import tensorflow as tf',
      'def scheduler(epoch, lr):',
      '    if epoch < 10:',
      '        return lr',
      '    else:',
      '        return lr * tf.math.exp(-0.1)',
      'callback = tf.keras.callbacks.LearningRateScheduler(scheduler)',
    ].join('\n');
    // tf.math.exp is read as the safe subset's math.exp (reader/review.test.ts has the details).
    expect(only(source).call.args.schedule).toContain('return lr * math.exp(-0.1)');
    const { call, schedule } = only(
      source.replace('tf.math.exp', 'math.exp').replace('import tensorflow as tf', 'import math\nimport tensorflow as tf'),
    );
    expect(call.name).toBe('LearningRateScheduler');
    const lr = lrs(schedule, 12);
    expect(lr[9]).toBe(0.01);
    expect(lr[10]).toBe(0.01 * Math.exp(-0.1));
  });

  it('reads code inside def main(), a Lightning configure_optimizers, and an indented block', () => {
    const main = only(
      'def main():\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.2)\n    scheduler = StepLR(optimizer, 3)\n    train(optimizer, scheduler)\n\nif __name__ == "__main__":\n    main()',
    );
    expect(main.call.optimizer).toEqual({ kind: 'SGD', lr: 0.2 });
    const lightning = only(
      [
        '    def configure_optimizers(self):',
        '        optimizer = torch.optim.AdamW(self.parameters(), lr=3e-4)',
        '        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=50)',
        '        return [optimizer], [scheduler]',
      ].join('\n'),
    );
    expect(lightning.call).toEqual({
      framework: 'torch',
      name: 'CosineAnnealingLR',
      args: { T_max: 50 },
      optimizer: { kind: 'AdamW', lr: 3e-4 },
    });
  });

  it('takes the horizon from range loops, also behind tqdm', () => {
    const source = (loops: string) => `s = StepLR(opt, 3)\n${loops}`;
    expect(only(source('for epoch in tqdm(range(1, 21)):\n    for i, batch in enumerate(loader):\n        pass')).horizon).toEqual({
      epochs: 20,
    });
    expect(only(source('for epoch in trange(12):\n    for step in range(250):\n        pass')).horizon).toEqual({
      epochs: 12,
      stepsPerEpoch: 250,
    });
  });

  it('strips doctest prompts', () => {
    const { call } = only(
      '>>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n>>> scheduler = ExponentialLR(optimizer, gamma=0.9)\n>>> scheduler.get_last_lr()\n[0.1]',
    );
    expect(call).toEqual({ framework: 'torch', name: 'ExponentialLR', args: { gamma: 0.9 }, optimizer: { kind: 'SGD', lr: 0.1 } });
  });

  it('returns several schedulers in order, and a LambdaLR stepped per batch ticks per step', () => {
    const p = parsed(
      [
        'opt1 = torch.optim.SGD(a.parameters(), lr=0.1)',
        'opt2 = torch.optim.Adam(b.parameters(), lr=0.01)',
        's1 = StepLR(opt1, 10)',
        's2 = LambdaLR(opt2, lambda step: 1 / (1 + step))',
        'for epoch in range(3):',
        '    for batch in range(20):',
        '        s2.step()',
        '    s1.step()',
      ].join('\n'),
    );
    expect(p.calls.map((c) => [c.name, c.optimizer])).toEqual([
      ['StepLR', { kind: 'SGD', lr: 0.1 }],
      ['LambdaLR', { kind: 'Adam', lr: 0.01 }],
    ]);
    expect(p.schedules.map((s) => s.tick)).toEqual(['epoch', 'step']);
    expect(p.horizon).toEqual({ epochs: 3, stepsPerEpoch: 20 });
  });

  it('ignores broken lines that do not bear on the schedule', () => {
    const { call } = only(
      [
        'import torch',
        'Here is my code, it’s not working:',
        'model = Net(',
        'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
        'print("loss: %f" % loss.item(]',
        'scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)',
        'Output: tensor([0.1, 0.09])',
      ].join('\n'),
    );
    expect(call).toEqual({ framework: 'torch', name: 'ExponentialLR', args: { gamma: 0.9 }, optimizer: { kind: 'SGD', lr: 0.1 } });
  });

  it('reads the TensorFlow tutorial callbacks list (a callback that prints the LR is not a scheduler)', () => {
    const p = parsed(
      [
        'EPOCHS = 12',
        'def decay(epoch):',
        '  if epoch < 3:',
        '    return 1e-3',
        '  elif epoch >= 3 and epoch < 7:',
        '    return 1e-4',
        '  else:',
        '    return 1e-5',
        '',
        'class PrintLR(tf.keras.callbacks.Callback):',
        '  def on_epoch_end(self, epoch, logs=None):',
        "    print('\\nLearning rate for epoch {} is {}'.format(epoch + 1, model.optimizer.lr.numpy()))",
        '',
        'callbacks = [',
        "    tf.keras.callbacks.TensorBoard(log_dir='./logs'),",
        '    tf.keras.callbacks.ModelCheckpoint(filepath=checkpoint_prefix, save_weights_only=True),',
        '    tf.keras.callbacks.LearningRateScheduler(decay),',
        '    PrintLR()',
        ']',
        'model.fit(train_dataset, epochs=EPOCHS, callbacks=callbacks)',
      ].join('\n'),
    );
    expect(p.calls.map((c) => c.name)).toEqual(['LearningRateScheduler']);
    expect(p.horizon).toEqual({ epochs: 12 });
    expect(lrs(p.schedules[0] as Schedule, 12)).toEqual([1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4, 1e-4, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5]);
    const setter = parseScheduleCode(
      'class Warm(keras.callbacks.Callback):\n    def on_epoch_begin(self, epoch, logs=None):\n        self.model.optimizer.learning_rate = 0.1\ncb = Warm()',
    );
    expect(setter.ok).toBe(false);
    if (!setter.ok) expect(setter.error.message).toMatch(/^Not supported: the custom scheduler class Warm/);
    expect(only('lr_decayed_fn = tf.keras.experimental.CosineDecay(0.1, 1000)').call).toEqual({
      framework: 'keras',
      name: 'CosineDecay',
      args: { initial_learning_rate: 0.1, decay_steps: 1000 },
    });
  });

  it('names a scheduler it does not know when there is no other', () => {
    const r = parseScheduleCode(
      'from timm.scheduler import CosineLRScheduler\nscheduler = CosineLRScheduler(optimizer, t_initial=100, warmup_t=5)',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        message: expect.stringMatching(/^No learning-rate scheduler found: CosineLRScheduler\(\) is not one/),
        line: 2,
        column: 13,
      });
  });

  it('refuses a custom LearningRateSchedule subclass (the Transformer tutorial) with a reason', () => {
    const r = parseScheduleCode(
      [
        'class CustomSchedule(tf.keras.optimizers.schedules.LearningRateSchedule):',
        '    def __init__(self, d_model, warmup_steps=4000):',
        '        super().__init__()',
        '        self.d_model = tf.cast(d_model, tf.float32)',
        '        self.warmup_steps = warmup_steps',
        '    def __call__(self, step):',
        '        arg1 = tf.math.rsqrt(step)',
        '        arg2 = step * (self.warmup_steps ** -1.5)',
        '        return tf.math.rsqrt(self.d_model) * tf.math.minimum(arg1, arg2)',
        'learning_rate = CustomSchedule(128)',
        'optimizer = tf.keras.optimizers.Adam(learning_rate, beta_1=0.9, beta_2=0.98, epsilon=1e-9)',
      ].join('\n'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        message: expect.stringMatching(/^Not supported: the custom scheduler class CustomSchedule/),
        line: 10,
        column: 17,
      });
  });

  it('reports curly-quoted strings and Unicode minus signs from web pages correctly', () => {
    const { call } = only('scheduler = CyclicLR(optimizer, base_lr=1e\u22124, max_lr=0.01, mode=\u201ctriangular2\u201d)');
    expect(call.args).toEqual({ base_lr: 1e-4, max_lr: 0.01, mode: 'triangular2' });
  });
});

describe('Hugging Face transformers schedules', () => {
  const hf = (name: string, args: Record<string, unknown>, optimizer: FrameworkCall['optimizer']): FrameworkCall => ({
    framework: 'transformers',
    name,
    args,
    ...(optimizer ? { optimizer } : {}),
  });

  it('from transformers import get_linear_schedule_with_warmup, keyword arguments', () => {
    const { call, schedule } = only(
      [
        'import torch',
        'from transformers import get_linear_schedule_with_warmup',
        'optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)',
        'scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=500, num_training_steps=10000)',
      ].join('\n'),
    );
    expect(call).toEqual(
      hf('get_linear_schedule_with_warmup', { num_warmup_steps: 500, num_training_steps: 10000 }, { kind: 'AdamW', lr: 2e-5 }),
    );
    expect(schedule.tick).toBe('step');
    sameCurve(
      schedule,
      hf('get_linear_schedule_with_warmup', { num_warmup_steps: 500, num_training_steps: 10000 }, { kind: 'AdamW', lr: 2e-5 }),
      10100,
    );
  });

  it('transformers.get_scheduler("cosine", ...) is the function its name selects', () => {
    const { call, schedule } = only(
      'import transformers\nscheduler = transformers.get_scheduler("cosine", optimizer=optimizer, num_warmup_steps=100, num_training_steps=1000)',
    );
    expect(call).toEqual(hf('get_scheduler', { name: 'cosine', num_warmup_steps: 100, num_training_steps: 1000 }, undefined));
    expect(schedule.name).toBe('get_cosine_schedule_with_warmup');
    expect(schedule.call.args).toEqual({ num_warmup_steps: 100, num_training_steps: 1000, num_cycles: 0.5 });
  });

  it('from transformers.optimization import ..., positional arguments, and get_scheduler with kwargs and SchedulerType', () => {
    const hard = only(
      'from transformers.optimization import get_cosine_with_hard_restarts_schedule_with_warmup\nsched = get_cosine_with_hard_restarts_schedule_with_warmup(opt, 10, 100, 3)',
    );
    expect(hard.call.args).toEqual({ num_warmup_steps: 10, num_training_steps: 100, num_cycles: 3 });
    const kw = only(
      'from transformers import get_scheduler\ns = get_scheduler("cosine_with_min_lr", optimizer, 10, 100, {"min_lr_rate": 0.1})',
    );
    expect(kw.schedule.name).toBe('get_cosine_with_min_lr_schedule_with_warmup');
    expect(kw.schedule.call.args.min_lr_rate).toBe(0.1);
    const viaDict = only(
      'from transformers import get_scheduler\ns = get_scheduler("warmup_stable_decay", optimizer, 10, 100, scheduler_specific_kwargs=dict(num_decay_steps=20))',
    );
    expect(viaDict.schedule.name).toBe('get_wsd_schedule');
    const member = only(
      'from transformers import SchedulerType, get_scheduler\ns = get_scheduler(SchedulerType.POLYNOMIAL, optimizer, 10, 100)',
    );
    expect(member.schedule.name).toBe('get_polynomial_decay_schedule_with_warmup');
  });

  it('num_training_steps=len(train_loader) * epochs takes steps per epoch and epochs from the horizon', () => {
    const code =
      'scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=10, num_training_steps=len(train_loader) * epochs)';
    const r = parseScheduleCode(code, { horizon: { epochs: 7, stepsPerEpoch: 30 } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.calls[0]?.args.num_training_steps).toBe(210);
    expect(r.value.horizon).toEqual({ epochs: 7, stepsPerEpoch: 30 });
    const swapped = parseScheduleCode('s = get_cosine_schedule_with_warmup(optimizer, 0, epochs * len(train_loader))', {
      horizon: { epochs: 4, stepsPerEpoch: 25 },
    });
    expect(swapped.ok && swapped.value.calls[0]?.args.num_training_steps).toBe(100);
    const numEpochs = only('num_epochs = 3\ns = get_linear_schedule_with_warmup(optimizer, 0, len(train_dataloader) * num_epochs)');
    expect(numEpochs.call.args.num_training_steps).toBe(300);
    expect(numEpochs.horizon).toEqual({ stepsPerEpoch: 100 });
  });

  it('the Hugging Face course loop: get_scheduler(name="linear", ...) stepped after every batch', () => {
    const course = [
      'from torch.optim import AdamW',
      'from transformers import get_scheduler',
      '',
      'optimizer = AdamW(model.parameters(), lr=5e-5)',
      'num_epochs = 3',
      'num_training_steps = num_epochs * len(train_dataloader)',
      'lr_scheduler = get_scheduler(',
      '    name="linear", optimizer=optimizer, num_warmup_steps=0, num_training_steps=num_training_steps',
      ')',
      'model.train()',
      'for epoch in range(num_epochs):',
      '    for batch in train_dataloader:',
      '        outputs = model(**batch)',
      '        loss = outputs.loss',
      '        loss.backward()',
      '        optimizer.step()',
      '        lr_scheduler.step()',
      '        optimizer.zero_grad()',
    ].join('\n');
    const r = parseScheduleCode(course, { horizon: { epochs: 50, stepsPerEpoch: 40 } });
    if (!r.ok) throw new Error(`${r.error.message} ${r.error.line}:${r.error.column}`);
    expect(r.value.horizon).toEqual({ epochs: 3, stepsPerEpoch: 40 });
    const s = r.value.schedules[0] as Schedule;
    expect(s.name).toBe('get_linear_schedule_with_warmup');
    expect(s.call.args).toEqual({ num_warmup_steps: 0, num_training_steps: 120 });
    expect(s.call.optimizer).toEqual({ kind: 'AdamW', lr: 5e-5 });
    expect(s.tick).toBe('step');
  });

  it('reports the library’s errors at the argument', () => {
    const lrEnd = parseScheduleCode(
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.01)\ns = get_polynomial_decay_schedule_with_warmup(optimizer, 10, 100, lr_end=0.5)',
    );
    expect(lrEnd.ok).toBe(false);
    if (!lrEnd.ok) {
      expect(lrEnd.error.message).toMatch(/lr_end \(0\.5\) must be smaller than initial lr \(0\.01\)/);
      expect([lrEnd.error.line, lrEnd.error.column]).toEqual([2, 67]);
    }
    const kwarg = parseScheduleCode('s = get_scheduler("cosine", optimizer, 10, 100, {"min_lr_rate": 0.1})');
    expect(kwarg.ok).toBe(false);
    if (!kwarg.ok) expect(kwarg.error.message).toMatch(/unexpected keyword argument 'min_lr_rate'/);
    const unknown = parseScheduleCode('s = get_scheduler("cosine_annealing", optimizer, 10, 100)');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toMatch(/not a valid SchedulerType/);
    const plateau = only(
      's = get_scheduler("reduce_lr_on_plateau", optimizer, scheduler_specific_kwargs={"patience": 2})\nfor epoch in range(20):\n    s.step(val_loss)',
    );
    expect([plateau.schedule.framework, plateau.schedule.name, plateau.schedule.call.args.patience]).toEqual([
      'torch',
      'ReduceLROnPlateau',
      2,
    ]);
    const extra = parseScheduleCode('s = get_linear_schedule_with_warmup(optimizer, 10, 100, -1, 5)');
    expect(extra.ok).toBe(false);
    if (!extra.ok)
      expect(extra.error.message).toBe(
        'TypeError: get_linear_schedule_with_warmup() takes from 3 to 4 positional arguments but 5 were given',
      );
    const twice = parseScheduleCode('s = get_constant_schedule_with_warmup(optimizer, 10, num_warmup_steps=5)');
    expect(twice.ok).toBe(false);
    if (!twice.ok)
      expect(twice.error.message).toBe(
        "TypeError: get_constant_schedule_with_warmup() got multiple values for argument 'num_warmup_steps'",
      );
    const typo = parseScheduleCode('s = get_linear_schedule_with_warmupp(optimizer, 10, 100)');
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.error.message).toMatch(/Did you mean 'get_linear_schedule_with_warmup'/);
  });
});

describe('where the code calls step()', () => {
  const loop = (ctor: string, stepInBatch: boolean, imports = 'from torch.optim.lr_scheduler import *') =>
    [
      'import torch',
      imports,
      'model = torch.nn.Linear(2, 1)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      `scheduler = ${ctor}`,
      'for epoch in range(12):',
      '    for batch in range(100):',
      '        optimizer.step()',
      ...(stepInBatch ? ['        scheduler.step()'] : ['    scheduler.step()']),
    ].join('\n');

  it('an epoch scheduler stepped in the batch loop is stepped every batch: its counts are optimizer steps', () => {
    const p = parsed(loop('LinearLR(optimizer, start_factor=0.1, total_iters=1000)', true));
    const s = p.schedules[0] as Schedule;
    expect(p.steppedIn).toEqual(['batch']);
    expect(p.calls[0]?.stepEvery).toBe('batch');
    expect(s.call.stepEvery).toBe('batch');
    expect(s.tick).toBe('step');
    expect(p.horizon).toEqual({ epochs: 12, stepsPerEpoch: 100 });
    const curve = lrs(s, 1200);
    // LinearLR reaches the optimizer's LR after total_iters steps, not epochs.
    expect(curve[0]).toBeCloseTo(0.01, 15);
    expect(curve[999]).toBeLessThan(0.1);
    expect(curve[1000]).toBeCloseTo(0.1, 15);
    expect(steppingNotes(p)).toEqual([
      'Your code calls LinearLR.step() after every batch, so the panel steps it after every batch too ("step() every": batch): its counts are optimizer steps.',
    ]);
  });

  it('an epoch scheduler stepped in the epoch loop needs no word', () => {
    const p = parsed(loop('StepLR(optimizer, step_size=3)', false));
    expect(p.steppedIn).toEqual(['epoch']);
    expect(p.calls[0]?.stepEvery).toBeUndefined();
    expect(p.schedules[0]?.tick).toBe('epoch');
    expect(steppingNotes(p)).toEqual([]);
  });

  it('a OneCycleLR stepped in the epoch loop is drawn per epoch, and not reported as stepped every batch', () => {
    const p = parsed(loop('OneCycleLR(optimizer, max_lr=0.1, total_steps=12)', false));
    const s = p.schedules[0] as Schedule;
    expect(p.steppedIn).toEqual(['epoch']);
    expect(s.tick).toBe('epoch');
    expect(s.call.stepEvery).toBe('epoch');
    const notes = steppingNotes(p);
    expect(notes).toEqual([
      'Your code calls OneCycleLR.step() once per epoch, so the panel steps it once per epoch too ("step() every": epoch): its counts are epochs.',
    ]);
    expect(notes.join(' ')).not.toMatch(/every batch/);
    // Stepped once per epoch, total_steps counts epochs: the same curve as 12 steps of the per-batch schedule.
    const perBatch = fromFramework({
      framework: 'torch',
      name: 'OneCycleLR',
      args: { max_lr: 0.1, total_steps: 12 },
      optimizer: { lr: 0.1, momentum: 0 },
    });
    if (!perBatch.ok) throw new Error(perBatch.error.message);
    expect(lrs(s, 12)).toEqual(lrs(perBatch.value, 12));
  });

  it('a OneCycleLR stepped in the batch loop is its usual self', () => {
    const p = parsed(loop('OneCycleLR(optimizer, max_lr=0.1, total_steps=1200)', true));
    expect(p.schedules[0]?.tick).toBe('step');
    expect(p.calls[0]?.stepEvery).toBeUndefined();
    expect(steppingNotes(p)).toEqual([]);
  });

  it('a transformers schedule stepped in the epoch loop: the notice says what the code does and what the panel draws', () => {
    const p = parsed(
      loop(
        'get_linear_schedule_with_warmup(optimizer, num_warmup_steps=2, num_training_steps=12)',
        false,
        'from transformers import get_linear_schedule_with_warmup',
      ),
    );
    expect(p.steppedIn).toEqual(['epoch']);
    expect(p.schedules[0]?.tick).toBe('step');
    expect(steppingNotes(p)).toEqual([
      'Your code calls get_linear_schedule_with_warmup.step() once per epoch; get_linear_schedule_with_warmup is stepped after every batch in transformers, and the panel cannot step it otherwise: the panel draws it after every batch (its counts are optimizer steps).',
    ]);
  });

  it('ReduceLROnPlateau stays per epoch wherever step() is', () => {
    const code = [
      'import torch',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      'scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer)',
      'for epoch in range(10):',
      '    for batch in range(5):',
      '        scheduler.step(loss)',
    ].join('\n');
    const p = parsed(code);
    expect(p.schedules[0]?.tick).toBe('epoch');
    expect(p.calls[0]?.stepEvery).toBeUndefined();
    expect(steppingNotes(p)[0]).toMatch(
      /^Your code calls ReduceLROnPlateau\.step\(\) after every batch; ReduceLROnPlateau is stepped once per epoch/,
    );
  });

  it('the per-batch export reads back as stepped every batch', () => {
    const call: FrameworkCall = {
      framework: 'torch',
      name: 'StepLR',
      args: { step_size: 30, gamma: 0.5 },
      optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 },
      stepEvery: 'batch',
    };
    const code = toPyTorchCode(call, { epochs: 3, stepsPerEpoch: 40 });
    expect(code).toMatch(/^ {8}scheduler\.step\(\)/m);
    const p = parsed(code);
    expect(p.schedules[0]?.call.stepEvery).toBe('batch');
    expect(p.schedules[0]?.tick).toBe('step');
  });
});
