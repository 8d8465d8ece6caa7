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
 *   unterminated strings, unbalanced brackets, invalid characters, and indentation (unexpected indent, unindent
 *   that matches no outer level, missing indented block, and TabError for tabs and spaces mixed inconsistently;
 *   a tab advances to the next multiple of 8 columns, as in CPython).
 */
import { fail, ok, type Result } from '../types';

export interface Position {
  readonly line: number;
  readonly column: number;
}

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
  '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008',
  '\u2009', '\u200A', '\u202F', '\u205F', '\u3000', '\u000B',
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

// ------------------------------------------------------------------------------------------------ scanner

/** A line that starts a statement (not blank, not only a comment, not inside brackets or a continued line). */
interface LogicalLine {
  readonly lineStart: number;
  /** Offset of the first non-blank character. */
  readonly indentEnd: number;
  /** Whether the statement's last token is ':' (so an indented block must follow). */
  endsWithColon: boolean;
}

interface Scan {
  readonly lines: LogicalLine[];
  /** Offsets of the '.' of a literal like `1.` or `1.e5`, after which a '0' is inserted. */
  readonly numberFixes: ReadonlySet<number>;
}

interface ScanError {
  readonly message: string;
  readonly at: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

const isExponentAt = (text: string, j: number): boolean =>
  (text[j] === 'e' || text[j] === 'E') &&
  (isDigit(text[j + 1]) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2])));

/**
 * Scans a Python number literal that starts at `i` (a digit, or '.' then a digit): where it ends, and the index
 * of a bare trailing dot (`1.`, `1.e5`), which lezer's grammar misreads and the callers rewrite as `1.0`.
 * Shared by this normaliser and the pasted-code reader (../code/source.ts).
 */
export function scanNumberLiteral(text: string, i: number): { end: number; bareDot: number | undefined } {
  let j = i;
  let bareDot: number | undefined;
  if (text[i] === '0' && /[xXoObB]/.test(text[j + 1] ?? '')) {
    j += 2;
    while (/[0-9a-zA-Z_]/.test(text[j] ?? '')) j++;
    return { end: j, bareDot };
  }
  while (isDigit(text[j]) || text[j] === '_') j++;
  if (text[j] === '.') {
    const dot = j;
    j++;
    if (isDigit(text[j])) {
      while (isDigit(text[j]) || text[j] === '_') j++;
    } else if (dot > i && (!/[A-Za-z0-9_]/.test(text[j] ?? '') || isExponentAt(text, j))) {
      bareDot = dot;
    }
  }
  if (isExponentAt(text, j)) {
    j += 2;
    while (isDigit(text[j]) || text[j] === '_') j++;
  }
  if (text[j] === 'j' || text[j] === 'J') j++;
  return { end: j, bareDot };
}
const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);
const CLOSER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function scan(text: string): Scan | ScanError {
  const n = text.length;
  const lines: LogicalLine[] = [];
  const numberFixes = new Set<number>();
  const brackets: { ch: string; at: number }[] = [];
  let current: LogicalLine | null = null;
  let last = '';
  let continued = false;
  let i = 0;
  let lineStart = true;

  const endLogicalLine = (): void => {
    if (current) current.endsWithColon = last === ':';
    current = null;
    last = '';
  };

  while (i <= n) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (brackets.length === 0 && !continued) {
        const c = text[j];
        if (j < n && c !== '\n' && c !== '#') {
          current = { lineStart: i, indentEnd: j, endsWithColon: false };
          lines.push(current);
        }
      }
      continued = false;
      i = j;
      continue;
    }
    if (i >= n) break;
    const c = text[i] as string;
    if (c === '\n') {
      if (brackets.length === 0) endLogicalLine();
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        continued = true;
        i += 2;
        lineStart = true;
        continue;
      }
      if (i + 1 >= n) return { message: 'SyntaxError: unexpected EOF while parsing', at: i };
      return { message: 'SyntaxError: unexpected character after line continuation character', at: i };
    }
    if (c === '"' || c === "'") {
      const end = scanString(text, i, i);
      if (typeof end !== 'number') return end;
      i = end;
      last = 'string';
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      const { end: j, bareDot } = scanNumberLiteral(text, i);
      if (bareDot !== undefined) numberFixes.add(bareDot);
      i = j;
      last = 'number';
      continue;
    }
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (ID_START.test(ch)) {
      let j = i + ch.length;
      while (j < n) {
        const next = String.fromCodePoint(text.codePointAt(j) as number);
        if (!ID_CONTINUE.test(next)) break;
        j += next.length;
      }
      const word = text.slice(i, j);
      if ((text[j] === '"' || text[j] === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
        const end = scanString(text, i, j);
        if (typeof end !== 'number') return end;
        i = end;
        last = 'string';
        continue;
      }
      i = j;
      last = 'name';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      brackets.push({ ch: c, at: i });
    } else if (c === ')' || c === ']' || c === '}') {
      const open = brackets.pop();
      if (!open) return { message: `SyntaxError: unmatched '${c}'`, at: i };
      if (open.ch !== CLOSER[c]) {
        return {
          message: `SyntaxError: closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'`,
          at: i,
        };
      }
    } else if (cp > 0x7e || (cp < 0x20 && c !== '\t')) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      const shown = cp < 0x20 ? `non-printable character U+${hex}` : `character '${ch}' (U+${hex})`;
      return { message: `SyntaxError: invalid ${shown}`, at: i };
    }
    last = c;
    i += ch.length;
  }
  const open = brackets.pop();
  if (open) return { message: `SyntaxError: '${open.ch}' was never closed`, at: open.at };
  endLogicalLine();
  return { lines, numberFixes };
}

/** Offset just past the string literal whose quote is at `quoteAt`, or an error. */
function scanString(text: string, start: number, quoteAt: number): number | ScanError {
  const q = text[quoteAt] as string;
  const triple = text.startsWith(q + q + q, quoteAt);
  let j = quoteAt + (triple ? 3 : 1);
  for (;;) {
    if (j >= text.length) {
      const what = triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
      return { message: `SyntaxError: ${what}`, at: start };
    }
    const ch = text[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (!triple && ch === '\n') return { message: 'SyntaxError: unterminated string literal', at: start };
    if (triple ? text.startsWith(q + q + q, j) : ch === q) return j + (triple ? 3 : 1);
    j++;
  }
}

// ------------------------------------------------------------------------------------------------ lines

/** Step 2: remove the indentation common to all statement lines; expand `1.` to `1.0`. */
function dedentAndFix(text: string, origin: readonly number[], info: Scan): { text: string; origin: number[] } {
  let common: string | null = null;
  for (const line of info.lines) {
    const indent = text.slice(line.lineStart, line.indentEnd);
    if (common === null) common = indent;
    else {
      let k = 0;
      while (k < common.length && k < indent.length && common[k] === indent[k]) k++;
      common = common.slice(0, k);
    }
  }
  const strip = common ?? '';
  const b = new Builder();
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    if (atLineStart) {
      atLineStart = false;
      let k = 0;
      while (k < strip.length && text[i + k] === strip[k]) k++;
      i += k;
      if (i >= text.length) break;
    }
    const c = text[i] as string;
    b.push(c, origin[i] as number);
    if (info.numberFixes.has(i)) b.push('0', origin[i] as number);
    if (c === '\n') atLineStart = true;
  }
  return b.finish(origin[text.length] as number);
}

/** Widths of an indentation with tabs to multiples of 8 (CPython's col) and with tabs as 1 (its altcol). */
function widths(indent: string): { col: number; alt: number } {
  let col = 0;
  for (const c of indent) col = c === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
  return { col, alt: indent.length };
}

/** CPython's MAXINDENT. */
const MAX_INDENT = 100;

function checkIndentation(text: string, lines: readonly LogicalLine[]): ScanError | null {
  const stack: { col: number; alt: number }[] = [{ col: 0, alt: 0 }];
  const tabError = (at: number): ScanError => ({
    message: 'TabError: inconsistent use of tabs and spaces in indentation',
    at,
  });
  let opener: LogicalLine | null = null;
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

// ------------------------------------------------------------------------------------------------ positions

function positionIn(source: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\n' || c === '\u2028' || c === '\u2029' || (c === '\r' && source[i + 1] !== '\n')) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo] as number;
    const column = Array.from(source.slice(lineStart, offset)).length + 1;
    return { line: lo + 1, column };
  };
}

/** Normalises, dedents and checks `source`; errors come back with 1-based line/column in `source`. */
export function prepare(source: string): Result<Prepared> {
  const originalPosition = positionIn(source);
  if (source.length > MAX_SOURCE_LENGTH) {
    return fail({ message: `SyntaxError: the code is too long (more than ${MAX_SOURCE_LENGTH} characters)`, line: 1, column: 1 });
  }
  const step1 = normalizeCharacters(source);
  const scan1 = scan(step1.text);
  const errorAt = (e: ScanError, origin: readonly number[]): Result<Prepared> => {
    const at = origin[Math.min(e.at, origin.length - 1)] as number;
    return fail({ message: e.message, ...originalPosition(at) });
  };
  if ('message' in scan1) return errorAt(scan1, step1.origin);
  const step2 = dedentAndFix(step1.text, step1.origin, scan1);
  const scan2 = scan(step2.text);
  if ('message' in scan2) return errorAt(scan2, step2.origin);
  const indentation = checkIndentation(step2.text, scan2.lines);
  const { text, origin } = step2;
  const position = (offset: number): Position => {
    const clamped = Math.max(0, Math.min(offset, origin.length - 1));
    return originalPosition(origin[clamped] as number);
  };
  if (indentation) {
    // The message names the opener's line by offset; translate it to an original line number.
    const message = indentation.message.replace(
      /after line (\d+)$/,
      (_, offset: string) => `after line ${position(Number(offset)).line}`,
    );
    return fail({ message, ...position(indentation.at) });
  }
  return ok({ text, origin, position });
}
