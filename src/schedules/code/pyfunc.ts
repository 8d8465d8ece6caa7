/**
 * A Python function argument (LambdaLR's lr_lambda, CyclicLR's scale_fn, Keras's schedule) taken apart for code
 * generation: the imports and constants before it, the lambda or def itself, and the edits the exporters need
 * (give a parameter a default, scale every returned value). The text taken apart is not the user's: it is
 * regenerated from the tree the safe interpreter checked (python/unparse.ts via canonicalPython), so nothing the
 * interpreter did not evaluate (an annotation, a decorator, a comment) can be written into an exported script.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { canonicalPython } from '../python/canonical';
import { kids, walk } from './tree';

export interface PyFunctionInfo {
  /** Module-level lines before the function (imports, constants), in order. */
  readonly prelude: readonly string[];
  readonly kind: 'lambda' | 'def';
  /** The def's name, the name a lambda is assigned to, or '' for a bare lambda. */
  readonly name: string;
  /** The lambda expression, or the whole def. */
  readonly text: string;
  readonly params: readonly string[];
  /** Whether each parameter has a default. */
  readonly defaults: readonly boolean[];
  /** math / np / numpy used as modules without an import in the prelude. */
  readonly modules: ReadonlySet<string>;
  /** Every name the function's text mentions. */
  readonly names: ReadonlySet<string>;
  /** Module-level names it defines or reads (its name, its prelude's names, names it reads but does not bind). */
  readonly globals: ReadonlySet<string>;
  /** Ranges (in `text`) of every returned expression (a lambda's body). */
  readonly returns: readonly { from: number; to: number }[];
  /** Where, in `text`, each parameter's name ends. */
  readonly paramEnds: readonly number[];
  /** The def's name range in `text` (for renaming). */
  readonly nameRange?: { from: number; to: number };
}

/** Takes a function source apart; null where it is not one lambda or def the engine would accept. */
export function analyzeFunction(source: string): PyFunctionInfo | null {
  // Everything below works on text regenerated from the interpreter's checked tree, never on the user's text.
  const canonical = canonicalPython(source);
  if (!canonical.ok) return null;
  const text = canonical.value;
  const tree = parser.parse(text);
  let broken = false;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) broken = true;
    },
  });
  if (broken) return null;
  const src = (n: SyntaxNode): string => text.slice(n.from, n.to);
  const prelude: string[] = [];
  const imported = new Set<string>();
  let fn: { node: SyntaxNode; kind: 'lambda' | 'def'; name: string } | null = null;
  for (const st of kids(tree.topNode)) {
    if (fn) return null;
    if (st.name === 'ImportStatement') {
      prelude.push(src(st));
      for (const n of kids(st)) if (n.name === 'VariableName') imported.add(src(n));
      continue;
    }
    if (st.name === 'AssignStatement') {
      const ks = kids(st);
      const last = ks[ks.length - 1];
      if (last?.name === 'LambdaExpression' && ks.length === 3 && ks[0]?.name === 'VariableName') {
        fn = { node: last, kind: 'lambda', name: src(ks[0]) };
        continue;
      }
      prelude.push(src(st));
      continue;
    }
    if (st.name === 'ExpressionStatement') {
      const e = kids(st)[0];
      if (e?.name === 'LambdaExpression') fn = { node: e, kind: 'lambda', name: '' };
      else if (e?.name === 'String') continue;
      else return null;
      continue;
    }
    if (st.name === 'FunctionDefinition') {
      const nameNode = kids(st).find((c) => c.name === 'VariableName');
      if (!nameNode) return null;
      fn = { node: st, kind: 'def', name: src(nameNode) };
      continue;
    }
    if (st.name === 'PassStatement' || st.name === 'UpdateStatement') {
      prelude.push(src(st));
      continue;
    }
    return null;
  }
  if (!fn) return null;
  const node = fn.node;
  const base = node.from;
  const fnText = text.slice(node.from, node.to).replace(/\s+$/, '');
  const params: string[] = [];
  const defaults: boolean[] = [];
  const paramEnds: number[] = [];
  const paramList = kids(node).find((c) => c.name === 'ParamList');
  if (paramList) {
    const ps = kids(paramList);
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i] as SyntaxNode;
      if (p.name !== 'VariableName') continue;
      params.push(src(p));
      paramEnds.push(p.to - base);
      let j = i + 1;
      if (ps[j]?.name === 'TypeDef') j++;
      defaults.push(ps[j]?.name === 'AssignOp');
    }
  }
  const returns: { from: number; to: number }[] = [];
  if (fn.kind === 'lambda') {
    const ks = kids(node);
    const colon = ks.findIndex((c) => c.name === ':');
    const body = ks[colon + 1];
    if (!body) return null;
    returns.push({ from: body.from - base, to: body.to - base });
  } else {
    walk(node, (m) => {
      if (m.name === 'ReturnStatement') {
        const value = kids(m).filter((c) => c.name !== 'return');
        if (value.length === 1) returns.push({ from: (value[0] as SyntaxNode).from - base, to: (value[0] as SyntaxNode).to - base });
        return false;
      }
      return undefined;
    });
  }
  const modules = new Set<string>();
  const names = new Set<string>();
  walk(node, (m) => {
    if (m.name === 'VariableName') names.add(src(m));
    if (m.name === 'MemberExpression') {
      const object = m.firstChild;
      if (object?.name === 'VariableName') {
        const name = src(object);
        if ((name === 'math' || name === 'np' || name === 'numpy') && !imported.has(name)) modules.add(name);
      }
    }
    return undefined;
  });
  let nameRange: { from: number; to: number } | undefined;
  if (fn.kind === 'def') {
    const nameNode = kids(node).find((c) => c.name === 'VariableName');
    if (nameNode) nameRange = { from: nameNode.from - base, to: nameNode.to - base };
  }
  const locals = new Set(params);
  walk(node, (m) => {
    if (m.name === 'AssignStatement' || m.name === 'UpdateStatement') {
      for (const c of kids(m)) {
        if (c.name === 'AssignOp' || c.name === 'UpdateOp') break;
        if (c.name === 'VariableName') locals.add(src(c));
      }
    }
    return undefined;
  });
  const globals = new Set<string>([...names].filter((n) => !locals.has(n)));
  if (fn.name) globals.add(fn.name);
  for (const line of prelude) {
    for (const m of line.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      names.add(m[0]);
      globals.add(m[0]);
    }
  }
  return {
    prelude,
    kind: fn.kind,
    name: fn.name,
    text: fnText,
    params,
    defaults,
    modules,
    names,
    globals,
    returns,
    paramEnds,
    ...(nameRange ? { nameRange } : {}),
  };
}

interface Edit {
  at: number;
  to?: number;
  insert: string;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.insert + out.slice(e.to ?? e.at);
  return out;
}

/** The function text with parameter `index` given the default `None` (so it can be called with fewer arguments). */
export function withDefault(info: PyFunctionInfo, index: number): string {
  const at = info.paramEnds[index];
  if (at === undefined || info.defaults[index]) return info.text;
  return applyEdits(info.text, [{ at, insert: '=None' }]);
}

/** The function text with every returned value X written `prefix(X)`, e.g. `0.1 * (X)`. */
export function wrapReturns(info: PyFunctionInfo, prefix: string, suffix = ')'): string {
  return applyEdits(
    info.text,
    info.returns.flatMap((r) => [
      { at: r.from, insert: `${prefix}(` },
      { at: r.to, insert: suffix },
    ]),
  );
}

/** The function text with its def renamed. */
export function renamed(info: PyFunctionInfo, name: string): string {
  if (!info.nameRange) return info.text;
  return applyEdits(info.text, [{ at: info.nameRange.from, to: info.nameRange.to, insert: name }]);
}

/** Whether a parameter is read anywhere in the function's body. */
export function usesParam(info: PyFunctionInfo, index: number): boolean {
  const name = info.params[index];
  if (name === undefined) return false;
  const tree = parser.parse(info.text);
  let used = false;
  walk(tree.topNode, (m) => {
    if (used) return false;
    if (m.name === 'ParamList') return false;
    if (m.name === 'VariableName' && info.text.slice(m.from, m.to) === name) {
      const parent = m.parent?.name;
      if (parent !== 'FunctionDefinition') used = true;
    }
    return undefined;
  });
  return used;
}
