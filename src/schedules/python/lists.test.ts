/**
 * Lists and tuples that are indexed, and np.where: what the golden fixtures (CPython's own results) cannot show,
 * namely the refusals of what the subset leaves out, the step budget, and how exports write them.
 */
import { describe, expect, it } from 'vitest';
import { canonicalPython } from './canonical';
import { compilePythonValues } from './index';
import { MAX_LIST_ITEMS } from './value-types';

function run(source: string, ...args: (bigint | number)[]): unknown {
  const c = compilePythonValues(source);
  if (!c.ok) throw new Error(c.error.message);
  return c.value.invoke(args);
}

function loadError(source: string): string {
  const c = compilePythonValues(source);
  if (c.ok) throw new Error('compiled');
  return c.error.message;
}

const regenerated = (source: string): string => {
  const r = canonicalPython(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('lists and tuples you index', () => {
  it('indexes a list display, a module-level list, a default and a nested list', () => {
    expect(run('lambda epoch: [0.1, 0.01, 0.001][epoch // 30]', 45n)).toBe(0.01);
    expect(run('lrs = [0.1, 0.01, 0.001]\ndef f(epoch):\n    return lrs[min(epoch // 30, 2)]', 100n)).toBe(0.001);
    expect(run('def f(epoch, lrs=(0.1, 0.01)):\n    return lrs[-1]', 0n)).toBe(0.01);
    expect(run('lambda i, j: [[1, 2], [3, 4]][i][j]', 1n, 0n)).toBe(3n);
  });

  it('refuses slices, a[i, j], starred items and arithmetic or comparison on lists, with clear messages', () => {
    expect(loadError('lambda e: [1, 2][0:1]')).toMatch(/Not supported: slices/);
    expect(loadError('lambda e: [[1]][0, 0]')).toMatch(/Not supported: indexing with several indexes/);
    expect(loadError('lambda e: [*e]')).toMatch(/Not supported: starred/);
    expect(() => run('lambda e: [1] + [2]', 0n)).toThrow(/Not supported: arithmetic \(\+\) on lists/);
    expect(() => run('lambda e: [1] * 2', 0n)).toThrow(/Not supported/);
    expect(() => run('lambda e: [1] == [1]', 0n)).toThrow(/Not supported: comparing lists/);
    expect(() => run('lambda e: np.float64(1) - [1]', 0n)).toThrow(/Not supported/);
    expect(() => run('lambda e: max([1, 2])', 0n)).toThrow(/Not supported: passing to max\(\) a list/);
    expect(() => run('lambda e: [1, 2]', 0n)).toThrow(/Not supported: the function returned a list/);
    expect(() => run('def f(e):\n    x = [1]\n    x += [2]\n    return x[0]', 0n)).toThrow(/Not supported: augmented/);
    expect(() => run('lambda e: len([1], [2])', 0n)).toThrow(/TypeError: len\(\) takes exactly one argument \(2 given\)/);
  });

  it('charges a step per item built and keeps the per-call budget', () => {
    const items = Array.from({ length: 4000 }, () => '1').join(', ');
    expect(run(`lambda e: [${items}][e]`, 3n)).toBe(1n);
    expect(() => run(`lambda e: [${items}][e] + [${items}][e]`, 3n)).toThrow(/evaluation stopped after 10000 steps/);
    const tooMany = Array.from({ length: MAX_LIST_ITEMS + 1 }, () => '0').join(',');
    expect(loadError(`lambda e: [${tooMany}][0]`)).toMatch(/Not supported: lists of more than 10000 items/);
  });

  it('exports write list displays, tuples and subscripts with the precedence CPython reads', () => {
    expect(regenerated('lambda epoch: [0.1, 0.01][epoch // 30]')).toBe('lambda epoch: [0.1, 0.01][epoch // 30]');
    expect(regenerated('lambda i: (0.1,)[i]')).toBe('lambda i: (0.1,)[i]');
    expect(regenerated('lambda i: (1, 2)[i] ** -[3][0]')).toBe('lambda i: (1, 2)[i] ** -[3][0]');
    expect(regenerated('lambda i: (i + 1)[0]')).toBe('lambda i: (i + 1)[0]');
    expect(regenerated('lambda i: (-1)[0]')).toBe('lambda i: (-1)[0]');
    expect(regenerated('lambda i: ([] or [1])[0]')).toBe('lambda i: ([] or [1])[0]');
    expect(regenerated('lambda i: [[1, 2], (3,)][i][0]')).toBe('lambda i: [[1, 2], (3,)][i][0]');
    expect(regenerated('lambda i: ()')).toBe('lambda i: ()');
  });
});

describe('np.where on scalars', () => {
  it('refuses what numpy makes other arrays of, and takes three arguments', () => {
    expect(() => run('lambda e: np.where(e > 1, True, False)', 0n)).toThrow(/Not supported: np.where with True\/False/);
    expect(() => run('lambda e: np.where(e > 1, None, 1)', 0n)).toThrow(/Not supported: np.where with None/);
    expect(() => run('lambda e: np.where(e > 1)', 0n)).toThrow(/Not supported: np.where\(cond\) with one argument/);
    expect(() => run('lambda e: np.where(e > 1, 1)', 0n)).toThrow(/ValueError: either both or neither/);
  });
});
