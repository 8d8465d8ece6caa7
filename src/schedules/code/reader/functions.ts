/**
 * A function argument (a lambda, or a def passed by name) as the engine takes it: Python source, because a
 * FrameworkCall stores user functions as self-contained Python text (the engine compiles it with ../python, and
 * the exporters write it back out). The function's own text is an exact slice of the prepared paste; before it
 * come only the lines it needs from the code above, which is not run there: the constants it reads, as
 * `name = value`, and its math / numpy imports.
 */
import type { SyntaxNode } from '@lezer/common';
import { dottedName, kids, type Segment, walk } from '../tree';
import { resolve } from './callees';
import type { ReaderContext } from './context';
import { Failure, type FunctionRef, type FunctionSource, pyRepr } from './values';

/** The source the engine compiles for a function argument: constants and imports it reads, then its text. */
export function functionSource(r: ReaderContext, ref: FunctionRef, seq: number): { text: string; source: FunctionSource } {
  const { source, scope } = r;
  const node = ref.node;
  const broken = source.brokenIn(node.from, node.to);
  if (broken) throw new Failure(broken);
  const own = new Set<string>();
  const params = kids(node).find((c) => c.name === 'ParamList');
  if (params) for (const p of kids(params)) if (p.name === 'VariableName') own.add(source.src(p));
  if (node.name === 'FunctionDefinition') {
    walk(node, (m) => {
      if (m.name === 'AssignStatement' || m.name === 'UpdateStatement') {
        for (const c of kids(m)) {
          if (c.name === 'AssignOp' || c.name === 'UpdateOp') break;
          if (c.name === 'VariableName') own.add(source.src(c));
        }
      }
      return undefined;
    });
  }
  const prelude: string[] = [];
  const seen = new Set<string>();
  walk(node, (m) => {
    if (m.name !== 'VariableName' || m.parent?.name === 'ParamList') return undefined;
    if (m.parent?.name === 'FunctionDefinition') return undefined;
    const name = source.src(m);
    if (own.has(name) || seen.has(name)) return undefined;
    seen.add(name);
    const b = scope.lookup(name, seq);
    if (!b) return undefined;
    const v = scope.valueOf(b);
    if (v.k === 'py') {
      const text = pyRepr(v.v);
      if (text !== null) prelude.push(`${name} = ${text}`);
    } else if (v.k === 'module') {
      const line = importLine(v.path, name);
      if (line) prelude.push(line);
    }
    return undefined;
  });
  // A def's node ends past the newline that closes its body: the text stops at its last non-blank character.
  let to = node.to;
  if (node.name === 'FunctionDefinition') while (to > node.from && /\s/.test(source.text[to - 1] as string)) to--;
  const edits = tensorCalls(r, node, own, seq, ref.name);
  if (edits.length > 0 && !prelude.includes('import math')) prelude.push('import math');
  let text = '';
  let from = node.from;
  const rewrites: { at: number; length: number; from: number; originalLength: number }[] = [];
  for (const e of edits) {
    text += source.text.slice(from, e.from);
    rewrites.push({ at: text.length, length: e.text.length, from: e.from - node.from, originalLength: e.to - e.from });
    text += e.text;
    from = e.to;
  }
  text += source.text.slice(from, to);
  const full = prelude.length > 0 ? `${prelude.join('\n')}\n${text}` : text;
  return { text: full, source: { preludeLines: prelude.length, text, from: node.from, ...(rewrites.length ? { rewrites } : {}) } };
}

/** Scalar functions of keras.ops / TensorFlow and what Python's math computes alike on one number. */
const MATH_EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  ['exp', 'exp'],
  ['log', 'log'],
  ['log1p', 'log1p'],
  ['expm1', 'expm1'],
  ['log2', 'log2'],
  ['log10', 'log10'],
  ['sqrt', 'sqrt'],
  ['floor', 'floor'],
  ['ceil', 'ceil'],
  ['cos', 'cos'],
  ['sin', 'sin'],
  ['tan', 'tan'],
  ['tanh', 'tanh'],
  ['abs', 'fabs'],
  ['power', 'pow'],
  ['pow', 'pow'],
]);
/** Tensor libraries whose scalar functions a schedule function may call (Keras's and TensorFlow's docs do). */
const TENSOR_FUNCTION = /^(keras\.ops|keras\.backend|tensorflow\.math|tensorflow)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The calls to keras.ops / TensorFlow scalar functions in a function (`lr * ops.exp(-0.1)`, `tf.math.exp(-0.1)`,
 * the Keras docs' LearningRateScheduler example), as edits to `math.<name>`: the function is stored and run as
 * plain Python (the safe subset has math and numpy, no tensors), where math gives the same value on a number.
 * A tensor function without a math equivalent is refused by name, with the supported spelling.
 */
function tensorCalls(
  r: ReaderContext,
  node: SyntaxNode,
  own: ReadonlySet<string>,
  seq: number,
  fnName: string,
): { from: number; to: number; text: string }[] {
  const { source } = r;
  const edits: { from: number; to: number; text: string }[] = [];
  walk(node, (m) => {
    if (m.name !== 'MemberExpression' && m.name !== 'VariableName') return undefined;
    const called = m.parent?.name === 'CallExpression' && m.parent.firstChild?.from === m.from && m.parent.firstChild.to === m.to;
    const segments = called ? dottedName(m, source.text) : null;
    if (!segments || own.has((segments[0] as Segment).name)) return undefined;
    const path = resolve(r, segments, seq).path;
    const hit = path ? TENSOR_FUNCTION.exec(path) : null;
    if (!hit) return undefined;
    const written = source.src(m);
    const library = written.includes('.') ? written.slice(0, written.lastIndexOf('.')) : (hit[1] as string);
    const equivalent = MATH_EQUIVALENTS.get(hit[2] as string);
    if (!equivalent) {
      throw new Failure({
        message: `Not supported: ${written}() in ${fnName}(): the playground runs the function as plain Python with math and numpy (write the math equivalent; ${library}'s ${[...MATH_EQUIVALENTS.keys()].join(', ')} are read as math's, e.g. ${library}.exp(x) as math.exp(x))`,
        at: m.from,
      });
    }
    if (own.has('math')) {
      throw new Failure({
        message: `Not supported: ${written}() in ${fnName}(), whose own name 'math' hides the math module (write math.${equivalent} with math imported)`,
        at: m.from,
      });
    }
    edits.push({ from: m.from, to: m.to, text: `math.${equivalent}` });
    r.note(
      `In ${fnName}(), ${written}() is read as math.${equivalent}() (the same value on a number): the function is kept as plain Python with math.${equivalent}.`,
    );
    return false;
  });
  return edits;
}

/** An import line binding `alias` to a math / numpy module or member, for a function's prelude. */
function importLine(path: string, alias: string): string | null {
  const as = (name: string): string => (name === alias ? '' : ` as ${alias}`);
  if (path === 'math' || path === 'numpy') return `import ${path}${as(path)}`;
  const m = /^(math|numpy)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path);
  if (m) return `from ${m[1]} import ${m[2]}${as(m[2] as string)}`;
  return null;
}
