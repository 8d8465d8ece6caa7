/**
 * Code points of the offending line an excerpt shows at most. The error box is narrow on a phone (about 36
 * monospace characters at 360 px), so a longer line is cut around the caret, with an ellipsis where it is cut:
 * the caret then always sits near the middle of what is shown, never past the box's right edge.
 */
export const EXCERPT_WIDTH = 32;

/**
 * The offending source line with a caret under the column (1-based, code points), as Python prints a SyntaxError;
 * a line longer than `width` is shown as the `width` code points around the caret, '…' marking each cut.
 */
export function codeExcerpt(source: string, position: { line: number; column: number }, width = EXCERPT_WIDTH): string | undefined {
  const line = source.split(/\r\n|\r|\n/)[position.line - 1];
  if (line === undefined) return undefined;
  const chars = [...line];
  const gutter = `${position.line} | `;
  let caretAt = Math.max(0, Math.min(chars.length, position.column - 1));
  let shown = line;
  if (chars.length > width) {
    // The caret half-way in (or nearer the start): never further right than half the width, even at the line's end.
    const start = Math.max(0, caretAt - Math.floor(width / 2));
    const end = Math.min(chars.length, start + width);
    shown = `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
    caretAt = caretAt - start + (start > 0 ? 1 : 0);
  }
  return `${gutter}${shown}\n${' '.repeat(gutter.length + caretAt)}^`;
}
