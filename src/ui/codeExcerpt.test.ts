/** The error excerpt under the paste box (item 5 of the new-user review: the caret at a high column). */
import { describe, expect, it } from 'vitest';
import { codeExcerpt, EXCERPT_WIDTH } from './codeExcerpt';

/** The caret line's caret offset, and the widest line, of an excerpt. */
function shape(excerpt: string | undefined): { caret: number; widest: number; lines: string[] } {
  const lines = (excerpt ?? '').split('\n');
  return { caret: (lines[1] ?? '').indexOf('^'), widest: Math.max(...lines.map((l) => [...l].length)), lines };
}

describe('codeExcerpt', () => {
  it('shows a short line whole, the caret under the column', () => {
    expect(codeExcerpt('a = 1\nscheduler = StepLR(', { line: 2, column: 19 })).toBe('2 | scheduler = StepLR(\n                      ^');
  });

  it('excerpt at a high column: a long line is cut around the caret with ellipses, the caret under the same character', () => {
    const line = `scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(data_loader), epochs=10)`;
    const column = line.indexOf('len(data_loader)') + 1; // 89
    expect(column).toBe(89);
    const { caret, widest, lines } = shape(codeExcerpt(line, { line: 1, column }));
    expect(lines[0]?.startsWith('1 | …')).toBe(true);
    expect(lines[0]?.endsWith('…')).toBe(true);
    // The caret is under the 'l' of len(...), near the middle of the cut line, whatever the line's length.
    expect([...(lines[0] as string)][caret]).toBe('l');
    expect(caret).toBeLessThanOrEqual('1 | …'.length + EXCERPT_WIDTH / 2);
    expect(widest).toBeLessThanOrEqual('1 | '.length + EXCERPT_WIDTH + 2);
  });

  it('excerpt at the end of a long line: the caret past the last character stays in the shown part', () => {
    const line = `x = ${'a'.repeat(200)}(`;
    const { caret, lines } = shape(codeExcerpt(line, { line: 1, column: line.length + 1 }));
    expect(lines[0]?.endsWith('a(')).toBe(true);
    expect(caret).toBe([...(lines[0] as string)].length);
    expect(caret).toBeLessThanOrEqual('1 | …'.length + EXCERPT_WIDTH / 2);
  });

  it('excerpt counts code points: astral characters before the caret do not shift it', () => {
    const line = `name = "${'😀'.repeat(40)}" + (`;
    const column = [...line].length; // the '('
    const { caret, lines } = shape(codeExcerpt(line, { line: 1, column }));
    expect([...(lines[0] as string)][caret]).toBe('(');
  });

  it('no excerpt for a line past the end', () => {
    expect(codeExcerpt('a', { line: 3, column: 1 })).toBeUndefined();
  });
});
