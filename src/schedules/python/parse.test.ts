import { describe, expect, it } from 'vitest';
import type { Expr } from './ast';
import { parseExpression, parseModule } from './parse';

/** An S-expression of the AST, to check its structure. */
function show(e: Expr): string {
  switch (e.k) {
    case 'const':
      return typeof e.value === 'bigint' ? `${e.value}n` : String(e.value);
    case 'name':
      return e.id;
    case 'attr':
      return `${e.object}.${e.attr}`;
    case 'str':
      return JSON.stringify(e.value);
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
    case 'bool':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'compare':
      return `(cmp ${show(e.operands[0] as Expr)}${e.ops.map((op, i) => ` ${op} ${show(e.operands[i + 1] as Expr)}`).join('')})`;
    case 'isNone':
      return `(${e.negated ? 'is-not-none' : 'is-none'} ${show(e.operand)})`;
    case 'cond':
      return `(if ${show(e.test)} ${show(e.body)} ${show(e.orelse)})`;
    case 'call':
      return `(${show(e.callee)}${e.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'list':
      return `(${e.tuple ? 'tuple' : 'list'}${e.items.map((a) => ` ${show(a)}`).join('')})`;
    case 'subscript':
      return `(index ${show(e.object)} ${show(e.index)})`;
  }
}

function parsed(text: string): string {
  const p = parseExpression(text);
  if (!p.ok) throw new Error(p.message);
  return show(p.value);
}

describe('operator precedence and associativity (Python, not lezer)', () => {
  it.each([
    ['not a or b', '(or (not a) b)'],
    ['not a and b', '(and (not a) b)'],
    ['a and not b or c', '(or (and a (not b)) c)'],
    ['not a or not b and c', '(or (not a) (and (not b) c))'],
    ['a or b and c', '(or a (and b c))'],
    ['not not a', '(not (not a))'],
    ['not a == b', '(not (cmp a == b))'],
    ['not a < b and c', '(and (not (cmp a < b)) c)'],
    ['a and b < c', '(and a (cmp b < c))'],
    ['not a if b else c', '(if b (not a) c)'],
    ['a or b if c else d', '(if c (or a b) d)'],
    ['x if y else z if w else v', '(if y x (if w z v))'],
    ['(not a) or b', '(or (not a) b)'],
    ['not (a or b)', '(not (or a b))'],
    ['-2 ** 2', '(- (** 2n 2n))'],
    ['2 ** -1', '(** 2n (- 1n))'],
    ['2 ** 3 ** 2', '(** 2n (** 3n 2n))'],
    ['a ** -b ** c', '(** a (- (** b c)))'],
    ['-a * b', '(* (- a) b)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a // b % c * d', '(* (% (// a b) c) d)'],
    ['a + b * c - d', '(- (+ a (* b c)) d)'],
    ['a < b <= c == d', '(cmp a < b <= c == d)'],
    ['(a < b) < c', '(cmp (cmp a < b) < c)'],
    ['x is None', '(is-none x)'],
    ['None is not x', '(is-not-none x)'],
    ['math.floor(x / 2)', '(math.floor (/ x 2n))'],
    ['float("inf")', '(float "inf")'],
    ['1_000 + 0x1F + 0o17 + 0b101 + 1e-3 + .5 + 1.0', '(+ (+ (+ (+ (+ (+ 1000n 31n) 15n) 5n) 0.001) 0.5) 1)'],
    ['True + False + None', '(+ (+ true false) null)'],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it('refuses `not` as an operand of a comparison (a SyntaxError in Python)', () => {
    expect(parseExpression('a < not b')).toMatchObject({ ok: false, message: 'SyntaxError: invalid syntax', at: 4 });
    expect(parseExpression('a + not b')).toMatchObject({ ok: false, message: 'SyntaxError: invalid syntax' });
  });

  it('refuses `<>` and `is` in chains', () => {
    expect(parseExpression('a <> b')).toMatchObject({ ok: false });
    expect(parseExpression('a is None is None')).toMatchObject({ ok: false });
  });
});

describe('number literals', () => {
  it.each([
    ['007', /leading zeros/],
    ['1__0', /invalid decimal literal/],
    ['1_', /invalid|SyntaxError/],
    ['1j', /complex/],
    ['0x', /SyntaxError/],
  ])('refuses %s', (text, message) => {
    const p = parseExpression(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.message).toMatch(message);
  });

  it('reads floats correctly rounded and huge ints exactly', () => {
    expect(parsed('0.1')).toBe('0.1');
    expect(parsed('1e400')).toBe('Infinity');
    expect(parsed('123456789012345678901234567890')).toBe('123456789012345678901234567890n');
    expect(parsed('00')).toBe('0n');
  });
});

describe('modules', () => {
  it('reads imports, constants, and one def with its parameters and body', () => {
    const p = parseModule(
      'import math\nimport numpy as np\nfrom math import floor as fl, pi\nbase = 0.1\ndef f(epoch: int, lr=0.5) -> float:\n    """doc"""\n    x = y = 1\n    x += 2\n    if x:\n        pass\n    elif y:\n        return 1\n    else:\n        return\n    return x\n',
    );
    if (!p.ok) throw new Error(p.message);
    const kinds = p.value.body.map((s) => s.k);
    expect(kinds).toEqual(['import', 'import', 'from', 'assign', 'function']);
    const def = p.value.body[4];
    if (def?.k !== 'function') throw new Error('no def');
    expect(def.def.name).toBe('f');
    expect(def.def.params.map((q) => [q.name, q.default !== null])).toEqual([
      ['epoch', false],
      ['lr', true],
    ]);
    expect(def.def.body.map((s) => s.k)).toEqual(['assign', 'augassign', 'if', 'return']);
    const ifs = def.def.body[2];
    if (ifs?.k !== 'if') throw new Error('no if');
    expect(ifs.orelse[0]?.k).toBe('if');
  });

  it('treats any error node of the tolerant grammar as a SyntaxError at its position', () => {
    expect(parseModule('lambda x: x +* 2')).toMatchObject({ ok: false, message: 'SyntaxError: invalid syntax', at: 13 });
    expect(parseModule('def f(x)\n    return x')).toMatchObject({ ok: false, message: 'SyntaxError: invalid syntax' });
  });
});
