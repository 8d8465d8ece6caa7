/** The offending source line with a caret under the column (1-based, code points), as Python prints a SyntaxError. */
export function codeExcerpt(source: string, position: { line: number; column: number }): string | undefined {
  const line = source.split(/\r\n|\r|\n/)[position.line - 1];
  if (line === undefined) return undefined;
  const gutter = `${position.line} | `;
  const caretAt = Math.max(0, Math.min([...line].length, position.column - 1));
  return `${gutter}${line}\n${' '.repeat(gutter.length + caretAt)}^`;
}
