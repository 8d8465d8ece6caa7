/**
 * parseScheduleCode on hostile or broken input: more than 500 generated inputs in named categories
 * (hostile-cases.ts) must never throw, must stay within a bound on work, must pollute no prototype and add no
 * global, and whatever parses must sample safely. The bound is on work, not time, so it holds on a busy machine:
 * the paste reader visits at most NODES_PER_CHARACTER syntax nodes per character pasted (and nothing at all over
 * MAX_CODE_LENGTH), evaluates at most one Python expression per node it visits, and each Python evaluation stops
 * at STEP_LIMIT steps; sampling calls each function written in the paste at most once per tick. How long the
 * corpus takes is measured by bench/hostile-paste.bench.ts. A table of hand-written broken pastes checks the
 * exact error line and column.
 */
import { describe, expect, it } from 'vitest';
import { type Schedule, sample } from '../index';
import { STEP_LIMIT } from '../python';
import { countWork, type Work } from '../work';
import { type HostileCase, hostileCases } from './hostile-cases';
import { MAX_CODE_LENGTH, parseScheduleCode } from './index';

/** Syntax nodes the reader may visit per character of the paste (measured: at most 8.4, for 10,000 nested brackets). */
const NODES_PER_CHARACTER = 16;
/** Ticks sampled of what parsed. */
const TICKS = 200;
/** Characters and inputs per test, so that no single test holds much of the corpus's work. */
const CHARACTERS_PER_TEST = 25_000;
const INPUTS_PER_TEST = 40;

function snapshotPrototypes(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Map.prototype];
  return JSON.stringify(protos.map((p) => Object.getOwnPropertyNames(p).sort()));
}

/** The corpus by category, each category cut into runs of at most INPUTS_PER_TEST inputs and CHARACTERS_PER_TEST characters read. */
function chunks(all: readonly HostileCase[]): { name: string; cases: HostileCase[] }[] {
  const out: { name: string; cases: HostileCase[] }[] = [];
  let size = 0;
  for (const c of all) {
    const read = Math.min(c.source.length, MAX_CODE_LENGTH);
    const last = out.at(-1);
    if (last && last.cases[0]?.category === c.category && last.cases.length < INPUTS_PER_TEST && size + read <= CHARACTERS_PER_TEST) {
      last.cases.push(c);
      size += read;
    } else {
      out.push({ name: c.category, cases: [c] });
      size = read;
    }
  }
  const parts = new Map<string, number>();
  for (const chunk of out) parts.set(chunk.name, (parts.get(chunk.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const chunk of out) {
    const total = parts.get(chunk.name) ?? 1;
    const k = (seen.get(chunk.name) ?? 0) + 1;
    seen.set(chunk.name, k);
    chunk.name = `${chunk.name}${total > 1 ? ` (part ${k} of ${total})` : ''}: ${chunk.cases.length} input${chunk.cases.length === 1 ? '' : 's'}`;
  }
  return out;
}

/** `lambda` and `def` written in the paste: an upper bound on the Python functions its schedules call. */
function functionsWritten(source: string): number {
  return source.match(/\b(?:lambda|def)\b/g)?.length ?? 0;
}

/** Parses one input and samples what parsed, checking behaviour and bounding the work of each part. */
function checkInput({ category, source }: HostileCase): void {
  const where = `${category} (${source.length} characters): ${JSON.stringify(source.slice(0, 80))}`;
  let counted: { value: ReturnType<typeof parseScheduleCode>; work: Work } | undefined;
  expect(() => {
    counted = countWork(() => parseScheduleCode(source));
  }, where).not.toThrow();
  if (!counted) throw new Error(`no result for ${where}`);
  const { value: parsed, work } = counted;
  if (source.length > MAX_CODE_LENGTH) {
    expect(parsed.ok || parsed.error.message, where).toMatch(/too long/);
    expect(work, where).toMatchObject({ syntaxNodes: 0, pythonCalls: 0 });
  }
  expect(work.syntaxNodes, where).toBeLessThanOrEqual(NODES_PER_CHARACTER * Math.max(source.length, 1));
  expect(work.pythonCalls, where).toBeLessThanOrEqual(work.syntaxNodes);
  expect(work.maxPythonSteps, where).toBeLessThanOrEqual(STEP_LIMIT);
  if (!parsed.ok) {
    expect(typeof parsed.error.message).toBe('string');
    expect(parsed.error.line).toBeGreaterThanOrEqual(1);
    expect(parsed.error.column).toBeGreaterThanOrEqual(1);
    return;
  }
  // Identical calls build identical schedules (3,500 copies of one StepLR line): sample each distinct one.
  const { schedules, calls } = parsed.value;
  expect(calls.length, where).toBe(schedules.length);
  const distinct = new Map<string, Schedule>();
  for (const [i, s] of schedules.entries()) distinct.set(JSON.stringify(calls[i]), s);
  for (const s of distinct.values()) {
    const metric = s.needsMetric ? { metric: Array.from({ length: TICKS }, () => 1) } : undefined;
    let run: { value: ReturnType<typeof sample>; work: Work } | undefined;
    expect(() => {
      run = countWork(() => sample(s, TICKS, metric));
    }, where).not.toThrow();
    if (!run) throw new Error(`no curve for ${where}`);
    const { value: sampled, work: sampling } = run;
    if (sampled.ok) expect(sampled.value.lr.length, where).toBe(TICKS);
    else expect(typeof sampled.error.message, where).toBe('string');
    expect(sampling.syntaxNodes, where).toBe(0);
    expect(sampling.pythonCalls, where).toBeLessThanOrEqual(TICKS * functionsWritten(source));
    expect(sampling.maxPythonSteps, where).toBeLessThanOrEqual(STEP_LIMIT);
  }
}

describe('hostile and broken input', () => {
  const all = hostileCases();
  const globals = Object.keys(globalThis).sort().join(',');
  const prototypes = snapshotPrototypes();

  it(`has at least 500 generated inputs (${all.length}) in every category`, () => {
    expect(all.length).toBeGreaterThanOrEqual(500);
    expect(new Set(all.map((c) => c.category)).size).toBeGreaterThanOrEqual(10);
  });

  describe('never throws, stays within the bound on work, pollutes nothing and changes no global', () => {
    for (const chunk of chunks(all)) {
      it(chunk.name, () => {
        for (const c of chunk.cases) checkInput(c);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).x).toBeUndefined();
        expect(snapshotPrototypes()).toBe(prototypes);
        expect(Object.keys(globalThis).sort().join(',')).toBe(globals);
      });
    }
  });

  it('the step budget stops a long function at the constructor, and bounds one that runs every tick', () => {
    const body = (n: number) => Array.from({ length: n }, () => '    x = x + 1').join('\n');
    const long = `def f(epoch):\n    x = epoch\n${body(4000)}\n    return x\nscheduler = LambdaLR(optimizer, f)`;
    const stopped = countWork(() => parseScheduleCode(long));
    expect(stopped.value.ok ? 'parsed' : stopped.value.error.message).toMatch(/^RuntimeError: evaluation stopped after 10000 steps/);
    expect(stopped.work.maxPythonSteps).toBe(STEP_LIMIT);
    // 3,000 lines take about 9,000 steps per call: the function runs, at every tick, within the budget (20 ticks
    // show it: the budget is per call).
    const heavy = countWork(() =>
      parseScheduleCode(`def f(epoch):\n    x = epoch\n${body(3000)}\n    return 0.9 ** (x - 3000)\nscheduler = LambdaLR(optimizer, f)`),
    );
    if (!heavy.value.ok) throw new Error(heavy.value.error.message);
    const schedule = heavy.value.value.schedules[0];
    if (!schedule) throw new Error('no schedule');
    const ticks = 20;
    const sampled = countWork(() => sample(schedule, ticks));
    expect(sampled.value.ok).toBe(true);
    if (sampled.value.ok) expect((sampled.value.value.lr[10] as number) / (sampled.value.value.lr[0] as number)).toBeCloseTo(0.9 ** 10, 12);
    expect(sampled.work.pythonCalls).toBeLessThanOrEqual(ticks + 1);
    expect(sampled.work.maxPythonSteps).toBeGreaterThan(9000);
    expect(sampled.work.maxPythonSteps).toBeLessThanOrEqual(STEP_LIMIT);
    expect(sampled.work.pythonSteps).toBeLessThanOrEqual(sampled.work.pythonCalls * STEP_LIMIT);
  });

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
    source:
      'optimizer = SGD(model.parameters(), lr=0.1)\nscheduler = StepLR(optimizer, step_size=30\nfor epoch in range(10):\n    scheduler.step()',
    message: "SyntaxError: '(' was never closed",
    line: 2,
    column: 19,
  },
  {
    name: 'a list element of the wrong type (at the element)',
    source: "scheduler = MultiStepLR(optimizer, milestones=[30, 'sixty'], gamma=0.1)",
    message: 'milestones[1] must be a number, got the string "sixty"',
    line: 1,
    column: 52,
  },
  {
    name: 'milestones and schedulers that do not match (at milestones)',
    source:
      'a = LinearLR(opt, start_factor=0.1, total_iters=5)\nb = ExponentialLR(opt, gamma=0.9)\ns = SequentialLR(opt, schedulers=[a, b], milestones=[5, 10])',
    message: /^ValueError: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points/,
    line: 3,
    column: 42,
  },
  {
    name: 'a nested scheduler with a bad argument (at that argument, on its own line)',
    source:
      'warmup = LinearLR(opt, start_factor=2.0, total_iters=5)\ncosine = CosineAnnealingLR(opt, T_max=45)\ns = SequentialLR(opt, [warmup, cosine], [5])',
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
    // A torch scheduler's or a transformers schedule's len(loader) is the horizon's steps per epoch; a Keras schedule's is not.
    name: 'len() of a dataset in a Keras schedule',
    source: 'lr = keras.optimizers.schedules.ExponentialDecay(0.1,\n                       decay_steps=len(train_ds), decay_rate=0.9)',
    message: /^Not supported: len\(train_ds\): the playground cannot know this length/,
    line: 2,
    column: 36,
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
    source:
      'scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=10)\nfor epoch in range(20):\n    for i in range(100):\n        scheduler.step(epoch + i / 100)',
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
