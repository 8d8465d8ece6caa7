/**
 * Hostile inputs for the exporters' security audit (export-audit.test.ts): Python functions and pasted code whose
 * payloads sit where the playground's interpreter does not evaluate them (annotations, decorators, defaults,
 * comments, import aliases, strings, odd line breaks), so a front end that accepts them and an exporter that
 * writes the user's text back out would hand the payload to whoever runs "Copy as PyTorch" / "Copy as Keras".
 *
 * Whether the app accepts a case does not matter; what matters is that nothing of the payload reaches an export.
 * Every payload therefore carries markers (PWNED, __import__, system(, ...) that no honest export contains (the
 * test checks that too), and every exported script is also run under an audit hook in real Python
 * (scripts/golden/run_export_audit.py). Controls are honest inputs that must be accepted and run cleanly, so
 * the audit cannot pass by refusing everything or by failing every script.
 *
 * Imported by tests only.
 */
import type { FrameworkCall, OptimizerSpec } from '../types';

interface CaseBase {
  readonly id: string;
  /** Substrings of the payload that must not occur in any export of this case. */
  readonly markers: readonly string[];
  /** An honest input: it must be accepted, exported and run without error or violation. */
  readonly control?: boolean;
}

export type ExportAuditCase =
  | (CaseBase & { readonly kind: 'call'; readonly call: FrameworkCall })
  | (CaseBase & { readonly kind: 'paste'; readonly source: string });

/** A horizon short enough that every export trains for a few optimizer steps only. */
export const AUDIT_HORIZON = { epochs: 3, stepsPerEpoch: 2 } as const;

/** The payload most cases carry: harmless if it ever ran (it prints a word), and easy to spot in text. */
const CMD = "__import__('os').system('echo PWNED')";
/** Markers for payloads built on CMD. */
const CMD_MARKERS = ['PWNED', '__import__', 'system('] as const;
/**
 * Markers for payloads hidden inside string literals: a correct exporter may write the string's value back as an
 * escaped literal (quotes as \', line breaks as \x0a), so only the unescaped form, which would mean the string was
 * broken out of, counts as a leak.
 */
const ESCAPED_STRING_MARKERS = ["__import__('os')", ".system('"] as const;

const SGD: OptimizerSpec = { kind: 'SGD', lr: 0.1, momentum: 0.9 };

/**
 * One-parameter function sources (each works as lr_lambda, scale_fn or a one-argument Keras schedule, returning
 * 1.0 or so), with the markers that must not be exported.
 */
interface Payload {
  readonly id: string;
  readonly source: string;
  readonly markers: readonly string[];
}

/** Payloads in places the interpreter does not evaluate: each is put in every host (hosts below). */
const ANNOTATION_PAYLOADS: readonly Payload[] = [
  { id: 'parameter annotation', source: `def f(epoch: ${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'parameter annotation one line', source: `def f(epoch: ${CMD}): return 1.0`, markers: CMD_MARKERS },
  { id: 'return annotation', source: `def f(epoch) -> ${CMD}:\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'annotated assignment in body', source: `def f(epoch):\n    x: ${CMD} = 1.0\n    return x`, markers: CMD_MARKERS },
  { id: 'bare annotation in body', source: `def f(epoch):\n    x: ${CMD}\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'module annotated assignment', source: `x: ${CMD} = 1.0\ndef f(epoch):\n    return x`, markers: CMD_MARKERS },
  { id: 'module bare annotation', source: `y: ${CMD}\ndef f(epoch):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'decorator', source: `@${CMD}\ndef f(epoch):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'default value', source: `def f(epoch, lr=${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'lambda default value', source: `lambda epoch, lr=${CMD}: 1.0`, markers: CMD_MARKERS },
];

/** Payloads of every other kind: each is put in one or two hosts, in turn. */
const OTHER_PAYLOADS: readonly Payload[] = [
  { id: 'annotated default', source: `def f(epoch, lr: ${CMD} = 1.0):\n    return lr`, markers: CMD_MARKERS },
  { id: 'keyword-only annotation', source: `def f(epoch, *, k: ${CMD} = 2):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'star args annotation', source: `def f(epoch, *args: ${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'double star annotation', source: `def f(epoch, **kw: ${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'lambda inside default', source: `def f(epoch, g=lambda: ${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'lambda in lambda default', source: `lambda epoch, g=lambda: ${CMD}: 1.0`, markers: CMD_MARKERS },
  {
    id: 'nested def annotation',
    source: `def f(epoch):\n    def g(x: ${CMD}):\n        return x\n    return g(1.0)`,
    markers: CMD_MARKERS,
  },
  { id: 'decorator attribute', source: "@__import__('os').system\ndef f(epoch):\n    return 1.0", markers: ['__import__', '.system'] },
  { id: 'two decorators', source: `@staticmethod\n@${CMD}\ndef f(epoch):\n    return 1.0`, markers: [...CMD_MARKERS, 'staticmethod'] },
  { id: 'decorator after import', source: `import math\n@${CMD}\ndef f(epoch):\n    return math.cos(0.0)`, markers: CMD_MARKERS },
  { id: 'import math as os', source: 'import math as os\ndef f(epoch):\n    return os.cos(0.0)', markers: ['import math as os'] },
  {
    id: 'import numpy as torch',
    source: 'import numpy as torch\ndef f(epoch):\n    return float(torch.cos(0.0))',
    markers: ['import numpy as torch'],
  },
  {
    id: 'import math as keras',
    source: 'import math as keras\ndef f(epoch):\n    return keras.cos(0.0)',
    markers: ['import math as keras'],
  },
  {
    id: 'from math import as system',
    source: 'from math import floor as system\ndef f(epoch):\n    return system(1.5)',
    markers: ['import floor as system'],
  },
  {
    id: 'from math import as exec',
    source: 'from math import cos as exec\nf = lambda epoch: exec(0.0)',
    markers: ['import cos as exec', 'exec('],
  },
  {
    id: 'alias shadows a builtin the export calls',
    source: 'from math import floor as range\nf = lambda epoch: range(1.5)',
    markers: ['as range'],
  },
  { id: 'numpy load alias', source: 'from numpy import load as g\nf = lambda epoch: 1.0', markers: ['import load'] },
  { id: 'numpy load call', source: "import numpy as np\nf = lambda epoch: np.load('PWNED.npy') or 1.0", markers: ['PWNED', 'np.load'] },
  { id: 'numpy star import', source: 'from numpy import *\nf = lambda epoch: 1.0', markers: ['import *'] },
  {
    id: 'import os',
    source: "import os\ndef f(epoch):\n    os.system('echo PWNED')\n    return 1.0",
    markers: ['import os', ...CMD_MARKERS],
  },
  {
    id: 'import subprocess',
    source: "import subprocess\ndef f(epoch):\n    subprocess.run(['echo', 'PWNED'])\n    return 1.0",
    markers: ['subprocess', 'PWNED'],
  },
  { id: 'from os import system', source: "from os import system\nf = lambda epoch: system('echo PWNED') or 1.0", markers: CMD_MARKERS },
  { id: 'dunder import call', source: `lambda epoch: ${CMD} or 1.0`, markers: CMD_MARKERS },
  {
    id: 'dunder import in untaken branch',
    source: `lambda epoch: 1.0 if epoch < 1000000 else ${CMD}`,
    markers: CMD_MARKERS,
  },
  { id: 'builtins', source: "lambda epoch: __builtins__.__import__('os').system('echo PWNED') or 1.0", markers: CMD_MARKERS },
  { id: 'dunder name read', source: 'lambda epoch: 1.0 if __builtins__ else 0.5', markers: ['__builtins__'] },
  { id: 'dunder parameter', source: 'lambda __builtins__: 1.0', markers: ['__builtins__'] },
  { id: 'dunder module constant', source: '__builtins__ = 1.0\ndef f(epoch):\n    return 1.0', markers: ['__builtins__'] },
  { id: 'class bases', source: 'lambda epoch: ().__class__.__bases__[0].__subclasses__() and 1.0', markers: ['__class__', '__bases__'] },
  {
    id: 'getattr',
    source: "lambda epoch: getattr(__import__('os'), 'system')('echo PWNED') or 1.0",
    markers: ['getattr(__import__', ...CMD_MARKERS],
  },
  { id: 'globals', source: 'lambda epoch: 1.0 if globals() else 0.5', markers: ['globals('] },
  { id: 'vars', source: 'lambda epoch: 1.0 if vars() else 0.5', markers: ['vars('] },
  { id: 'eval', source: `lambda epoch: eval("${CMD}") or 1.0`, markers: ['eval(', ...CMD_MARKERS] },
  { id: 'exec', source: `def f(epoch):\n    exec("${CMD}")\n    return 1.0`, markers: ['exec(', ...CMD_MARKERS] },
  { id: 'open', source: "lambda epoch: open('PWNED.txt', 'w') and 1.0", markers: ['open(', 'PWNED'] },
  { id: 'compile', source: "lambda epoch: compile('1', 'PWNED', 'eval') and 1.0", markers: ["compile('", 'PWNED'] },
  { id: 'input', source: "lambda epoch: input('PWNED') or 1.0", markers: ['input(', 'PWNED'] },
  { id: 'breakpoint', source: 'lambda epoch: breakpoint() or 1.0', markers: ['breakpoint('] },
  {
    id: 'string breaking out',
    source: "lambda epoch: float('\\'); __import__(\\'os\\').system(\\'echo PWNED\\'); (\\'') or 1.0",
    markers: ESCAPED_STRING_MARKERS,
  },
  {
    id: 'string with newline escape',
    source: "lambda epoch: float('1.0\\n__import__(\\'os\\').system(\\'echo PWNED\\')')",
    markers: ESCAPED_STRING_MARKERS,
  },
  {
    id: 'triple-quoted string',
    source: `lambda epoch: float("""1.0\n'''); ${CMD} #""")`,
    markers: ESCAPED_STRING_MARKERS,
  },
  { id: 'raw carriage return in string', source: `lambda epoch: float('1.0\r${CMD}')`, markers: ESCAPED_STRING_MARKERS },
  { id: 'raw NUL in string', source: `lambda epoch: float('1.0\u0000'); ${CMD}`, markers: CMD_MARKERS },
  { id: 'line separator in string', source: `lambda epoch: float('1.0\u2028${CMD}')`, markers: ESCAPED_STRING_MARKERS },
  { id: 'line separator after comment', source: `def f(epoch):\n    return 1.0 # note\u2028${CMD}`, markers: CMD_MARKERS },
  { id: 'paragraph separator', source: `lambda epoch: 1.0\u2029${CMD}`, markers: CMD_MARKERS },
  { id: 'next line character', source: `lambda epoch: 1.0 # note\u0085${CMD}`, markers: CMD_MARKERS },
  { id: 'comment payload', source: `def f(epoch):\n    # ${CMD}\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'trailing comment payload', source: `lambda epoch: 1.0  # ${CMD}`, markers: CMD_MARKERS },
  { id: 'docstring payload', source: `def f(epoch):\n    """${CMD}"""\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'line continuation', source: `def f(epoch):\n    return 1.0 if epoch < 1000000 else \\\n        ${CMD}`, markers: CMD_MARKERS },
  { id: 'continuation into comment', source: `lambda epoch: 1.0 \\\n# ${CMD}`, markers: CMD_MARKERS },
  { id: 'semicolon statement', source: 'def f(epoch):\n    return 1.0; import os', markers: ['import os'] },
  { id: 'semicolon payload', source: `def f(epoch):\n    x = 1.0; ${CMD}\n    return x`, markers: CMD_MARKERS },
  { id: 'module semicolon', source: `x = 1.0; ${CMD}\ndef f(epoch):\n    return x`, markers: CMD_MARKERS },
  { id: 'f-string', source: `lambda epoch: float(f"{${CMD}}1.0")`, markers: CMD_MARKERS },
  { id: 'walrus', source: `lambda epoch: (x := ${CMD}) or 1.0`, markers: CMD_MARKERS },
  {
    id: 'coding declaration utf-7',
    source: `# -*- coding: utf-7 -*-\ndef f(epoch):\n    return 1.0 #+AAo-    ${CMD}`,
    markers: ['coding:', 'utf-7', '+AAo-', ...CMD_MARKERS],
  },
  { id: 'coding declaration latin-1', source: '# coding: latin-1\nlambda epoch: 1.0', markers: ['coding:', 'latin-1'] },
  { id: 'fullwidth exec', source: "lambda epoch: ｅｘｅｃ('PWNED') or 1.0", markers: ['ｅｘｅｃ', 'exec(', 'PWNED'] },
  { id: 'fullwidth dunder import', source: 'lambda epoch: 1.0 if __ｉｍｐｏｒｔ__ else 0.5', markers: ['__ｉｍｐｏｒｔ__', '__import__'] },
  {
    id: 'fullwidth import alias os',
    source: 'import math as ｏｓ\ndef f(epoch):\n    return ｏｓ.cos(0.0)',
    markers: ['ｏｓ', 'import math as os'],
  },
  { id: 'fullwidth parameter', source: 'def f(ｅｐｏｃｈ):\n    return 1.0 + 0.0 * epoch', markers: ['ｅｐｏｃｈ'] },
  { id: 'tab indentation', source: `def f(epoch: ${CMD}):\n\treturn 1.0`, markers: CMD_MARKERS },
  { id: 'form feed', source: `def f(epoch):\n    return 1.0\n\f${CMD}`, markers: CMD_MARKERS },
  { id: 'form feed annotation', source: `\fdef f(epoch:\f${CMD}):\n\f    return 1.0`, markers: CMD_MARKERS },
  { id: 'CRLF annotation', source: `def f(epoch: ${CMD}):\r\n    return 1.0\r\n`, markers: CMD_MARKERS },
  { id: 'CR only annotation', source: `def f(epoch) -> ${CMD}:\r    return 1.0\r`, markers: CMD_MARKERS },
  { id: 'long line annotation', source: `def f(epoch: ${CMD}): return 1.0${' + 0.0'.repeat(5000)}`, markers: CMD_MARKERS },
  { id: 'long line trailing comment', source: `lambda epoch: 1.0${' '.repeat(60_000)}# ${CMD}`, markers: CMD_MARKERS },
  { id: 'zero-width characters', source: `def f(epoch:\u200b ${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'non-breaking space annotation', source: `def f(epoch:\u00a0${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'curly quotes', source: 'lambda epoch: __import__(\u2018os\u2019).system(\u2018echo PWNED\u2019) or 1.0', markers: CMD_MARKERS },
  { id: 'class definition', source: `class F:\n    x = ${CMD}\nf = lambda epoch: 1.0`, markers: CMD_MARKERS },
  { id: 'global statement', source: `def f(epoch):\n    global y\n    y = ${CMD}\n    return 1.0`, markers: CMD_MARKERS },
  {
    id: 'try except',
    source: `def f(epoch):\n    try:\n        ${CMD}\n    except Exception:\n        pass\n    return 1.0`,
    markers: CMD_MARKERS,
  },
  {
    id: 'with statement',
    source: "def f(epoch):\n    with open('PWNED.txt', 'w') as h:\n        pass\n    return 1.0",
    markers: ['open(', 'PWNED'],
  },
  { id: 'async def', source: `async def f(epoch: ${CMD}):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'type alias statement', source: `type T = ${CMD}\ndef f(epoch):\n    return 1.0`, markers: CMD_MARKERS },
  { id: 'type parameters', source: `def f[T: ${CMD}](epoch):\n    return 1.0`, markers: CMD_MARKERS },
  {
    id: 'match statement',
    source: `def f(epoch):\n    match epoch:\n        case _:\n            ${CMD}\n    return 1.0`,
    markers: CMD_MARKERS,
  },
];

type Host = 'LambdaLR' | 'MultiplicativeLR' | 'CyclicLR' | 'Keras' | 'SequentialLR' | 'ChainedScheduler' | 'Warmup' | 'Warmup Keras';
const HOSTS: readonly Host[] = [
  'LambdaLR',
  'MultiplicativeLR',
  'CyclicLR',
  'Keras',
  'SequentialLR',
  'ChainedScheduler',
  'Warmup',
  'Warmup Keras',
];

/** The function `fn` where the engine takes Python functions: directly, and nested in containers. */
function hosted(host: Host, fn: string): FrameworkCall {
  switch (host) {
    case 'LambdaLR':
      return { framework: 'torch', name: 'LambdaLR', args: { lr_lambda: fn }, optimizer: SGD };
    case 'MultiplicativeLR':
      return { framework: 'torch', name: 'MultiplicativeLR', args: { lr_lambda: fn }, optimizer: SGD };
    case 'CyclicLR':
      return {
        framework: 'torch',
        name: 'CyclicLR',
        args: { base_lr: 0.01, max_lr: 0.1, step_size_up: 2, scale_fn: fn, scale_mode: 'iterations', cycle_momentum: false },
        optimizer: SGD,
      };
    case 'Keras':
      return { framework: 'keras', name: 'LearningRateScheduler', args: { schedule: fn }, optimizer: { kind: 'SGD', lr: 0.1 } };
    case 'SequentialLR':
      return {
        framework: 'torch',
        name: 'SequentialLR',
        args: {
          schedulers: [
            { name: 'LambdaLR', args: { lr_lambda: fn } },
            { name: 'ExponentialLR', args: { gamma: 0.9 } },
          ],
          milestones: [2],
        },
        optimizer: SGD,
      };
    case 'ChainedScheduler':
      return {
        framework: 'torch',
        name: 'ChainedScheduler',
        args: {
          schedulers: [
            { name: 'MultiplicativeLR', args: { lr_lambda: fn } },
            { name: 'StepLR', args: { step_size: 2, gamma: 0.5 } },
          ],
        },
        optimizer: SGD,
      };
    case 'Warmup':
      return {
        framework: 'playground',
        name: 'Warmup',
        args: { warmup: 2, start_factor: 0.1, schedule: { framework: 'torch', name: 'LambdaLR', args: { lr_lambda: fn } } },
        optimizer: SGD,
      };
    case 'Warmup Keras':
      return {
        framework: 'playground',
        name: 'Warmup',
        args: { warmup: 2, start_factor: 0.1, schedule: { framework: 'keras', name: 'LearningRateScheduler', args: { schedule: fn } } },
        optimizer: { kind: 'SGD', lr: 0.1 },
      };
  }
}

/** Hostile strings and names in a call's other fields (choices, nested names, the optimizer, argument names). */
function hostileFields(): ExportAuditCase[] {
  const breakout = `x'); ${CMD}; ('`;
  const markers = ESCAPED_STRING_MARKERS;
  const call = (id: string, c: FrameworkCall): ExportAuditCase => ({ id: `field ${id}`, kind: 'call', call: c, markers });
  return [
    call('CyclicLR mode', { framework: 'torch', name: 'CyclicLR', args: { base_lr: 0.01, max_lr: 0.1, mode: breakout }, optimizer: SGD }),
    call('CyclicLR scale_mode', {
      framework: 'torch',
      name: 'CyclicLR',
      args: { base_lr: 0.01, max_lr: 0.1, scale_fn: 'lambda x: 1.0', scale_mode: breakout },
      optimizer: SGD,
    }),
    call('OneCycleLR anneal_strategy', {
      framework: 'torch',
      name: 'OneCycleLR',
      args: { max_lr: 0.1, total_steps: 6, anneal_strategy: breakout },
      optimizer: SGD,
    }),
    call('Keras ReduceLROnPlateau monitor', {
      framework: 'keras',
      name: 'ReduceLROnPlateau',
      args: { monitor: breakout },
      optimizer: { kind: 'SGD', lr: 0.1 },
    }),
    call('nested scheduler name', {
      framework: 'torch',
      name: 'SequentialLR',
      args: {
        schedulers: [
          { name: `StepLR(optimizer, 1); ${CMD}; StepLR`, args: { step_size: 1 } },
          { name: 'ExponentialLR', args: { gamma: 0.9 } },
        ],
        milestones: [2],
      },
      optimizer: SGD,
    }),
    call('Warmup inner framework', {
      framework: 'playground',
      name: 'Warmup',
      args: { warmup: 2, start_factor: 0.1, schedule: { framework: `torch; ${CMD}`, name: 'StepLR', args: { step_size: 2 } } },
      optimizer: SGD,
    }),
    call('argument name', {
      framework: 'torch',
      name: 'StepLR',
      args: { step_size: 2, [`gamma=0.5); ${CMD}; (x`]: 1 },
      optimizer: SGD,
    }),
    call('optimizer kind', {
      framework: 'torch',
      name: 'StepLR',
      args: { step_size: 2 },
      optimizer: { kind: `SGD(model.parameters()); ${CMD}; torch.optim.SGD` as NonNullable<OptimizerSpec['kind']>, lr: 0.1 },
    }),
    call('optimizer lr string', {
      framework: 'torch',
      name: 'StepLR',
      args: { step_size: 2 },
      optimizer: { kind: 'SGD', lr: `0.1); ${CMD}; (0` as unknown as number },
    }),
    call('number argument string', {
      framework: 'torch',
      name: 'StepLR',
      args: { step_size: `2, gamma=${CMD}` },
      optimizer: SGD,
    }),
    call('milestones strings', {
      framework: 'torch',
      name: 'MultiStepLR',
      args: { milestones: [`1); ${CMD}; (1`], gamma: 0.5 },
      optimizer: SGD,
    }),
    call('stepEvery', { framework: 'torch', name: 'StepLR', args: { step_size: 2 }, optimizer: SGD, stepEvery: breakout as 'epoch' }),
  ];
}

/** Pasted framework code (parseScheduleCode): payloads around and inside the scheduler's function argument. */
const PASTES: readonly { id: string; source: string; markers: readonly string[] }[] = [
  {
    id: 'def with parameter annotation',
    source: `def f(epoch: ${CMD}):\n    return 0.95 ** epoch\nscheduler = LambdaLR(optimizer, lr_lambda=f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'def with return annotation',
    source: `def f(epoch) -> ${CMD}:\n    return 0.95 ** epoch\nscheduler = LambdaLR(optimizer, f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'decorated def',
    source: `import torch\n@${CMD}\ndef f(epoch):\n    return 0.95 ** epoch\nscheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'module annotated constant',
    source: `warm: ${CMD} = 5\ndef f(epoch):\n    return min(1.0, (epoch + 1) / warm)\nscheduler = LambdaLR(optimizer, lr_lambda=f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'body annotated assignment',
    source: `def f(epoch):\n    x: ${CMD} = 0.95\n    return x ** epoch\nscheduler = LambdaLR(optimizer, lr_lambda=f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'lambda default in call',
    source: `scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch, g=${CMD}: 0.95 ** epoch)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'def default',
    source: `def f(epoch, lr=${CMD}):\n    return 0.95 ** epoch\nscheduler = MultiplicativeLR(optimizer, lr_lambda=f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'import math as os',
    source: 'import math as os\ndef f(epoch):\n    return os.cos(0.0)\nscheduler = LambdaLR(optimizer, lr_lambda=f)',
    markers: ['import math as os'],
  },
  {
    id: 'from math import floor as system',
    source: 'from math import floor as system\ndef f(epoch):\n    return 1.0 + system(0.5)\nscheduler = LambdaLR(optimizer, lr_lambda=f)',
    markers: ['import floor as system'],
  },
  {
    id: 'import os at module level',
    source: `import os\nos.system('echo PWNED')\nscheduler = LambdaLR(optimizer, lr_lambda=lambda e: 0.95 ** e)`,
    markers: ['import os', ...CMD_MARKERS],
  },
  {
    id: 'payload statement before scheduler',
    source: `${CMD}\nscheduler = LambdaLR(optimizer, lr_lambda=lambda e: 0.95 ** e)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'keras schedule annotation',
    source: `import keras\ndef schedule(epoch, lr: ${CMD}):\n    return lr * 0.9\ncallback = keras.callbacks.LearningRateScheduler(schedule)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'keras schedule decorator',
    source: `from keras.callbacks import LearningRateScheduler\n@${CMD}\ndef schedule(epoch):\n    return 0.01\ncb = LearningRateScheduler(schedule)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'cyclic scale_fn annotation',
    source: `def scale(x: ${CMD}):\n    return 1.0\nscheduler = CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=2, scale_fn=scale, scale_mode='iterations')`,
    markers: CMD_MARKERS,
  },
  {
    id: 'sequential nested annotation',
    source: `def f(epoch: ${CMD}):\n    return 1.0\nwarm = LambdaLR(optimizer, f)\ndecay = ExponentialLR(optimizer, gamma=0.9)\nscheduler = SequentialLR(optimizer, schedulers=[warm, decay], milestones=[2])`,
    markers: CMD_MARKERS,
  },
  {
    id: 'chained nested return annotation',
    source: `def f(epoch) -> ${CMD}:\n    return 0.9\nscheduler = ChainedScheduler([MultiplicativeLR(optimizer, f), StepLR(optimizer, step_size=2)])`,
    markers: CMD_MARKERS,
  },
  {
    id: 'CRLF def annotation',
    source: `def f(epoch: ${CMD}):\r\n    return 0.95 ** epoch\r\nscheduler = LambdaLR(optimizer, lr_lambda=f)\r\n`,
    markers: CMD_MARKERS,
  },
  {
    id: 'trailing comment payload',
    source: `scheduler = LambdaLR(optimizer, lr_lambda=lambda e: 0.95 ** e)  # ${CMD}`,
    markers: CMD_MARKERS,
  },
  {
    id: 'comment inside lambda call',
    source: `scheduler = LambdaLR(\n    optimizer,\n    lr_lambda=lambda e: (  # ${CMD}\n        0.95 ** e),\n)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'line continuation payload',
    source: `scheduler = LambdaLR(optimizer, lr_lambda=lambda e: 1.0 if e < 1000000 else \\\n    ${CMD})`,
    markers: CMD_MARKERS,
  },
  {
    id: 'semicolon payload',
    source: `scheduler = LambdaLR(optimizer, lr_lambda=lambda e: 0.95 ** e); ${CMD}`,
    markers: CMD_MARKERS,
  },
  {
    id: 'nested def in def',
    source: `def f(epoch):\n    def g(x: ${CMD}):\n        return x\n    return g(0.95) ** epoch\nscheduler = LambdaLR(optimizer, lr_lambda=f)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'walrus in lambda',
    source: `scheduler = LambdaLR(optimizer, lr_lambda=lambda e: (x := ${CMD}) or 1.0)`,
    markers: CMD_MARKERS,
  },
  {
    id: 'eval of lambda text',
    source: `scheduler = LambdaLR(optimizer, lr_lambda=eval("lambda e: ${CMD} or 1.0"))`,
    markers: ['eval(', ...CMD_MARKERS],
  },
  {
    id: 'coding declaration',
    source: `# -*- coding: utf-7 -*-\ndef f(epoch):\n    return 1.0 #+AAo-    ${CMD}\nscheduler = LambdaLR(optimizer, lr_lambda=f)`,
    markers: ['coding:', 'utf-7', '+AAo-', ...CMD_MARKERS],
  },
  {
    id: 'payload as constant name',
    source: 'PWNED = 0.5\nscheduler = StepLR(optimizer, step_size=3, gamma=PWNED)',
    markers: ['PWNED'],
  },
  {
    id: 'payload constant read by function',
    source: 'PWNED = 0.5\ndef f(epoch):\n    return PWNED ** epoch\nscheduler = LambdaLR(optimizer, lr_lambda=f)',
    markers: [],
  },
  {
    id: 'dunder lambda parameter',
    source: 'scheduler = LambdaLR(optimizer, lr_lambda=lambda __builtins__: 0.95)',
    markers: ['__builtins__'],
  },
  {
    id: 'fullwidth alias',
    source: 'import math as ｏｓ\ndef f(epoch):\n    return ｏｓ.cos(0.0)\nscheduler = LambdaLR(optimizer, lr_lambda=f)',
    markers: ['ｏｓ', 'import math as os'],
  },
  {
    id: 'keras lambda with string breakout',
    source: "callback = LearningRateScheduler(lambda epoch: float('\\'); __import__(\\'os\\').system(\\'echo PWNED\\'); (\\'') or 0.01)",
    markers: ESCAPED_STRING_MARKERS,
  },
  {
    id: 'tutorial with hostile def',
    source: `import torch\nfrom torch.optim.lr_scheduler import LambdaLR\n\nmodel = torch.nn.Linear(10, 1)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n\ndef warmup(epoch: ${CMD}) -> ${CMD}:\n    return min(1.0, (epoch + 1) / 5)\n\nscheduler = LambdaLR(optimizer, lr_lambda=warmup)\nfor epoch in range(10):\n    optimizer.step()\n    scheduler.step()\n`,
    markers: CMD_MARKERS,
  },
];

/** Honest inputs: accepted, exported and run cleanly (they prove the audit does not pass by failing everything). */
function controls(): ExportAuditCase[] {
  const m = CMD_MARKERS;
  return [
    { id: 'control LambdaLR lambda', kind: 'call', call: hosted('LambdaLR', 'lambda epoch: 0.95 ** epoch'), markers: m, control: true },
    {
      id: 'control LambdaLR def with math',
      kind: 'call',
      call: hosted(
        'LambdaLR',
        'import math\nwarm = 2\ndef f(epoch):\n    if epoch < warm:\n        return (epoch + 1) / warm\n    return 0.5 * (1 + math.cos(math.pi * epoch / 10))',
      ),
      markers: m,
      control: true,
    },
    { id: 'control CyclicLR scale_fn', kind: 'call', call: hosted('CyclicLR', 'lambda x: 1 / (1.0 + x / 50)'), markers: m, control: true },
    {
      id: 'control Keras schedule',
      kind: 'call',
      call: {
        framework: 'keras',
        name: 'LearningRateScheduler',
        args: { schedule: 'import numpy as np\ndef step_decay(epoch, lr):\n    return 0.1 * np.power(0.5, np.floor((1 + epoch) / 2))' },
        optimizer: { kind: 'SGD', lr: 0.1 },
      },
      markers: m,
      control: true,
    },
    { id: 'control Warmup LambdaLR', kind: 'call', call: hosted('Warmup', 'lambda epoch: 0.9 ** epoch'), markers: m, control: true },
    {
      id: 'control paste',
      kind: 'paste',
      source: 'scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: 0.95 ** epoch)',
      markers: m,
      control: true,
    },
  ];
}

/** The whole corpus: controls, annotation payloads in every host, the other payloads, hostile fields, pastes. */
export function exportAuditCases(): ExportAuditCase[] {
  const out: ExportAuditCase[] = [...controls()];
  for (const p of ANNOTATION_PAYLOADS) {
    for (const host of HOSTS) out.push({ id: `${p.id} in ${host}`, kind: 'call', call: hosted(host, p.source), markers: p.markers });
  }
  OTHER_PAYLOADS.forEach((p, i) => {
    // Two hosts per payload, in turn, so every host sees every kind of payload over the corpus.
    for (const host of [HOSTS[i % HOSTS.length], HOSTS[(i + 3) % HOSTS.length]] as Host[]) {
      out.push({ id: `${p.id} in ${host}`, kind: 'call', call: hosted(host, p.source), markers: p.markers });
    }
  });
  out.push(...hostileFields());
  for (const p of PASTES) out.push({ id: `paste ${p.id}`, kind: 'paste', source: p.source, markers: p.markers });
  const ids = new Set<string>();
  for (const c of out) {
    if (ids.has(c.id)) throw new Error(`duplicate export audit case id: ${c.id}`);
    ids.add(c.id);
  }
  return out;
}

/** Markers every payload of the corpus may use: none of them may occur in an honest export either. */
export const ALL_MARKERS: readonly string[] = [
  ...new Set([
    ...CMD_MARKERS,
    ...ESCAPED_STRING_MARKERS,
    ...[...ANNOTATION_PAYLOADS, ...OTHER_PAYLOADS, ...PASTES].flatMap((p) => p.markers),
  ]),
];
