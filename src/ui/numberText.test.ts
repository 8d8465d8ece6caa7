import { describe, expect, it } from 'vitest';
import { readNumberText } from './numberText';

describe('readNumberText', () => {
  it('reads plain decimal literals exactly', () => {
    for (const [text, value] of [
      ['0.1', 0.1],
      ['-3', -3],
      ['.5', 0.5],
      ['5.', 5],
      ['1e-3', 1e-3],
      ['+2E4', 2e4],
      ['5e-324', 5e-324],
      [' 0 ', 0],
      ['0e-400', 0],
    ] as const) {
      expect(readNumberText(text, 'Gamma')).toEqual({ ok: true, value });
    }
  });

  it("reads Python's digit groups and says what it understood", () => {
    expect(readNumberText('1_000', 'Epochs')).toEqual({ ok: true, value: 1000, note: 'Read as 1000.' });
  });

  it('never changes a value silently: commas, other bases, out-of-range exponents are refused', () => {
    const refused = (text: string) => {
      const r = readNumberText(text, 'Gamma');
      if (r.ok) throw new Error(`${text} was read as ${r.value}`);
      return r.message;
    };
    expect(refused('1,5')).toBe('Use a dot for decimals: 1.5, not 1,5.');
    expect(refused('0x10')).toMatch(/hexadecimal/);
    expect(refused('1e-400')).toMatch(/too small for a float64.*would become 0/);
    expect(refused('1e309')).toMatch(/too large/);
    expect(refused('inf')).toMatch(/finite/);
    expect(refused('10 000')).toMatch(/without spaces/);
    expect(refused('')).toBe('Enter a value for Gamma.');
    expect(refused('abc')).toMatch(/must be a number/);
    expect(refused('1__0')).toMatch(/must be a number/);
  });
});
