/**
 * The prepared paste as the reader sees it, and error positions: which repairs and syntax errors lie inside a
 * statement we use, how an error becomes `{ message, line, column }` in the text as pasted, and how an engine
 * error's `path` (`args.schedulers[1].args.gamma`) and its line inside a function argument map back to the paste.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { fail, type Result, type ScheduleError } from '../../types';
import { offsetOf, type Snippet } from '../source';
import { type ArgSource, type Built, type CallSource, Failure, type Located, pastedOffset } from './values';

export class PastedText {
  /** The prepared text, which the tree was parsed from. */
  readonly text: string;
  /** Offsets of lezer's error nodes, sorted. */
  private readonly errors: number[] = [];

  constructor(
    readonly snippet: Snippet,
    tree: Tree,
  ) {
    this.text = snippet.text;
    tree.iterate({
      enter: (ref) => {
        if (ref.type.isError) this.errors.push(ref.from);
      },
    });
    this.errors.sort((a, b) => a - b);
  }

  src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  /** A node's text on one line, cut at 40 characters, for messages. */
  excerpt(n: SyntaxNode): string {
    const s = this.src(n).replace(/\s+/g, ' ');
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  }

  /** The first repair or syntax error inside [from, to), as a Located, if any. */
  brokenIn(from: number, to: number): Located | undefined {
    const problem = this.snippet.problemIn(from, to);
    let lo = 0;
    let hi = this.errors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.errors[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    const error = this.errors[lo];
    const syntax = error !== undefined && error < to ? { message: 'SyntaxError: invalid syntax', at: error } : undefined;
    if (problem && (!syntax || problem.at <= syntax.at)) return problem;
    return syntax;
  }

  checkIntact(from: number, to: number): void {
    const broken = this.brokenIn(from, to);
    if (broken) throw new Failure(broken);
  }

  /** The end of the line a statement ends on (a stray `)` after it belongs to it). */
  lineEnd(to: number): number {
    const nl = this.text.indexOf('\n', to);
    return nl < 0 ? this.text.length : nl;
  }

  /** The failed result for an error, at its line and column in the text as pasted. */
  fail(located: Located): Result<never> {
    const position = located.position ?? this.snippet.position(located.at);
    return fail({ message: located.message, line: position.line, column: position.column });
  }
}

/** Maps an engine error (its `path`, and line/column inside a function argument) to the paste. */
export function locate(error: ScheduleError, built: Built): Located {
  const tokens = [...(error.path ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)];
  let call: CallSource = built.source;
  let at = call.at;
  let arg: ArgSource | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.[1];
    const index = tokens[i]?.[2];
    if (index !== undefined) {
      const k = Number(index);
      const child = arg?.children?.[k];
      if (child) {
        call = child;
        at = child.at;
        arg = undefined;
      } else if (arg?.items?.[k] !== undefined) {
        at = arg.items[k] as number;
      }
      continue;
    }
    if (word === 'name') {
      at = call.nameAt;
    } else if (word === 'args') {
      const param = tokens[i + 1]?.[1];
      i++;
      arg = param ? call.args.get(param) : undefined;
      at = arg ? arg.at : call.at;
    } else if (word === 'optimizer') {
      const param = tokens[i + 1]?.[1];
      i++;
      const opt = call.optimizer;
      const optArg = param && opt ? opt.args.get(param) : undefined;
      at = optArg ? optArg.at : (opt?.at ?? call.at);
    }
  }
  if (arg?.fn && error.line !== undefined && error.column !== undefined) {
    const fn = arg.fn;
    const line = error.line - fn.preludeLines;
    const offset = line < 1 ? 0 : offsetOf(fn.text, line, error.column);
    return { message: error.message, at: fn.from + pastedOffset(fn, offset) };
  }
  return { message: error.message, at };
}
