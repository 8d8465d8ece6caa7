/**
 * Reading the paste's statements in order, as Python would run them: imports bind module paths, assignments bind
 * values (evaluated right away only where they build something we read, otherwise when first used), `def`s and
 * classes bind functions and custom schedulers, and loops tell the horizon and where step() is called. A `def`
 * or class body that builds an optimizer or scheduler (main(), configure_optimizers()) is read like top-level code.
 */
import type { SyntaxNode } from '@lezer/common';
import type { PyValue } from '../../python';
import { type BinOp, binop, PyError } from '../../python/values';
import { canonical } from '../catalog';
import { callArguments, dottedName, kids } from '../tree';
import { buildsSomething, interesting, resolve } from './callees';
import type { ReaderContext } from './context';
import { swaRecipeBranch } from './stepping';
import { Failure, failed, kindOf, opaque, type Value } from './values';

const SCHEDULE_BASES = new Set([
  'torch.optim.lr_scheduler.LRScheduler',
  'torch.optim.lr_scheduler._LRScheduler',
  'keras.optimizers.schedules.LearningRateSchedule',
]);
/** What a Keras callback does to set the LR (`self.model.optimizer.learning_rate = ...`, `K.set_value(...lr, ...)`). */
const SETS_LR = /\.(?:learning_rate|lr)\s*=(?!=)|set_value\s*\(|\.(?:learning_rate|lr)\.assign\s*\(/;
/** Base classes of custom schedulers, by name (also when bound indirectly, e.g. through getattr). */
const SCHEDULE_BASE_NAMES = new Set(['LRScheduler', '_LRScheduler', 'LearningRateSchedule']);
/** The operators of `x op= y` the safe evaluator computes; the others (bitwise, `@`) it refuses, as ../python/parse.ts words it. */
const ARITHMETIC_UPDATES: Readonly<Record<string, BinOp>> = { '+': '+', '-': '-', '*': '*', '/': '/', '//': '//', '%': '%', '**': '**' };

/** Reads a module or a body's statements in order. */
export function block(r: ReaderContext, list: readonly SyntaxNode[]): void {
  for (const st of list) {
    if (st.name === 'StatementGroup') block(r, without(st, ';'));
    else statement(r, st);
  }
}

/** Reads one Body node's statements (without its `:`). */
function body(r: ReaderContext, node: SyntaxNode): void {
  block(r, without(node, ':'));
}

/** A node's children without its separator tokens (`;` between statements, a Body's `:`). */
function without(node: SyntaxNode, separator: string): SyntaxNode[] {
  return kids(node).filter((c) => c.name !== separator);
}

/** Reads every Body of a compound statement (if/elif/else, try/except/finally, a loop and its else). */
function bodies(r: ReaderContext, st: SyntaxNode): void {
  for (const c of kids(st)) if (c.name === 'Body') body(r, c);
}

function statement(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  scope.seq++;
  scope.statementAt = st.from;
  switch (st.name) {
    case 'ImportStatement':
      if (!source.brokenIn(st.from, st.to)) importStatement(r, st);
      return;
    case 'AssignStatement':
      assign(r, st);
      return;
    case 'UpdateStatement':
      update(r, st);
      return;
    case 'ExpressionStatement':
    case 'ReturnStatement': {
      const values = kids(st).filter((c) => c.name !== 'return' && c.name !== ',');
      if (values.some((v) => interesting(r, v))) {
        source.checkIntact(st.from, source.lineEnd(st.to));
        for (const v of values) {
          const value = r.evaluate(v, scope.seq);
          if (value.k === 'fail' && interesting(r, v, true)) throw new Failure(value.error);
        }
      }
      return;
    }
    case 'FunctionDefinition':
      functionDefinition(r, st);
      return;
    case 'DecoratedStatement': {
      const inner = kids(st).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition');
      if (inner) {
        scope.seq--;
        statement(r, inner);
      }
      return;
    }
    case 'ClassDefinition':
      classDefinition(r, st);
      return;
    case 'ForStatement':
      forStatement(r, st);
      return;
    case 'WithStatement': {
      const ks = kids(st);
      for (let i = 0; i < ks.length; i++) {
        if (ks[i]?.name === 'as' && ks[i + 1]?.name === 'VariableName') {
          const v = ks[i + 1] as SyntaxNode;
          scope.bind(source.src(v), v.from, opaque('a context manager'));
        }
      }
      bodies(r, st);
      return;
    }
    case 'WhileStatement':
      r.loops.push(false);
      try {
        bodies(r, st);
      } finally {
        r.loops.pop();
      }
      return;
    case 'IfStatement':
      if (!swaRecipeBranch(r, st, (b) => body(r, b))) bodies(r, st);
      return;
    case 'TryStatement':
      bodies(r, st);
      return;
    default:
      return;
  }
}

function importStatement(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  const ks = kids(st);
  const dotted = (nodes: readonly SyntaxNode[]): string =>
    nodes
      .filter((n) => n.name === 'VariableName' || n.name === '.')
      .map((n) => source.src(n))
      .join('');
  if (ks[0]?.name === 'import') {
    for (const group of splitBy(ks.slice(1), ',')) {
      const asAt = group.findIndex((n) => n.name === 'as');
      const path = dotted(asAt < 0 ? group : group.slice(0, asAt));
      if (!path) continue;
      if (asAt >= 0) {
        const alias = group[asAt + 1];
        if (alias) scope.bind(source.src(alias), st.from, { k: 'module', path: canonical(path) });
      } else {
        const first = path.split('.')[0] as string;
        scope.bind(first, st.from, { k: 'module', path: canonical(first) });
      }
    }
    return;
  }
  const importAt = ks.findIndex((n) => n.name === 'import');
  if (importAt < 0) return;
  const module = dotted(ks.slice(1, importAt));
  if (!module || module.startsWith('.')) return;
  const rest = ks.slice(importAt + 1).filter((n) => n.name !== '(' && n.name !== ')');
  if (rest.length === 1 && rest[0]?.name === '*') {
    scope.bind(`*${module}`, st.from, { k: 'module', path: canonical(module) });
    return;
  }
  for (const group of splitBy(rest, ',')) {
    const first = group[0];
    if (!first) continue;
    const alias = group[1]?.name === 'as' ? group[2] : first;
    if (alias) scope.bind(source.src(alias), st.from, { k: 'module', path: canonical(`${module}.${source.src(first)}`) });
  }
}

function assign(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  const segments = splitBy(
    kids(st).filter((n) => n.name !== 'TypeDef'),
    'AssignOp',
  );
  const valueSegment = segments[segments.length - 1] ?? [];
  const targets = segments.slice(0, -1);
  const value = valueSegment.length === 1 ? valueSegment[0] : undefined;
  const names: SyntaxNode[] = [];
  for (const t of targets) for (const n of t) if (n.name === 'VariableName') names.push(n);
  const simple = targets.every((t) => t.length === 1 && t[0]?.name === 'VariableName');
  const seq = scope.seq;
  if (!value) {
    for (const n of names) scope.bind(source.src(n), st.from, failed('Not supported: this assignment (a tuple on the right)', st.from));
    return;
  }
  if (interesting(r, value)) {
    source.checkIntact(st.from, source.lineEnd(st.to));
    const v = r.evaluate(value, seq);
    if (v.k === 'fail' && interesting(r, value, true)) throw new Failure(v.error);
    for (const n of names) scope.bind(source.src(n), st.from, simple ? v : opaque('an unpacked value'));
    return;
  }
  if (value.name === 'LambdaExpression' && simple) {
    const broken = source.brokenIn(st.from, source.lineEnd(st.to));
    for (const n of names)
      scope.bind(source.src(n), st.from, broken ? { k: 'fail', error: broken } : { k: 'fn', fn: { node: value, name: source.src(n) } });
    return;
  }
  const thunk = (): Value => {
    const broken = source.brokenIn(st.from, source.lineEnd(st.to));
    if (broken) return { k: 'fail', error: broken };
    return r.evaluate(value, seq);
  };
  for (const n of names) scope.bind(source.src(n), st.from, simple ? thunk : () => opaque('an unpacked value'));
}

/** `x op= y`: the operator applied to the values of x and y, when the new x is first used. */
function update(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  const ks = kids(st);
  const target = ks[0];
  const op = ks.find((n) => n.name === 'UpdateOp');
  const value = ks[ks.length - 1];
  if (target?.name !== 'VariableName' || !op || !value || ks.length !== 3) return;
  const name = source.src(target);
  const seq = scope.seq;
  const operator = source.src(op).slice(0, -1);
  scope.bind(name, st.from, () => {
    const broken = source.brokenIn(st.from, st.to);
    if (broken) return { k: 'fail', error: broken };
    const previous = scope.nameValue(name, target.from, seq);
    if (previous.k === 'fail') return previous;
    if (previous.k !== 'py') return failed(`Not supported: '${operator}=' on ${kindOf(previous)}`, st.from);
    const right = r.evaluate(value, seq);
    if (right.k === 'fail') return right;
    if (right.k !== 'py') return failed(`Not supported: '${operator}=' with ${kindOf(right)}`, value.from);
    return updated(operator, previous.v, right.v, st.from);
  });
}

/** `a op b` with Python's rules: the safe evaluator's own operator on the two values (no expression text to parse). */
function updated(operator: string, a: PyValue, b: PyValue, at: number): Value {
  const op = Object.hasOwn(ARITHMETIC_UPDATES, operator) ? ARITHMETIC_UPDATES[operator] : undefined;
  if (!op) {
    if (operator === '@') return failed('Not supported: the matrix multiplication operator @', at);
    return failed('Not supported: bitwise operators (~, &, |, ^, <<, >>)', at);
  }
  try {
    return { k: 'py', v: binop(op, a, b) };
  } catch (e) {
    if (e instanceof PyError) return failed(e.message, at);
    // Any other error is a bug of the interpreter, reported in evaluateToPython's words (never the user's fault).
    const detail = e instanceof Error ? e.message : String(e);
    return failed(`RuntimeError: internal error of the Python interpreter (${detail})`, at);
  }
}

function functionDefinition(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  const ks = kids(st);
  const nameNode = ks.find((n) => n.name === 'VariableName');
  if (!nameNode) return;
  const name = source.src(nameNode);
  const broken = source.brokenIn(st.from, st.to);
  scope.bind(name, st.from, broken ? { k: 'fail', error: broken } : { k: 'fn', fn: { node: st, name } });
  // A function that builds an optimizer or scheduler (main(), configure_optimizers()) is read like top-level
  // code; its parameters are unknown values.
  const bodyNode = ks.find((n) => n.name === 'Body');
  if (!bodyNode || !buildsSomething(r, bodyNode)) return;
  const params = ks.find((n) => n.name === 'ParamList');
  if (params) {
    for (const p of kids(params))
      if (p.name === 'VariableName') scope.bind(source.src(p), p.from, opaque(`the parameter '${source.src(p)}'`));
  }
  body(r, bodyNode);
}

function classDefinition(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  const ks = kids(st);
  const nameNode = ks.find((n) => n.name === 'VariableName');
  const argList = ks.find((n) => n.name === 'ArgList');
  if (nameNode) {
    let base = '';
    if (argList) {
      for (const b of kids(argList)) {
        const segments = dottedName(b, source.text);
        if (!segments) continue;
        const resolved = resolve(r, segments, scope.seq);
        const last = segments[segments.length - 1]?.name ?? '';
        if ((resolved.path && SCHEDULE_BASES.has(resolved.path)) || SCHEDULE_BASE_NAMES.has(last)) base = resolved.path ?? last;
        // A Keras callback is a scheduler only if it sets the optimizer's LR (a callback printing it is not).
        if ((resolved.path === 'keras.callbacks.Callback' || last === 'Callback') && SETS_LR.test(source.src(st)))
          base = 'keras.callbacks.Callback';
      }
    }
    const name = source.src(nameNode);
    scope.bind(name, st.from, base ? { k: 'class', name, base } : opaque(`the class ${name}`));
  }
  const bodyNode = ks.find((n) => n.name === 'Body');
  if (bodyNode && buildsSomething(r, bodyNode)) body(r, bodyNode);
}

function forStatement(r: ReaderContext, st: SyntaxNode): void {
  const { source, scope } = r;
  const ks = kids(st);
  const inAt = ks.findIndex((n) => n.name === 'in');
  const bodyNode = ks.find((n) => n.name === 'Body');
  const targets = ks.slice(1, Math.max(1, inAt)).filter((n) => n.name === 'VariableName');
  for (const t of targets) scope.bind(source.src(t), t.from, opaque('a loop variable'));
  const iterable = ks[inAt + 1];
  let count: number | undefined;
  if (iterable && bodyNode && !source.brokenIn(st.from, bodyNode.from)) count = rangeCount(r, iterable, scope.seq + 1);
  const isEpochLoop = r.epochLoopDepth === 0 && count !== undefined && targets.some((t) => /epoch/i.test(source.src(t)));
  if (isEpochLoop && count !== undefined) r.loopHorizon.epochs ??= count;
  else if (r.epochLoopDepth > 0 && count !== undefined && r.loopHorizon.stepsPerEpoch === undefined) {
    r.loopHorizon.stepsPerEpoch = count;
  }
  if (isEpochLoop) r.epochLoopDepth++;
  r.loops.push(isEpochLoop || targets.some((t) => /epoch/i.test(source.src(t))));
  try {
    bodies(r, st);
  } finally {
    if (isEpochLoop) r.epochLoopDepth--;
    r.loops.pop();
  }
}

/** The number of iterations of `range(...)`, when its arguments evaluate to ints. */
function rangeCount(r: ReaderContext, n: SyntaxNode, seq: number): number | undefined {
  if (n.name !== 'CallExpression') return undefined;
  const [callee, argList] = kids(n);
  if (!callee || !argList) return undefined;
  const name = dottedName(callee, r.source.text)
    ?.map((s) => s.name)
    .join('.');
  const args = callArguments(argList, r.source.text);
  // tqdm(range(n)) and trange(n) are progress bars around range(n).
  if ((name === 'tqdm' || name === 'tqdm.tqdm' || name === 'tqdm.auto.tqdm') && args.positional[0])
    return rangeCount(r, args.positional[0], seq);
  if (name !== 'range' && name !== 'trange' && name !== 'tqdm.trange') return undefined;
  if (name === 'range' && r.scope.lookup('range', seq)) return undefined;
  if (args.keywords.length > 0 || args.starred || args.positional.length < 1 || args.positional.length > 3) return undefined;
  const values: bigint[] = [];
  for (const p of args.positional) {
    const v = r.evaluate(p, seq);
    if (v.k !== 'py' || typeof v.v !== 'bigint') return undefined;
    values.push(v.v);
  }
  const [start, stop, step] =
    values.length === 1 ? [0n, values[0] as bigint, 1n] : [values[0] as bigint, values[1] as bigint, values[2] ?? 1n];
  if (step <= 0n || stop <= start) return undefined;
  const count = Number((stop - start + step - 1n) / step);
  return count > 0 && Number.isSafeInteger(count) ? count : undefined;
}

function splitBy(list: readonly SyntaxNode[], separator: string): SyntaxNode[][] {
  const out: SyntaxNode[][] = [[]];
  for (const n of list) {
    if (n.name === separator) out.push([]);
    else (out[out.length - 1] as SyntaxNode[]).push(n);
  }
  return out;
}
