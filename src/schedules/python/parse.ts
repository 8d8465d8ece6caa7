/**
 * @lezer/python's syntax tree -> the small AST of ast.ts, refusing everything outside the supported subset with
 * a message and the offset of the offending node: statements in parse-statements.ts, expressions in
 * parse-expressions.ts, what they share (CodeError, the nesting limit) in parse-shared.ts.
 * lezer is error-tolerant: any error node is reported as a SyntaxError at its position.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Expr, Module } from './ast';
import { CodeError, firstError, kids, notSupported, type Parsed } from './parse-shared';
import { StatementConverter } from './parse-statements';

export { MAX_DEPTH, type Parsed } from './parse-shared';

function run<T>(text: string, convert: (c: StatementConverter, script: SyntaxNode) => T): Parsed<T> {
  const tree = parser.parse(text);
  const error = firstError(tree);
  if (error) return { ok: false, message: 'SyntaxError: invalid syntax', at: error.from };
  try {
    return { ok: true, value: convert(new StatementConverter(text), tree.topNode) };
  } catch (e) {
    if (e instanceof CodeError) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
}

/** Parses prepared text holding imports, constants and one function (see index.ts). */
export function parseModule(text: string): Parsed<Module> {
  return run(text, (c, script) => c.module(script));
}

/** Parses prepared text holding exactly one expression. */
export function parseExpression(text: string): Parsed<Expr> {
  return run(text, (c, script) => {
    const statements = kids(script);
    const st = statements[0];
    if (statements.length !== 1 || st?.name !== 'ExpressionStatement') {
      throw new CodeError('SyntaxError: expected one expression', st?.from ?? 0);
    }
    const ks = kids(st);
    if (ks.length !== 1) throw notSupported('tuples', st.from);
    return c.expr(ks[0] as SyntaxNode, 0);
  });
}
