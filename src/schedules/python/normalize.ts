/**
 * Turns text pasted from a web page, a notebook or an editor into what CPython would read, remembering for every
 * character where it came from so that errors point at the line and column of the ORIGINAL text.
 *
 * - characters: a BOM and zero-width characters are dropped; non-breaking and other Unicode spaces become ' ';
 *   curly quotes become straight ones; the minus sign U+2212 becomes '-'; CRLF, CR, U+2028/9 become '\n'.
 * - lines: a pasted block that is indented as a whole is dedented (the whitespace common to every line that starts
 *   a statement is removed, like textwrap.dedent).
 * - numbers: `1.` and `1.e-3` (valid Python) become `1.0` and `1.0e-3`, which @lezer/python's tokenizer needs.
 * - checks done here with CPython's messages, because the grammar is error-tolerant or too lenient about them:
 *   unterminated strings, unbalanced brackets, invalid characters (the strict mode of the shared scanner,
 *   ./lexer.ts, which the pasted-code reader uses in its tolerant mode), and indentation (unexpected indent,
 *   unindent that matches no outer level, missing indented block, and TabError for tabs and spaces mixed
 *   inconsistently; a tab advances to the next multiple of 8 columns, as in CPython).
 */
import { fail, ok, type Result } from '../types';
import { type LexProblem, lex, type StatementLine } from './lexer';
import { type Position, positionsIn, rewrite } from './origins';

export type { Position } from './origins';

export interface Prepared {
  /** The text to parse. */
  readonly text: string;
  /** origin[i] is the offset in the original source of text[i]; origin[text.length] is the source's length. */
  readonly origin: readonly number[];
  /** 1-based line and column (in Unicode code points) in the original source of an offset into `text`. */
  position(offset: number): Position;
}

/** Longest source accepted: a schedule function is a few lines; this bounds the work a paste can cause. */
export const MAX_SOURCE_LENGTH = 100_000;

const DROPPED = new Set(['\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060', '\u00AD']);
const SPACES = new Set([
  '\u00A0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200A',
  '\u202F',
  '\u205F',
  '\u3000',
  '\u000B',
]);
const SINGLE_QUOTES = new Set(['\u2018', '\u2019', '\u201A', '\u201B']);
const DOUBLE_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u201F']);

class Builder {
  private readonly parts: string[] = [];
  readonly origin: number[] = [];
  push(ch: string, from: number): void {
    this.parts.push(ch);
    this.origin.push(from);
  }
  finish(end: number): { text: string; origin: number[] } {
    this.origin.push(end);
    return { text: this.parts.join(''), origin: this.origin };
  }
}

/**
 * Step 1: character-level clean-up. Curly quotes are straightened where they delimit strings (float(“inf”),
 * “””docstring”””) but kept inside a string opened by a straight quote ('it’s' stays one string).
 */
export function normalizeCharacters(source: string): { text: string; origin: number[] } {
  const b = new Builder();
  /** Inside a string literal: its quote character, whether it is triple-quoted and whether it opened curly. */
  let str: { q: string; triple: boolean; curly: boolean } | null = null;
  let comment = false;
  for (let i = 0; i < source.length; i++) {
    let c = source[i] as string;
    const at = i;
    if (c === '\r') {
      if (source[i + 1] === '\n') i++;
      c = '\n';
    } else if (c === '\u2028' || c === '\u2029') c = '\n';
    if (DROPPED.has(c) || c === '\f') continue;
    if (SPACES.has(c)) c = ' ';
    else if (c === '\u2212') c = '-';
    const curly = SINGLE_QUOTES.has(c) ? "'" : DOUBLE_QUOTES.has(c) ? '"' : null;
    if (comment) {
      if (c === '\n') comment = false;
    } else if (str) {
      if (c === '\\') {
        // An escaped character is content, whatever it is; an escaped newline continues the string.
        b.push(c, i);
        const next = source[i + 1];
        if (next === '\r' || next === '\n' || next === '\u2028' || next === '\u2029') {
          b.push('\n', i + 1);
          i += next === '\r' && source[i + 2] === '\n' ? 2 : 1;
        } else if (next !== undefined) {
          b.push(next, i + 1);
          i++;
        }
        continue;
      }
      const q = curly && str.curly ? curly : c;
      if (q === str.q && (!str.triple || closesTriple(source, i, str))) {
        for (let k = 0; k < (str.triple ? 3 : 1); k++) b.push(q, at + k);
        i += str.triple ? 2 : 0;
        str = null;
        continue;
      }
      if (c === '\n' && !str.triple) str = null;
    } else if (c === '#') {
      comment = true;
    } else if (c === "'" || c === '"' || curly) {
      const q = curly ?? c;
      const triple = quoteAt(source, i + 1) === q && quoteAt(source, i + 2) === q;
      str = { q, triple, curly: curly !== null };
      for (let k = 0; k < (triple ? 3 : 1); k++) b.push(q, i + k);
      i += triple ? 2 : 0;
      continue;
    }
    b.push(c, at);
  }
  return b.finish(source.length);
}

/** The quote a character stands for (straight or curly), or null. */
function quoteAt(source: string, i: number): string | null {
  const c = source[i];
  if (c === "'" || c === '"') return c;
  if (c !== undefined && SINGLE_QUOTES.has(c)) return "'";
  if (c !== undefined && DOUBLE_QUOTES.has(c)) return '"';
  return null;
}

/** Whether three quotes closing `str` start at i (curly ones count only in a string that opened curly). */
function closesTriple(source: string, i: number, str: { q: string; curly: boolean }): boolean {
  for (let k = 0; k < 3; k++) {
    const c = source[i + k];
    const q = str.curly ? quoteAt(source, i + k) : c;
    if (q !== str.q) return false;
  }
  return true;
}

// ------------------------------------------------------------------------------------------------ indentation

/** Widths of an indentation with tabs to multiples of 8 (CPython's col) and with tabs as 1 (its altcol). */
function widths(indent: string): { col: number; alt: number } {
  let col = 0;
  for (const c of indent) col = c === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
  return { col, alt: indent.length };
}

/** CPython's MAXINDENT. */
const MAX_INDENT = 100;

function checkIndentation(text: string, lines: readonly StatementLine[]): LexProblem | null {
  const stack: { col: number; alt: number }[] = [{ col: 0, alt: 0 }];
  const tabError = (at: number): LexProblem => ({
    message: 'TabError: inconsistent use of tabs and spaces in indentation',
    at,
  });
  let opener: StatementLine | null = null;
  for (const line of lines) {
    const { col, alt } = widths(text.slice(line.lineStart, line.indentEnd));
    let top = stack[stack.length - 1] as { col: number; alt: number };
    const at = line.indentEnd;
    if (col > top.col) {
      if (alt <= top.alt) return tabError(at);
      if (!opener) return { message: 'IndentationError: unexpected indent', at };
      stack.push({ col, alt });
      if (stack.length > MAX_INDENT) return { message: 'IndentationError: too many levels of indentation', at };
    } else {
      while (col < top.col) {
        stack.pop();
        top = stack[stack.length - 1] as { col: number; alt: number };
      }
      if (col !== top.col) {
        return { message: 'IndentationError: unindent does not match any outer indentation level', at };
      }
      if (alt !== top.alt) return tabError(at);
      if (opener) return { message: `IndentationError: expected an indented block after line ${opener.lineStart}`, at };
    }
    opener = line.endsWithColon ? line : null;
  }
  if (opener) {
    return { message: `IndentationError: expected an indented block after line ${opener.lineStart}`, at: text.length };
  }
  return null;
}

/** Normalises, dedents and checks `source`; errors come back with 1-based line/column in `source`. */
export function prepare(source: string): Result<Prepared> {
  const originalPosition = positionsIn(source);
  if (source.length > MAX_SOURCE_LENGTH) {
    return fail({ message: `SyntaxError: the code is too long (more than ${MAX_SOURCE_LENGTH} characters)`, line: 1, column: 1 });
  }
  const step1 = normalizeCharacters(source);
  const errorAt = (e: LexProblem, origin: readonly number[]): Result<Prepared> => {
    const at = origin[Math.min(e.at, origin.length - 1)] as number;
    return fail({ message: e.message, ...originalPosition(at) });
  };
  const scan1 = lex(step1.text, 'strict');
  if ('error' in scan1) return errorAt(scan1.error, step1.origin);
  const step2 = rewrite(step1.text, step1.origin, scan1, source.length);
  // Scanned again for the statement lines of the dedented text, which the indentation check reads.
  const scan2 = lex(step2.text, 'strict');
  if ('error' in scan2) return errorAt(scan2.error, step2.origin);
  const indentation = checkIndentation(step2.text, scan2.lines);
  const { text, origin } = step2;
  const position = (offset: number): Position => {
    const clamped = Math.max(0, Math.min(offset, origin.length - 1));
    return originalPosition(origin[clamped] as number);
  };
  if (indentation) {
    // The message names the opener's line by offset; translate it to an original line number.
    const message = indentation.message.replace(/after line (\d+)$/, (_, offset: string) => `after line ${position(Number(offset)).line}`);
    return fail({ message, ...position(indentation.at) });
  }
  return ok({ text, origin, position });
}
