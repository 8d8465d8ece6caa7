/**
 * The small typed syntax tree of the supported Python subset, produced by parse.ts from @lezer/python's tree.
 * `at` is an offset into the prepared text (see normalize.ts), mapped back to the user's line/column on error.
 * Names are not resolved yet: interpret.ts decides what is local, global, a module or a builtin.
 */
import type { BinOp, CmpOp, PyValue } from './value-types';

export type Expr =
  | { readonly k: 'const'; readonly value: PyValue; readonly at: number }
  | { readonly k: 'name'; readonly id: string; readonly at: number }
  /** `module.attr`, where `module` is a bare name (math.pi, np.floor). */
  | { readonly k: 'attr'; readonly object: string; readonly attr: string; readonly at: number }
  /** A string literal: only accepted as the argument of float()/int()/np.float64() (float('inf')). */
  | { readonly k: 'str'; readonly value: string; readonly at: number }
  | { readonly k: 'unary'; readonly op: '-' | '+' | 'not'; readonly operand: Expr; readonly at: number }
  | { readonly k: 'binary'; readonly op: BinOp; readonly left: Expr; readonly right: Expr; readonly at: number }
  | { readonly k: 'bool'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly at: number }
  /** `a < b <= c`: operands[i] ops[i] operands[i + 1], each operand evaluated at most once. */
  | { readonly k: 'compare'; readonly ops: readonly CmpOp[]; readonly operands: readonly Expr[]; readonly at: number }
  /** `x is None` / `x is not None`. */
  | { readonly k: 'isNone'; readonly negated: boolean; readonly operand: Expr; readonly at: number }
  | { readonly k: 'cond'; readonly test: Expr; readonly body: Expr; readonly orelse: Expr; readonly at: number }
  | { readonly k: 'call'; readonly callee: CalleeExpr; readonly args: readonly Expr[]; readonly at: number }
  /** A list display `[a, b]`, or a parenthesised tuple display `(a, b)` (tuple: true). */
  | { readonly k: 'list'; readonly items: readonly Expr[]; readonly tuple: boolean; readonly at: number }
  /** `object[index]`: one index, no slice. */
  | { readonly k: 'subscript'; readonly object: Expr; readonly index: Expr; readonly at: number };

export type CalleeExpr = Extract<Expr, { k: 'name' } | { k: 'attr' }>;

export interface Target {
  readonly id: string;
  readonly at: number;
}

export type Stmt =
  | { readonly k: 'assign'; readonly targets: readonly Target[]; readonly value: Expr; readonly at: number }
  | { readonly k: 'augassign'; readonly target: Target; readonly op: BinOp; readonly value: Expr; readonly at: number }
  | {
      readonly k: 'if';
      readonly test: Expr;
      readonly body: readonly Stmt[];
      readonly orelse: readonly Stmt[];
      readonly at: number;
    }
  | { readonly k: 'return'; readonly value: Expr | null; readonly at: number }
  | { readonly k: 'expr'; readonly value: Expr; readonly at: number }
  | { readonly k: 'pass'; readonly at: number };

export interface Param {
  readonly name: string;
  readonly default: Expr | null;
  readonly at: number;
}

export interface FunctionDef {
  /** The def's name, or '<lambda>'. */
  readonly name: string;
  /** For `f = lambda ...`, the global name the lambda is bound to (a call to it would be recursion). */
  readonly boundTo: string | null;
  readonly params: readonly Param[];
  /** A lambda's body is one `return` statement. */
  readonly body: readonly Stmt[];
  readonly at: number;
}

export type ModuleStmt =
  | { readonly k: 'import'; readonly module: 'math' | 'numpy'; readonly alias: string; readonly at: number }
  | {
      readonly k: 'from';
      readonly module: 'math' | 'numpy';
      /** null for `from math import *`. */
      readonly names: readonly { readonly name: string; readonly alias: string; readonly at: number }[] | null;
      readonly at: number;
    }
  | Extract<Stmt, { k: 'assign' } | { k: 'augassign' }>
  | { readonly k: 'function'; readonly def: FunctionDef };

export interface Module {
  readonly body: readonly ModuleStmt[];
}
