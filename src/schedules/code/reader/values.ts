/**
 * What the paste reader's expressions evaluate to (a Python value, a string, a list, a function, a module, an
 * optimizer, a scheduler, a class, or something it does not know), what a built scheduler remembers of the call
 * that made it (for mapping engine errors back to the paste), and how Python values are shown and handed on.
 */
import type { SyntaxNode } from '@lezer/common';
import type { PyValue } from '../../python';
import { NpFloat, NpInt, reprFloat } from '../../python/values';
import type { OptimizerSpec } from '../../types';
import type { OptimizerInfo } from '../catalog';

/** A lambda or a def, passed on to the engine as its source. */
export interface FunctionRef {
  /** A LambdaExpression or FunctionDefinition. */
  readonly node: SyntaxNode;
  readonly name: string;
}

export interface OptimizerValue {
  readonly framework: 'torch' | 'keras';
  readonly info: OptimizerInfo;
  readonly spec: OptimizerSpec;
  readonly source: CallSource;
  /** A Keras optimizer whose learning_rate is a schedule. */
  readonly schedule?: Built;
}

export type Value =
  | { readonly k: 'py'; readonly v: PyValue }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'seq'; readonly items: readonly Value[]; readonly at: readonly number[] }
  | { readonly k: 'fn'; readonly fn: FunctionRef }
  | { readonly k: 'module'; readonly path: string }
  | { readonly k: 'optimizer'; readonly opt: OptimizerValue }
  | { readonly k: 'sched'; readonly built: Built }
  | { readonly k: 'class'; readonly name: string; readonly base: string }
  | { readonly k: 'opaque'; readonly what: string }
  | { readonly k: 'fail'; readonly error: Located };

export interface Located {
  readonly message: string;
  /** Offset in the prepared text; or an already mapped position. */
  readonly at: number;
  readonly position?: { line: number; column: number };
}

export const opaque = (what: string): Value => ({ k: 'opaque', what });
export const failed = (message: string, at: number): Value => ({ k: 'fail', error: { message, at } });

/** A failure of a statement we use: parsing stops and reports it. */
export class Failure extends Error {
  constructor(readonly located: Located) {
    super(located.message);
  }
}

// ------------------------------------------------------------------------------------------------ sources

export interface FunctionSource {
  /** Lines of generated prelude (constants, imports) before the function's own text. */
  readonly preludeLines: number;
  /** The function's own text (a slice of the prepared text), and where it starts in the prepared text. */
  readonly text: string;
  readonly from: number;
  /**
   * Where `text` differs from the paste (`ops.exp` read as `math.exp`), in order: `at`/`length` in `text`,
   * `from`/`originalLength` in the paste, both relative to the function's start.
   */
  readonly rewrites?: readonly { readonly at: number; readonly length: number; readonly from: number; readonly originalLength: number }[];
}

/** The offset in the paste (relative to the function's start) of an offset into its possibly rewritten text. */
export function pastedOffset(fn: FunctionSource, offset: number): number {
  let shift = 0;
  for (const e of fn.rewrites ?? []) {
    if (offset < e.at) break;
    if (offset < e.at + e.length) return e.from;
    shift = e.from + e.originalLength - (e.at + e.length);
  }
  return offset + shift;
}

export interface ArgSource {
  /** Keyword name, or the value of a positional argument. */
  readonly at: number;
  readonly items?: readonly number[];
  readonly children?: readonly (CallSource | undefined)[];
  readonly fn?: FunctionSource;
}

export interface CallSource {
  /** Start of the call (its callee). */
  readonly at: number;
  /** The class name in the callee. */
  readonly nameAt: number;
  readonly args: Map<string, ArgSource>;
  optimizer?: CallSource;
}

export interface Built {
  readonly framework: 'torch' | 'keras' | 'transformers';
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly source: CallSource;
  /** Torch: the optimizer argument; Keras callbacks: set after reading everything (the compiled optimizer). */
  optimizer: OptimizerValue | undefined;
  consumed: boolean;
  readonly isCallback: boolean;
  /** Where the code calls its step(): per optimizer step (in the batch loop) or per epoch, if seen. */
  steppedPer?: 'epoch' | 'step';
}

/** A call's argument node, and where to report it (its keyword name, or the value of a positional argument). */
export interface BoundArgument {
  readonly value: SyntaxNode;
  readonly at: number;
}

// ------------------------------------------------------------------------------------------------ Python values

export function kindOf(v: Value): string {
  switch (v.k) {
    case 'py':
      return typeof v.v === 'boolean' ? 'a bool' : v.v === null ? 'None' : 'a number';
    case 'str':
      return 'a string';
    case 'seq':
      return 'a list';
    case 'fn':
      return 'a function';
    case 'module':
      return `the module '${v.path}'`;
    case 'optimizer':
      return 'an optimizer';
    case 'sched':
      return `a ${v.built.name} scheduler`;
    case 'class':
      return `the class ${v.name}`;
    case 'opaque':
      return v.what;
    case 'fail':
      return 'an error';
  }
}

export function pyRepr(v: PyValue): string | null {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return v.toString();
    case 'number':
      if (Number.isNaN(v)) return "float('nan')";
      if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
      return reprFloat(v);
    default:
      if (v instanceof NpFloat) return pyRepr(v.v);
      if (v instanceof NpInt) return v.v.toString();
      return null;
  }
}

export function pyToJs(v: PyValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof NpFloat) return v.v;
  if (v instanceof NpInt) return Number(v.v);
  return v;
}

export function isInt(v: PyValue): boolean {
  return typeof v === 'bigint' || typeof v === 'boolean' || v instanceof NpInt;
}

// ------------------------------------------------------------------------------------------------ records

/** A record's own entry (never an inherited one such as `constructor` or `__proto__`). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets an own property, also for names like `__proto__` (which plain assignment would treat as the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
