import { describe, expect, it } from 'vitest';
import { canonicalPython } from './canonical';
import { compilePython } from './index';
import { pyStringLiteral } from './unparse';

const regenerated = (source: string) => {
  const r = canonicalPython(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('canonicalPython: the function as exports write it, regenerated from the checked tree', () => {
  it('drops what the interpreter does not evaluate: annotations, comments, docstrings', () => {
    expect(regenerated("def f(epoch: __import__('os').system('echo PWNED')) -> __import__('os').system('x'):\n    return 1.0")).toBe(
      'def f(epoch):\n    return 1.0',
    );
    expect(regenerated("x: __import__('os').system('echo PWNED') = 1\nlambda epoch: x * 0.5")).toBe('x = 1\nlambda epoch: x * 0.5');
    expect(regenerated('def f(epoch):\n    """doc"""  # PWNED\n    y: int = 2  # a comment\n    return 0.5 ** y')).toBe(
      'def f(epoch):\n    y = 2\n    return 0.5 ** y',
    );
  });

  it('refuses decorators, dunder names and aliases that would shadow what an export imports', () => {
    for (const source of [
      "@__import__('os').system\ndef f(epoch):\n    return 1.0",
      'import math as os\nlambda epoch: os.floor(epoch)',
      'import math as torch\nlambda epoch: torch.floor(epoch)',
      'from math import floor as keras\nlambda epoch: keras(epoch)',
      'def torch(epoch):\n    return 1.0',
      'lambda epoch: __import__("os")',
      'import os\nlambda epoch: 1.0',
    ]) {
      expect(canonicalPython(source).ok, source).toBe(false);
    }
  });

  it('writes defaults, elif chains and precedence as CPython reads them', () => {
    const cases: [string, string][] = [
      ['lambda epoch, lr=0.1: lr * (1 - epoch / 10) ** 2', 'lambda epoch, lr=0.1: lr * (1 - epoch / 10) ** 2'],
      [
        'lambda e: (-2) ** 2 + -2 ** 2 + 2 ** -1 + (2 ** 3) ** 2 + 2 ** 3 ** 2',
        'lambda e: (-2) ** 2 + -2 ** 2 + 2 ** -1 + (2 ** 3) ** 2 + 2 ** 3 ** 2',
      ],
      ['lambda e: e - (e - 1) - (e + 1) // (2 * 3) % 4', 'lambda e: e - (e - 1) - (e + 1) // (2 * 3) % 4'],
      ['lambda e: not (e > 1 and e < 5) or (1 if e else 2)', 'lambda e: not (e > 1 and e < 5) or (1 if e else 2)'],
      ['lambda e: 1e-3 if e is not None else 1E22', 'lambda e: 0.001 if e is not None else 1e+22'],
      [
        'def f(e):\n    if e < 10:\n        return 0.1\n    elif e < 20:\n        return 0.01\n    else:\n        return 0.001',
        'def f(e):\n    if e < 10:\n        return 0.1\n    elif e < 20:\n        return 0.01\n    else:\n        return 0.001',
      ],
    ];
    for (const [source, expected] of cases) {
      const out = regenerated(source);
      expect(out).toBe(expected);
      const a = compilePython(source);
      const b = compilePython(out);
      if (!a.ok || !b.ok) throw new Error('compile');
      for (const e of [0, 3, 12, 25]) expect(b.value.call([e])).toBe(a.value.call([e]));
    }
  });

  it('writes strings with escapes for everything but printable ASCII, and NFKC names as CPython reads them', () => {
    expect(pyStringLiteral("a'b\\c\n\r\u2028\u0000é😀")).toBe("'a\\'b\\\\c\\x0a\\x0d\\u2028\\x00\\xe9\\U0001f600'");
    expect(regenerated("lambda epoch: float('inf') if epoch > 1e9 else 0.5")).toBe(
      "lambda epoch: float('inf') if epoch > 1000000000.0 else 0.5",
    );
    // Fullwidth letters are NFKC-normalised: what CPython would call this name is what the check sees.
    expect(canonicalPython('lambda epoch: ＿＿import＿＿("os")').ok).toBe(false);
  });
});

describe('names an export may not bind', () => {
  it('refuses renaming aliases and bindings that shadow builtins, and keeps plain from-imports', () => {
    for (const source of [
      'from math import floor as range\nlambda epoch: range(epoch)',
      'from math import cos as exec\nlambda epoch: exec(epoch)',
      'from math import floor as system\nlambda epoch: system(epoch)',
      'print = 0.5\nlambda epoch: print',
    ]) {
      expect(canonicalPython(source).ok, source).toBe(false);
    }
    expect(regenerated('from math import pow, floor\nlambda epoch: pow(0.5, floor(epoch / 10))')).toBe(
      'from math import pow, floor\nlambda epoch: pow(0.5, floor(epoch / 10))',
    );
  });
});
