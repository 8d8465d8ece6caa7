/**
 * parseScheduleCode on hostile or broken input: more than 500 generated inputs in named categories must never throw,
 * each must return within a time bound, nothing may pollute a prototype or add a global, and whatever parses must
 * sample safely. A table of hand-written broken pastes checks the exact error line and column.
 */
import { describe, expect, it } from 'vitest';
import { sample } from '../index';
import { MAX_CODE_LENGTH, parseScheduleCode } from './index';
import { seededRandom } from '../random';

/** Per-input bound (parse, and sample 200 ticks of what parsed). */
const TIME_BOUND_MS = 2000;

const TORCH_SNIPPET = `import torch
from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, SequentialLR

epochs = 50
model = torch.nn.Linear(10, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
warmup = LinearLR(optimizer, start_factor=0.1, total_iters=5)
cosine = CosineAnnealingLR(optimizer, T_max=epochs - 5, eta_min=1e-5)
scheduler = SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[5])
for epoch in range(epochs):
    for batch in range(100):
        optimizer.step()
    scheduler.step()
`;

const KERAS_SNIPPET = `import numpy as np
from keras.models import Sequential
from keras.optimizers import SGD
from keras.callbacks import LearningRateScheduler
model.compile(optimizer=SGD(learning_rate=0.1), loss='categorical_crossentropy', metrics=['accuracy'])
def step_decay(epoch, lr):
    initial_lr = 0.1
    new_lr = initial_lr * np.power(0.5, np.floor((1 + epoch) / 10))
    return new_lr
lr_scheduler = LearningRateScheduler(step_decay)
model.fit(X_train, y_train, epochs=50, callbacks=[lr_scheduler])
`;


const TOKENS = [
  'StepLR', 'LambdaLR', 'SequentialLR', 'OneCycleLR', 'keras.optimizers.schedules.CosineDecay', 'LearningRateScheduler',
  'torch.optim.SGD', 'optimizer', 'model.parameters()', 'lambda epoch:', 'def f(epoch):', 'return', '(', ')', '[', ']',
  '{', '}', ',', '=', '==', '**', '//', '.', ':', '\n', '\n    ', ' ', '0.1', '30', '1e-3', '-', "'", '"', '"""', '#',
  'import torch', 'from keras import', 'if', 'else', 'for epoch in range(10):', 'while True:', 'pass', 'None', 'True',
  '__import__', '__class__', '__proto__', 'constructor', 'prototype', '\u00a0', '\u201c', '\u2019', '\t', '\\',
];

function cases(): { category: string; source: string }[] {
  const out: { category: string; source: string }[] = [];
  const add = (category: string, source: string) => out.push({ category, source });
  for (const [name, snippet] of [['torch', TORCH_SNIPPET], ['keras', KERAS_SNIPPET]] as const) {
    for (let i = 0; i <= snippet.length; i += 2) add(`truncated ${name} snippet`, snippet.slice(0, i));
  }
  const random = seededRandom(20240611);
  for (let k = 0; k < 120; k++) {
    const length = Math.floor(random() * 3000);
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 0x10000)));
    add('random UTF-16 code units', s);
  }
  for (let k = 0; k < 120; k++) {
    const count = Math.floor(random() * 80);
    let s = '';
    for (let i = 0; i < count; i++) s += TOKENS[Math.floor(random() * TOKENS.length)] ?? '';
    add('random Python-ish tokens', s);
  }
  add('1 MB of text', 'a = 1\n'.repeat(175_000));
  add('1 MB of text', 'x'.repeat(1_000_000));
  add('just under the size cap', `${'# comment line\n'.repeat(Math.floor((MAX_CODE_LENGTH - 200) / 15))}scheduler = StepLR(optimizer, step_size=3)\n`);
  add('200 kB of optimizers and schedulers', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n'.repeat(2700));
  add('200 kB of optimizers and schedulers', 'scheduler = StepLR(optimizer, step_size=30, gamma=0.1)\n'.repeat(3500));
  add('200 kB of optimizers and schedulers', `s = MultiStepLR(opt, milestones=[${Array.from({ length: 30_000 }, (_, i) => i).join(',')}])`);
  add('10,000 nested brackets', `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`);
  add('10,000 nested brackets', `scheduler = StepLR(optimizer, step_size=${'('.repeat(10_000)}3${')'.repeat(10_000)})`);
  add('10,000 nested brackets', `milestones = ${'['.repeat(10_000)}${']'.repeat(10_000)}\ns = MultiStepLR(opt, milestones)`);
  add('10,000 nested brackets', '['.repeat(10_000));
  add('10,000 nested brackets', `s = LambdaLR(opt, lambda e: ${'('.repeat(10_000)}e${')'.repeat(10_000)})`);
  add('deep indentation', `${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n')}\n${' '.repeat(500)}s = StepLR(opt, 3)`);
  const python = [
    "__import__('os').system('echo pwned')\nscheduler = StepLR(optimizer, step_size=3)",
    "scheduler = StepLR(optimizer, step_size=__import__('os').getpid())",
    'scheduler = StepLR(optimizer, step_size=().__class__.__bases__[0].__subclasses__())',
    "scheduler = LambdaLR(optimizer, lambda e: __import__('os').system('ls'))",
    'scheduler = LambdaLR(optimizer, lambda e: ().__class__.__bases__)',
    "scheduler = LambdaLR(optimizer, lambda e: eval('1'))",
    "scheduler = LambdaLR(optimizer, lambda e: open('/etc/passwd'))",
    "scheduler = LambdaLR(optimizer, lambda e: getattr(e, '__class__'))",
    'def f(epoch):\n    while True:\n        pass\nscheduler = LambdaLR(optimizer, f)',
    'def f(epoch):\n    return f(epoch)\nscheduler = LambdaLR(optimizer, f)',
    'f = lambda epoch: f(epoch)\nscheduler = LambdaLR(optimizer, f)',
    'def f(epoch):\n    for i in range(10**9):\n        pass\n    return 1\nscheduler = LambdaLR(optimizer, f)',
    'scheduler = StepLR(optimizer, step_size=10 ** 10 ** 10)',
    'scheduler = StepLR(optimizer, step_size=9 ** 9 ** 9 ** 9)',
    'scheduler = LambdaLR(optimizer, lambda e: 10 ** 10 ** 10)',
    'scheduler = LambdaLR(optimizer, lambda e: 2 ** (e * 100000))',
    'scheduler = LambdaLR(optimizer, lambda e: 1e308 * 10)',
    'scheduler = LambdaLR(optimizer, lambda e: 1 / (e - 3))',
    'scheduler = StepLR(optimizer, step_size=int("9" * 5000))',
    `scheduler = StepLR(optimizer, step_size=${'9'.repeat(7000)})`,
    'x = x + 1\nscheduler = StepLR(optimizer, step_size=x)',
    'a = b\nb = a\nscheduler = StepLR(optimizer, step_size=a)',
    'scheduler = StepLR(*args, **kwargs)',
    'scheduler = StepLR(optimizer, step_size=30, step_size=40)',
    'class S(torch.optim.lr_scheduler.LRScheduler):\n    pass\nscheduler = S(optimizer)',
    'import os\nos.system("rm -rf /")\nscheduler = ExponentialLR(optimizer, 0.9)',
  ];
  for (const p of python) add('Python escapes, loops, recursion, huge numbers', p);
  const js = [
    '"];alert(1)//',
    "scheduler = StepLR(optimizer, step_size='\"];alert(1)//')",
    'constructor = StepLR(optimizer, 3)',
    '__proto__ = StepLR(optimizer, 3)\nscheduler = __proto__',
    'scheduler = StepLR(optimizer, step_size=3, __proto__=1)',
    'scheduler = StepLR(optimizer, step_size=3, constructor=1, prototype=2)',
    'scheduler = torch.optim.lr_scheduler.constructor(optimizer)',
    'scheduler = torch.optim.lr_scheduler.__proto__(optimizer)',
    'scheduler = keras.optimizers.schedules.hasOwnProperty(1)',
    'scheduler = keras.callbacks.toString()',
    'toString = 3\nvalueOf = 4\nscheduler = StepLR(optimizer, step_size=toString)',
    'scheduler = LambdaLR(optimizer, lambda __proto__: __proto__)',
    'def constructor(epoch):\n    return 1\nscheduler = LambdaLR(optimizer, constructor)',
    `scheduler = StepLR(optimizer, step_size=${'$'}{process.exit(1)})`,
    'scheduler = StepLR(optimizer, step_size=3) # </script><script>alert(1)</script>',
    'globalThis = 1\nwindow = 2\nprocess = 3\nscheduler = StepLR(optimizer, step_size=process)',
    'scheduler = keras.optimizers.schedules.__defineGetter__("x", 1)',
    'Object = 1\nscheduler = StepLR(optimizer, step_size=Object)',
    'scheduler = StepLR(optimizer, step_size=3)\u202e\u2066',
    'scheduler\u200b = StepLR(optimizer, step_size=3)',
  ];
  for (const p of js) add('JavaScript payloads and magic names', p);
  return out;
}

function snapshotPrototypes(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Map.prototype];
  return JSON.stringify(protos.map((p) => Object.getOwnPropertyNames(p).sort()));
}

describe('hostile and broken input', () => {
  const all = cases();

  it(`has at least 500 generated inputs (${all.length})`, () => {
    expect(all.length).toBeGreaterThanOrEqual(500);
  });

  it('never throws, stays within the time bound, pollutes nothing and changes no global', () => {
    const globals = Object.keys(globalThis).sort().join(',');
    const prototypes = snapshotPrototypes();
    const slowest: { category: string; ms: number; length: number }[] = [];
    let parsedOk = 0;
    for (const { category, source } of all) {
      const start = performance.now();
      let result: ReturnType<typeof parseScheduleCode> | undefined;
      expect(() => {
        result = parseScheduleCode(source);
      }, category).not.toThrow();
      if (result?.ok) {
        parsedOk++;
        for (const s of result.value.schedules) {
          expect(() => sample(s, 200, s.needsMetric ? { metric: Array.from({ length: 200 }, () => 1) } : undefined)).not.toThrow();
        }
      } else if (result) {
        expect(typeof result.error.message).toBe('string');
        expect(result.error.line).toBeGreaterThanOrEqual(1);
        expect(result.error.column).toBeGreaterThanOrEqual(1);
      }
      const ms = performance.now() - start;
      slowest.push({ category, ms, length: source.length });
      expect(ms, `${category} (${source.length} characters) took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_BOUND_MS);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(snapshotPrototypes()).toBe(prototypes);
    expect(Object.keys(globalThis).sort().join(',')).toBe(globals);
    slowest.sort((a, b) => b.ms - a.ms);
    console.log(
      `${all.length} hostile inputs, ${parsedOk} parsed; slowest: ${slowest
        .slice(0, 5)
        .map((s) => `${s.category} (${s.length} chars) ${s.ms.toFixed(0)} ms`)
        .join('; ')}`,
    );
  }, 120_000); // the whole corpus in one test: vitest's 5 s default is too short on a busy 2-core machine

  it('refuses what must not run, with a reason', () => {
    const refused = (source: string, message: RegExp) => {
      const r = parseScheduleCode(source);
      expect(r.ok, source).toBe(false);
      if (!r.ok) expect(r.error.message, source).toMatch(message);
    };
    refused("scheduler = LambdaLR(optimizer, lambda e: __import__('os').system('ls'))", /^Not supported: attribute access/);
    refused("scheduler = LambdaLR(optimizer, lambda e: __import__('os'))", /'__import__' is not available in schedule code/);
    refused('def f(epoch):\n    while True:\n        pass\nscheduler = LambdaLR(optimizer, f)', /while loops/);
    refused('def f(epoch):\n    return f(epoch)\nscheduler = LambdaLR(optimizer, f)', /calling a function defined in the code/);
    refused('scheduler = StepLR(optimizer, step_size=10 ** 10 ** 10)', /OverflowError/);
    refused('scheduler = StepLR(optimizer, step_size=30, __proto__=1)', /unexpected keyword argument '__proto__'/);
    refused('scheduler = torch.optim.lr_scheduler.constructor(optimizer)', /Unknown PyTorch scheduler 'constructor'/);
    refused('x'.repeat(MAX_CODE_LENGTH + 1), /too long/);
    // LambdaLR calls its function in the constructor: an overflow at epoch 0 is a paste error ...
    refused('scheduler = LambdaLR(optimizer, lambda e: 10 ** 10 ** 10)', /^OverflowError/);
    // ... and a later one is reported by sample, at its tick.
    const r = parseScheduleCode('scheduler = LambdaLR(optimizer, lambda e: 10 ** (10 ** e))');
    expect(r.ok).toBe(true);
    const schedule = r.ok ? r.value.schedules[0] : undefined;
    if (!schedule) throw new Error('no schedule');
    const s = sample(schedule, 10);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error).toMatchObject({ tick: 3, message: expect.stringMatching(/^OverflowError/) });
  });
});

/** Hand-written broken pastes: the exact message (or its start) and position in the text as pasted. */
const BROKEN: { name: string; source: string; message: string | RegExp; line: number; column: number }[] = [
  {
    name: 'a required argument missing (at the call)',
    source: 'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer)',
    message: "StepLR.__init__() missing 1 required positional argument: 'step_size'",
    line: 3,
    column: 13,
  },
  {
    name: 'a misspelt scheduler (at its name)',
    source: 'from torch.optim import lr_scheduler\nscheduler = lr_scheduler.StepLRR(optimizer, step_size=30)',
    message: "Unknown PyTorch scheduler 'StepLRR'. Did you mean 'StepLR'?",
    line: 2,
    column: 26,
  },
  {
    name: 'a misspelt keyword (at the keyword)',
    source: 'scheduler = StepLR(optimizer,\n                   step_sise=30)',
    message: "StepLR.__init__() got an unexpected keyword argument 'step_sise'. Did you mean 'step_size'?",
    line: 2,
    column: 20,
  },
  {
    name: 'the scheduler line lost its closing bracket',
    source: 'optimizer = SGD(model.parameters(), lr=0.1)\nscheduler = StepLR(optimizer, step_size=30\nfor epoch in range(10):\n    scheduler.step()',
    message: "SyntaxError: '(' was never closed",
    line: 2,
    column: 19,
  },
  {
    name: 'a list element of the wrong type (at the element)',
    source: "scheduler = MultiStepLR(optimizer, milestones=[30, 'sixty'], gamma=0.1)",
    message: "milestones[1] must be a number, got the string \"sixty\"",
    line: 1,
    column: 52,
  },
  {
    name: 'milestones and schedulers that do not match (at milestones)',
    source: 'a = LinearLR(opt, start_factor=0.1, total_iters=5)\nb = ExponentialLR(opt, gamma=0.9)\ns = SequentialLR(opt, schedulers=[a, b], milestones=[5, 10])',
    message: /^ValueError: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points/,
    line: 3,
    column: 42,
  },
  {
    name: 'a nested scheduler with a bad argument (at that argument, on its own line)',
    source: 'warmup = LinearLR(opt, start_factor=2.0, total_iters=5)\ncosine = CosineAnnealingLR(opt, T_max=45)\ns = SequentialLR(opt, [warmup, cosine], [5])',
    message: 'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.',
    line: 1,
    column: 24,
  },
  {
    name: 'a syntax error inside a lambda',
    source: 'scheduler = LambdaLR(\n    optimizer,\n    lr_lambda=lambda epoch: 0.95 ** epoch +)',
    message: 'SyntaxError: invalid syntax',
    line: 3,
    column: 44,
  },
  {
    name: 'an undefined name inside a def passed by name (where the name is)',
    source: 'def warmup(epoch):\n    return min(1.0, (epoch + 1) / warmup_epochs)\nscheduler = LambdaLR(optimizer, warmup)',
    message: "NameError: name 'warmup_epochs' is not defined",
    line: 2,
    column: 35,
  },
  {
    name: 'a float where torch checks for an int',
    source: 'scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000.0)',
    message: 'ValueError: Expected positive integer total_steps, but got 1000.0',
    line: 1,
    column: 47,
  },
  {
    name: 'len() of a DataLoader',
    source: 'scheduler = OneCycleLR(optimizer, max_lr=0.1, epochs=10,\n                       steps_per_epoch=len(train_loader))',
    message: /^Not supported: len\(train_loader\): the playground cannot know this length/,
    line: 2,
    column: 40,
  },
  {
    name: 'a name assigned only later',
    source: 'scheduler = CosineAnnealingLR(optimizer, T_max=epochs // 3)\nepochs = 90',
    message: "NameError: name 'epochs' is not defined (it is assigned later, on line 2)",
    line: 1,
    column: 48,
  },
  {
    name: 'step() with an epoch argument',
    source: 'scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=10)\nfor epoch in range(20):\n    for i in range(100):\n        scheduler.step(epoch + i / 100)',
    message: /^Not supported: CosineAnnealingWarmRestarts.step\(\) with an argument/,
    line: 4,
    column: 9,
  },
  {
    name: 'a Keras argument out of range (positional)',
    source: 'lr_schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 0, 0.96)',
    message: 'Argument `decay_steps` must be > 0.',
    line: 1,
    column: 64,
  },
  {
    name: 'Keras boundaries and values of mismatched lengths',
    source: 'boundaries = [100, 200]\nvalues = [0.1, 0.01]\nlr = keras.optimizers.schedules.PiecewiseConstantDecay(boundaries, values)',
    message: /^The length of boundaries should be 1 less than the length of values/,
    line: 3,
    column: 68,
  },
  {
    name: 'text copied from a web page: curly quotes and non-breaking spaces around a string for a number',
    source: 'scheduler\u00a0=\u00a0StepLR(optimizer,\u00a0step_size=30,\u00a0gamma=\u201c0.1\u201d)',
    message: 'gamma must be a number, got the string "0.1"',
    line: 1,
    column: 45,
  },
  {
    name: 'an unmatched closing bracket on the scheduler line',
    source: 'scheduler = StepLR(optimizer, step_size=30))',
    message: "SyntaxError: unmatched ')'",
    line: 1,
    column: 44,
  },
  {
    name: 'no scheduler at all',
    source: 'import torch\nmodel = torch.nn.Linear(10, 1)\noptimizer = torch.optim.Adam(model.parameters())',
    message: /^No learning-rate scheduler found: the code sets up an optimizer but no scheduler/,
    line: 1,
    column: 1,
  },
  {
    name: 'a custom scheduler class',
    source: 'class Warm(torch.optim.lr_scheduler.LRScheduler):\n    pass\n\nscheduler = Warm(optimizer)',
    message: /^Not supported: the custom scheduler class Warm/,
    line: 4,
    column: 13,
  },
];

describe('broken pastes: message, line and column', () => {
  for (const b of BROKEN) {
    it(b.name, () => {
      const r = parseScheduleCode(b.source);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      if (typeof b.message === 'string') expect(r.error.message).toBe(b.message);
      else expect(r.error.message).toMatch(b.message);
      expect({ line: r.error.line, column: r.error.column }).toEqual({ line: b.line, column: b.column });
    });
  }
});
