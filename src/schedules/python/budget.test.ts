/**
 * No input may keep the page busy: big-integer work is charged by the size of the numbers against a call's
 * STEP_LIMIT (cost.ts, frame.ts `charge`), and a curve's calls together against CURVE_STEP_LIMIT (functions.ts).
 * Every bound here is on steps counted by the engine (work.ts, stepsUsed), never on wall-clock time.
 */
import { describe, expect, it } from 'vitest';
import { ARTICLE_STEP_DECAY } from '../testing/article';
import { CURVE_STEP_LIMIT, compileUserFunction } from '../functions';
import { type FrameworkCall, fromFramework, sample } from '../index';
import { ScheduleRuntimeError } from '../types';
import { countWork } from '../work';
import { BIG_WORK_MESSAGE, compilePython, compilePythonValues, STEP_LIMIT } from './index';
import { decompose, powInteger, ratioToDouble } from './values';

const BIG = `RuntimeError: ${BIG_WORK_MESSAGE}`;
const CURVE =
  /^RuntimeError: this function used more than 50,000,000 steps over the curve \([\d,]+ calls\): simplify the function or shorten the horizon$/;

/** The message of calling `source` once (or of compiling it), and the interpreter steps that took. */
function outcome(source: string, args: number[] = [0]): { message: string; steps: number } {
  const { value, work } = countWork(() => {
    const c = compilePython(source);
    if (!c.ok) return c.error.message;
    try {
      return `returned ${c.value.call(args)}`;
    } catch (e) {
      if (e instanceof ScheduleRuntimeError) return e.message;
      throw e;
    }
  });
  return { message: value, steps: work.pythonSteps };
}

const lines = (n: number, line: string): string => Array.from({ length: n }, () => `    ${line}`).join('\n');

describe('big-integer work is charged by the size of the numbers', () => {
  it.each([
    ['pow(3, 2**8000-1, 2**8000-7) (the review: 32 s)', 'lambda epoch: 0.5 + 0*(pow(3, 2**8000-1, 2**8000-7) % 2)'],
    ['pow with 65,000-bit operands (the review: never finished)', 'lambda epoch: 0.5 + 0*(pow(3, 2**65000-1, 2**65000-7) % 2)'],
    ['pow with a small modulus and a 65,000-bit exponent', 'lambda epoch: pow(3, 2**65000 - 1, 7) / 7'],
    ['a modular inverse of a 65,000-bit modulus', 'lambda epoch: pow(3, -1, 2**65000 - 1) / 2**65000'],
    ['3 ** 40000', 'lambda epoch: 1.0 + 0 * 3 ** 40000'],
    ['10 ** 19000', 'lambda epoch: 1.0 + 0 * 10 ** 19000'],
    ['a product of two 30,000-bit ints', 'lambda epoch: 1.0 + 0 * ((2**30000 - 1) * (2**30000 - 3))'],
    ['a division of a 60,000-bit int', 'lambda epoch: 1.0 + 0 * ((2**60000 - 1) // (2**30000 - 3))'],
    ['round() to minus 19,000 digits', 'lambda epoch: 1.0 + round(2**65000 - 1, -19000)'],
    [
      'repeated squaring modulo an 8,000-bit number',
      `def f(epoch):\n    m = 2**8000 - 7\n    x = 3**5000\n${lines(100, 'x = x * x % m')}\n    return 1.0`,
    ],
    ['a long chain of negations of a 65,000-bit int', `def f(epoch):\n    x = 2**65000\n${lines(1000, 'x = -x')}\n    return 1.0`],
    ['a long chain of comparisons of 65,000-bit ints', `def f(epoch):\n    x = 2**65000\n${lines(1000, 'y = x < x')}\n    return 1.0`],
    ['abs() of a 65,000-bit int, many times', `def f(epoch):\n    x = 2**65000\n${lines(1000, 'y = abs(x)')}\n    return 1.0`],
    [
      'a 65,000-bit int made a float, many times',
      `def f(epoch):\n    x = 2**65000 // 2**64536\n${lines(3, 'x = x * x * x * x * x')}\n    return 1.0`,
    ],
  ])('%s: refused with the budget message', (_, source) => {
    const { message, steps } = outcome(source);
    expect(message).toBe(BIG);
    expect(steps).toBeLessThanOrEqual(STEP_LIMIT);
  });

  it('reports where the refused operation is', () => {
    const c = compilePython('def f(epoch):\n    m = 2**8000 - 7\n    return pow(3, m - 1, m) / m');
    if (!c.ok) throw new Error(c.error.message);
    expect(() => c.value.call([0])).toThrow(expect.objectContaining({ message: BIG, line: 3, column: 12 }));
  });

  it('raises the OverflowError that the sizes predict before pricing the work', () => {
    // Building 2**65000 is a shift (127 steps each); the product of two is refused by size, not priced.
    for (const [source, maxSteps] of [
      ['lambda epoch: 2**65000 * 2**65000', 300],
      ['lambda epoch: 3 ** 65535', 10],
      ['lambda epoch: 3 ** (10 ** 20)', 10],
      ['lambda epoch: (2**40000 + 1) ** 2', 200],
    ] as const) {
      const { message, steps } = outcome(source);
      expect(message, source).toMatch(/^OverflowError: integer result too large/);
      expect(steps, source).toBeLessThanOrEqual(maxSteps);
    }
  });

  it('refuses big-integer work at module level too (constants and `x op= ...`)', () => {
    for (const source of [
      'x = 3 ** 40000\nlambda epoch: 1.0',
      'x = 3\nx **= 40000\nlambda epoch: 1.0',
      `m = 2**8000 - 7\nx = 3**5000\n${Array.from({ length: 100 }, () => 'x *= x\nx %= m').join('\n')}\nlambda epoch: 1.0`,
      'def f(epoch, big=pow(3, 2**8000 - 1, 2**8000 - 7)):\n    return 1.0',
    ]) {
      const { message, steps } = outcome(source);
      expect(message).toBe(BIG);
      expect(steps).toBeLessThanOrEqual(STEP_LIMIT);
    }
  });

  it('refuses int() of a huge string, and huge literals, before any work', () => {
    expect(outcome(`lambda epoch: int('9' * 20000)`).message).toMatch(/^Not supported|^SyntaxError|strings/);
    expect(outcome(`lambda epoch: int('${'9'.repeat(20000)}')`).message).toMatch(/^ValueError: invalid literal for int\(\)/);
    expect(outcome(`lambda epoch: ${'9'.repeat(30000)}`).message).toMatch(/integer literals this long/);
  });

  it('keeps a long if-chain without loops at one step per node (the per-call limit stops it)', () => {
    const { message, steps } = outcome(`def f(x):\n${lines(2000, 'if x >= 0:\n        x = x + 1')}\n    return 1.0`);
    expect(message).toBe(`RuntimeError: evaluation stopped after ${STEP_LIMIT} steps (the limit for one call)`);
    expect(steps).toBe(STEP_LIMIT);
  });

  it('leaves ordinary arithmetic (small ints, floats, ints of a few words) at one step per node, with exact results', () => {
    // [source, args, result, nodes]: the steps are exactly the nodes evaluated.
    const cases: [string, number[], number, number][] = [
      ['lambda epoch: 0.95 ** epoch', [3], 0.95 ** 3, 3],
      ['lambda epoch: 0.5 ** math.floor((1 + epoch) / 10)', [99], 0.5 ** 10, 8],
      ['lambda epoch: epoch * 10 ** 20 // 3 / 10 ** 20', [7], 7 / 3, 11],
      ['lambda epoch: -(2 ** 300) < epoch < 2 ** 300', [7], 1, 9],
      ['lambda epoch: round(epoch * 2**70, -5) / 2**70', [1], 1180591620717411300000 / 2 ** 70, 12],
    ];
    for (const [source, args, expected, nodes] of cases) {
      const c = compilePython(source);
      if (!c.ok) throw new Error(c.error.message);
      expect(c.value.call(args), source).toBe(expected);
      expect(c.value.stepsUsed(), source).toBe(nodes);
    }
    // Bigger ints pay for their size, and still get Python's exact result within the budget.
    const c = compilePython('lambda epoch: 10 ** 400 / 10 ** 399 + pow(3, 10**20, 10**30 + 57) % 2');
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.call([0])).toBe(10 + Number(modPow(3n, 10n ** 20n, 10n ** 30n + 57n) % 2n));
    expect(c.value.stepsUsed()).toBeLessThan(200);
  });

  it('computes subnormal float powers without building the exact power (0.84 ** 4096 was 4 ms of BigInt)', () => {
    const c = compilePython('lambda epoch: 0.84 ** 4096 + 0.1 ** 320 + 0.5 ** 1074 + 0.5 ** 1075');
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.call([0])).toBe(exactPowReference(0.84, 4096) + exactPowReference(0.1, 320) + 5e-324);
    expect(c.value.stepsUsed()).toBeLessThan(20);
  });

  it('rounds subnormal powers exactly like the exact computation (random bases and exponents)', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 300; i++) {
      const x = 0.05 + 0.94 * random();
      // An exponent that lands x ** n among the subnormals (2**-1074 to 2**-1022).
      const n = Math.ceil((1022 + 52 * random()) / -Math.log2(x));
      if (n > 4096) continue;
      expect(powInteger(x, n), `${x} ** ${n}`).toBe(exactPowReference(x, n));
    }
  });
});

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (let x = b % m, n = e; n > 0n; n >>= 1n, x = (x * x) % m) if (n & 1n) r = (r * x) % m;
  return r;
}

/** x ** n correctly rounded, the slow way (test reference). */
function exactPowReference(x: number, n: number): number {
  const { m, e } = decompose(x);
  return ratioToDouble(m ** BigInt(n), 1n, e * n);
}

/** A legal function of about 9,000 steps a call (under the per-call limit). */
const heavy = `def scale(x):\n    y = x\n${lines(2990, 'y = y + 1')}\n    return 1.0`;

describe('a curve has a total step budget', () => {
  it.each([
    [
      'CyclicLR scale_fn (the review: 109 s)',
      {
        framework: 'torch',
        name: 'CyclicLR',
        args: { base_lr: 0.01, max_lr: 0.1, step_size_up: 1000, scale_fn: heavy, scale_mode: 'iterations', cycle_momentum: false },
        optimizer: { lr: 0.1 },
      },
      'args.scale_fn',
    ],
    [
      'Keras LearningRateScheduler',
      {
        framework: 'keras',
        name: 'LearningRateScheduler',
        args: { schedule: heavy.replace('scale(x)', 'scale(x, lr=0.1)') },
        optimizer: { lr: 0.1 },
      },
      'args.schedule',
    ],
  ] as [string, FrameworkCall, string][])(
    '%s: a heavy function over 1,000,000 ticks stops with the curve message and its tick',
    (_, call, path) => {
      const built = fromFramework(call);
      if (!built.ok) throw new Error(built.error.message);
      const { value: r, work } = countWork(() => sample(built.value, 1_000_000));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.message).toMatch(CURVE);
      expect(r.error.path).toBe(path);
      expect(r.error.tick).toBeGreaterThan(5000);
      expect(r.error.tick).toBeLessThan(6000);
      expect(work.pythonSteps).toBeGreaterThanOrEqual(CURVE_STEP_LIMIT);
      expect(work.pythonSteps).toBeLessThanOrEqual(CURVE_STEP_LIMIT + STEP_LIMIT);
    },
    120_000,
  );

  it('counts each curve apart: a new curve of the same (cached) function starts afresh', () => {
    const source = 'lambda epoch: 0.95 ** epoch';
    const a = compileUserFunction(source, 'args.lr_lambda', [1]);
    for (let i = 0; i < 10; i++) a(i);
    const b = compileUserFunction(source, 'args.lr_lambda', [1]);
    b(0);
    expect(a.stepsUsed()).toBe(30);
    expect(b.stepsUsed()).toBe(3);
  });

  it('fails every call once the budget is spent, at no cost', () => {
    const f = compileUserFunction(heavy, 'args.lr_lambda', [1]);
    let calls = 0;
    let message = '';
    for (; calls < 10_000; calls++) {
      try {
        f(calls);
      } catch (e) {
        message = (e as Error).message;
        break;
      }
    }
    expect(message).toMatch(CURVE);
    expect(message).toContain(`(${calls.toLocaleString('en-US')} calls)`);
    const used = f.stepsUsed();
    expect(used).toBeGreaterThanOrEqual(CURVE_STEP_LIMIT);
    expect(() => f(0)).toThrow(CURVE);
    expect(f.stepsUsed()).toBe(used);
  }, 120_000);

  it.each([
    ['step_decay (the article)', ARTICLE_STEP_DECAY, 14],
    ['lambda epoch: 0.95 ** epoch', 'lambda epoch: 0.95 ** epoch', 3],
    ['0.5 ** math.floor((1+epoch)/10)', 'lambda epoch: 0.5 ** math.floor((1+epoch)/10)', 8],
  ])(
    '%s samples 1,000,000 ticks well within the budget',
    (_, source, stepsPerCall) => {
      const built = fromFramework({ framework: 'torch', name: 'LambdaLR', args: { lr_lambda: source }, optimizer: { lr: 0.1 } });
      if (!built.ok) throw new Error(built.error.message);
      const { value: r, work } = countWork(() => sample(built.value, 1_000_000));
      expect(r.ok).toBe(true);
      expect(work.maxPythonSteps).toBe(stepsPerCall);
      expect(work.pythonSteps).toBeLessThanOrEqual(stepsPerCall * 1_000_001);
      expect(work.pythonSteps * 3).toBeLessThan(CURVE_STEP_LIMIT);
    },
    120_000,
  );

  it('the typed Keras path shares the per-curve budget design (stepsUsed through compilePythonValues)', () => {
    const c = compilePythonValues('lambda epoch, lr: lr * 0.9');
    if (!c.ok) throw new Error(c.error.message);
    c.value.invoke([0n, 0.1]);
    expect(c.value.stepsUsed()).toBe(3);
  });
});
