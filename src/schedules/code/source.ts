/**
 * A pasted snippet made parseable as a whole, tolerantly. The safe Python front end (../python) is strict on
 * purpose: one broken bracket anywhere fails the function it compiles. A pasted tutorial is different: lines that
 * do not bear on the schedule may be broken (a web page dropped a closing bracket, prose got mixed in), and only
 * the statements we use must be intact. So the whole paste is prepared here, remembering every repair:
 *
 * - characters: as ../python/normalize.ts does (BOM and zero-width characters dropped, Unicode spaces to ' ',
 *   curly quotes straightened where they delimit strings, U+2212 to '-', CRLF / CR / U+2028 / U+2029 to '\n');
 * - doctest prompts: where lines start with `>>>`, the `>>> ` and `... ` prompts are removed and output lines
 *   blanked;
 * - brackets: an opening bracket still open where a new statement evidently starts (a line no deeper than the
 *   statement that opened it, after a line that cannot continue, e.g. `model.compile(` after `Dense(...)` with
 *   the `])` lost) is closed right after the last code character before that line; an unmatched closing bracket
 *   is blanked. Each repair is recorded as a problem with CPython's message ("'(' was never closed");
 * - `1.` and `1.e-3` become `1.0` and `1.0e-3` (what @lezer/python's tokenizer needs);
 * - a block indented as a whole is dedented.
 *
 * Every character of `text` knows the offset in the original it came from, so positions are reported in the text
 * as pasted. Callers check `problems` and lezer's error nodes inside the statements they use, and nowhere else.
 */
import { normalizeCharacters, scanNumberLiteral } from '../python/normalize';

/** Longest paste accepted: a training script is a few hundred lines; this bounds the work one paste can cause. */
export const MAX_CODE_LENGTH = 200_000;

export interface Problem {
  /** Offset in `text`. */
  readonly at: number;
  readonly message: string;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class Snippet {
  constructor(
    readonly original: string,
    /** What is parsed. */
    readonly text: string,
    /** origin[i]: offset in `original` of text[i] (an inserted character: where it was inserted); origin[text.length] = original.length. */
    readonly origin: Int32Array,
    /** 1 where text[i] was inserted by a repair. */
    readonly inserted: Uint8Array,
    /** Repairs, sorted by offset. */
    readonly problems: readonly Problem[],
    private readonly lineStarts: readonly number[],
  ) {}

  /** 1-based line and column (in code points) in the original of an offset into `text`. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    return this.originalPosition(this.origin[clamped] ?? this.original.length);
  }

  originalPosition(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo] as number;
    let column = 1;
    for (let i = lineStart; i < offset && i < this.original.length; i++) {
      const code = this.original.charCodeAt(i);
      // A surrogate pair is one code point: count its high half only.
      if (!(code >= 0xdc00 && code <= 0xdfff && i > lineStart && isHighSurrogate(this.original.charCodeAt(i - 1)))) column++;
    }
    return { line: lo + 1, column };
  }

  /** The first repair inside [from, to), if any. */
  problemIn(from: number, to: number): Problem | undefined {
    for (const p of this.problems) {
      if (p.at >= to) break;
      if (p.at >= from) return p;
    }
    return undefined;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A growing text with the original offset of every character. */
class Builder {
  private readonly chars: string[] = [];
  readonly origin: number[] = [];
  readonly inserted: number[] = [];
  push(ch: string, from: number, isInserted = false): void {
    this.chars.push(ch);
    this.origin.push(from);
    this.inserted.push(isInserted ? 1 : 0);
  }
  get length(): number {
    return this.chars.length;
  }
  text(): string {
    return this.chars.join('');
  }
}

interface Stage {
  text: string;
  origin: number[];
  inserted: number[];
}

/**
 * Step 1: characters, shared with the expression language (../python/normalize.ts): spaces, curly quotes where
 * they delimit strings, the Unicode minus, line endings. Nothing is inserted at this step.
 */
function normalizeChars(source: string): Stage {
  const { text, origin } = normalizeCharacters(source);
  return { text, origin: origin.slice(0, text.length), inserted: new Array<number>(text.length).fill(0) };
}

/** Step 2: doctest prompts. Applies only where some line starts with `>>>`. */
function stripPrompts(stage: Stage): Stage {
  if (!/^[ \t]*>>>/m.test(stage.text)) return stage;
  const { text, origin, inserted } = stage;
  const b = new Builder();
  let i = 0;
  while (i <= text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const line = text.slice(i, end);
    const m = /^[ \t]*(>>>|\.\.\.)( |$)/.exec(line);
    if (m) {
      for (let k = i + m[0].length; k < end; k++) b.push(text[k] as string, origin[k] as number, inserted[k] === 1);
    }
    if (end < text.length) b.push('\n', origin[end] as number);
    i = end + 1;
  }
  return { text: b.text(), origin: b.origin, inserted: b.inserted };
}

const STATEMENT_KEYWORDS = new Set([
  'def', 'class', 'import', 'return', 'with', 'while', 'try', 'except', 'finally', 'raise', 'assert', 'del', 'global',
  'nonlocal', 'pass', 'break', 'continue', 'elif', 'async',
]);
/** Words that may start a line continuing an expression (so they never start a recovery). */
const CONTINUING_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'from', 'as', 'await', 'yield']);
/** A line after one ending with these characters continues the expression. */
const CONTINUES = new Set([',', '(', '[', '{', '\\', '+', '-', '*', '/', '%', '=', '<', '>', '&', '|', '^', '~', ':', '.', '@', '!']);
const CLOSER: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const OPENER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{ID_Continue}]/u.test(c);

function indentWidth(text: string, from: number): { width: number; end: number } {
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

interface Edit {
  /** Offset in the stage text before which `insert` goes (insertions), or of the character replaced. */
  at: number;
  insert?: string;
  replace?: string;
  /** For an insertion: the original offset the inserted characters report. */
  reportAs?: number;
}

/** Whether the line at `from` (its first non-blank character at `start`) evidently starts a new statement. */
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

interface ScanResult {
  edits: Edit[];
  problems: { at: number; message: string }[];
  /** Offsets (in the stage text) of the first character of each line that starts a statement. */
  statementLines: { lineStart: number; indentEnd: number }[];
}

/** Step 3: brackets and `1.` literals (see the file comment). */
function scan(text: string, origin: readonly number[]): ScanResult {
  const edits: Edit[] = [];
  const problems: { at: number; message: string }[] = [];
  const statementLines: { lineStart: number; indentEnd: number }[] = [];
  const stack: { ch: string; at: number }[] = [];
  let stmtIndent = 0;
  let lastCodeEnd = 0;
  let lastCodeChar = '';
  let continued = false;
  const n = text.length;
  let i = 0;
  let lineStart = true;

  const closeAll = (): void => {
    const innermost = stack[stack.length - 1];
    if (!innermost) return;
    problems.push({ at: innermost.at, message: `SyntaxError: '${innermost.ch}' was never closed` });
    const closers = stack
      .map((s) => OPENER[s.ch] as string)
      .reverse()
      .join('');
    edits.push({ at: lastCodeEnd, insert: closers, reportAs: origin[lastCodeEnd] ?? origin[n] ?? 0 });
    stack.length = 0;
    lastCodeChar = closers[closers.length - 1] ?? '';
  };

  while (i <= n) {
    if (lineStart) {
      lineStart = false;
      const { width, end } = indentWidth(text, i);
      const c = text[end];
      const blank = end >= n || c === '\n' || c === '#';
      if (!blank && stack.length > 0 && !continued && c !== ')' && c !== ']' && c !== '}' && width <= stmtIndent) {
        if (startsStatement(text, end, lastCodeChar)) closeAll();
      }
      if (!blank && stack.length === 0 && !continued) {
        statementLines.push({ lineStart: i, indentEnd: end });
        stmtIndent = width;
      }
      continued = false;
      i = end;
      continue;
    }
    if (i >= n) break;
    const c = text[i] as string;
    if (c === '\n') {
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
    if (c === '\\' && text[i + 1] === '\n') {
      continued = true;
      lastCodeChar = '\\';
      lastCodeEnd = i + 1;
      i += 2;
      lineStart = true;
      continue;
    }
    let prefixEnd = i;
    while (prefixEnd < n && prefixEnd - i < 2 && /[rRbBuUfF]/.test(text[prefixEnd] as string)) prefixEnd++;
    const q = text[prefixEnd];
    if ((q === '"' || q === "'") && (prefixEnd === i || !isWordChar(text[i - 1]))) {
      const triple = text.startsWith(q + q + q, prefixEnd);
      let j = prefixEnd + (triple ? 3 : 1);
      for (;;) {
        if (j >= n) break;
        const ch = text[j];
        if (ch === '\\') {
          j += 2;
          continue;
        }
        if (!triple && ch === '\n') break;
        if (triple ? text.startsWith(q + q + q, j) : ch === q) {
          j += triple ? 3 : 1;
          break;
        }
        j++;
      }
      i = Math.min(j, n);
      lastCodeEnd = i;
      lastCodeChar = q;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      const { end: j, bareDot } = scanNumberLiteral(text, i);
      if (bareDot !== undefined) edits.push({ at: bareDot + 1, insert: '0', reportAs: origin[bareDot] ?? 0 });
      i = j;
      lastCodeEnd = i;
      lastCodeChar = '0';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      stack.push({ ch: c, at: i });
    } else if (c === ')' || c === ']' || c === '}') {
      const open = stack[stack.length - 1];
      if (!open) {
        problems.push({ at: i, message: `SyntaxError: unmatched '${c}'` });
        edits.push({ at: i, replace: ' ' });
        i++;
        continue;
      }
      stack.pop();
      if (open.ch !== CLOSER[c]) {
        problems.push({
          at: i,
          message: `SyntaxError: closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'`,
        });
        edits.push({ at: i, replace: OPENER[open.ch] as string });
      }
    }
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    lastCodeChar = c;
    i += width;
    lastCodeEnd = i;
  }
  if (stack.length > 0) closeAll();
  return { edits, problems, statementLines };
}

/** Step 4: applies the edits and removes the indentation common to every statement line. */
function apply(stage: Stage, result: ScanResult): Stage & { problemsAt: number[] } {
  const { text, origin, inserted } = stage;
  let common: string | null = null;
  for (const line of result.statementLines) {
    const indent = text.slice(line.lineStart, line.indentEnd);
    if (common === null) common = indent;
    else {
      let k = 0;
      while (k < common.length && k < indent.length && common[k] === indent[k]) k++;
      common = common.slice(0, k);
    }
    if (common === '') break;
  }
  const strip = common ?? '';
  const edits = [...result.edits].sort((a, b) => a.at - b.at || (a.insert !== undefined ? -1 : 1));
  const b = new Builder();
  /** Where each stage offset landed in the output (for the problems' positions). */
  const moved = new Int32Array(text.length + 1);
  let e = 0;
  let atLineStart = true;
  for (let i = 0; i <= text.length; i++) {
    while (e < edits.length && (edits[e] as Edit).at === i && (edits[e] as Edit).insert !== undefined) {
      const edit = edits[e] as Edit;
      for (const ch of edit.insert as string) b.push(ch, edit.reportAs ?? origin[i] ?? 0, true);
      e++;
    }
    moved[i] = b.length;
    if (i === text.length) break;
    if (atLineStart) {
      atLineStart = false;
      let k = 0;
      while (k < strip.length && text[i + k] === strip[k]) k++;
      if (k > 0) {
        for (let s = i; s < i + k; s++) moved[s] = b.length;
        i += k - 1;
        continue;
      }
    }
    let c = text[i] as string;
    const edit = edits[e];
    if (edit && edit.at === i && edit.replace !== undefined) {
      c = edit.replace;
      e++;
    }
    b.push(c, origin[i] as number, inserted[i] === 1);
    if (c === '\n') atLineStart = true;
  }
  const problemsAt = result.problems.map((p) => moved[p.at] ?? 0);
  return { text: b.text(), origin: b.origin, inserted: b.inserted, problemsAt };
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\n' || c === '\u2028' || c === '\u2029' || (c === '\r' && source[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

/** Prepares a paste (see the file comment). The caller checks MAX_CODE_LENGTH first. */
export function prepareSnippet(source: string): Snippet {
  const chars = normalizeChars(source);
  const prompts = stripPrompts(chars);
  const scanned = scan(prompts.text, prompts.origin);
  const applied = apply(prompts, scanned);
  const origin = new Int32Array(applied.origin.length + 1);
  origin.set(applied.origin);
  origin[applied.origin.length] = source.length;
  const problems = scanned.problems
    .map((p, i) => ({ at: applied.problemsAt[i] ?? 0, message: p.message }))
    .sort((a, b) => a.at - b.at);
  return new Snippet(source, applied.text, origin, Uint8Array.from(applied.inserted), problems, lineStartsOf(source));
}

/** The offset in `text` (lines separated by '\n') of a 1-based line and column counted in code points. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  for (let c = 1; c < column && offset < text.length && text[offset] !== '\n'; c++) {
    const code = text.charCodeAt(offset);
    offset += isHighSurrogate(code) && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}
