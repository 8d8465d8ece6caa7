/**
 * User text is data: names never reach JavaScript objects, nothing is evaluated as JavaScript, and every
 * evaluation is bounded.
 */
import { describe, expect, it } from 'vitest';
import { ScheduleRuntimeError } from '../types';
import { compilePython, evaluatePython, STEP_LIMIT } from './index';

function refused(source: string): string {
  const c = compilePython(source);
  if (c.ok) throw new Error(`expected ${JSON.stringify(source)} to be refused`);
  expect(c.error.line).toBeGreaterThanOrEqual(1);
  expect(c.error.column).toBeGreaterThanOrEqual(1);
  return c.error.message;
}

function runtimeMessage(source: string, args: number[] = [1]): string {
  const c = compilePython(source);
  if (!c.ok) throw new Error(c.error.message);
  try {
    c.value.call(args);
  } catch (e) {
    if (e instanceof ScheduleRuntimeError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('JavaScript names are just unknown Python names', () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
    it(name, () => {
      expect(runtimeMessage(`lambda x: ${name}`)).toBe(`NameError: name '${name}' is not defined`);
      expect(evaluatePython(name, {})).toMatchObject({ ok: false, error: { message: `NameError: name '${name}' is not defined` } });
      expect(refused(`lambda x: ${name}(x)`)).toBe(
        `NameError: name '${name}' is not defined (only abs, min, max, round, float, int, pow, bool, len and math.*/np.* functions can be called)`,
      );
      expect(refused(`lambda x: math.${name}`)).toMatch(/^(Not supported|AttributeError)/);
    });
  }

  it('can be used as ordinary variable and parameter names', () => {
    const c = compilePython(
      'constructor = 2\ndef f(__proto__, toString=3):\n    valueOf = __proto__ * toString\n    return valueOf * constructor',
    );
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.call([5])).toBe(30);
    expect(c.value.params).toEqual(['__proto__', 'toString']);
    expect(evaluatePython('__proto__ + constructor', { ['__proto__']: 1, constructor: 2 })).toEqual({ ok: true, value: 3 });
  });
});

describe('dangerous Python is refused with a clear message', () => {
  it.each([
    ['lambda x: __import__("os")', /'__import__' is not available/],
    ['lambda x: eval("1 + 1")', /'eval' is not available/],
    ['lambda x: exec("x = 1")', /'exec' is not available/],
    ['lambda x: open("/etc/passwd")', /'open' is not available/],
    ['lambda x: getattr(x, "real")', /'getattr' is not available/],
    ['lambda x: globals()', /'globals' is not available/],
    ['lambda x: (1).__class__', /attribute access/],
    ['lambda x: x.__class__.__bases__', /attribute access/],
    ['lambda x: math.__dict__', /'math.__dict__'/],
    ['lambda x: np.__builtins__', /'np.__builtins__'/],
    ['lambda x: np.load("f.npy")', /no attribute 'load'/],
    ['lambda x: np.random.rand()', /attribute access/],
    ['lambda x: "abc"', /strings/],
    ['lambda x: f"{x}"', /f-strings/],
    // Lists and tuples can be built and indexed (lists.test.ts); slices and starred items cannot.
    ['lambda x: [x][0:1]', /slices/],
    ['lambda x: (*x, x)', /starred/],
    ['lambda x: {x: 1}', /dicts/],
    ['lambda x: [i for i in range(9)]', /comprehensions/],
    ['lambda x: sum(i for i in range(9))', /'sum' is not available|generator/],
    ['lambda x: [[x]][0, 0]', /several indexes/],
    ['import os\nlambda x: x', /import os/],
    ['import numpy.random\nlambda x: x', /import numpy.random/],
    ['from os import path\nlambda x: x', /import os/],
    ['def f(x):\n    for i in range(10 ** 9):\n        x += 1\n    return x', /for loops/],
    ['def f(x):\n    while True:\n        pass', /while loops/],
    ['f = lambda x: f(x - 1) if x else 0', /recursion/],
    ['def f(x):\n    return f(x - 1)', /recursion/],
    ['def f(x):\n    return f', /using the function 'f' as a value/],
    ['def f(x):\n    def g():\n        return 1\n    return g()', /def inside the function/],
    ['class A:\n    pass', /classes/],
    ['lambda x: lambda: x', /lambda inside an expression/],
    ['lambda x: (y := x)', /walrus/],
    ['def f(x):\n    global lr\n    return x', /global/],
    ['def f(x):\n    try:\n        return 1 / x\n    except ZeroDivisionError:\n        return 0', /try/],
    ['def f(x):\n    with open("f") as fh:\n        return 1', /with/],
    ['def f(x):\n    yield x', /yield/],
    ['def f(*args):\n    return 1', /\*args/],
    ['def f(**kwargs):\n    return 1', /\*\*kwargs/],
    ['lambda x: max(x, key=abs)', /keyword arguments/],
    ['lambda x: max(*x)', /\*args/],
    ['@decorator\ndef f(x):\n    return x', /decorators/],
    ['def f(x):\n    raise ValueError', /raise/],
    ['lambda x: x @ x', /@/],
    ['lambda x: x << 2', /bitwise/],
    ['lambda x: x in (1, 2)', /membership/],
    ['lambda x: x is 1', /`is`/],
    ['if True:\n    lambda x: x', /`if` outside the function/],
    ['print("hi")\nlambda x: x', /expression outside the function/],
  ])('%s', (source, message) => {
    expect(refused(source)).toMatch(message);
  });
});

describe('evaluation is bounded', () => {
  it(`stops after ${STEP_LIMIT} steps with a clear error and a position`, () => {
    const lines = Array.from({ length: 4000 }, () => '    x = x + 1');
    const c = compilePython(`def f(x):\n${lines.join('\n')}\n    return x`);
    if (!c.ok) throw new Error(c.error.message);
    let error: unknown;
    try {
      c.value.call([0]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScheduleRuntimeError);
    const e = error as ScheduleRuntimeError;
    expect(e.message).toBe(`RuntimeError: evaluation stopped after ${STEP_LIMIT} steps (the limit for one call)`);
    expect(e.line).toBeGreaterThan(3000);
    // The budget is per call: a shorter function runs again and again.
    const short = compilePython(`def f(x):\n${lines.slice(0, 3000).join('\n')}\n    return x`);
    if (!short.ok) throw new Error(short.error.message);
    expect(short.value.call([0])).toBe(3000);
    expect(short.value.call([1])).toBe(3001);
  });

  it('refuses expressions nested too deeply instead of overflowing the stack', () => {
    expect(refused(`lambda x: ${'('.repeat(500)}x${')'.repeat(500)}`)).toMatch(/nested more than/);
    expect(refused(`lambda x: ${'-'.repeat(500)}x`)).toMatch(/nested more than/);
    expect(refused(`lambda x: ${Array.from({ length: 500 }, () => 'x').join(' + ')}`)).toMatch(/nested more than/);
    expect(refused(`lambda x: ${Array.from({ length: 500 }, () => 'not x').join(' or ')}`)).toMatch(/nested more than/);
    expect(refused(`lambda x: ${Array.from({ length: 500 }, () => 'x').join(' < ')}`)).toMatch(/nested more than/);
    // 150 levels are fine.
    const parens = compilePython(`lambda x: ${'('.repeat(150)}x${')'.repeat(150)} + 1`);
    expect(parens.ok && parens.value.call([1])).toBe(2);
    const sum = compilePython(`lambda x: x + ${Array.from({ length: 150 }, () => '1').join(' + ')}`);
    expect(sum.ok && sum.value.call([1])).toBe(151);
  });

  it('caps the size of Python ints', () => {
    expect(runtimeMessage('lambda x: 2 ** 100000')).toMatch(/^OverflowError: integer result too large/);
    expect(runtimeMessage('lambda x: (2 ** 60000) * (2 ** 60000)')).toMatch(/^OverflowError: integer result too large/);
    expect(runtimeMessage('lambda x: 7 ** (10 ** 20)')).toMatch(/^OverflowError: integer result too large/);
    expect(refused(`lambda x: ${'9'.repeat(7000)}`)).toMatch(/integer literals this long/);
  });

  it('refuses very long sources before parsing', () => {
    expect(refused(`lambda x: x${' '.repeat(200_000)}`)).toMatch(/too long/);
  });
});

describe('structure limits', () => {
  it('refuses more than 100 levels of indentation and hundreds of elif branches', () => {
    let src = 'def f(x):\n';
    for (let i = 1; i <= 101; i++) src += `${' '.repeat(i)}if x:\n`;
    src += `${' '.repeat(102)}return 1\n`;
    expect(refused(src)).toBe('IndentationError: too many levels of indentation');
    const elifs = Array.from({ length: 300 }, (_, i) => `    elif x == ${i}:\n        return ${i}`).join('\n');
    expect(refused(`def f(x):\n    if x < 0:\n        return 0\n${elifs}\n    return 1`)).toMatch(/elif branches/);
  });
});
