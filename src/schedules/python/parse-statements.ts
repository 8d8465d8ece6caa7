/**
 * Statements: a module's imports, constants and one function (def or lambda), and the statements of a function
 * body (assignments, augmented assignments, if/elif/else, return, pass), from @lezer/python's nodes to ast.ts.
 * Expressions inside them are converted by ExpressionConverter (parse-expressions.ts), each starting at depth 0.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Expr, FunctionDef, Module, ModuleStmt, Param, Stmt, Target } from './ast';
import { ExpressionConverter } from './parse-expressions';
import { type CodeError, child, kids, MAX_DEPTH, notSupported, split, syntaxError } from './parse-shared';
import type { BinOp } from './value-types';

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

const AUGMENTED: Readonly<Record<string, BinOp>> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '/=': '/',
  '//=': '//',
  '%=': '%',
  '**=': '**',
};

/** Converts a whole module: its statements here, their expressions by the ExpressionConverter it extends. */
export class StatementConverter extends ExpressionConverter {
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
}
