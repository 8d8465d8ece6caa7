/**
 * Name resolution: the AST of ast.ts -> the resolved tree that evaluate.ts runs. Each name becomes a local slot,
 * a module-level constant or a constant of math/numpy; each call target becomes a builtin of builtins.ts. Anything
 * else (a module or function used as a value, recursion, refused builtins such as eval) is a LoadError here,
 * before any code runs.
 */
import type { Expr, Stmt } from './ast';
import { BUILTINS, type Builtin, MODULES, type ModuleName, REFUSED_BUILTINS } from './builtins';
import { type LoadError, refuse } from './frame';
import { type BinOp, type CmpOp, PyError, type PyValue } from './value-types';

/** A resolved expression: names are slots or globals, calls hold their builtin, string arguments are folded. */
export type Node =
  | { readonly k: 'const'; readonly v: PyValue; readonly at: number }
  | { readonly k: 'local'; readonly slot: number; readonly name: string; readonly at: number }
  | { readonly k: 'global'; readonly name: string; readonly at: number }
  | { readonly k: 'neg' | 'pos' | 'not'; readonly e: Node; readonly at: number }
  | { readonly k: 'bin'; readonly op: BinOp; readonly l: Node; readonly r: Node; readonly at: number }
  | { readonly k: 'and' | 'or'; readonly l: Node; readonly r: Node; readonly at: number }
  | { readonly k: 'cmp'; readonly ops: readonly CmpOp[]; readonly operands: readonly Node[]; readonly at: number }
  | { readonly k: 'isNone'; readonly negated: boolean; readonly e: Node; readonly at: number }
  | { readonly k: 'cond'; readonly test: Node; readonly body: Node; readonly orelse: Node; readonly at: number }
  | { readonly k: 'call'; readonly fn: Builtin; readonly args: readonly Node[]; readonly at: number }
  | { readonly k: 'raise'; readonly error: PyError; readonly at: number }
  | { readonly k: 'list'; readonly items: readonly Node[]; readonly tuple: boolean; readonly at: number }
  | { readonly k: 'index'; readonly e: Node; readonly i: Node; readonly at: number };

/** A resolved statement of the function's body. */
export type Code =
  | { readonly k: 'assign'; readonly slots: readonly number[]; readonly value: Node; readonly at: number }
  | {
      readonly k: 'aug';
      readonly slot: number;
      readonly name: string;
      readonly op: BinOp;
      readonly value: Node;
      readonly at: number;
    }
  | { readonly k: 'if'; readonly test: Node; readonly body: readonly Code[]; readonly orelse: readonly Code[] }
  | { readonly k: 'return'; readonly value: Node | null; readonly at: number }
  | { readonly k: 'expr'; readonly value: Node };

/** What a module-level name is bound to; one kind per name (rebinding a name to another kind is refused). */
export type Binding =
  | { readonly kind: 'module'; readonly module: ModuleName }
  | { readonly kind: 'function'; readonly fn: Builtin }
  | { readonly kind: 'constant' }
  | { readonly kind: 'user'; readonly name: string };

export interface Scope {
  readonly bindings: ReadonlyMap<string, Binding>;
  /** The function's local slots; null at module level. */
  readonly locals: ReadonlyMap<string, number> | null;
}

const DEFAULT_MODULES: ReadonlyMap<string, ModuleName> = new Map<string, ModuleName>([
  ['math', 'math'],
  ['np', 'numpy'],
  ['numpy', 'numpy'],
]);

function lookup(scope: Scope, name: string): Binding | undefined {
  const b = scope.bindings.get(name);
  if (b) return b;
  const module = DEFAULT_MODULES.get(name);
  return module ? { kind: 'module', module } : undefined;
}

const USER_CALL =
  'calling a function defined in the code (recursion or helper functions): only built-in, math.* and np.* functions can be called';

function resolveName(scope: Scope, id: string, at: number): Node {
  const slot = scope.locals?.get(id);
  if (slot !== undefined) return { k: 'local', slot, name: id, at };
  const b = lookup(scope, id);
  if (b) {
    switch (b.kind) {
      case 'constant':
        return { k: 'global', name: id, at };
      case 'module':
        throw refuse(`Not supported: using the module '${id}' as a value (write ${id}.<name>)`, at);
      case 'function':
        throw refuse(`Not supported: using the function '${id}' as a value (call it: ${id}(...))`, at);
      case 'user':
        throw refuse(`Not supported: using the function '${b.name}' as a value, or ${USER_CALL}`, at);
    }
  }
  if (BUILTINS.has(id)) throw refuse(`Not supported: using the function '${id}' as a value (call it: ${id}(...))`, at);
  if (REFUSED_BUILTINS.has(id)) throw refuse(`Not supported: '${id}' is not available in schedule code`, at);
  return { k: 'global', name: id, at };
}

function moduleOf(scope: Scope, object: string, at: number): ModuleName {
  if (scope.locals?.has(object)) {
    throw refuse(`Not supported: attribute access on the variable '${object}' (only math.<name>, np.<name>)`, at);
  }
  const b = lookup(scope, object);
  if (b?.kind === 'module') return b.module;
  throw refuse(`Not supported: attribute access on '${object}' (only math.<name>, np.<name> and numpy.<name>)`, at);
}

function noSuchAttribute(module: ModuleName, object: string, attr: string, at: number): LoadError {
  if (attr.startsWith('_')) return refuse(`Not supported: '${object}.${attr}' (only ${module} functions and constants)`, at);
  return refuse(`AttributeError: module '${module}' has no attribute '${attr}' (or the playground does not support it)`, at);
}

function resolveAttr(scope: Scope, e: Extract<Expr, { k: 'attr' }>): Node {
  const module = moduleOf(scope, e.object, e.at);
  const m = MODULES.get(module);
  const value = m?.constants.get(e.attr);
  if (value !== undefined) return { k: 'const', v: value, at: e.at };
  if (m?.functions.has(e.attr)) {
    throw refuse(`Not supported: using the function '${e.object}.${e.attr}' as a value (call it)`, e.at);
  }
  throw noSuchAttribute(module, e.object, e.attr, e.at);
}

function resolveCallee(scope: Scope, callee: Extract<Expr, { k: 'name' } | { k: 'attr' }>): Builtin {
  if (callee.k === 'attr') {
    const module = moduleOf(scope, callee.object, callee.at);
    const m = MODULES.get(module);
    const fn = m?.functions.get(callee.attr);
    if (fn) return fn;
    if (m?.constants.has(callee.attr)) {
      throw refuse(`TypeError: '${callee.object}.${callee.attr}' is a number, not a function`, callee.at);
    }
    throw noSuchAttribute(module, callee.object, callee.attr, callee.at);
  }
  const id = callee.id;
  if (scope.locals?.has(id)) throw refuse(`Not supported: '${id}' is a variable here, not a function`, callee.at);
  const b = lookup(scope, id);
  if (b) {
    switch (b.kind) {
      case 'function':
        return b.fn;
      case 'constant':
        throw refuse(`Not supported: '${id}' is a variable here, not a function`, callee.at);
      case 'module':
        throw refuse(`TypeError: '${id}' is a module, not a function (write ${id}.<name>(...))`, callee.at);
      case 'user':
        throw refuse(`Not supported: ${USER_CALL}`, callee.at);
    }
  }
  const fn = BUILTINS.get(id);
  if (fn) return fn;
  if (REFUSED_BUILTINS.has(id)) throw refuse(`Not supported: '${id}' is not available in schedule code`, callee.at);
  throw refuse(
    `NameError: name '${id}' is not defined (only abs, min, max, round, float, int, pow, bool, len and math.*/np.* functions can be called)`,
    callee.at,
  );
}

/** Resolves an expression in `scope`; throws LoadError for what the subset refuses. */
export function resolve(scope: Scope, e: Expr): Node {
  switch (e.k) {
    case 'const':
      return { k: 'const', v: e.value, at: e.at };
    case 'name':
      return resolveName(scope, e.id, e.at);
    case 'attr':
      return resolveAttr(scope, e);
    case 'str':
      throw refuse('Not supported: strings (except as the argument of float(), e.g. float("inf"))', e.at);
    case 'unary': {
      const operand = resolve(scope, e.operand);
      const k = e.op === '-' ? 'neg' : e.op === '+' ? 'pos' : 'not';
      return { k, e: operand, at: e.at };
    }
    case 'binary':
      return { k: 'bin', op: e.op, l: resolve(scope, e.left), r: resolve(scope, e.right), at: e.at };
    case 'bool':
      return { k: e.op, l: resolve(scope, e.left), r: resolve(scope, e.right), at: e.at };
    case 'compare':
      return { k: 'cmp', ops: e.ops, operands: e.operands.map((o) => resolve(scope, o)), at: e.at };
    case 'isNone':
      return { k: 'isNone', negated: e.negated, e: resolve(scope, e.operand), at: e.at };
    case 'cond':
      return {
        k: 'cond',
        test: resolve(scope, e.test),
        body: resolve(scope, e.body),
        orelse: resolve(scope, e.orelse),
        at: e.at,
      };
    case 'call': {
      const fn = resolveCallee(scope, e.callee);
      const only = e.args[0];
      if (only?.k === 'str') {
        if (!fn.fromString || e.args.length !== 1) {
          throw refuse(`Not supported: strings (except as the argument of float(), e.g. float("inf"))`, only.at);
        }
        try {
          return { k: 'const', v: fn.fromString(only.value), at: e.at };
        } catch (err) {
          if (err instanceof PyError) return { k: 'raise', error: err, at: e.at };
          throw err;
        }
      }
      return { k: 'call', fn, args: e.args.map((a) => resolve(scope, a)), at: e.at };
    }
    case 'list':
      return { k: 'list', items: e.items.map((i) => resolve(scope, i)), tuple: e.tuple, at: e.at };
    case 'subscript':
      return { k: 'index', e: resolve(scope, e.object), i: resolve(scope, e.index), at: e.at };
  }
}

/** The names a function body assigns: like Python, each is local in the whole function. */
export function assignedNames(body: readonly Stmt[], out: Set<string>): void {
  for (const s of body) {
    if (s.k === 'assign') for (const t of s.targets) out.add(t.id);
    else if (s.k === 'augassign') out.add(s.target.id);
    else if (s.k === 'if') {
      assignedNames(s.body, out);
      assignedNames(s.orelse, out);
    }
  }
}

/** Resolves a function body, whose locals (scope.locals) hold every assigned name. */
export function compileBlock(scope: Scope, body: readonly Stmt[]): Code[] {
  const slotOf = (id: string): number => scope.locals?.get(id) as number;
  const out: Code[] = [];
  for (const s of body) {
    switch (s.k) {
      case 'assign':
        out.push({ k: 'assign', slots: s.targets.map((t) => slotOf(t.id)), value: resolve(scope, s.value), at: s.at });
        break;
      case 'augassign':
        out.push({
          k: 'aug',
          slot: slotOf(s.target.id),
          name: s.target.id,
          op: s.op,
          value: resolve(scope, s.value),
          at: s.at,
        });
        break;
      case 'if':
        out.push({
          k: 'if',
          test: resolve(scope, s.test),
          body: compileBlock(scope, s.body),
          orelse: compileBlock(scope, s.orelse),
        });
        break;
      case 'return':
        out.push({ k: 'return', value: s.value ? resolve(scope, s.value) : null, at: s.at });
        break;
      case 'expr':
        out.push({ k: 'expr', value: resolve(scope, s.value) });
        break;
      case 'pass':
        break;
    }
  }
  return out;
}
