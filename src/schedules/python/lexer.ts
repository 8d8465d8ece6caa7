/**
 * The one Python line scanner, shared by the safe expression language (./normalize.ts, strict) and the pasted-code
 * reader (../code/source.ts, tolerant). It runs on text whose characters are already normalised
 * (normalizeCharacters in ./normalize.ts) and reads it as CPython's tokenizer does, as far as lines are concerned:
 *
 * - names: an identifier is one token (`layer1.e5` is a name, a dot and a name: no number inside it);
 * - strings: a prefix is one of r, u, b, f, br, rb, fr, rf in any case (`Rb'x'`, `fR"x"`); any other word before a
 *   quote (`ur'x'`, `ub'x'`, `rbf'x'`) is a name followed by a string, as in Python 3. Single-quoted strings end at
 *   their quote or at an unescaped newline, triple-quoted ones at three quotes; a backslash escapes the next
 *   character in every string, raw ones included (`r'a\'b'` is one string), and an escaped newline continues it;
 * - numbers: see scanNumberLiteral; `1.` and `1.e-3` get a '0' after the dot (@lezer/python's tokenizer needs it);
 * - comments run to the end of the line; a backslash before a newline joins two lines;
 * - brackets: a newline inside brackets does not end the statement.
 *
 * The two modes differ only in what happens at an error:
 * - strict: the first one stops the scan, with CPython's message (unterminated string, unmatched or mismatched
 *   bracket, "'(' was never closed" for the innermost bracket left open at the end, a backslash not followed by a
 *   newline, an invalid character);
 * - tolerant: nothing stops it. An unterminated string ends at the end of its line (single-quoted) or of the text;
 *   stray backslashes and invalid characters are read as punctuation; bracket errors are repaired and recorded as
 *   problems with CPython's message: an unmatched closer is blanked, a mismatched closer is replaced by the right
 *   one, and brackets still open where a new statement evidently starts (a line no deeper than the statement that
 *   opened them, after a line that cannot continue) are closed right after the last code character before it.
 *
 * ./origins.ts applies the edits and the dedent, keeping every character's offset in the original.
 */

/** A line that starts a statement: not blank, not only a comment, not inside brackets or after a backslash. */
export interface StatementLine {
  readonly lineStart: number;
  /** Offset of the first non-blank character. */
  readonly indentEnd: number;
  /** Whether the statement's last token is ':' (so an indented block must follow). */
  readonly endsWithColon: boolean;
}

export interface LexProblem {
  /** Offset in the scanned text. */
  readonly at: number;
  readonly message: string;
}

/** A change to the scanned text: `insert` goes before offset `at`; `replace` replaces the character at `at`. */
export interface Edit {
  readonly at: number;
  readonly insert?: string;
  readonly replace?: string;
  /** For an insertion: the offset whose origin the inserted characters report (default `at`). */
  readonly reportAt?: number;
}

export interface Lexed {
  readonly lines: readonly StatementLine[];
  /** '0' after bare dots (both modes) and, in tolerant mode, the bracket repairs; in the order found. */
  readonly edits: readonly Edit[];
  /** Tolerant mode: one per bracket repair. Strict mode: always empty. */
  readonly problems: readonly LexProblem[];
}

export type LexMode = 'strict' | 'tolerant';

/** What `lex` reports to an `onToken` listener: whole names, strings (prefix included), numbers and comments; 'op' is one character. */
export type TokenKind = 'name' | 'string' | 'number' | 'comment' | 'op';
export type TokenListener = (kind: TokenKind, from: number, to: number) => void;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

const isExponentAt = (text: string, j: number): boolean =>
  (text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1]) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2])));

/**
 * Scans a Python number literal that starts at `i` (a digit, or '.' then a digit): where it ends, and the index
 * of a bare trailing dot (`1.`, `1.e5`), which lezer's grammar misreads and the callers rewrite as `1.0`.
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

/** What CPython's str.isprintable() refuses (other than ' '): controls, format characters, surrogates, private-use and unassigned code points, separators. */
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;
/** Python 3's string prefixes, lower-cased. */
const STRING_PREFIXES: ReadonlySet<string> = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);
const CLOSER: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const OPENER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Offset just past the identifier starting at `i` (whose first code point is an ID_Start character). */
function wordEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const code = text.charCodeAt(j);
    // ASCII fast path; anything else goes through the Unicode property test.
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f) {
      j++;
      continue;
    }
    if (code < 0x80) break;
    const ch = String.fromCodePoint(text.codePointAt(j) as number);
    if (!ID_CONTINUE.test(ch)) break;
    j += ch.length;
  }
  return j;
}

/**
 * The string literal whose opening quote is at `quoteAt` (its prefix starts at `start`): the offset just past it,
 * or, unterminated, where a tolerant reader ends it (the newline, or the end of the text) and CPython's message.
 */
function scanString(text: string, start: number, quoteAt: number): { end: number; unterminated?: LexProblem } {
  const q = text[quoteAt] as string;
  const triple = text.startsWith(q + q + q, quoteAt);
  let j = quoteAt + (triple ? 3 : 1);
  for (;;) {
    if (j >= text.length) {
      const what = triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
      return { end: text.length, unterminated: { at: start, message: `SyntaxError: ${what}` } };
    }
    const ch = text[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (!triple && ch === '\n') return { end: j, unterminated: { at: start, message: 'SyntaxError: unterminated string literal' } };
    if (triple ? text.startsWith(q + q + q, j) : ch === q) return { end: j + (triple ? 3 : 1) };
    j++;
  }
}

/** Width of the indentation at `from`, a tab advancing to the next multiple of 8 (CPython's col). */
function indentAt(text: string, from: number): { width: number; end: number } {
  let width = 0;
  let j = from;
  for (; j < text.length; j++) {
    const c = text[j];
    if (c === ' ') width++;
    else if (c === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else break;
  }
  return { width, end: j };
}

// ------------------------------------------------------------------------------------------------ recovery

const STATEMENT_KEYWORDS = new Set([
  'def',
  'class',
  'import',
  'return',
  'with',
  'while',
  'try',
  'except',
  'finally',
  'raise',
  'assert',
  'del',
  'global',
  'nonlocal',
  'pass',
  'break',
  'continue',
  'elif',
  'async',
]);
/** Words that may start a line continuing an expression (so they never start a recovery). */
const CONTINUING_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'from', 'as', 'await', 'yield']);
/** A line after one ending with these characters continues the expression. */
const CONTINUES = new Set([',', '(', '[', '{', '\\', '+', '-', '*', '/', '%', '=', '<', '>', '&', '|', '^', '~', ':', '.', '@', '!']);

/** Tolerant mode: whether the line whose first non-blank character is at `start` evidently starts a new statement. */
function startsStatement(text: string, start: number, lastCodeChar: string): boolean {
  const m = /^[@A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(start, start + 40));
  const word = m ? m[0] : '';
  if (text[start] === '@') return true;
  if (STATEMENT_KEYWORDS.has(word)) return true;
  if (word === 'from' && /^from\s+[\w.]+\s+import\b/.test(text.slice(start, start + 200))) return true;
  // `name = value` with spaces, no deeper than the statement left open: an assignment, not a keyword argument
  // (a continuation line inside brackets is indented, and PEP 8 writes keyword arguments without spaces).
  if (/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)* = (?!=)/.test(text.slice(start, start + 200))) return true;
  if (CONTINUES.has(lastCodeChar)) return false;
  if (word === '' || CONTINUING_WORDS.has(word)) return false;
  return true;
}

// ------------------------------------------------------------------------------------------------ scanner

/** Scans `text` (see the file comment). Strict mode returns the first error instead. */
export function lex(text: string, mode: 'tolerant', onToken?: TokenListener): Lexed;
export function lex(text: string, mode: 'strict', onToken?: TokenListener): Lexed | { readonly error: LexProblem };
export function lex(text: string, mode: LexMode, onToken?: TokenListener): Lexed | { readonly error: LexProblem } {
  const strict = mode === 'strict';
  const n = text.length;
  const lines: { lineStart: number; indentEnd: number; endsWithColon: boolean }[] = [];
  const edits: Edit[] = [];
  const problems: LexProblem[] = [];
  const stack: { ch: string; at: number }[] = [];
  let current: { endsWithColon: boolean } | null = null;
  /** The current statement's last token: ':' or anything else. */
  let last = '';
  /** Tolerant recovery: the last code character, where it ends, and the indentation of the current statement. */
  let lastCodeChar = '';
  let lastCodeEnd = 0;
  let stmtIndent = 0;
  let continued = false;
  let i = 0;
  let lineStart = true;

  const endStatement = (): void => {
    if (current) current.endsWithColon = last === ':';
    current = null;
    last = '';
  };
  const closeAll = (): void => {
    const innermost = stack[stack.length - 1];
    if (!innermost) return;
    problems.push({ at: innermost.at, message: `SyntaxError: '${innermost.ch}' was never closed` });
    const closers = stack
      .map((s) => OPENER[s.ch] as string)
      .reverse()
      .join('');
    edits.push({ at: lastCodeEnd, insert: closers });
    stack.length = 0;
    lastCodeChar = closers[closers.length - 1] ?? '';
  };
  const error = (at: number, message: string) => ({ error: { at, message } });

  while (i <= n) {
    if (lineStart) {
      lineStart = false;
      const { width, end } = indentAt(text, i);
      const c = text[end];
      const blank = end >= n || c === '\n' || c === '#';
      if (!strict && !blank && stack.length > 0 && !continued && c !== ')' && c !== ']' && c !== '}' && width <= stmtIndent) {
        if (startsStatement(text, end, lastCodeChar)) closeAll();
      }
      if (!blank && stack.length === 0 && !continued) {
        endStatement();
        const line = { lineStart: i, indentEnd: end, endsWithColon: false };
        lines.push(line);
        current = line;
        stmtIndent = width;
      }
      continued = false;
      i = end;
      continue;
    }
    if (i >= n) break;
    const c = text[i] as string;
    if (c === '\n') {
      if (stack.length === 0) endStatement();
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') {
      const from = i;
      while (i < n && text[i] !== '\n') i++;
      onToken?.('comment', from, i);
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      continued = true;
      lastCodeChar = '\\';
      lastCodeEnd = i + 1;
      i += 2;
      lineStart = true;
      continue;
    }
    if (c === '\\' && strict) {
      if (i + 1 >= n) return error(i, 'SyntaxError: unexpected EOF while parsing');
      return error(i, 'SyntaxError: unexpected character after line continuation character');
    }
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    let quoteAt = c === '"' || c === "'" ? i : -1;
    if (quoteAt < 0 && ID_START.test(ch)) {
      const j = wordEnd(text, i);
      if ((text[j] === '"' || text[j] === "'") && j - i <= 2 && STRING_PREFIXES.has(text.slice(i, j).toLowerCase())) {
        quoteAt = j;
      } else {
        onToken?.('name', i, j);
        last = 'name';
        lastCodeChar = text[j - 1] as string;
        i = j;
        lastCodeEnd = i;
        continue;
      }
    }
    if (quoteAt >= 0) {
      const s = scanString(text, i, quoteAt);
      if (s.unterminated && strict) return { error: s.unterminated };
      onToken?.('string', i, s.end);
      last = 'string';
      lastCodeChar = text[quoteAt] as string;
      i = s.end;
      lastCodeEnd = i;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      const { end, bareDot } = scanNumberLiteral(text, i);
      if (bareDot !== undefined) edits.push({ at: bareDot + 1, insert: '0', reportAt: bareDot });
      onToken?.('number', i, end);
      last = 'number';
      lastCodeChar = '0';
      i = end;
      lastCodeEnd = i;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      stack.push({ ch: c, at: i });
    } else if (c === ')' || c === ']' || c === '}') {
      const open = stack[stack.length - 1];
      if (!open) {
        const message = `SyntaxError: unmatched '${c}'`;
        if (strict) return error(i, message);
        problems.push({ at: i, message });
        edits.push({ at: i, replace: ' ' });
        onToken?.('op', i, i + 1);
        i++;
        continue;
      }
      stack.pop();
      if (open.ch !== CLOSER[c]) {
        const message = `SyntaxError: closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'`;
        if (strict) return error(i, message);
        problems.push({ at: i, message });
        edits.push({ at: i, replace: OPENER[open.ch] as string });
      }
    } else if (strict && (cp > 0x7e || (cp < 0x20 && c !== '\t'))) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      const shown = NON_PRINTABLE.test(ch) ? `non-printable character U+${hex}` : `character '${ch}' (U+${hex})`;
      return error(i, `SyntaxError: invalid ${shown}`);
    }
    onToken?.('op', i, i + ch.length);
    last = c;
    lastCodeChar = c;
    i += ch.length;
    lastCodeEnd = i;
  }
  if (stack.length > 0) {
    if (strict) {
      const open = stack[stack.length - 1] as { ch: string; at: number };
      return error(open.at, `SyntaxError: '${open.ch}' was never closed`);
    }
    closeAll();
  }
  endStatement();
  return { lines, edits, problems };
}
