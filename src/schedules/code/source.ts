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
 * - tokens and lines: the tolerant mode of the scanner shared with the expression language (../python/lexer.ts).
 *   An opening bracket still open where a new statement evidently starts (a line no deeper than the statement
 *   that opened it, after a line that cannot continue, e.g. `model.compile(` after `Dense(...)` with the `])`
 *   lost) is closed right after the last code character before that line; an unmatched closing bracket is
 *   blanked, a mismatched one replaced. Each repair is recorded as a problem with CPython's message ("'(' was
 *   never closed"); `1.` and `1.e-3` become `1.0` and `1.0e-3` (what @lezer/python's tokenizer needs);
 * - a block indented as a whole is dedented.
 *
 * Every character of `text` knows the offset in the original it came from, so positions are reported in the text
 * as pasted. Callers check `problems` and lezer's error nodes inside the statements they use, and nowhere else.
 */
import { lex } from '../python/lexer';
import { normalizeCharacters } from '../python/normalize';
import { type Position, positionsIn, rewrite } from '../python/origins';

/** Longest paste accepted: a training script is a few hundred lines; this bounds the work one paste can cause. */
export const MAX_CODE_LENGTH = 200_000;

export interface Problem {
  /** Offset in `text`. */
  readonly at: number;
  readonly message: string;
}

export type { Position } from '../python/origins';

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
    /** Line and column in `original` of an offset into it. */
    readonly originalPosition: (offset: number) => Position,
  ) {}

  /** 1-based line and column (in code points) in the original of an offset into `text`. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    return this.originalPosition(this.origin[clamped] ?? this.original.length);
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

/** Prepares a paste (see the file comment). The caller checks MAX_CODE_LENGTH first. */
export function prepareSnippet(source: string): Snippet {
  const chars = normalizeChars(source);
  const prompts = stripPrompts(chars);
  const lexed = lex(prompts.text, 'tolerant');
  const applied = rewrite(prompts.text, prompts.origin, lexed, source.length, prompts.inserted);
  const problems = lexed.problems.map((p) => ({ at: applied.moved[p.at] ?? 0, message: p.message })).sort((a, b) => a.at - b.at);
  return new Snippet(
    source,
    applied.text,
    Int32Array.from(applied.origin),
    Uint8Array.from(applied.inserted),
    problems,
    positionsIn(source),
  );
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
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}
