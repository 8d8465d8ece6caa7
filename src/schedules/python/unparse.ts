/**
 * Python source regenerated from the checked syntax tree (ast.ts), for code the playground writes out for people
 * to run ("Copy as PyTorch", "Copy as Keras"). Only what the tree holds can come out: the tree has no place for
 * annotations, decorators, comments, docstrings or any construct outside the subset, so nothing the interpreter
 * skipped without evaluating can reach an exported script. Names are checked again here (identifiers only, no
 * dunders, none that shadow a module the exports import), and strings are written with escapes for everything
 * but printable ASCII.
 *
 * Parentheses follow Python's precedence (https://docs.python.org/3/reference/expressions.html#operator-precedence),
 * so `(a + b) * c`, `-x ** 2` and `2 ** -1` come out as CPython reads them.
 */
import type { CalleeExpr, Expr, FunctionDef, Module, ModuleStmt, Param, Stmt } from './ast';
import { reprFloat } from './repr';
import { NpFloat, NpInt, type PyValue } from './value-types';

/** Why the tree cannot be written out (a name an export must not carry). */
export class UnparseError extends Error {}

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/**
 * Module-level names a user's function may not bind in an export: modules the export imports (a user's
 * `import math as torch` or `def keras(...)` would shadow them), Python's builtins (`from math import floor as
 * range` breaks the script's own loop; `cos as exec` makes `exec(…)` read like code execution), and names that
 * only an attack would choose.
 */
export const RESERVED_EXPORT_NAMES: ReadonlySet<string> = new Set([
  'torch',
  'keras',
  'tf',
  'tensorflow',
  'transformers',
  'math',
  'np',
  'numpy',
  'os',
  'sys',
  'builtins',
  'system',
  'subprocess',
  // Python's builtins (3.11, lower-case ones): the exported script uses range, print, float, … itself.
  ...'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'.split(
    ' ',
  ),
]);

function name(id: string): string {
  // NFKC first: CPython reads identifiers NFKC-normalised, so `ｅｘｅｃ` is `exec`.
  const normal = id.normalize('NFKC');
  if (!IDENTIFIER.test(normal)) throw new UnparseError(`'${id}' is not a Python identifier`);
  if (normal.startsWith('__') && normal.endsWith('__')) throw new UnparseError(`the name '${id}' cannot be exported`);
  return normal;
}

function boundName(id: string, allowed: ReadonlySet<string> = new Set()): string {
  const n = name(id);
  if (RESERVED_EXPORT_NAMES.has(n) && !allowed.has(n)) {
    throw new UnparseError(`the name '${id}' would shadow a module the exported script imports; rename it`);
  }
  return n;
}

/** A Python string literal of `s`: printable ASCII as is, everything else escaped. */
export function pyStringLiteral(s: string): string {
  let out = "'";
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

// Binding strength, loosest first (Python's table, lambda at the bottom).
const COND = 1;
const OR = 2;
const AND = 3;
const NOT = 4;
const COMPARE = 5;
const SUM = 7;
const PRODUCT = 8;
const UNARY = 9;
const POWER = 10;
const ATOM = 11;

const BINARY_PRECEDENCE = { '+': SUM, '-': SUM, '*': PRODUCT, '/': PRODUCT, '//': PRODUCT, '%': PRODUCT, '**': POWER } as const;

function constant(value: PyValue): [string, number] {
  if (value === null) return ['None', ATOM];
  if (typeof value === 'boolean') return [value ? 'True' : 'False', ATOM];
  if (typeof value === 'bigint') return [value.toString(), value < 0n ? UNARY : ATOM];
  const x = typeof value === 'number' ? value : value instanceof NpFloat ? value.v : undefined;
  if (x !== undefined) {
    if (Number.isNaN(x)) return ["float('nan')", ATOM];
    if (!Number.isFinite(x)) return [x > 0 ? "float('inf')" : "-float('inf')", x > 0 ? ATOM : UNARY];
    const text = reprFloat(x);
    return [text, text.startsWith('-') ? UNARY : ATOM];
  }
  if (value instanceof NpInt) return [value.v.toString(), value.v < 0n ? UNARY : ATOM];
  throw new UnparseError('a constant the exporter cannot write');
}

function callee(c: CalleeExpr): string {
  return c.k === 'name' ? name(c.id) : `${name(c.object)}.${name(c.attr)}`;
}

function expression(e: Expr): [string, number] {
  switch (e.k) {
    case 'const':
      return constant(e.value);
    case 'name':
      return [name(e.id), ATOM];
    case 'attr':
      return [`${name(e.object)}.${name(e.attr)}`, ATOM];
    case 'str':
      return [pyStringLiteral(e.value), ATOM];
    case 'unary':
      return e.op === 'not' ? [`not ${at(e.operand, NOT)}`, NOT] : [`${e.op}${at(e.operand, UNARY)}`, UNARY];
    case 'binary': {
      const p = BINARY_PRECEDENCE[e.op];
      // ** binds right to left and tighter than a unary minus on its left: (-2) ** 2, 2 ** -1.
      if (e.op === '**') return [`${at(e.left, ATOM)} ** ${at(e.right, UNARY)}`, POWER];
      return [`${at(e.left, p)} ${e.op} ${at(e.right, p + 1)}`, p];
    }
    case 'bool': {
      const p = e.op === 'or' ? OR : AND;
      return [`${at(e.left, p)} ${e.op} ${at(e.right, p + 1)}`, p];
    }
    case 'compare': {
      let text = at(e.operands[0] as Expr, COMPARE + 1);
      e.ops.forEach((op, i) => {
        text += ` ${op} ${at(e.operands[i + 1] as Expr, COMPARE + 1)}`;
      });
      return [text, COMPARE];
    }
    case 'isNone':
      return [`${at(e.operand, COMPARE + 1)} is ${e.negated ? 'not ' : ''}None`, COMPARE];
    case 'cond':
      return [`${at(e.body, OR)} if ${at(e.test, OR)} else ${at(e.orelse, COND)}`, COND];
    case 'call':
      return [`${callee(e.callee)}(${e.args.map((a) => at(a, COND)).join(', ')})`, ATOM];
    case 'list': {
      const items = e.items.map((a) => at(a, COND));
      if (!e.tuple) return [`[${items.join(', ')}]`, ATOM];
      // A one-item tuple needs its trailing comma: (x,) is a tuple, (x) is x.
      return [items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`, ATOM];
    }
    case 'subscript':
      // A subscript binds like a call (a primary): (a + b)[0], (-1)[0] and (x if c else y)[0] keep parentheses.
      return [`${at(e.object, ATOM)}[${at(e.index, COND)}]`, ATOM];
  }
}

/** `e` as text, parenthesised where it binds looser than `min`. */
function at(e: Expr, min: number): string {
  const [text, p] = expression(e);
  return p < min ? `(${text})` : text;
}

/** An expression as Python source. */
export function unparseExpression(e: Expr): string {
  return at(e, COND);
}

function params(list: readonly Param[]): string {
  return list.map((p) => (p.default ? `${name(p.name)}=${at(p.default, COND)}` : name(p.name))).join(', ');
}

function statements(body: readonly Stmt[], indent: string, out: string[]): void {
  if (body.length === 0) out.push(`${indent}pass`);
  for (const st of body) statement(st, indent, out);
}

function statement(st: Stmt, indent: string, out: string[]): void {
  switch (st.k) {
    case 'assign':
      out.push(`${indent}${st.targets.map((t) => `${name(t.id)} = `).join('')}${unparseExpression(st.value)}`);
      return;
    case 'augassign':
      out.push(`${indent}${name(st.target.id)} ${st.op}= ${unparseExpression(st.value)}`);
      return;
    case 'return':
      out.push(`${indent}return${st.value ? ` ${unparseExpression(st.value)}` : ''}`);
      return;
    case 'expr':
      out.push(`${indent}${unparseExpression(st.value)}`);
      return;
    case 'pass':
      out.push(`${indent}pass`);
      return;
    case 'if': {
      out.push(`${indent}if ${unparseExpression(st.test)}:`);
      statements(st.body, `${indent}    `, out);
      let orelse = st.orelse;
      // An else holding only an if is an elif, as it was written (or as it reads best).
      while (orelse.length === 1 && orelse[0]?.k === 'if') {
        const elif = orelse[0];
        out.push(`${indent}elif ${unparseExpression(elif.test)}:`);
        statements(elif.body, `${indent}    `, out);
        orelse = elif.orelse;
      }
      if (orelse.length > 0) {
        out.push(`${indent}else:`);
        statements(orelse, `${indent}    `, out);
      }
      return;
    }
  }
}

function functionDef(def: FunctionDef, out: string[]): void {
  if (def.name === '<lambda>') {
    const ret = def.body[0];
    const body = ret?.k === 'return' && ret.value ? unparseExpression(ret.value) : 'None';
    const list = params(def.params);
    const lambda = `lambda${list ? ` ${list}` : ''}: ${body}`;
    out.push(def.boundTo === null ? lambda : `${boundName(def.boundTo)} = ${lambda}`);
    return;
  }
  out.push(`def ${boundName(def.name)}(${params(def.params)}):`);
  statements(def.body, '    ', out);
}

function moduleStatement(st: ModuleStmt, out: string[]): void {
  switch (st.k) {
    case 'import': {
      const alias = boundName(st.alias, new Set([st.module, st.module === 'numpy' ? 'np' : st.module]));
      out.push(alias === st.module ? `import ${st.module}` : `import ${st.module} as ${alias}`);
      return;
    }
    case 'from': {
      if (st.names === null) {
        out.push(`from ${st.module} import *`);
        return;
      }
      const parts = st.names.map((n) => {
        // `from math import pow` shadows the builtin as the user's own code does; only a renaming alias is checked.
        const alias = n.alias === n.name ? name(n.alias) : boundName(n.alias);
        return alias === name(n.name) ? alias : `${name(n.name)} as ${alias}`;
      });
      out.push(`from ${st.module} import ${parts.join(', ')}`);
      return;
    }
    case 'function':
      functionDef(st.def, out);
      return;
    case 'assign':
      out.push(`${st.targets.map((t) => `${boundName(t.id)} = `).join('')}${unparseExpression(st.value)}`);
      return;
    case 'augassign':
      out.push(`${boundName(st.target.id)} ${st.op}= ${unparseExpression(st.value)}`);
      return;
  }
}

/** A checked module (imports, constants, one function) as Python source, one statement per line. */
export function unparseModule(module: Module): string {
  const out: string[] = [];
  for (const st of module.body) moduleStatement(st, out);
  return out.join('\n');
}
