/**
 * Loads and runs a parsed module (ast.ts). Names are resolved once, when the code is loaded (resolve.ts): a
 * function's locals (its parameters and every name it assigns, as in Python) become slots of an array,
 * module-level constants live in a Map, and every call target is resolved to a builtin of builtins.ts. Nothing
 * user-written ever becomes a property key of a JavaScript object, and nothing user-written is ever executed as
 * JavaScript.
 *
 * The language has no loops and no user-defined calls (a call must be a builtin), so an evaluation is bounded by
 * the size of the code; a step budget per call (STEP_LIMIT steps, frame.ts: node evaluations and big-integer
 * work priced by cost.ts) bounds it anyway. The module's own code (constants, `x += ...`, defaults) runs once,
 * when it is loaded, in one frame with that same budget.
 */
import type { Expr, FunctionDef, Module } from './ast';
import { MODULES } from './builtins';
import { evaluate, execute, listRefusal } from './evaluate';
import { closeFrame, type Frame, LoadError, openFrame, PythonError, refuse, step } from './frame';
import { assignedNames, type Binding, compileBlock, type Code, resolve, type Scope } from './resolve';
import { binop, intToFloat } from './values';
import { type BinOp, NpFloat, NpInt, PyError, PySeq, type PyValue, type Value } from './value-types';

// Exported from here before the step budget and errors moved to frame.ts; kept so that the old import path works.
export { LoadError, PythonError, STEP_LIMIT } from './frame';

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
  /** Steps taken by all the calls so far, finished or stopped (for a budget over many calls, and for tests). */
  stepsUsed(): number;
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
  defaults: readonly Value[],
  globals: ReadonlyMap<string, Value>,
): PyFunction {
  const params = def.params.map((p) => p.name);
  const required = params.length - defaults.length;
  let steps = 0;

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
    const locals: (Value | undefined)[] = new Array(nLocals);
    for (let i = 0; i < n; i++) locals[i] = args[i];
    for (let i = n; i < params.length; i++) locals[i] = defaults[i - required];
    const frame = openFrame(locals, globals, def.at);
    try {
      const result = execute(code, frame);
      if (result instanceof PySeq) {
        throw new PythonError(
          'Not supported',
          `the function returned a ${result.typeName}; a schedule function returns one number`,
          frame.at,
        );
      }
      return result === undefined ? { value: null, at: def.at } : { value: result, at: frame.at };
    } catch (e) {
      if (e instanceof PyError) throw new PythonError(e.pyType, e.detail, frame.at);
      throw e;
    } finally {
      steps += frame.steps;
      closeFrame(frame);
    }
  };

  return {
    name: def.name,
    params,
    required,
    at: def.at,
    stepsUsed: () => steps,
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

/** Evaluates a module-level expression right away (constants, defaults), in the module's frame. */
function evalNow(scope: Scope, e: Expr, frame: Frame): Value {
  const node = resolve(scope, e);
  try {
    return evaluate(node, frame);
  } catch (err) {
    if (err instanceof PyError) throw new LoadError(err.message, frame.at);
    throw err;
  }
}

/** `name op= value` at module level: one step, and the operator's big-integer work, in the module's frame. */
function augmentNow(op: BinOp, current: Value, value: Value, at: number, frame: Frame): Value {
  try {
    step(frame, at);
    frame.at = at;
    if (current instanceof PySeq || value instanceof PySeq) throw listRefusal(`augmented assignment (${op}=) with lists`);
    return binop(op, current, value);
  } catch (err) {
    if (err instanceof PyError) throw new LoadError(err.message, at);
    throw err;
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
  // Pass 2: run the module in order, in one frame: the whole module shares one call's budget.
  const globals = new Map<string, Value>();
  const moduleScope: Scope = { bindings, locals: null };
  const pending = runModule(module, moduleScope, globals);
  const { def, defaults } = pending;
  const names = new Set(def.params.map((p) => p.name));
  assignedNames(def.body, names);
  const locals = new Map([...names].map((name, i) => [name, i]));
  const code = compileBlock({ bindings, locals }, def.body);
  return makeFunction(def, code, locals.size, defaults, globals);
}

/** Pass 2 of loadModule: the module's statements in order; returns the function with its defaults. */
function runModule(module: Module, moduleScope: Scope, globals: Map<string, Value>): { def: FunctionDef; defaults: Value[] } {
  const frame = openFrame([], globals, 0);
  try {
    return runStatements(module, moduleScope, globals, frame);
  } finally {
    closeFrame(frame);
  }
}

function runStatements(
  module: Module,
  moduleScope: Scope,
  globals: Map<string, Value>,
  frame: Frame,
): { def: FunctionDef; defaults: Value[] } {
  let pending: { def: FunctionDef; defaults: Value[] } | null = null;
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
        const value = evalNow(moduleScope, s.value, frame);
        for (const t of s.targets) globals.set(t.id, value);
        break;
      }
      case 'augassign': {
        const current = globals.get(s.target.id);
        if (current === undefined) throw new LoadError(`NameError: name '${s.target.id}' is not defined`, s.target.at);
        const value = evalNow(moduleScope, s.value, frame);
        globals.set(s.target.id, augmentNow(s.op, current, value, s.at, frame));
        break;
      }
      case 'function': {
        const defaults = s.def.params.filter((p) => p.default).map((p) => evalNow(moduleScope, p.default as Expr, frame));
        pending = { def: s.def, defaults };
        break;
      }
    }
  }
  return pending as { def: FunctionDef; defaults: Value[] };
}

function kindName(b: Binding): string {
  return b.kind === 'constant' ? 'value' : b.kind === 'user' ? 'function defined here' : b.kind;
}

/** Evaluates one expression with the given global variables (math, np and numpy are available). */
export function evaluateExpression(e: Expr, variables: ReadonlyMap<string, PyValue>): PyValue {
  const bindings = new Map<string, Binding>();
  for (const name of variables.keys()) bindings.set(name, { kind: 'constant' });
  const node = resolve({ bindings, locals: null }, e);
  const frame = openFrame([], variables, e.at);
  try {
    const v = evaluate(node, frame);
    if (v instanceof PySeq) throw listRefusal(`an expression whose value is a ${v.typeName}`);
    return v;
  } catch (err) {
    if (err instanceof PyError) throw new PythonError(err.pyType, err.detail, frame.at);
    throw err;
  } finally {
    closeFrame(frame);
  }
}
