/**
 * Text with the original offset of every character: the scanner's edits applied and the common indentation
 * removed (rewrite), and 1-based line and column lookup in the original (positionsIn). Used by the strict
 * pipeline (./normalize.ts) and the tolerant one (../code/source.ts), both built on ./lexer.ts.
 */
import type { Edit, Lexed } from './lexer';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Rewritten {
  readonly text: string;
  /** origin[i]: the original offset of text[i]; origin[text.length] = `end`. */
  readonly origin: number[];
  /** 1 where text[i] was inserted by an edit (or was already marked inserted in the input). */
  readonly inserted: number[];
  /** moved[i]: where offset i of the input landed in `text`. */
  readonly moved: Int32Array;
}

/**
 * Applies `lexed.edits` to `text` and removes the indentation common to every statement line (like
 * textwrap.dedent), keeping every character's original offset. `end` is the original offset of the end.
 */
export function rewrite(text: string, origin: readonly number[], lexed: Lexed, end: number, inserted?: readonly number[]): Rewritten {
  let common: string | null = null;
  for (const line of lexed.lines) {
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
  // Stable: at one offset, insertions come first, in the order the scan found them.
  const edits = [...lexed.edits].sort((a, b) => a.at - b.at || (a.insert !== undefined ? -1 : 0) - (b.insert !== undefined ? -1 : 0));
  const chars: string[] = [];
  const outOrigin: number[] = [];
  const outInserted: number[] = [];
  const push = (ch: string, from: number, isInserted: boolean): void => {
    chars.push(ch);
    outOrigin.push(from);
    outInserted.push(isInserted ? 1 : 0);
  };
  const moved = new Int32Array(text.length + 1);
  let e = 0;
  let atLineStart = true;
  for (let i = 0; i <= text.length; i++) {
    while (e < edits.length && (edits[e] as Edit).at === i && (edits[e] as Edit).insert !== undefined) {
      const edit = edits[e] as Edit;
      const from = origin[edit.reportAt ?? i] ?? end;
      for (const ch of edit.insert as string) push(ch, from, true);
      e++;
    }
    moved[i] = chars.length;
    if (i === text.length) break;
    if (atLineStart) {
      atLineStart = false;
      let k = 0;
      while (k < strip.length && text[i + k] === strip[k]) k++;
      if (k > 0) {
        for (let s = i; s < i + k; s++) moved[s] = chars.length;
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
    push(c, origin[i] as number, inserted?.[i] === 1);
    if (c === '\n') atLineStart = true;
  }
  outOrigin.push(end);
  return { text: chars.join(''), origin: outOrigin, inserted: outInserted, moved };
}

/**
 * Line and column lookup in `source`: 1-based, columns in code points, lines split at LF, CRLF, CR, U+2028 and
 * U+2029 (what normalizeCharacters turns into '\n').
 */
export function positionsIn(source: string): (offset: number) => Position {
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
    let column = 1;
    for (let i = lineStart; i < offset && i < source.length; i++) {
      const code = source.charCodeAt(i);
      // A surrogate pair is one code point: count its high half only.
      const low = code >= 0xdc00 && code <= 0xdfff;
      const prev = source.charCodeAt(i - 1);
      if (!(low && i > lineStart && prev >= 0xd800 && prev <= 0xdbff)) column++;
    }
    return { line: lo + 1, column };
  };
}
