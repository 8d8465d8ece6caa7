/**
 * Evaluating an expression of the paste: literals, names bound above, lists and tuples here; numeric expressions
 * by the safe evaluator of ../python; calls by what they call (a constructor we know builds a scheduler, an
 * optimizer, or reads compile/fit/step; any other call is opaque, but its arguments are read if they build
 * something). Only the entry point imports `evaluate`: everything else reaches it through the ReaderContext.
 */
import type { SyntaxNode } from '@lezer/common';
import { evaluateToPython, type PyValue } from '../../python';
import { DEFAULT_MODULES } from '../catalog';
import { offsetOf } from '../source';
import { callArguments, dottedName, elements, kids, stringValue, walk } from '../tree';
import { interesting, NUMERIC_BUILTINS, resolve, target } from './callees';
import type { ReaderContext } from './context';
import { kerasSchedule, modelCompile, modelFit } from './keras';
import { optimizer } from './optimizers';
import { step } from './stepping';
import { torchScheduler } from './torch';
import { hfSchedule } from './transformers';
import { Failure, failed, kindOf, opaque, type Value } from './values';

/** Deepest nesting of values evaluated here (the safe evaluator allows 200 levels inside one expression). */
const MAX_NESTING = 100;
/** The variable a `len(loader)` is replaced with where the horizon supplies it (not a name users write). */
const HORIZON_LEN = 'len_from_the_horizon_';

export function evaluate(r: ReaderContext, n: SyntaxNode, seq: number): Value {
  // Lists in lists in parentheses...: bounded like the safe evaluator bounds expressions (and the JS stack).
  if (r.depth >= MAX_NESTING) return failed(`Not supported: values nested more than ${MAX_NESTING} levels deep`, n.from);
  r.depth++;
  try {
    return evaluateNode(r, n, seq);
  } finally {
    r.depth--;
  }
}

function evaluateNode(r: ReaderContext, n: SyntaxNode, seq: number): Value {
  const { source } = r;
  switch (n.name) {
    case 'Boolean':
      return { k: 'py', v: source.src(n) === 'True' };
    case 'None':
      return { k: 'py', v: null };
    case 'String': {
      const s = stringValue(source.src(n));
      return s === null ? opaque('a string this reader does not decode') : { k: 'str', v: s };
    }
    case 'ContinuedString': {
      let out = '';
      for (const part of kids(n)) {
        const s = part.name === 'String' ? stringValue(source.src(part)) : null;
        if (s === null) return opaque('an f-string');
        out += s;
      }
      return { k: 'str', v: out };
    }
    case 'FormatString':
      return opaque('an f-string');
    case 'VariableName':
      return r.scope.nameValue(source.src(n), n.from, seq);
    case 'ParenthesizedExpression': {
      const inner = kids(n).filter((c) => c.name !== '(' && c.name !== ')');
      if (inner.length === 1) return evaluate(r, inner[0] as SyntaxNode, seq);
      return opaque('a parenthesized expression');
    }
    case 'ArrayExpression':
    case 'TupleExpression': {
      const items = elements(n);
      if (!items) return failed('Not supported: list comprehensions (write the list out)', n.from);
      return { k: 'seq', items: items.map((i) => evaluate(r, i, seq)), at: items.map((i) => i.from) };
    }
    case 'DictionaryExpression':
      for (const c of kids(n)) if (interesting(r, c)) evaluate(r, c, seq);
      return opaque('a dict');
    case 'LambdaExpression':
      return { k: 'fn', fn: { node: n, name: '<lambda>' } };
    case 'CallExpression':
      return call(r, n, seq);
    case 'MemberExpression': {
      const segments = dottedName(n, source.text);
      if (!segments) return failed(`Not supported: ${source.excerpt(n)} (the playground cannot know this value; write a number)`, n.from);
      const resolved = resolve(r, segments, seq);
      if (resolved.path && (resolved.path.startsWith('math.') || resolved.path.startsWith('numpy.'))) return numeric(r, n, seq);
      if (resolved.path) return { k: 'module', path: resolved.path };
      if (resolved.object?.k === 'fail') return resolved.object;
      return failed(`Not supported: ${source.excerpt(n)} (the playground cannot know this value; write a number)`, n.from);
    }
    case 'Number': {
      // Plain decimal literals directly (a long list of numbers need not go through the evaluator one by one).
      const text = source.src(n);
      if (/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return { k: 'py', v: BigInt(text) };
      if (/^[0-9]{1,15}\.[0-9]{0,15}(?:[eE][+-]?[0-9]{1,3})?$/.test(text)) return { k: 'py', v: Number(text) };
      return numeric(r, n, seq);
    }
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'ConditionalExpression':
      return numeric(r, n, seq);
    default:
      return opaque(`${source.excerpt(n)}`);
  }
}

/**
 * A numeric expression, by the safe evaluator, with the numbers bound above as its variables. The evaluator of
 * ../python takes source text only, so the expression goes to it as its slice of the paste, in parentheses (it may
 * span lines inside a call), with each `len(...)` the horizon supplies replaced by HORIZON_LEN.
 */
function numeric(r: ReaderContext, n: SyntaxNode, seq: number): Value {
  const { source, scope } = r;
  const vars = new Map<string, PyValue>();
  /** `len(...)` calls the horizon supplies, replaced by HORIZON_LEN in the evaluated text. */
  const lengths: { from: number; to: number }[] = [];
  let problem: Value | undefined;
  walk(n, (m) => {
    if (problem) return false;
    if (m.name === 'CallExpression') {
      const [callee] = kids(m);
      if (callee?.name === 'VariableName' && source.src(callee) === 'len' && !scope.lookup('len', seq) && r.lengthsFromHorizon > 0) {
        lengths.push({ from: m.from, to: m.to });
        const spe = r.fitHorizon.stepsPerEpoch ?? r.loopHorizon.stepsPerEpoch ?? r.horizon.stepsPerEpoch;
        r.lenHorizon.stepsPerEpoch ??= spe;
        vars.set(HORIZON_LEN, BigInt(r.lenHorizon.stepsPerEpoch));
        r.note(`${source.excerpt(m)} is taken from the horizon's Steps per epoch (${r.lenHorizon.stepsPerEpoch.toLocaleString('en-US')}).`);
        return false;
      }
      if (callee?.name === 'VariableName' && source.src(callee) === 'len' && !scope.lookup('len', seq)) {
        problem = failed(
          `Not supported: ${source.excerpt(m)}: the playground cannot know this length; write the number (e.g. steps_per_epoch=100)`,
          m.from,
        );
        return false;
      }
    }
    if (m.name === 'ArgList') {
      // keyword names in calls are not variables
      const ks = kids(m);
      for (let i = 0; i < ks.length; i++) if (ks[i + 1]?.name === 'AssignOp') i++;
    }
    if (m.name !== 'VariableName') return undefined;
    if (m.parent?.name === 'ArgList' && m.nextSibling?.name === 'AssignOp') return undefined;
    const name = source.src(m);
    if (vars.has(name)) return undefined;
    const b = scope.lookup(name, seq);
    if (!b) {
      if (DEFAULT_MODULES.has(name) || NUMERIC_BUILTINS.has(name)) return undefined;
      if (r.epochNamesFromHorizon > 0 && /epoch/i.test(name) && !scope.assignedAt.has(name)) {
        r.lenHorizon.epochs ??= r.fitHorizon.epochs ?? r.loopHorizon.epochs ?? r.horizon.epochs;
        vars.set(name, BigInt(r.lenHorizon.epochs));
        r.note(`${name} (not set in the code) is taken from the horizon's Epochs (${r.lenHorizon.epochs.toLocaleString('en-US')}).`);
        return undefined;
      }
      problem = failed(scope.notDefined(name, seq), m.from);
      return false;
    }
    const v = scope.valueOf(b);
    if (v.k === 'py') vars.set(name, v.v);
    else if (v.k === 'module' && (v.path === name || (v.path === 'numpy' && name === 'np'))) return undefined;
    else if (v.k === 'fail') problem = v;
    else problem = failed(`TypeError: '${name}' is ${kindOf(v)} here, where a number is expected`, m.from);
    return undefined;
  });
  if (problem) return problem;
  let slice = source.src(n);
  for (const length of [...lengths].sort((a, b) => b.from - a.from))
    slice = `${slice.slice(0, length.from - n.from)}${HORIZON_LEN}${slice.slice(length.to - n.from)}`;
  const result = evaluateToPython(`(${slice})`, vars);
  if (result.ok) return { k: 'py', v: result.value };
  const at =
    result.error.line !== undefined && result.error.column !== undefined
      ? n.from + Math.max(0, offsetOf(`(${slice})`, result.error.line, result.error.column) - 1)
      : n.from;
  return failed(result.error.message, Math.min(at, n.to));
}

function call(r: ReaderContext, n: SyntaxNode, seq: number): Value {
  const [callee, argList] = kids(n);
  if (!callee || !argList) return opaque('a call');
  const args = callArguments(argList, r.source.text);
  const t = target(r, callee, args, seq);
  switch (t.k) {
    case 'numeric':
    case 'len':
      return numeric(r, n, seq);
    case 'torchScheduler':
      return torchScheduler(r, n, callee, t.name, args, seq);
    case 'hfSchedule':
      return hfSchedule(r, n, callee, t.name, args, seq);
    case 'kerasSchedule':
    case 'kerasCallback':
      return kerasSchedule(r, n, callee, t.name, args, seq, t.k === 'kerasCallback');
    case 'torchOptimizer':
    case 'kerasOptimizer':
      return optimizer(r, n, callee, t.k === 'torchOptimizer' ? 'torch' : 'keras', t.name, args, seq);
    case 'compile':
      return modelCompile(r, args, seq);
    case 'fit':
      return modelFit(r, args, seq);
    case 'step':
      return step(r, n, t.built, args);
    case 'class':
      throw new Failure({
        message: `Not supported: the custom scheduler class ${t.name} (the playground runs the frameworks' own schedulers, and Python functions through LambdaLR or LearningRateScheduler)`,
        at: n.from,
      });
    case 'wrong':
      throw new Failure({ message: t.message, at: callee.from });
    case 'other':
      for (const a of [...args.positional, ...args.keywords.map((k) => k.value)]) if (interesting(r, a)) evaluate(r, a, seq);
      return opaque(t.what);
  }
}
