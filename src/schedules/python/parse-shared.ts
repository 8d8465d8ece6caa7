/**
 * What the parser's files share: the error a conversion throws (CodeError, with the offset of the offending node),
 * the nesting limit, and small helpers over @lezer/common's SyntaxNode.
 */
import type { SyntaxNode, Tree } from '@lezer/common';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; at: number };

/** Deepest nesting of expressions accepted (CPython's own parser refuses around 200 nested parentheses). */
export const MAX_DEPTH = 200;

/** A refusal or SyntaxError found while converting; parse.ts turns it into a failed Parsed. */
export class CodeError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

export const notSupported = (what: string, at: number): CodeError => new CodeError(`Not supported: ${what}`, at);
export const syntaxError = (at: number, what = 'invalid syntax'): CodeError => new CodeError(`SyntaxError: ${what}`, at);

/**
 * The one check of expression nesting: every level of expression the converter descends into passes through here,
 * so that deeply nested input (((((1))))) is refused with a clear message instead of overflowing the JS stack.
 */
export function checkDepth(depth: number, at: number): void {
  if (depth > MAX_DEPTH) throw notSupported(`expressions nested more than ${MAX_DEPTH} levels deep`, at);
}

/** Children of a node, without comments (which lezer attaches wherever they appear). */
export function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** The i-th of `list`, or a SyntaxError at the end of `parent` where the grammar left it out. */
export function child(list: readonly SyntaxNode[], i: number, parent: SyntaxNode): SyntaxNode {
  const c = list[i];
  if (!c) throw syntaxError(parent.to);
  return c;
}

/** The first error node of lezer's error-tolerant tree, if any. */
export function firstError(tree: Tree): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter(ref) {
      if (found) return false;
      if (ref.type.isError) {
        found = ref.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

/** Splits a node list at separators (by node name). */
export function split(list: readonly SyntaxNode[], separator: string): SyntaxNode[][] {
  const out: SyntaxNode[][] = [[]];
  for (const n of list) {
    if (n.name === separator) out.push([]);
    else (out[out.length - 1] as SyntaxNode[]).push(n);
  }
  return out;
}
