import { describe, expect, it } from 'vitest';
import { prepare } from './normalize';

function text(source: string): string {
  const p = prepare(source);
  if (!p.ok) throw new Error(p.error.message);
  return p.value.text;
}

function error(source: string): { message: string; line?: number; column?: number } {
  const p = prepare(source);
  if (p.ok) throw new Error(`expected an error for ${JSON.stringify(source)}`);
  return p.error;
}

describe('character normalisation', () => {
  it('turns Unicode spaces into spaces and drops BOM and zero-width characters', () => {
    expect(text('\uFEFFlambda\u00A0epoch:\u202F0.95\u2007** epoch')).toBe('lambda epoch: 0.95 ** epoch');
    expect(text('lambda x:\u200B x\u2060')).toBe('lambda x: x');
    expect(text('lambda x:\u3000x')).toBe('lambda x: x');
  });

  it('straightens curly quotes and the minus sign', () => {
    expect(text('float(\u201Cinf\u201D) + float(\u2018nan\u2019)')).toBe(`float("inf") + float('nan')`);
    expect(text('lambda x: \u22122 * x')).toBe('lambda x: -2 * x');
  });

  it('turns CRLF and CR into LF', () => {
    expect(text('def f(x):\r\n    return x\r\n')).toBe('def f(x):\n    return x\n');
    expect(text('def f(x):\r    return x')).toBe('def f(x):\n    return x');
  });

  it('writes `1.` and `1.e-3` as `1.0` and `1.0e-3`, leaving other numbers and names alone', () => {
    expect(text('x = 1. / (1. + 2.e-3 * 3.)')).toBe('x = 1.0 / (1.0 + 2.0e-3 * 3.0)');
    expect(text('x = 1.5 + .5 + 1e5 + np.e + 0x1F')).toBe('x = 1.5 + .5 + 1e5 + np.e + 0x1F');
    expect(text('x = "1." # 2.')).toBe('x = "1." # 2.');
  });
});

describe('pasted blocks', () => {
  it('dedents a block indented as a whole', () => {
    const pasted = '    def f(epoch):\n        if epoch:\n            return 1\n        return 2\n';
    expect(text(pasted)).toBe('def f(epoch):\n    if epoch:\n        return 1\n    return 2\n');
  });

  it('keeps blank lines, comments and continuation lines', () => {
    const pasted = '\t# comment\n\tx = (1 +\n  2)\n\n\ty = x\n';
    expect(text(pasted)).toBe('# comment\nx = (1 +\n  2)\n\ny = x\n');
  });

  it('treats a tab as advancing to the next multiple of 8 columns, and refuses inconsistent mixing', () => {
    expect(text('def f(x):\n\tif x:\n\t\treturn 1\n\treturn 2')).toContain('\t\treturn 1');
    const e = error('def f(x):\n        if x:\n\t    return 1\n        return 2');
    expect(e.message).toBe('TabError: inconsistent use of tabs and spaces in indentation');
    expect(e.line).toBe(3);
  });
});

describe('errors with positions in the original text', () => {
  it('reports indentation errors like CPython', () => {
    expect(error('def f(x):\nreturn x')).toMatchObject({
      message: 'IndentationError: expected an indented block after line 1',
      line: 2,
      column: 1,
    });
    expect(error('def f(x):\n    y = x\n      return y')).toMatchObject({
      message: 'IndentationError: unexpected indent',
      line: 3,
      column: 7,
    });
    expect(error('def f(x):\n    if x:\n        y = 1\n      return y')).toMatchObject({
      message: 'IndentationError: unindent does not match any outer indentation level',
      line: 4,
    });
    expect(error('def f(x):')).toMatchObject({ message: expect.stringContaining('expected an indented block') });
  });

  it('reports unbalanced brackets and unterminated strings', () => {
    expect(error('lambda x: (x + 1')).toMatchObject({ message: "SyntaxError: '(' was never closed", line: 1, column: 11 });
    expect(error('lambda x: x + 1)')).toMatchObject({ message: "SyntaxError: unmatched ')'", column: 16 });
    expect(error('lambda x: [x + 1)')).toMatchObject({
      message: "SyntaxError: closing parenthesis ')' does not match opening parenthesis '['",
    });
    expect(error('x = "abc\nlambda: 1')).toMatchObject({ message: 'SyntaxError: unterminated string literal', line: 1, column: 5 });
    expect(error('"""doc')).toMatchObject({ message: 'SyntaxError: unterminated triple-quoted string literal' });
  });

  it('names an invalid character with its code point', () => {
    expect(error('lambda x: x \u00D7 2')).toMatchObject({
      message: "SyntaxError: invalid character '\u00D7' (U+00D7)",
      line: 1,
      column: 13,
    });
    expect(error('lambda x: x \u2013 2').message).toContain('U+2013');
  });

  it('counts columns in the original text, after characters that were removed or replaced', () => {
    // The BOM and the zero-width space are gone from the prepared text, but columns count them.
    expect(error('\uFEFF\u200Blambda x: (x')).toMatchObject({ line: 1, column: 13 });
    expect(error('lambda\u00A0x:\u00A0(x')).toMatchObject({ line: 1, column: 11 });
    expect(error('x = 1\r\ny = 2\r\nlambda x: (x')).toMatchObject({ line: 3, column: 11 });
    const p = prepare('  \u00A0x = 1\r\n   lambda y: y');
    expect(p.ok).toBe(true);
  });

  it('maps prepared offsets back through dedent and number fixes', () => {
    const p = prepare('    x = 1. + 2\n    y = x');
    if (!p.ok) throw new Error(p.error.message);
    const at = p.value.text.indexOf('+');
    expect(p.value.text).toBe('x = 1.0 + 2\ny = x');
    expect(p.value.position(at)).toEqual({ line: 1, column: 12 });
    expect(p.value.position(p.value.text.indexOf('y'))).toEqual({ line: 2, column: 5 });
  });

  it('counts astral characters as one column', () => {
    expect(error('x = 1 # \u{1F600}\nlambda x: (x')).toMatchObject({ line: 2, column: 11 });
    expect(error('\u{1D465}x = (1')).toMatchObject({ column: 6 });
  });

  it('refuses very long sources', () => {
    expect(error(`x = 1\n${' '.repeat(100_001)}`).message).toMatch(/too long/);
  });
});

describe('curly quotes and strings', () => {
  it('keeps a curly apostrophe inside a straight-quoted string, and in comments', () => {
    expect(text("def f(x):\n    'it\u2019s a docstring'\n    return x  # it\u2019s")).toBe(
      "def f(x):\n    'it\u2019s a docstring'\n    return x  # it\u2019s",
    );
  });

  it('straightens curly quotes that delimit strings, also triple ones', () => {
    expect(text('\u201C\u201D\u201DDoc \u201Cquoted\u201D here\u201D\u201D\u201D\nlambda x: x')).toBe(
      '"""Doc \u201Cquoted\u201D here"""\nlambda x: x',
    );
    expect(text("float(\u2018inf')")).toBe("float('inf')");
  });

  it('handles escapes and escaped newlines inside strings', () => {
    expect(text('x = "a\\"\u201Cb"\nlambda x: x')).toBe('x = "a\\"\u201Cb"\nlambda x: x');
    expect(text('x = "a\\\r\nb"\r\nlambda x: x')).toBe('x = "a\\\nb"\nlambda x: x');
  });
});
