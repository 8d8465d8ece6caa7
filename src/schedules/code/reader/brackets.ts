/**
 * The bracket structure of a paste, scanned before it is parsed, by the one Python line scanner
 * (../../python/lexer.ts, so brackets in strings and comments do not count, and brackets it closes where a new
 * statement evidently starts are closed here too). It answers two questions in one linear pass:
 *
 * - is the code nested deeper than MAX_BRACKET_DEPTH? The parser and the tree walks after it are not built for
 *   50,000 `(` (they would run for seconds, then overflow the stack): such code is refused up front, by position;
 * - does the code end inside an open bracket or an unterminated string? Then it is still being typed (the paste
 *   panel shows a neutral "incomplete" hint rather than an error while the user types).
 */
import { lex } from '../../python/lexer';
import { normalizeCharacters } from '../../python/normalize';
import { type Position, positionsIn } from '../../python/origins';

/**
 * Deepest bracket nesting a paste may have: (), [] and {} together. Real training code nests a few levels
 * (a list of dicts of calls); the safe evaluator allows 200 levels inside one expression and the reader 100.
 */
export const MAX_BRACKET_DEPTH = 100;

export interface BracketScan {
  /** The first bracket opened deeper than MAX_BRACKET_DEPTH, in the text as pasted. */
  readonly tooDeep?: { readonly ch: string } & Position;
  /** The innermost bracket still open at the end of the text, if any. */
  readonly open?: { readonly ch: string } & Position;
  /** Where the string the text ends inside starts, if the text ends inside one that is never closed. */
  readonly inString?: Position;
  /** Brackets and strings looked at: at most one per character of the text (the scan's work). */
  readonly tokens: number;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

export function scanBrackets(source: string): BracketScan {
  const { text, origin } = normalizeCharacters(source);
  const brackets: number[] = [];
  let lastString: { from: number; to: number } | undefined;
  let lastTokenTo = -1;
  const lexed = lex(text, 'tolerant', (kind, from, to) => {
    lastTokenTo = to;
    if (kind === 'string') lastString = { from, to };
    else if (kind === 'op' && (OPENERS.has(text[from] as string) || CLOSERS.has(text[from] as string))) brackets.push(from);
  });
  // A statement line starts with no bracket open (the scanner closed any left open before it): reset there.
  const starts = lexed.lines.map((l) => l.lineStart);
  const stack: number[] = [];
  let next = 0;
  let tooDeepAt: number | undefined;
  for (const at of brackets) {
    while (next < starts.length && (starts[next] as number) <= at) {
      stack.length = 0;
      next++;
    }
    if (OPENERS.has(text[at] as string)) {
      stack.push(at);
      if (stack.length > MAX_BRACKET_DEPTH) {
        tooDeepAt = at;
        break;
      }
    } else stack.pop();
  }
  const position = positionsIn(source);
  const where = (at: number) => ({ ch: text[at] as string, ...position(origin[at] ?? source.length) });
  const innermost = stack[stack.length - 1];
  const unterminated = lastString !== undefined && lastString.to === lastTokenTo && !closes(text.slice(lastString.from, lastString.to));
  return {
    ...(unterminated && lastString ? { inString: position(origin[lastString.from] ?? source.length) } : {}),
    ...(tooDeepAt !== undefined ? { tooDeep: where(tooDeepAt) } : {}),
    ...(tooDeepAt === undefined && innermost !== undefined ? { open: where(innermost) } : {}),
    tokens: brackets.length + (lastString ? 1 : 0),
  };
}

/** Whether a string token (prefix, quotes, body) ends with its closing quote(s), not an escaped one. */
function closes(token: string): boolean {
  const quoteAt = token.search(/['"]/);
  if (quoteAt < 0) return true;
  const q = token[quoteAt] as string;
  const quote = token.startsWith(q.repeat(3), quoteAt) ? q.repeat(3) : q;
  const body = token.slice(quoteAt + quote.length);
  if (body.length < quote.length || !body.endsWith(quote)) return false;
  let backslashes = 0;
  for (let i = body.length - quote.length - 1; i >= 0 && body[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}
