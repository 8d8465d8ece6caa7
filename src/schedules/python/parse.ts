/**
 * @lezer/python's syntax tree -> the small AST of ast.ts, refusing everything outside the supported subset with
 * a message and the offset of the offending node.
 *
 * Two things the grammar gets wrong are repaired here:
 * - `not` binds too loosely in @lezer/python (`not a or b` comes out as `not (a or b)`): every run of
 *   and/or/not is flattened back into its tokens and re-parsed with Python's precedence
 *   (or < and < not < comparisons).
 * - it accepts `a < not b` (a SyntaxError in Python): comparison operands may not be an and/or/not.
 * lezer is error-tolerant: any error node is reported as a SyntaxError at its position.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { CalleeExpr, Expr, FunctionDef, Module, ModuleStmt, Param, Stmt, Target } from './ast';
import type { BinOp, CmpOp, PyValue } from './values';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; at: number };

/** Deepest nesting of expressions accepted (CPython's own parser refuses around 200 nested parentheses). */
export const MAX_DEPTH = 200;

class CodeError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

const notSupported = (what: string, at: number): CodeError => new CodeError(`Not supported: ${what}`, at);
const syntaxError = (at: number, what = 'invalid syntax'): CodeError => new CodeError(`SyntaxError: ${what}`, at);

const STATEMENTS: Readonly<Record<string, string>> = {
  ForStatement: 'for loops (the function is called once per step: compute the value directly)',
  WhileStatement: 'while loops (the function is called once per step: compute the value directly)',
  TryStatement: 'try/except',
  WithStatement: 'with statements',
  ClassDefinition: 'classes',
  DecoratedStatement: 'decorators',
  ScopeStatement: 'global and nonlocal',
  RaiseStatement: 'raise',
  AssertStatement: 'assert',
  DeleteStatement: 'del',
  BreakStatement: 'break',
  ContinueStatement: 'continue',
  YieldStatement: 'yield (generators)',
  PrintStatement: 'print',
  MatchStatement: 'match statements',
  TypeDefinition: 'type aliases',
};

const EXPRESSIONS: Readonly<Record<string, string>> = {
  TupleExpression: 'tuples',
  ArrayExpression: 'lists',
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

const AUGMENTED: Readonly<Record<string, BinOp>> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '/=': '/',
  '//=': '//',
  '%=': '%',
  '**=': '**',
};

const COMPARE: Readonly<Record<string, CmpOp>> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '==': '==',
  '!=': '!=',
};

/** Children of a node, without comments (which lezer attaches wherever they appear). */
function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

function child(list: readonly SyntaxNode[], i: number, parent: SyntaxNode): SyntaxNode {
  const c = list[i];
  if (!c) throw syntaxError(parent.to);
  return c;
}

function firstError(tree: Tree): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter(ref) {
      if (found) return false;
      if (ref.type.isError) {
        found = ref.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

class Converter {
  constructor(private readonly text: string) {}

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  // -------------------------------------------------------------------------------------------- module

  module(script: SyntaxNode): Module {
    const body: ModuleStmt[] = [];
    for (const st of this.statements(kids(script))) {
      switch (st.name) {
        case 'ImportStatement':
          body.push(...this.importStatement(st));
          break;
        case 'AssignStatement': {
          const ks = kids(st);
          const last = ks[ks.length - 1];
          if (last?.name === 'LambdaExpression') {
            const targets = this.assignTargets(st);
            if (targets.length !== 1) throw notSupported('assigning one lambda to several names', st.from);
            body.push({ k: 'function', def: this.lambda(last, (targets[0] as Target).id) });
          } else {
            body.push(this.assign(st) as Extract<ModuleStmt, { k: 'assign' }>);
          }
          break;
        }
        case 'UpdateStatement':
          body.push(this.update(st) as Extract<ModuleStmt, { k: 'augassign' }>);
          break;
        case 'ExpressionStatement': {
          const e = this.single(st);
          if (e.name === 'String' || e.name === 'ContinuedString') break; // docstring
          if (e.name === 'LambdaExpression') {
            body.push({ k: 'function', def: this.lambda(e, null) });
            break;
          }
          throw notSupported(
            'an expression outside the function (write `lambda epoch: <expression>` or a def; outside it, only imports and constants like `initial_lr = 0.1`)',
            st.from,
          );
        }
        case 'FunctionDefinition':
          body.push({ k: 'function', def: this.functionDef(st) });
          break;
        case 'PassStatement':
          break;
        case 'IfStatement':
          throw notSupported('`if` outside the function', st.from);
        default:
          throw this.unsupportedStatement(st);
      }
    }
    return { body };
  }

  /** Statements of a Script or Body, with `a; b` groups expanded. */
  private statements(list: readonly SyntaxNode[]): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const n of list) {
      if (n.name === 'StatementGroup') out.push(...kids(n).filter((c) => c.name !== ';'));
      else if (n.name !== ':') out.push(n);
    }
    return out;
  }

  private unsupportedStatement(st: SyntaxNode): CodeError {
    const what = STATEMENTS[st.name];
    if (what) return notSupported(what, st.from);
    return syntaxError(st.from);
  }

  private importStatement(st: SyntaxNode): ModuleStmt[] {
    const ks = kids(st);
    const moduleOf = (names: readonly SyntaxNode[], at: number): 'math' | 'numpy' => {
      const dotted = names.map((n) => this.src(n)).join('');
      if (dotted === 'math' || dotted === 'numpy') return dotted;
      throw notSupported(`import ${dotted} (only \`import math\` and \`import numpy as np\` are available)`, at);
    };
    if (ks[0]?.name === 'import') {
      const out: ModuleStmt[] = [];
      for (const group of split(ks.slice(1), ',')) {
        const asAt = group.findIndex((n) => n.name === 'as');
        const nameNodes = asAt < 0 ? group : group.slice(0, asAt);
        const module = moduleOf(nameNodes, st.from);
        const aliasNode = asAt < 0 ? nameNodes[0] : group[asAt + 1];
        if (!aliasNode) throw syntaxError(st.to);
        out.push({ k: 'import', module, alias: this.src(aliasNode), at: st.from });
      }
      return out;
    }
    const importAt = ks.findIndex((n) => n.name === 'import');
    if (importAt < 0) throw syntaxError(st.from);
    const module = moduleOf(ks.slice(1, importAt), st.from);
    const rest = ks.slice(importAt + 1).filter((n) => n.name !== '(' && n.name !== ')');
    if (rest.length === 1 && rest[0]?.name === '*') return [{ k: 'from', module, names: null, at: st.from }];
    const names = split(rest, ',').map((group) => {
      const first = child(group, 0, st);
      const alias = group[1]?.name === 'as' ? child(group, 2, st) : first;
      return { name: this.src(first), alias: this.src(alias), at: first.from };
    });
    return [{ k: 'from', module, names, at: st.from }];
  }

  // -------------------------------------------------------------------------------------------- functions

  private functionDef(st: SyntaxNode): FunctionDef {
    const ks = kids(st);
    if (ks[0]?.name === 'async') throw notSupported('async functions', st.from);
    const nameNode = ks.find((n) => n.name === 'VariableName');
    const paramList = ks.find((n) => n.name === 'ParamList');
    const body = ks.find((n) => n.name === 'Body');
    if (ks.some((n) => n.name === 'TypeParamList')) throw notSupported('type parameters', st.from);
    if (!nameNode || !paramList || !body) throw syntaxError(st.from);
    return {
      name: this.src(nameNode),
      boundTo: null,
      params: this.params(kids(paramList)),
      body: this.block(body),
      at: st.from,
    };
  }

  private lambda(n: SyntaxNode, boundTo: string | null): FunctionDef {
    const ks = kids(n);
    const paramList = ks.find((c) => c.name === 'ParamList');
    const colon = ks.findIndex((c) => c.name === ':');
    const bodyNode = ks[colon + 1];
    if (!paramList || colon < 0 || !bodyNode) throw syntaxError(n.from);
    const value = this.expr(bodyNode, 0);
    return {
      name: '<lambda>',
      boundTo,
      params: this.params(kids(paramList)),
      body: [{ k: 'return', value, at: bodyNode.from }],
      at: n.from,
    };
  }

  private params(list: readonly SyntaxNode[]): Param[] {
    const params: Param[] = [];
    let sawDefault = false;
    for (let i = 0; i < list.length; i++) {
      const n = list[i] as SyntaxNode;
      switch (n.name) {
        case '(':
        case ')':
        case ',':
        case 'TypeDef': // annotations are ignored, never evaluated
          break;
        case 'VariableName': {
          const name = this.src(n);
          if (params.some((p) => p.name === name)) {
            throw syntaxError(n.from, `duplicate argument '${name}' in function definition`);
          }
          let j = i + 1;
          if (list[j]?.name === 'TypeDef') j++;
          let def: Expr | null = null;
          if (list[j]?.name === 'AssignOp') {
            def = this.expr(child(list, j + 1, n), 0);
            i = j + 1;
          }
          if (def) sawDefault = true;
          else if (sawDefault) throw syntaxError(n.from, 'non-default argument follows default argument');
          params.push({ name, default: def, at: n.from });
          break;
        }
        case '*':
        case '**':
        case '/':
          throw notSupported('*args, **kwargs and the / and * parameter markers', n.from);
        default:
          throw syntaxError(n.from);
      }
    }
    return params;
  }

  private block(body: SyntaxNode): Stmt[] {
    return this.statements(kids(body)).flatMap((st) => this.statement(st));
  }

  private statement(st: SyntaxNode): Stmt[] {
    switch (st.name) {
      case 'AssignStatement':
        return [this.assign(st)];
      case 'UpdateStatement':
        return [this.update(st)];
      case 'ExpressionStatement': {
        const e = this.single(st);
        if (e.name === 'String' || e.name === 'ContinuedString') return []; // docstring or string comment
        return [{ k: 'expr', value: this.expr(e, 0), at: st.from }];
      }
      case 'ReturnStatement': {
        const ks = kids(st).slice(1);
        if (ks.length === 0) return [{ k: 'return', value: null, at: st.from }];
        if (ks.length > 1) throw notSupported('returning several values (a tuple)', st.from);
        return [{ k: 'return', value: this.expr(ks[0] as SyntaxNode, 0), at: st.from }];
      }
      case 'PassStatement':
        return [{ k: 'pass', at: st.from }];
      case 'IfStatement':
        return [this.ifStatement(st)];
      case 'FunctionDefinition':
        throw notSupported('a def inside the function', st.from);
      case 'ImportStatement':
        throw notSupported('import inside the function (put `import math` at the top)', st.from);
      default:
        throw this.unsupportedStatement(st);
    }
  }

  private ifStatement(st: SyntaxNode): Stmt {
    const ks = kids(st);
    const branches: { test: Expr; body: Stmt[]; at: number }[] = [];
    let orelse: Stmt[] = [];
    for (let i = 0; i < ks.length; ) {
      const kw = ks[i] as SyntaxNode;
      if (kw.name === 'if' || kw.name === 'elif') {
        const test = child(ks, i + 1, st);
        const body = child(ks, i + 2, st);
        if (test.name === 'Body' || body.name !== 'Body') throw syntaxError(kw.to);
        branches.push({ test: this.expr(test, 0), body: this.block(body), at: kw.from });
        i += 3;
      } else if (kw.name === 'else') {
        orelse = this.block(child(ks, i + 1, st));
        i += 2;
      } else {
        throw syntaxError(kw.from);
      }
    }
    if (branches.length > MAX_DEPTH) throw notSupported(`more than ${MAX_DEPTH} elif branches`, st.from);
    let result: Stmt | null = null;
    for (let i = branches.length - 1; i >= 0; i--) {
      const b = branches[i] as { test: Expr; body: Stmt[]; at: number };
      result = { k: 'if', test: b.test, body: b.body, orelse: result ? [result] : orelse, at: b.at };
    }
    if (!result) throw syntaxError(st.from);
    return result;
  }

  private assignTargets(st: SyntaxNode): Target[] {
    const segments = split(
      kids(st).filter((n) => n.name !== 'TypeDef'),
      'AssignOp',
    );
    return segments.slice(0, -1).map((seg) => this.target(seg, st));
  }

  private target(seg: readonly SyntaxNode[], st: SyntaxNode): Target {
    if (seg.length !== 1) throw notSupported('assigning to several names at once (tuple unpacking)', st.from);
    const t = seg[0] as SyntaxNode;
    if (t.name !== 'VariableName') {
      if (t.name === 'MemberExpression') throw notSupported('assigning to attributes or items', t.from);
      throw syntaxError(t.from, 'cannot assign to expression');
    }
    return { id: this.src(t), at: t.from };
  }

  private assign(st: SyntaxNode): Stmt {
    const all = kids(st);
    if (!all.some((n) => n.name === 'AssignOp')) throw notSupported('an annotation without a value', st.from);
    const segments = split(
      all.filter((n) => n.name !== 'TypeDef'),
      'AssignOp',
    );
    const valueSeg = segments[segments.length - 1] as SyntaxNode[];
    if (valueSeg.length !== 1) throw notSupported('tuples', st.from);
    return {
      k: 'assign',
      targets: this.assignTargets(st),
      value: this.expr(valueSeg[0] as SyntaxNode, 0),
      at: st.from,
    };
  }

  private update(st: SyntaxNode): Stmt {
    const ks = kids(st);
    const opAt = ks.findIndex((n) => n.name === 'UpdateOp');
    const opNode = child(ks, opAt, st);
    const op = AUGMENTED[this.src(opNode)];
    if (!op) throw notSupported(`the ${this.src(opNode)} operator`, opNode.from);
    const valueSeg = ks.slice(opAt + 1);
    if (valueSeg.length !== 1) throw notSupported('tuples', st.from);
    return {
      k: 'augassign',
      target: this.target(ks.slice(0, opAt), st),
      op,
      value: this.expr(valueSeg[0] as SyntaxNode, 0),
      at: st.from,
    };
  }

  /** The one expression of an ExpressionStatement. */
  private single(st: SyntaxNode): SyntaxNode {
    const ks = kids(st);
    if (ks.length !== 1) throw notSupported('tuples', st.from);
    return ks[0] as SyntaxNode;
  }

  // -------------------------------------------------------------------------------------------- expressions

  expr(n: SyntaxNode, depth: number): Expr {
    if (depth > MAX_DEPTH) throw notSupported(`expressions nested more than ${MAX_DEPTH} levels deep`, n.from);
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
        return this.member(n);
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
      if (level > MAX_DEPTH) throw notSupported(`expressions nested more than ${MAX_DEPTH} levels deep`, m.from);
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
      if (level > MAX_DEPTH) throw notSupported(`expressions nested more than ${MAX_DEPTH} levels deep`, m.from);
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
      const m = this.member(calleeNode);
      if (m.k !== 'attr') throw syntaxError(calleeNode.from);
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

  private member(n: SyntaxNode): Expr {
    const ks = kids(n);
    const object = child(ks, 0, n);
    const sep = child(ks, 1, n);
    if (sep.name === '[') throw notSupported('indexing and slicing', sep.from);
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

/** Splits a node list at separators (by node name). */
function split(list: readonly SyntaxNode[], separator: string): SyntaxNode[][] {
  const out: SyntaxNode[][] = [[]];
  for (const n of list) {
    if (n.name === separator) out.push([]);
    else (out[out.length - 1] as SyntaxNode[]).push(n);
  }
  return out;
}

function run<T>(text: string, convert: (c: Converter, script: SyntaxNode) => T): Parsed<T> {
  const tree = parser.parse(text);
  const error = firstError(tree);
  if (error) return { ok: false, message: 'SyntaxError: invalid syntax', at: error.from };
  try {
    return { ok: true, value: convert(new Converter(text), tree.topNode) };
  } catch (e) {
    if (e instanceof CodeError) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
}

/** Parses prepared text holding imports, constants and one function (see index.ts). */
export function parseModule(text: string): Parsed<Module> {
  return run(text, (c, script) => c.module(script));
}

/** Parses prepared text holding exactly one expression. */
export function parseExpression(text: string): Parsed<Expr> {
  return run(text, (c, script) => {
    const statements = kids(script);
    const st = statements[0];
    if (statements.length !== 1 || st?.name !== 'ExpressionStatement') {
      throw new CodeError('SyntaxError: expected one expression', st?.from ?? 0);
    }
    const ks = kids(st);
    if (ks.length !== 1) throw notSupported('tuples', st.from);
    return c.expr(ks[0] as SyntaxNode, 0);
  });
}
