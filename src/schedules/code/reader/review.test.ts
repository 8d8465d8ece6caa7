/**
 * The paste reader on what a new-user review found: calls next to a star import, the Keras / TensorFlow docs'
 * `ops.exp` / `tf.math.exp`, OneCycleLR's `len(data_loader)` and `total_steps`, a scheduler pasted without its
 * optimizer, code still being typed, and nesting deep enough to exhaust the parser.
 */
import { parser } from '@lezer/python';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sample } from '../../index';
import { MAX_BRACKET_DEPTH, parseScheduleCode, stillOpen } from '../parse';
import { scanBrackets } from './brackets';

function read(source: string, horizon?: { epochs: number; stepsPerEpoch: number }) {
  const r = parseScheduleCode(source, horizon ? { horizon } : undefined);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.line}:${r.error.column}`);
  return r.value;
}

function lrs(source: string, n: number): number[] {
  const schedule = read(source).schedules[0];
  if (!schedule) throw new Error('no schedule');
  const r = sample(schedule, n);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lr;
}

describe('item 1: from torch.optim.lr_scheduler import * next to other calls', () => {
  it('star import: train(epoch), criterion(output, target) and print(...) are not schedulers', () => {
    const code = [
      'import torch',
      'from torch.optim.lr_scheduler import *',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      'scheduler = StepLR(optimizer, step_size=30)',
      'for epoch in range(100):',
      '    train(epoch)',
      '    loss = criterion(output, target)',
      '    print(f"epoch {epoch}", scheduler.get_last_lr())',
      '    scheduler.step()',
    ].join('\n');
    const p = read(code);
    expect(p.calls).toEqual([{ framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { kind: 'SGD', lr: 0.1 } }]);
    expect(p.horizon).toEqual({ epochs: 100 });
  });

  it('star import: torch.optim and torch.optim.lr_scheduler both starred give each its own names', () => {
    const p = read(
      'from torch.optim import *\nfrom torch.optim.lr_scheduler import *\noptimizer = SGD(model.parameters(), lr=0.1)\nscheduler = StepLR(optimizer, 30)\ntrain(epoch)',
    );
    expect(p.calls).toEqual([{ framework: 'torch', name: 'StepLR', args: { step_size: 30 }, optimizer: { kind: 'SGD', lr: 0.1 } }]);
  });

  it('star import: a Keras star import ignores fit helpers; a misspelt scheduler is still reported', () => {
    const keras = read(
      'from keras.callbacks import *\ncallback = LearningRateScheduler(lambda epoch: 0.1)\nhistory = run(callback)\nplot(history)',
    );
    expect(keras.calls.map((c) => c.name)).toEqual(['LearningRateScheduler']);
    const r = parseScheduleCode('from torch.optim.lr_scheduler import *\nscheduler = StepLRR(optimizer, step_size=30)\ntrain(epoch)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ message: "Unknown PyTorch scheduler 'StepLRR'. Did you mean 'StepLR'?", line: 2 });
  });
});

describe('item 2: documentation examples', () => {
  const kerasDoc = (exp: string, imports: string) =>
    [
      imports,
      'def scheduler(epoch, lr):',
      '    if epoch < 10:',
      '        return lr',
      '    else:',
      `        return lr * ${exp}(-0.1)`,
      'model = keras.models.Sequential([keras.layers.Dense(10)])',
      "model.compile(keras.optimizers.SGD(learning_rate=0.1), loss='mse')",
      'callback = keras.callbacks.LearningRateScheduler(scheduler)',
    ].join('\n');

  it.each([
    ['keras.ops.exp (Keras 3)', 'ops.exp', 'import keras\nfrom keras import ops'],
    ['tf.math.exp (TF2)', 'tf.math.exp', 'import tensorflow as tf\nfrom tensorflow import keras'],
    ['keras.ops.exp written out', 'keras.ops.exp', 'import keras'],
  ])('Keras docs LearningRateScheduler with %s plots, stored as math.exp, and the notice says so', (_label, exp, imports) => {
    const code = kerasDoc(exp, imports);
    const p = read(code);
    const source = p.calls[0]?.args.schedule as string;
    expect(source).toBe(
      'import math\ndef scheduler(epoch, lr):\n    if epoch < 10:\n        return lr\n    else:\n        return lr * math.exp(-0.1)',
    );
    expect(p.notes).toEqual([
      `In scheduler(), ${exp}() is read as math.exp() (the same value on a number): the function is kept as plain Python with math.exp.`,
    ]);
    const lr = lrs(code, 12);
    expect(lr[9]).toBe(0.1);
    expect(lr[10]).toBe(0.1 * Math.exp(-0.1));
  });

  it('Keras docs: an error after a rewritten ops.exp is still reported where it is in the paste', () => {
    const code =
      'from keras import ops\ndef scheduler(epoch, lr):\n    return lr * ops.exp(-0.1) + print(lr)\ncallback = keras.callbacks.LearningRateScheduler(scheduler)';
    const r = parseScheduleCode(code);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ message: expect.stringContaining("'print'"), line: 3, column: 33 });
  });

  it('Keras docs: a tensor function without a math equivalent is refused, naming the supported spelling', () => {
    const r = parseScheduleCode(
      'import tensorflow as tf\ndef scheduler(epoch, lr):\n    return lr * tf.cast(0.5, tf.float32)\ncb = tf.keras.callbacks.LearningRateScheduler(scheduler)',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ line: 3, column: 17 });
      expect(r.error.message).toMatch(/^Not supported: tf\.cast\(\) in scheduler\(\): .*math.*e\.g\. tf\.exp\(x\) as math\.exp\(x\)/);
    }
  });

  it('PyTorch docs OneCycleLR(steps_per_epoch=len(data_loader), epochs=10) takes Steps per epoch from the horizon, and says so', () => {
    const code = [
      'data_loader = torch.utils.data.DataLoader(...)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
      'scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(data_loader), epochs=10)',
    ].join('\n');
    const p = read(code, { epochs: 50, stepsPerEpoch: 100 });
    expect(p.calls[0]?.args).toEqual({ max_lr: 0.01, steps_per_epoch: 100, epochs: 10 });
    expect(p.horizon).toEqual({ epochs: 10, stepsPerEpoch: 100 });
    expect(p.notes).toEqual(["len(data_loader) is taken from the horizon's Steps per epoch (100)."]);
  });
});

describe('item 3: a scheduler pasted without its optimizer', () => {
  it('optimizerGiven is false without an optimizer line, true with one', () => {
    expect(read('scheduler = StepLR(optimizer, step_size=30)').optimizerGiven).toEqual([false]);
    expect(read('optimizer = SGD(model.parameters(), lr=0.1)\nscheduler = StepLR(optimizer, step_size=30)').optimizerGiven).toEqual([true]);
    expect(read('callback = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)').optimizerGiven).toEqual([false]);
    expect(
      read("model.compile(optimizer=keras.optimizers.Adam(0.01), loss='mse')\ncb = keras.callbacks.LearningRateScheduler(lambda e, lr: lr)")
        .optimizerGiven,
    ).toEqual([true]);
    expect(
      read('lr = keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.9)\nopt = keras.optimizers.SGD(learning_rate=lr)').optimizerGiven,
    ).toEqual([true]);
  });
});

describe('item 4: code still being typed', () => {
  it.each(['scheduler = StepLR(', 'scheduler = CosineAnnealingLR(', 'CosineAnnealingLR(optimizer, T_max=', 'StepLR(optimizer, step_size='])(
    'unclosed %s says "\'(\' was never closed", and stillOpen names the bracket',
    (code) => {
      const r = parseScheduleCode(code);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ message: "SyntaxError: '(' was never closed", line: 1, column: code.indexOf('(') + 1 });
      expect(stillOpen(code)).toEqual({ what: "'('", line: 1, column: code.indexOf('(') + 1 });
    },
  );

  it('stillOpen: an unterminated string is open; complete code, and brackets in strings and comments, are not', () => {
    expect(stillOpen("ReduceLROnPlateau(optimizer, mode='mi")).toEqual({ what: 'a string', line: 1, column: 35 });
    expect(stillOpen('x = """doc')).toEqual({ what: 'a string', line: 1, column: 5 });
    expect(stillOpen('scheduler = StepLR(optimizer, step_size=30)')).toBeUndefined();
    expect(stillOpen("s = '(['  # ({\nStepLR(optimizer, 3)")).toBeUndefined();
    expect(stillOpen("x = 'it\\'s'")).toBeUndefined();
  });
});

describe('item 6: OneCycleLR total_steps sets the horizon', () => {
  it('total_steps keeps Steps per epoch where it divides total_steps, else one epoch of total_steps, and says so', () => {
    const line = 'torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)';
    const p = read(line, { epochs: 50, stepsPerEpoch: 100 });
    expect(p.horizon).toEqual({ epochs: 10, stepsPerEpoch: 100 });
    expect(p.notes).toEqual(["OneCycleLR's total_steps=1,000 sets the horizon: 10 epochs × 100 steps per epoch."]);
    const odd = read(line, { epochs: 50, stepsPerEpoch: 30 });
    expect(odd.horizon).toEqual({ epochs: 1, stepsPerEpoch: 1000 });
    expect(odd.notes).toEqual(["OneCycleLR's total_steps=1,000 sets the horizon: 1 epoch × 1,000 steps per epoch."]);
    // A training loop's own horizon wins (and then the notice says nothing about total_steps).
    const loop = read(`${line}\nfor epoch in range(4):\n    for batch in range(250):\n        scheduler.step()`);
    expect(loop.horizon).toEqual({ epochs: 4, stepsPerEpoch: 250 });
    expect(loop.notes).toEqual([]);
  });
});

describe('item 7: bracket nesting is bounded before parsing', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['50,000 (', '('.repeat(50_000), 1, MAX_BRACKET_DEPTH + 1, '('],
    ['10,000 [', '['.repeat(10_000), 1, MAX_BRACKET_DEPTH + 1, '['],
    [
      'deep nesting inside a lambda',
      `import torch\nscheduler = LambdaLR(optimizer, lambda e: ${'('.repeat(150)}e${')'.repeat(150)})`,
      2,
      // LambdaLR's own '(' is level 1: the lambda's 100th is level 101.
      'scheduler = LambdaLR(optimizer, lambda e: '.length + MAX_BRACKET_DEPTH,
      '(',
    ],
  ])('deep nesting: %s is refused with the limit and the position, and never parsed', (_label, code, line, column, ch) => {
    const parse = vi.spyOn(parser, 'parse');
    const r = parseScheduleCode(code);
    expect(parse).not.toHaveBeenCalled();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({
      message: `Too deeply nested: this '${ch}' opens bracket level 101; the playground reads code nested at most 100 levels deep in (), [] and {} together`,
      line,
      column,
    });
    // The scan's work: one look per bracket, at most one per character.
    expect(scanBrackets(code).tokens).toBeLessThanOrEqual(code.length);
  });

  it('deep nesting: 100 levels, and brackets in strings and comments, are read as usual', () => {
    expect(read(`LambdaLR(optimizer, lambda e: ${'('.repeat(98)}e${')'.repeat(98)})`).calls).toHaveLength(1);
    expect(read(`s = "${'('.repeat(500)}"  # ${'['.repeat(500)}\nStepLR(optimizer, 3)`).calls).toHaveLength(1);
    // Lines a web page left open are closed by the scanner where a new statement starts: they do not add up.
    const broken = Array.from({ length: 150 }, (_, i) => `x${i} = foo(`).join('\n');
    expect(read(`${broken}\nscheduler = StepLR(optimizer, 3)`).calls).toHaveLength(1);
  });
});

describe('documentation examples: a list indexed by the epoch, and np.where', () => {
  it('LambdaLR with lambda epoch: [0.1, 0.01][epoch // 30] plots the piecewise factors', () => {
    const code =
      'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=1.0)\nscheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: [0.1, 0.01][epoch // 30])';
    expect(read(code).calls.map((c) => c.name)).toEqual(['LambdaLR']);
    const lr = lrs(code, 60);
    expect(lr[0]).toBeCloseTo(0.1, 12);
    expect(lr[29]).toBeCloseTo(0.1, 12);
    expect(lr[30]).toBeCloseTo(0.01, 12);
    expect(lr[59]).toBeCloseTo(0.01, 12);
  });

  it('Keras LearningRateScheduler with a module-level list and with np.where plots', () => {
    const table =
      'import numpy as np\nlrs = [0.1, 0.01, 0.001]\ndef schedule(epoch, lr):\n    return lrs[min(epoch // 30, 2)]\ncallback = keras.callbacks.LearningRateScheduler(schedule)';
    expect(read(table).calls.map((c) => c.name)).toEqual(['LearningRateScheduler']);
    const where =
      'import numpy as np\ncallback = keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 * np.where(epoch < 10, 1.0, 0.1))';
    expect(read(where).calls.map((c) => c.name)).toEqual(['LearningRateScheduler']);
    const w = lrs(where, 12);
    expect(w[0]).toBeCloseTo(0.1, 12);
    expect(w[11]).toBeCloseTo(0.01, 12);
  });

  it('an index past the end of the list is an IndexError, not a plot', () => {
    const code = 'scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: [0.1, 0.01][epoch // 30])';
    expect(() => lrs(code, 61)).toThrow(/IndexError: list index out of range/);
  });
});
