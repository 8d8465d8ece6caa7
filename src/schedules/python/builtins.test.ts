import { describe, expect, it } from 'vitest';
import { BUILTINS, floatFromString, MODULES } from './builtins';
import { NpFloat, NpInt, PyError, type PyValue } from './values';

function call(module: 'builtins' | 'math' | 'numpy', name: string, ...args: PyValue[]): PyValue {
  const fn = module === 'builtins' ? BUILTINS.get(name) : MODULES.get(module)?.functions.get(name);
  if (!fn) throw new Error(`no ${module}.${name}`);
  return fn.call(args);
}

function pyError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PyError) return e.message;
    throw e;
  }
  throw new Error('expected a PyError');
}

describe('tables', () => {
  it('are Maps: JavaScript property names find nothing', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(BUILTINS.get(name)).toBeUndefined();
      expect(MODULES.get('math')?.functions.get(name)).toBeUndefined();
      expect(MODULES.get('numpy')?.constants.get(name)).toBeUndefined();
    }
  });

  it('has every function the playground documents', () => {
    const math = MODULES.get('math');
    const numpy = MODULES.get('numpy');
    for (const name of ['abs', 'min', 'max', 'round', 'float', 'int', 'pow', 'bool']) expect(BUILTINS.has(name)).toBe(true);
    for (const name of [
      'floor',
      'ceil',
      'trunc',
      'exp',
      'log',
      'log2',
      'log10',
      'log1p',
      'expm1',
      'sqrt',
      'cos',
      'sin',
      'tan',
      'acos',
      'asin',
      'atan',
      'atan2',
      'cosh',
      'sinh',
      'tanh',
      'pow',
      'fabs',
      'isclose',
    ]) {
      expect(math?.functions.has(name), name).toBe(true);
    }
    for (const name of ['pi', 'e', 'tau', 'inf', 'nan']) expect(math?.constants.has(name), name).toBe(true);
    for (const name of [
      'floor',
      'ceil',
      'exp',
      'log',
      'log2',
      'log10',
      'sqrt',
      'cos',
      'sin',
      'tanh',
      'power',
      'minimum',
      'maximum',
      'abs',
      'absolute',
      'round',
      'around',
      'float64',
      'int64',
      'clip',
    ]) {
      expect(numpy?.functions.has(name), name).toBe(true);
    }
    for (const name of ['pi', 'e', 'inf']) expect(numpy?.constants.has(name), name).toBe(true);
  });
});

describe('builtins', () => {
  it('min/max return the winning argument unchanged', () => {
    expect(call('builtins', 'max', 1n, 1.0)).toBe(1n);
    expect(call('builtins', 'min', 1.0, 1n)).toBe(1.0);
    expect(call('builtins', 'max', 1n, 2.5, 2n)).toBe(2.5);
    expect(pyError(() => call('builtins', 'max', 5n))).toBe("TypeError: 'int' object is not iterable");
  });

  it('int truncates toward zero and refuses inf/nan', () => {
    expect(call('builtins', 'int', -2.7)).toBe(-2n);
    expect(pyError(() => call('builtins', 'int', Infinity))).toBe('OverflowError: cannot convert float infinity to integer');
    expect(pyError(() => call('builtins', 'int', Number.NaN))).toBe('ValueError: cannot convert float NaN to integer');
  });

  it('pow with a modulus, including inverses', () => {
    expect(call('builtins', 'pow', 2n, 10n, 1000n)).toBe(24n);
    expect(call('builtins', 'pow', 3n, -1n, 7n)).toBe(5n);
    expect(pyError(() => call('builtins', 'pow', 2n, 3n, 0n))).toBe('ValueError: pow() 3rd argument cannot be 0');
  });

  it('float() parses strings as Python does', () => {
    expect(floatFromString(' -Infinity ')).toBe(-Infinity);
    expect(floatFromString('1_000.5')).toBe(1000.5);
    expect(floatFromString('.5e-3')).toBe(0.0005);
    expect(() => floatFromString('1__0')).toThrow("ValueError: could not convert string to float: '1__0'");
    expect(() => floatFromString('0x10')).toThrow('ValueError');
  });
});

describe('math', () => {
  it('raises where C returns nan or inf', () => {
    expect(pyError(() => call('math', 'sqrt', -1n))).toBe('ValueError: math domain error');
    expect(pyError(() => call('math', 'log', 0n))).toBe('ValueError: math domain error');
    expect(pyError(() => call('math', 'acos', 2n))).toBe('ValueError: math domain error');
    expect(pyError(() => call('math', 'exp', 1000n))).toBe('OverflowError: math range error');
    expect(pyError(() => call('math', 'pow', 0.0, -1n))).toBe('ValueError: math domain error');
    expect(pyError(() => call('math', 'log', 8n, 1n))).toBe('ZeroDivisionError: float division by zero');
  });

  it('floor and ceil return ints, also of huge values', () => {
    expect(call('math', 'floor', -0.5)).toBe(-1n);
    expect(call('math', 'ceil', -0.5)).toBe(0n);
    expect(call('math', 'floor', 1e30)).toBe(1000000000000000019884624838656n);
    expect(call('math', 'floor', 10n ** 30n)).toBe(10n ** 30n);
  });

  it('takes logarithms of ints too large for a float', () => {
    expect(call('math', 'log2', 2n ** 2000n)).toBe(2000);
    expect(call('math', 'log', 2n ** 2000n)).toBeCloseTo(1386.2943611198907, 12);
  });
});

describe('numpy', () => {
  it('returns float64 from float functions, also for ints', () => {
    expect(call('numpy', 'exp', 0n)).toEqual(new NpFloat(1));
    expect(call('numpy', 'ceil', -0.5)).toEqual(new NpFloat(-0));
    expect(call('numpy', 'log', 0n)).toEqual(new NpFloat(-Infinity));
    expect(call('numpy', 'sqrt', -1n)).toEqual(new NpFloat(Number.NaN));
  });

  it('keeps int64 where numpy does', () => {
    expect(call('numpy', 'power', 2n, 3n)).toEqual(new NpInt(8n));
    expect(call('numpy', 'maximum', 1n, 2n)).toEqual(new NpInt(2n));
    expect(call('numpy', 'maximum', 1n, 2.5)).toEqual(new NpFloat(2.5));
    expect(call('numpy', 'clip', 5n, 0n, 3n)).toEqual(new NpInt(3n));
    // numpy 2: rounding functions keep integers (and bools) in their own type.
    expect(call('numpy', 'floor', 3n)).toEqual(new NpInt(3n));
    expect(call('numpy', 'trunc', true)).toBe(true);
    // NEP 50: a Python int beside an int64 must fit in int64.
    expect(pyError(() => call('numpy', 'maximum', new NpInt(1n), 2n ** 63n))).toBe(
      'OverflowError: Python int too large to convert to C long',
    );
    expect(pyError(() => call('numpy', 'power', 2n, -1n))).toBe('ValueError: Integers to negative integer powers are not allowed.');
  });
});
