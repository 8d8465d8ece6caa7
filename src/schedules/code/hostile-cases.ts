/**
 * Hostile and broken pastes for parseScheduleCode, in named categories, generated from a seeded PRNG so every run
 * (and every failure) is reproducible: truncated tutorial snippets, random text, huge and deeply nested input,
 * Python escapes, loops, recursion and huge numbers, JavaScript payloads and magic names. Used by hostile.test.ts
 * (behaviour and a bound on work) and bench/hostile-paste.bench.ts (time). Imported by tests and benchmarks only.
 */
import { seededRandom } from '../random';
import { MAX_CODE_LENGTH } from './index';

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
  'StepLR',
  'LambdaLR',
  'SequentialLR',
  'OneCycleLR',
  'keras.optimizers.schedules.CosineDecay',
  'LearningRateScheduler',
  'torch.optim.SGD',
  'optimizer',
  'model.parameters()',
  'lambda epoch:',
  'def f(epoch):',
  'return',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '=',
  '==',
  '**',
  '//',
  '.',
  ':',
  '\n',
  '\n    ',
  ' ',
  '0.1',
  '30',
  '1e-3',
  '-',
  "'",
  '"',
  '"""',
  '#',
  'import torch',
  'from keras import',
  'if',
  'else',
  'for epoch in range(10):',
  'while True:',
  'pass',
  'None',
  'True',
  '__import__',
  '__class__',
  '__proto__',
  'constructor',
  'prototype',
  '\u00a0',
  '\u201c',
  '\u2019',
  '\t',
  '\\',
];

/** One hostile paste and the category it belongs to. */
export interface HostileCase {
  readonly category: string;
  readonly source: string;
}

/** The generated corpus, in category order (deterministic: seeded). */
export function hostileCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const add = (category: string, source: string) => out.push({ category, source });
  for (const [name, snippet] of [
    ['torch', TORCH_SNIPPET],
    ['keras', KERAS_SNIPPET],
  ] as const) {
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
  add(
    'just under the size cap',
    `${'# comment line\n'.repeat(Math.floor((MAX_CODE_LENGTH - 200) / 15))}scheduler = StepLR(optimizer, step_size=3)\n`,
  );
  add('200 kB of optimizers and schedulers', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n'.repeat(2700));
  add('200 kB of optimizers and schedulers', 'scheduler = StepLR(optimizer, step_size=30, gamma=0.1)\n'.repeat(3500));
  add('200 kB of optimizers and schedulers', `s = MultiStepLR(opt, milestones=[${Array.from({ length: 30_000 }, (_, i) => i).join(',')}])`);
  add('10,000 nested brackets', `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`);
  add('10,000 nested brackets', `scheduler = StepLR(optimizer, step_size=${'('.repeat(10_000)}3${')'.repeat(10_000)})`);
  add('10,000 nested brackets', `milestones = ${'['.repeat(10_000)}${']'.repeat(10_000)}\ns = MultiStepLR(opt, milestones)`);
  add('10,000 nested brackets', '['.repeat(10_000));
  add('10,000 nested brackets', `s = LambdaLR(opt, lambda e: ${'('.repeat(10_000)}e${')'.repeat(10_000)})`);
  add(
    'deep indentation',
    `${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n')}\n${' '.repeat(500)}s = StepLR(opt, 3)`,
  );
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
