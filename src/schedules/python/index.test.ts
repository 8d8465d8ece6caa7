import { describe, expect, it } from 'vitest';
import { ARTICLE_STEP_DECAY } from '../testing/article';
import { ScheduleRuntimeError } from '../types';
import { compilePython, compilePythonValues, evaluatePython, evaluateToPython, NpFloat, toPython } from './index';

function compiled(source: string) {
  const c = compilePython(source);
  if (!c.ok) throw new Error(`${c.error.message} at ${c.error.line}:${c.error.column}`);
  return c.value;
}

function compileError(source: string) {
  const c = compilePython(source);
  if (c.ok) throw new Error(`expected ${JSON.stringify(source)} to be refused`);
  return c.error;
}

function thrown(fn: () => unknown): ScheduleRuntimeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScheduleRuntimeError) return e;
    throw e;
  }
  throw new Error('expected a ScheduleRuntimeError');
}

describe('compilePython: the seed examples', () => {
  it('runs the Keras step_decay function', () => {
    const f = compiled(ARTICLE_STEP_DECAY);
    expect(f.name).toBe('step_decay');
    expect(f.params).toEqual(['epoch']);
    expect(f.required).toBe(1);
    expect([0, 8, 9, 19, 29, 60].map((e) => f.call([e]))).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125, 0.0015625]);
  });

  it('runs a LambdaLR lambda', () => {
    const f = compiled('lambda epoch: 0.95 ** epoch');
    expect(f.name).toBe('<lambda>');
    expect(f.params).toEqual(['epoch']);
    expect(f.call([0])).toBe(1);
    expect(f.call([1])).toBe(0.95);
    expect(compiled('lambda epoch: 0.5 ** math.floor((1 + epoch) / 10)').call([19])).toBe(0.25);
  });

  it('runs a Keras schedule(epoch, lr) with if/else', () => {
    const f = compiled('def schedule(epoch, lr):\n    if epoch < 10:\n        return lr\n    else:\n        return lr * math.exp(-0.1)');
    expect(f.required).toBe(2);
    expect(f.call([3, 0.01])).toBe(0.01);
    expect(f.call([10, 0.01])).toBeCloseTo(0.01 * Math.exp(-0.1), 17);
  });

  it('counts required parameters and applies defaults', () => {
    const f = compiled('def f(epoch, lr=0.1, gamma=0.5):\n    return lr * gamma ** epoch');
    expect(f.params).toEqual(['epoch', 'lr', 'gamma']);
    expect(f.required).toBe(1);
    expect(f.call([1])).toBe(0.05);
    expect(f.call([1, 1, 0.25])).toBe(0.25);
  });

  it('reads module-level constants, also those assigned after the def', () => {
    const f = compiled('import math\ninitial_lr = 0.1\ndef f(epoch):\n    return initial_lr * k\nk = 2 ** -1');
    expect(f.call([0])).toBe(0.05);
  });

  it('accepts `f = lambda ...` and names it <lambda>', () => {
    const f = compiled('lr_lambda = lambda epoch: 1 / (epoch + 1)');
    expect(f.name).toBe('<lambda>');
    expect(f.call([3])).toBe(0.25);
  });

  it('returns bools as 0/1 and ints as numbers', () => {
    expect(compiled('lambda e: e > 3').call([5])).toBe(1);
    expect(compiled('lambda e: e > 3').call([1])).toBe(0);
    expect(compiled('lambda e: 7 // 2').call([0])).toBe(3);
    expect(compiled('lambda e: 2 ** 60').call([0])).toBe(2 ** 60);
  });

  it('returns NaN and infinities as numbers (the engine reports them)', () => {
    expect(compiled('lambda e: np.log(e)').call([0])).toBe(-Infinity);
    expect(compiled('lambda e: np.sqrt(-e)').call([1])).toBeNaN();
    expect(compiled('lambda e: float("inf")').call([0])).toBe(Infinity);
  });

  it('passes integral numbers as Python ints and others as floats', () => {
    expect(toPython(3)).toBe(3n);
    expect(toPython(0.5)).toBe(0.5);
    expect(toPython(-0)).toBe(-0);
    expect(toPython(2 ** 60)).toBe(2 ** 60);
    expect(compiled('lambda e: e // 2').call([7])).toBe(3);
    expect(compiled('lambda e, lr: lr // 2').call([7, 7.5])).toBe(3);
  });
});

describe('runtime errors in Python words, with positions in the original text', () => {
  it('ZeroDivisionError at the division', () => {
    const f = compiled('def f(epoch):\n    warm = 0\n    return 0.1 / warm');
    const e = thrown(() => f.call([1]));
    expect(e.message).toBe('ZeroDivisionError: float division by zero');
    expect([e.line, e.column]).toEqual([3, 12]);
  });

  it('math domain errors, NameError and UnboundLocalError', () => {
    expect(thrown(() => compiled('lambda e: math.log(e)').call([0])).message).toBe('ValueError: math domain error');
    const name = thrown(() => compiled('lambda e:\u00A0e + lr').call([0]));
    expect(name.message).toBe("NameError: name 'lr' is not defined");
    expect([name.line, name.column]).toEqual([1, 15]);
    const unbound = thrown(() => compiled('def f(e):\n    if e:\n        lr = 1\n    return lr').call([0]));
    expect(unbound.message).toBe("UnboundLocalError: cannot access local variable 'lr' where it is not associated with a value");
    expect([unbound.line, unbound.column]).toEqual([4, 12]);
  });

  it('wrong number of arguments', () => {
    expect(thrown(() => compiled('lambda epoch: 1').call([1, 2])).message).toBe(
      'TypeError: <lambda>() takes 1 positional argument but 2 were given',
    );
    expect(thrown(() => compiled('def f(epoch, lr):\n    return lr').call([1])).message).toBe(
      "TypeError: f() missing 1 required positional argument: 'lr'",
    );
  });

  it('a function that returns None', () => {
    const fallsOff = thrown(() => compiled('def f(epoch):\n    lr = 0.1').call([1]));
    expect(fallsOff.message).toBe('TypeError: function returned None, expected a number');
    expect(fallsOff.line).toBe(1);
    const explicit = thrown(() => compiled('def f(epoch):\n    if epoch:\n        return\n    return 1').call([1]));
    expect([explicit.line, explicit.column]).toEqual([3, 9]);
  });

  it('overflow, and a huge int result', () => {
    expect(thrown(() => compiled('lambda e: 2.0 ** 10000').call([0])).message).toBe("OverflowError: (34, 'Numerical result out of range')");
    expect(thrown(() => compiled('lambda e: math.exp(1000)').call([0])).message).toBe('OverflowError: math range error');
    expect(thrown(() => compiled('lambda e: 10 ** 400').call([0])).message).toBe('OverflowError: int too large to convert to float');
    expect(compiled('lambda e: 1e308 * 10').call([0])).toBe(Infinity);
  });

  it('a negative number to a fractional power (complex in Python) is refused', () => {
    expect(thrown(() => compiled('lambda e: (-8.0) ** (1 / 3)').call([0])).message).toMatch(/complex/);
  });
});

describe('compile errors with line and column', () => {
  it('reports syntax errors in the original text, after normalised characters', () => {
    expect(compileError('lambda\u00A0x:\u00A0x\u00A0+')).toMatchObject({ message: 'SyntaxError: invalid syntax', line: 1, column: 14 });
    expect(compileError('def f(x):\r\n    y = \u201Cabc\u201D\r\n    return (y')).toMatchObject({
      message: "SyntaxError: '(' was never closed",
      line: 3,
      column: 12,
    });
    expect(compileError('lambda x: float(\u201Cinf\u201D) +')).toMatchObject({ line: 1, column: 25 });
  });

  it('reports unsupported constructs at the construct', () => {
    expect(compileError('def f(x):\n    for i in range(3):\n        x += i\n    return x')).toMatchObject({
      message: expect.stringContaining('for loops'),
      line: 2,
      column: 5,
    });
  });

  it('needs exactly one function', () => {
    expect(compileError('').message).toMatch(/Expected one function/);
    expect(compileError('x = 1').message).toMatch(/Expected one function/);
    expect(compileError('0.95 ** epoch').message).toMatch(/lambda epoch/);
    expect(compileError('def f(x):\n    return 1\ndef g(x):\n    return 2')).toMatchObject({ line: 3 });
  });

  it('reports errors raised by module-level code', () => {
    expect(compileError('x = 1 / 0\nlambda e: x')).toMatchObject({ message: 'ZeroDivisionError: division by zero', line: 1, column: 5 });
    expect(compileError('def f(e, lr=y):\n    return lr')).toMatchObject({ message: "NameError: name 'y' is not defined" });
  });
});

describe('pasted text', () => {
  it('accepts CRLF, tabs, BOM, non-breaking spaces and curly quotes', () => {
    const src = '\uFEFFimport math\r\ndef f(epoch):\r\n\tlr\u00A0= float(\u201Cinf\u201D)\r\n\treturn\u00A0min(lr, 0.1 \u2212 0.05)\r\n';
    expect(compiled(src).call([0])).toBe(0.05);
  });

  it('accepts a block pasted with its indentation, and reports positions in it', () => {
    const src = '        def f(epoch):\n            return 1 / epoch\n';
    const f = compiled(src);
    expect(f.call([4])).toBe(0.25);
    const e = thrown(() => f.call([0]));
    expect([e.line, e.column]).toEqual([2, 20]);
  });

  it('accepts `1.` literals, comments and docstrings', () => {
    const src = 'def f(epoch):\n    """Inverse time decay."""\n    # decay = 0.1\n    return 1. / (1. + 0.1 * epoch)  # Keras style\n';
    expect(compiled(src).call([10])).toBe(0.5);
  });
});

describe('lower-level API', () => {
  it('keeps Python types', () => {
    const f = compilePythonValues('lambda x, y: x // y');
    if (!f.ok) throw new Error(f.error.message);
    expect(f.value.invoke([7n, 2n])).toBe(3n);
    expect(f.value.invoke([7, 2n])).toBe(3);
    expect(f.value.invoke([true, true])).toBe(1n);
    const np = compilePythonValues('lambda x: np.floor(x)');
    if (!np.ok) throw new Error(np.error.message);
    expect(np.value.invoke([2.5])).toEqual(new NpFloat(2));
  });

  it('evaluates expressions with variables', () => {
    expect(evaluatePython('lr * gamma ** (epoch // step)', { lr: 0.1, gamma: 0.5, epoch: 7, step: 3 })).toEqual({
      ok: true,
      value: 0.025,
    });
    expect(evaluatePython('x > 1', { x: 2 })).toEqual({ ok: true, value: 1 });
    expect(evaluatePython('1 / x', { x: 0 })).toMatchObject({
      ok: false,
      error: { message: 'ZeroDivisionError: division by zero', line: 1, column: 1 },
    });
    expect(evaluatePython('None', {})).toMatchObject({ ok: false });
    expect(evaluatePython('x +', { x: 1 })).toMatchObject({ ok: false, error: { message: 'SyntaxError: invalid syntax' } });
    expect(evaluatePython('x; y', { x: 1 })).toMatchObject({ ok: false });
    const big = evaluateToPython('2 ** 100', new Map());
    expect(big).toEqual({ ok: true, value: 2n ** 100n });
  });

  it('does not see inherited properties of the variables object', () => {
    const vars = Object.create({ inherited: 1 }) as Record<string, number>;
    vars.own = 2;
    expect(evaluatePython('own', vars)).toEqual({ ok: true, value: 2 });
    expect(evaluatePython('inherited', vars)).toMatchObject({
      ok: false,
      error: { message: "NameError: name 'inherited' is not defined" },
    });
  });
});
