/**
 * Expressions: @lezer/python's expression nodes -> the Expr of ast.ts, refusing what the subset does not support.
 *
 * Two things the grammar gets wrong are repaired here:
 * - `not` binds too loosely in @lezer/python (`not a or b` comes out as `not (a or b)`): every run of
 *   and/or/not is flattened back into its tokens and re-parsed with Python's precedence
 *   (or < and < not < comparisons).
 * - it accepts `a < not b` (a SyntaxError in Python): comparison operands may not be an and/or/not.
 * Every level of nesting passes through checkDepth (parse-shared.ts).
 */
import type { SyntaxNode } from '@lezer/common';
import type { CalleeExpr, Expr } from './ast';
import { checkDepth, child, kids, notSupported, syntaxError } from './parse-shared';
import { type BinOp, type CmpOp, MAX_LIST_ITEMS, type PyValue } from './value-types';

const EXPRESSIONS: Readonly<Record<string, string>> = {
  ArrayComprehensionExpression: 'list comprehensions',
  ComprehensionExpression: 'generator expressions',
  DictionaryExpression: 'dicts',
  DictionaryComprehensionExpression: 'dict comprehensions',
  SetExpression: 'sets',
  SetComprehensionExpression: 'set comprehensions',
  AwaitExpression: 'await',
  YieldExpression: 'yield',
  NamedExpression: "the walrus operator ':='",
  Ellipsis: "'...' (Ellipsis)",
  FormatString: 'strings (f-strings)',
  String: 'strings (except a docstring, and float("inf")-style arguments)',
  ContinuedString: 'strings (except a docstring)',
  LambdaExpression: 'a lambda inside an expression (write one lambda or one def for the whole function)',
};

const ARITH: Readonly<Record<string, BinOp>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '//': '//',
  '%': '%',
  '**': '**',
};

const COMPARE: Readonly<Record<string, CmpOp>> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '==': '==',
  '!=': '!=',
};

/** Converts the expressions of one prepared text; parse-statements.ts extends it with statements. */
export class ExpressionConverter {
  constructor(private readonly text: string) {}

  /** The source text of a node. */
  protected src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  /** The AST of expression node `n`, nested `depth` levels deep in the expression it belongs to. */
  expr(n: SyntaxNode, depth: number): Expr {
    checkDepth(depth, n.from);
    const d = depth + 1;
    switch (n.name) {
      case 'Number':
        return { k: 'const', value: this.number(n), at: n.from };
      case 'Boolean':
        return { k: 'const', value: this.src(n) === 'True', at: n.from };
      case 'None':
        return { k: 'const', value: null, at: n.from };
      case 'VariableName':
        return { k: 'name', id: this.src(n), at: n.from };
      case 'ParenthesizedExpression': {
        const ks = kids(n);
        if (ks.length !== 3) throw notSupported('starred expressions', n.from);
        return this.expr(ks[1] as SyntaxNode, d);
      }
      case 'UnaryExpression': {
        const ks = kids(n);
        const op = child(ks, 0, n);
        if (op.name === 'not') return this.boolLevel(n, d);
        const text = this.src(op);
        if (text === '~') throw notSupported('bitwise operators (~, &, |, ^, <<, >>)', op.from);
        if (text !== '-' && text !== '+') throw syntaxError(op.from);
        return { k: 'unary', op: text, operand: this.expr(child(ks, 1, n), d), at: n.from };
      }
      case 'BinaryExpression':
        return this.binary(n, d);
      case 'ConditionalExpression': {
        const ks = kids(n);
        if (ks.length !== 5) throw syntaxError(n.from);
        return {
          k: 'cond',
          body: this.expr(ks[0] as SyntaxNode, d),
          test: this.expr(ks[2] as SyntaxNode, d),
          orelse: this.expr(ks[4] as SyntaxNode, d),
          at: n.from,
        };
      }
      case 'CallExpression':
        return this.call(n, d);
      case 'MemberExpression':
        return this.member(n, d);
      case 'ArrayExpression':
        return this.display(n, false, d);
      case 'TupleExpression':
        return this.display(n, true, d);
      default: {
        const what = EXPRESSIONS[n.name];
        if (what) throw notSupported(what, n.from);
        throw syntaxError(n.from);
      }
    }
  }

  private number(n: SyntaxNode): PyValue {
    const text = this.src(n);
    if (/[jJ]$/.test(text)) throw notSupported('complex numbers', n.from);
    const clean = text.replace(/_/g, '');
    const digit = '[0-9](?:_?[0-9])*';
    if (/^0[xX](?:_?[0-9a-fA-F])+$|^0[oO](?:_?[0-7])+$|^0[bB](?:_?[01])+$/.test(text)) {
      if (clean.length > 20000) throw notSupported('integer literals this long', n.from);
      return BigInt(clean);
    }
    if (/^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)$/.test(text)) {
      if (clean.length > 6000) throw notSupported('integer literals this long', n.from);
      return BigInt(clean);
    }
    if (/^0[0-9_]*$/.test(text) && /^[0-9](?:_?[0-9])*$/.test(text)) {
      throw syntaxError(n.from, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
    }
    const float = new RegExp(`^(?:(?:${digit})?\\.${digit}|${digit}\\.?)(?:[eE][+-]?${digit})?$`);
    if (float.test(text)) return Number(clean);
    throw syntaxError(n.from, 'invalid decimal literal');
  }

  /** `a and b`, `a or b`, `not a`, in any combination: re-parsed with Python's precedence. */
  private boolLevel(n: SyntaxNode, depth: number): Expr {
    type Item = { op: 'and' | 'or' | 'not'; at: number } | { node: SyntaxNode };
    const items: Item[] = [];
    const flatten = (m: SyntaxNode, level: number): void => {
      checkDepth(level, m.from);
      const op = boolOperator(m);
      const ks = op ? kids(m) : [];
      if (op === 'not') {
        items.push({ op, at: (ks[0] as SyntaxNode).from });
        flatten(child(ks, 1, m), level + 1);
      } else if (op) {
        flatten(ks[0] as SyntaxNode, level + 1);
        items.push({ op, at: (ks[1] as SyntaxNode).from });
        flatten(child(ks, 2, m), level + 1);
      } else {
        items.push({ node: m });
      }
    };
    flatten(n, depth);
    let pos = 0;
    const peek = (): Item | undefined => items[pos];
    const orTest = (): Expr => {
      let left = andTest();
      for (let it = peek(); it && 'op' in it && it.op === 'or'; it = peek()) {
        pos++;
        left = { k: 'bool', op: 'or', left, right: andTest(), at: left.at };
      }
      return left;
    };
    const andTest = (): Expr => {
      let left = notTest();
      for (let it = peek(); it && 'op' in it && it.op === 'and'; it = peek()) {
        pos++;
        left = { k: 'bool', op: 'and', left, right: notTest(), at: left.at };
      }
      return left;
    };
    const notTest = (): Expr => {
      const it = items[pos++];
      if (!it) throw syntaxError(n.to);
      if ('op' in it) {
        if (it.op !== 'not') throw syntaxError(it.at);
        return { k: 'unary', op: 'not', operand: notTest(), at: it.at };
      }
      return this.expr(it.node, depth + 1);
    };
    const result = orTest();
    const rest = items[pos];
    if (rest) throw syntaxError('op' in rest ? rest.at : rest.node.from);
    return result;
  }

  private binary(n: SyntaxNode, depth: number): Expr {
    const ks = kids(n);
    const opNode = child(ks, 1, n);
    if (boolOperator(n)) return this.boolLevel(n, depth);
    if (isComparison(n)) return this.comparison(n, depth);
    const text = this.src(opNode);
    if (opNode.name === 'BitOp') throw notSupported('bitwise operators (~, &, |, ^, <<, >>)', opNode.from);
    const op = ARITH[text];
    if (!op) {
      if (text === '@') throw notSupported('the matrix multiplication operator @', opNode.from);
      throw syntaxError(opNode.from);
    }
    return {
      k: 'binary',
      op,
      left: this.expr(child(ks, 0, n), depth),
      right: this.expr(child(ks, 2, n), depth),
      at: n.from,
    };
  }

  private comparison(n: SyntaxNode, depth: number): Expr {
    const ops: CmpOp[] = [];
    const operands: Expr[] = [];
    let isOp: { negated: boolean; at: number } | null = null;
    const operand = (m: SyntaxNode): Expr => {
      if (boolOperator(m)) throw syntaxError(m.from);
      return this.expr(m, depth + 1);
    };
    const walk = (m: SyntaxNode, level: number): void => {
      checkDepth(level, m.from);
      const ks = kids(m);
      const left = child(ks, 0, m);
      const right = child(ks, ks.length - 1, m);
      const opNodes = ks.slice(1, -1);
      if (isComparison(left)) walk(left, level + 1);
      else operands.push(operand(left));
      const words = opNodes.map((o) => o.name);
      const first = opNodes[0] as SyntaxNode;
      if (words.includes('in')) throw notSupported('membership tests (in / not in)', first.from);
      if (words[0] === 'is') {
        isOp = { negated: words.length === 2, at: first.from };
        ops.push('==');
      } else {
        const op = COMPARE[this.src(first)];
        if (!op || opNodes.length !== 1) throw syntaxError(first.from);
        ops.push(op);
      }
      operands.push(operand(right));
    };
    walk(n, depth);
    if (isOp) {
      const { negated, at } = isOp;
      const [a, b] = operands as [Expr, Expr];
      const none = (e: Expr): boolean => e.k === 'const' && e.value === null;
      if (ops.length !== 1 || !(none(a) || none(b))) {
        throw notSupported('`is` other than `x is None` / `x is not None` (use == to compare numbers)', at);
      }
      return { k: 'isNone', negated, operand: none(b) ? a : b, at: n.from };
    }
    return { k: 'compare', ops, operands, at: n.from };
  }

  private call(n: SyntaxNode, depth: number): Expr {
    const ks = kids(n);
    const calleeNode = child(ks, 0, n);
    const argList = child(ks, 1, n);
    let callee: CalleeExpr;
    if (calleeNode.name === 'VariableName') callee = { k: 'name', id: this.src(calleeNode), at: calleeNode.from };
    else if (calleeNode.name === 'MemberExpression') {
      const m = this.member(calleeNode, depth);
      if (m.k !== 'attr') throw notSupported('calling this (only built-in, math.* and np.* functions can be called)', calleeNode.from);
      callee = m;
    } else {
      throw notSupported('calling this (only built-in, math.* and np.* functions can be called)', calleeNode.from);
    }
    const parts = kids(argList);
    const args: Expr[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === '(' || p.name === ')' || p.name === ',') continue;
      if (p.name === '*' || p.name === '**') throw notSupported('*args and **kwargs in calls', p.from);
      if (p.name === 'for' || p.name === 'async') throw notSupported('generator expressions', p.from);
      if (parts[i + 1]?.name === 'AssignOp') throw notSupported('keyword arguments', p.from);
      if (p.name === 'String') args.push({ k: 'str', value: this.stringValue(p), at: p.from });
      else args.push(this.expr(p, depth));
    }
    return { k: 'call', callee, args, at: n.from };
  }

  /** `[a, b]` or `(a, b)`: the items in order (CPython evaluates them left to right). */
  private display(n: SyntaxNode, tuple: boolean, depth: number): Expr {
    const items: Expr[] = [];
    for (const p of kids(n)) {
      if (p.name === '[' || p.name === ']' || p.name === '(' || p.name === ')' || p.name === ',') continue;
      if (p.name === '*') throw notSupported('starred expressions', p.from);
      if (items.length === MAX_LIST_ITEMS) {
        throw notSupported(`${tuple ? 'tuples' : 'lists'} of more than ${MAX_LIST_ITEMS} items`, p.from);
      }
      items.push(this.expr(p, depth));
    }
    return { k: 'list', items, tuple, at: n.from };
  }

  /** `object[index]`, one index: slices and `a[i, j]` are refused. */
  private subscript(n: SyntaxNode, ks: readonly SyntaxNode[], depth: number): Expr {
    const inner = ks.slice(2, -1);
    const close = ks[ks.length - 1];
    if (ks.length < 4 || close?.name !== ']') throw syntaxError(n.to);
    const colon = inner.find((p) => p.name === ':');
    if (colon) throw notSupported('slices (a[i:j]); index one item: a[i]', colon.from);
    const comma = inner.find((p) => p.name === ',');
    if (comma || inner.length !== 1) throw notSupported('indexing with several indexes (a[i, j]); write a[i][j]', n.from);
    return { k: 'subscript', object: this.expr(ks[0] as SyntaxNode, depth), index: this.expr(inner[0] as SyntaxNode, depth), at: n.from };
  }

  private member(n: SyntaxNode, depth: number): Expr {
    const ks = kids(n);
    const object = child(ks, 0, n);
    const sep = child(ks, 1, n);
    if (sep.name === '[') return this.subscript(n, ks, depth);
    const prop = child(ks, 2, n);
    if (object.name !== 'VariableName' || prop.name !== 'PropertyName') {
      throw notSupported('attribute access (only math.<name>, np.<name> and numpy.<name>)', n.from);
    }
    return { k: 'attr', object: this.src(object), attr: this.src(prop), at: n.from };
  }

  /** The value of a plain one-line string literal without escapes ('inf', "1e-3"). */
  private stringValue(n: SyntaxNode): string {
    const text = this.src(n);
    const m = /^([uUrR]?)('''|"""|'|")([\s\S]*)\2$/.exec(text);
    if (!m || (m[3] as string).includes('\\')) {
      throw notSupported('this kind of string literal (use a plain one like float("inf"))', n.from);
    }
    return m[3] as string;
  }
}

function boolOperator(n: SyntaxNode): 'and' | 'or' | 'not' | null {
  if (n.name === 'UnaryExpression') return n.firstChild?.name === 'not' ? 'not' : null;
  if (n.name !== 'BinaryExpression') return null;
  const ks = kids(n);
  const op = ks[1]?.name;
  return ks.length === 3 && (op === 'and' || op === 'or') ? op : null;
}

function isComparison(n: SyntaxNode): boolean {
  if (n.name !== 'BinaryExpression') return false;
  const op = kids(n)[1]?.name;
  return op === 'CompareOp' || op === 'in' || op === 'is' || (op === 'not' && kids(n).length === 4);
}
