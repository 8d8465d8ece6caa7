/**
 * Runs the AST of ast.ts. Names are resolved once, when the code is loaded: a function's locals (its parameters
 * and every name it assigns, as in Python) become slots of an array, module-level constants live in a Map, and
 * every call target is resolved to a builtin of builtins.ts. Nothing user-written ever becomes a property key of
 * a JavaScript object, and nothing user-written is ever executed as JavaScript.
 *
 * The language has no loops and no user-defined calls (a call must be a builtin), so an evaluation is bounded by
 * the size of the code; a step budget per call (STEP_LIMIT node evaluations) bounds it anyway.
 */
import { recordPythonCall } from '../work';
import type { Expr, FunctionDef, Module, Stmt } from './ast';
import { BUILTINS, type Builtin, MODULES, type ModuleName, REFUSED_BUILTINS } from './builtins';
import { type BinOp, binop, type CmpOp, compare, intToFloat, NpFloat, NpInt, negate, PyError, type PyValue, plus, truthy } from './values';

/** Node evaluations allowed for one call. */
export const STEP_LIMIT = 10_000;

/** A Python exception raised while running user code, with the offset (in the prepared text) of the failing node. */
export class PythonError extends Error {
  readonly pyType: string;
  readonly detail: string;
  readonly at: number;
  constructor(pyType: string, detail: string, at: number) {
    super(`${pyType}: ${detail}`);
    this.name = 'PythonError';
    this.pyType = pyType;
    this.detail = detail;
    this.at = at;
  }
}

/** A refusal found while loading the code (unknown function, recursion, ...), or an error raised by module code. */
export class LoadError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

// ------------------------------------------------------------------------------------------------ resolved tree

type Node =
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
  | { readonly k: 'raise'; readonly error: PyError; readonly at: number };

type Code =
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

// ------------------------------------------------------------------------------------------------ evaluation

interface Frame {
  readonly locals: (PyValue | undefined)[];
  readonly globals: ReadonlyMap<string, PyValue>;
  steps: number;
  /** Offset of the node being evaluated, for the position of an error. */
  at: number;
}

function step(f: Frame, at: number): void {
  if (f.steps >= STEP_LIMIT) {
    f.at = at;
    throw new PyError('RuntimeError', `evaluation stopped after ${STEP_LIMIT} steps (the limit for one call)`);
  }
  f.steps++;
}

function unbound(name: string): PyError {
  return new PyError('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
}

function ev(n: Node, f: Frame): PyValue {
  step(f, n.at);
  switch (n.k) {
    case 'const':
      return n.v;
    case 'local': {
      const v = f.locals[n.slot];
      if (v === undefined) {
        f.at = n.at;
        throw unbound(n.name);
      }
      return v;
    }
    case 'global': {
      const v = f.globals.get(n.name);
      if (v === undefined) {
        f.at = n.at;
        throw new PyError('NameError', `name '${n.name}' is not defined`);
      }
      return v;
    }
    case 'bin': {
      const l = ev(n.l, f);
      const r = ev(n.r, f);
      f.at = n.at;
      return binop(n.op, l, r);
    }
    case 'neg': {
      const v = ev(n.e, f);
      f.at = n.at;
      return negate(v);
    }
    case 'pos': {
      const v = ev(n.e, f);
      f.at = n.at;
      return plus(v);
    }
    case 'not':
      return !truthy(ev(n.e, f));
    case 'and': {
      const l = ev(n.l, f);
      return truthy(l) ? ev(n.r, f) : l;
    }
    case 'or': {
      const l = ev(n.l, f);
      return truthy(l) ? l : ev(n.r, f);
    }
    case 'cmp': {
      let left = ev(n.operands[0] as Node, f);
      for (let i = 0; i < n.ops.length; i++) {
        const right = ev(n.operands[i + 1] as Node, f);
        f.at = n.at;
        if (!compare(n.ops[i] as CmpOp, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'isNone':
      return (ev(n.e, f) === null) !== n.negated;
    case 'cond':
      return truthy(ev(n.test, f)) ? ev(n.body, f) : ev(n.orelse, f);
    case 'call': {
      const args: PyValue[] = [];
      for (const a of n.args) args.push(ev(a, f));
      f.at = n.at;
      return n.fn.call(args);
    }
    case 'raise':
      f.at = n.at;
      throw n.error;
  }
}

/** Runs statements; returns the returned value, or undefined when the block ends without `return`. */
function exec(block: readonly Code[], f: Frame): PyValue | undefined {
  for (const s of block) {
    switch (s.k) {
      case 'assign': {
        const v = ev(s.value, f);
        for (const slot of s.slots) f.locals[slot] = v;
        break;
      }
      case 'aug': {
        const current = f.locals[s.slot];
        if (current === undefined) {
          f.at = s.at;
          throw unbound(s.name);
        }
        const v = ev(s.value, f);
        f.at = s.at;
        f.locals[s.slot] = binop(s.op, current, v);
        break;
      }
      case 'if': {
        const r = exec(truthy(ev(s.test, f)) ? s.body : s.orelse, f);
        if (r !== undefined) return r;
        break;
      }
      case 'return': {
        const v = s.value ? ev(s.value, f) : null;
        f.at = s.at;
        return v;
      }
      case 'expr':
        ev(s.value, f);
        break;
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------ resolution

/** What a module-level name is bound to; one kind per name (rebinding a name to another kind is refused). */
type Binding =
  | { readonly kind: 'module'; readonly module: ModuleName }
  | { readonly kind: 'function'; readonly fn: Builtin }
  | { readonly kind: 'constant' }
  | { readonly kind: 'user'; readonly name: string };

interface Scope {
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

function refuse(message: string, at: number): LoadError {
  return new LoadError(message, at);
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
    `NameError: name '${id}' is not defined (only abs, min, max, round, float, int, pow, bool and math.*/np.* functions can be called)`,
    callee.at,
  );
}

function resolve(scope: Scope, e: Expr): Node {
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
  }
}

function assignedNames(body: readonly Stmt[], out: Set<string>): void {
  for (const s of body) {
    if (s.k === 'assign') for (const t of s.targets) out.add(t.id);
    else if (s.k === 'augassign') out.add(s.target.id);
    else if (s.k === 'if') {
      assignedNames(s.body, out);
      assignedNames(s.orelse, out);
    }
  }
}

function compileBlock(scope: Scope, body: readonly Stmt[]): Code[] {
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

// ------------------------------------------------------------------------------------------------ functions

export interface PyFunction {
  readonly name: string;
  readonly params: readonly string[];
  readonly required: number;
  /** Offset of the def / lambda. */
  readonly at: number;
  /** Calls the function; throws PythonError for a Python exception. Returns None as null. */
  invoke(args: readonly PyValue[]): PyValue;
  /** Calls the function and converts its result to a JS number (bool -> 0/1); None is a TypeError. */
  invokeNumber(args: readonly PyValue[]): number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function nameList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0] as string;
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

function makeFunction(
  def: FunctionDef,
  code: readonly Code[],
  nLocals: number,
  defaults: readonly PyValue[],
  globals: ReadonlyMap<string, PyValue>,
): PyFunction {
  const params = def.params.map((p) => p.name);
  const required = params.length - defaults.length;

  const run = (args: readonly PyValue[]): { value: PyValue; at: number } => {
    const n = args.length;
    if (n > params.length) {
      const takes =
        defaults.length > 0
          ? `from ${required} to ${plural(params.length, 'positional argument')}`
          : plural(params.length, 'positional argument');
      throw new PythonError('TypeError', `${def.name}() takes ${takes} but ${n} ${n === 1 ? 'was' : 'were'} given`, def.at);
    }
    if (n < required) {
      const missing = params.slice(n, required);
      throw new PythonError(
        'TypeError',
        `${def.name}() missing ${plural(missing.length, 'required positional argument')}: ${nameList(missing)}`,
        def.at,
      );
    }
    const locals: (PyValue | undefined)[] = new Array(nLocals);
    for (let i = 0; i < n; i++) locals[i] = args[i];
    for (let i = n; i < params.length; i++) locals[i] = defaults[i - required];
    const frame: Frame = { locals, globals, steps: 0, at: def.at };
    try {
      const result = exec(code, frame);
      return result === undefined ? { value: null, at: def.at } : { value: result, at: frame.at };
    } catch (e) {
      if (e instanceof PyError) throw new PythonError(e.pyType, e.detail, frame.at);
      throw e;
    } finally {
      recordPythonCall(frame.steps);
    }
  };

  return {
    name: def.name,
    params,
    required,
    at: def.at,
    invoke: (args) => run(args).value,
    invokeNumber(args) {
      const { value, at } = run(args);
      switch (typeof value) {
        case 'number':
          return value;
        case 'bigint':
          try {
            return intToFloat(value);
          } catch (e) {
            if (e instanceof PyError) throw new PythonError(e.pyType, e.detail, at);
            throw e;
          }
        case 'boolean':
          return value ? 1 : 0;
        default:
          if (value instanceof NpFloat) return value.v;
          if (value instanceof NpInt) return Number(value.v);
          throw new PythonError('TypeError', 'function returned None, expected a number', at);
      }
    },
  };
}

/** Evaluates a module-level expression right away (constants, defaults). */
function evalNow(scope: Scope, e: Expr, globals: ReadonlyMap<string, PyValue>): PyValue {
  const node = resolve(scope, e);
  const frame: Frame = { locals: [], globals, steps: 0, at: e.at };
  try {
    return ev(node, frame);
  } catch (err) {
    if (err instanceof PyError) throw new LoadError(err.message, frame.at);
    throw err;
  } finally {
    recordPythonCall(frame.steps);
  }
}

/**
 * Runs a module: imports, constant assignments (evaluated in order, like Python) and exactly one function,
 * which is compiled against the final module state. Throws LoadError.
 */
export function loadModule(module: Module): PyFunction {
  const bindings = new Map<string, Binding>();
  const bind = (name: string, b: Binding, at: number): void => {
    const old = bindings.get(name);
    if (old && old.kind !== b.kind) {
      throw refuse(`Not supported: binding '${name}' to a ${kindName(b)} after it was bound to a ${kindName(old)}`, at);
    }
    if (old && old.kind !== 'constant') {
      throw refuse(`Not supported: binding '${name}' twice`, at);
    }
    bindings.set(name, b);
  };
  // Pass 1: what each module-level name is (static, so that a function body can be checked before it runs).
  const functions = module.body.filter((s) => s.k === 'function');
  if (functions.length === 0) {
    throw refuse('Expected one function: a `lambda epoch: ...` or a `def schedule(epoch): ...`', 0);
  }
  if (functions.length > 1) {
    throw refuse('Not supported: more than one function (write one lambda or one def)', functions[1]?.def.at ?? 0);
  }
  for (const s of module.body) {
    switch (s.k) {
      case 'import':
        bind(s.alias, { kind: 'module', module: s.module }, s.at);
        break;
      case 'from': {
        const m = MODULES.get(s.module);
        if (!m) break;
        const names = s.names ?? [
          ...[...m.functions.keys()].map((name) => ({ name, alias: name, at: s.at })),
          ...[...m.constants.keys()].map((name) => ({ name, alias: name, at: s.at })),
        ];
        if (s.names === null && s.module === 'numpy') {
          throw refuse('Not supported: `from numpy import *` (write `import numpy as np`)', s.at);
        }
        for (const { name, alias, at } of names) {
          const fn = m.functions.get(name);
          if (fn) bind(alias, { kind: 'function', fn }, at);
          else if (m.constants.has(name)) bind(alias, { kind: 'constant' }, at);
          else throw refuse(`ImportError: cannot import name '${name}' from '${s.module}' (or the playground does not support it)`, at);
        }
        break;
      }
      case 'assign':
        for (const t of s.targets) bind(t.id, { kind: 'constant' }, t.at);
        break;
      case 'augassign':
        bind(s.target.id, { kind: 'constant' }, s.target.at);
        break;
      case 'function': {
        const name = s.def.boundTo ?? s.def.name;
        bind(name, { kind: 'user', name }, s.def.at);
        break;
      }
    }
  }
  // Pass 2: run the module in order.
  const globals = new Map<string, PyValue>();
  const moduleScope: Scope = { bindings, locals: null };
  let pending: { def: FunctionDef; defaults: PyValue[] } | null = null;
  for (const s of module.body) {
    switch (s.k) {
      case 'import':
        break;
      case 'from': {
        const m = MODULES.get(s.module);
        if (!m) break;
        for (const { name, alias } of s.names ?? [...m.constants.keys()].map((name) => ({ name, alias: name }))) {
          const value = m.constants.get(name);
          if (value !== undefined) globals.set(alias, value);
        }
        break;
      }
      case 'assign': {
        const value = evalNow(moduleScope, s.value, globals);
        for (const t of s.targets) globals.set(t.id, value);
        break;
      }
      case 'augassign': {
        const current = globals.get(s.target.id);
        if (current === undefined) throw new LoadError(`NameError: name '${s.target.id}' is not defined`, s.target.at);
        const value = evalNow(moduleScope, s.value, globals);
        try {
          globals.set(s.target.id, binop(s.op, current, value));
        } catch (err) {
          if (err instanceof PyError) throw new LoadError(err.message, s.at);
          throw err;
        }
        break;
      }
      case 'function': {
        const defaults = s.def.params.filter((p) => p.default).map((p) => evalNow(moduleScope, p.default as Expr, globals));
        pending = { def: s.def, defaults };
        break;
      }
    }
  }
  const { def, defaults } = pending as { def: FunctionDef; defaults: PyValue[] };
  const names = new Set(def.params.map((p) => p.name));
  assignedNames(def.body, names);
  const locals = new Map([...names].map((name, i) => [name, i]));
  const code = compileBlock({ bindings, locals }, def.body);
  return makeFunction(def, code, locals.size, defaults, globals);
}

function kindName(b: Binding): string {
  return b.kind === 'constant' ? 'value' : b.kind === 'user' ? 'function defined here' : b.kind;
}

/** Evaluates one expression with the given global variables (math, np and numpy are available). */
export function evaluateExpression(e: Expr, variables: ReadonlyMap<string, PyValue>): PyValue {
  const bindings = new Map<string, Binding>();
  for (const name of variables.keys()) bindings.set(name, { kind: 'constant' });
  const node = resolve({ bindings, locals: null }, e);
  const frame: Frame = { locals: [], globals: variables, steps: 0, at: e.at };
  try {
    return ev(node, frame);
  } catch (err) {
    if (err instanceof PyError) throw new PythonError(err.pyType, err.detail, frame.at);
    throw err;
  } finally {
    recordPythonCall(frame.steps);
  }
}
