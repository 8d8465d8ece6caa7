/**
 * A function argument (a lambda, or a def passed by name) as the engine takes it: Python source, because a
 * FrameworkCall stores user functions as self-contained Python text (the engine compiles it with ../python, and
 * the exporters write it back out). The function's own text is an exact slice of the prepared paste; before it
 * come only the lines it needs from the code above, which is not run there: the constants it reads, as
 * `name = value`, and its math / numpy imports.
 */
import { kids, walk } from '../tree';
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
  const text = source.text.slice(node.from, to);
  const full = prelude.length > 0 ? `${prelude.join('\n')}\n${text}` : text;
  return { text: full, source: { preludeLines: prelude.length, text, from: node.from } };
}

/** An import line binding `alias` to a math / numpy module or member, for a function's prelude. */
function importLine(path: string, alias: string): string | null {
  const as = (name: string): string => (name === alias ? '' : ` as ${alias}`);
  if (path === 'math' || path === 'numpy') return `import ${path}${as(path)}`;
  const m = /^(math|numpy)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path);
  if (m) return `from ${m[1]} import ${m[2]}${as(m[2] as string)}`;
  return null;
}
