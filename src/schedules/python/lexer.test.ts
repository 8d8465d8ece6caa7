/**
 * The shared Python scanner in both modes. The token tables were checked against CPython 3.11's own `tokenize`
 * module, and the strict messages and offsets against `compile()` (its messages append "(detected at line N)",
 * which the expression language leaves out).
 */
import { describe, expect, it } from 'vitest';
import { prepareSnippet } from '../code/source';
import { type Lexed, type LexMode, lex, type TokenKind } from './lexer';
import { prepare } from './normalize';
import { rewrite } from './origins';

type Token = [TokenKind, string];

/** Names, strings, numbers and comments (no single-character punctuation), as Python's tokenize lists them. */
function tokens(text: string, mode: LexMode = 'strict'): Token[] {
  const out: Token[] = [];
  const r = lex(text, mode as 'strict', (kind, from, to) => {
    if (kind !== 'op') out.push([kind, text.slice(from, to)]);
  });
  if ('error' in r) throw new Error(r.error.message);
  return out;
}

function strict(text: string): Lexed {
  const r = lex(text, 'strict');
  if ('error' in r) throw new Error(r.error.message);
  return r;
}

function strictError(text: string): { at: number; message: string } {
  const r = lex(text, 'strict');
  if (!('error' in r)) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.error;
}

/** The text after the edits and the dedent (origins are offsets into `text` itself). */
function rewritten(text: string, mode: LexMode): string {
  const lexed = mode === 'strict' ? strict(text) : lex(text, 'tolerant');
  return rewrite(
    text,
    Array.from({ length: text.length }, (_, i) => i),
    lexed,
    text.length,
  ).text;
}

/** Every spelling of a prefix: each letter lower or upper case. */
function caseVariants(prefix: string): string[] {
  let out = [''];
  for (const ch of prefix) out = out.flatMap((p) => [p + ch.toLowerCase(), p + ch.toUpperCase()]);
  return out;
}

const QUOTES = ["'", '"', "'''", '"""'];

describe('string prefixes (both modes)', () => {
  const valid = ['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf'].flatMap(caseVariants);

  it('has the 24 spellings of Python 3', () => {
    expect(valid).toHaveLength(24);
    expect(valid).toEqual(expect.arrayContaining(['R', 'U', 'Rb', 'bR', 'BR', 'rF', 'Fr', 'FR', 'rf']));
  });

  it.each(['strict', 'tolerant'] as const)('reads every valid prefix with every quote as one string (%s)', (mode) => {
    for (const p of valid) {
      for (const q of QUOTES) {
        // An escaped quote and a bracket inside: both are string content.
        const source = `x = ${p}${q}a\\${q[0]}(${q}`;
        expect(tokens(source, mode), source).toEqual([
          ['name', 'x'],
          ['string', source.slice(4)],
        ]);
        expect(lex(source, 'tolerant').problems, source).toEqual([]);
      }
    }
  });

  it.each(['strict', 'tolerant'] as const)('reads any other word before a quote as a name, then a string (%s)', (mode) => {
    for (const p of ['ur', 'Ur', 'ru', 'ub', 'bu', 'fb', 'bf', 'uf', 'fu', 'rr', 'ff', 'bb', 'rbf', 'xr', 'x']) {
      for (const q of QUOTES) {
        const source = `x = ${p}${q}a${q}`;
        expect(tokens(source, mode), source).toEqual([
          ['name', 'x'],
          ['name', p],
          ['string', `${q}a${q}`],
        ]);
      }
    }
  });
});

describe('tokens as CPython reads them', () => {
  const table: [string, Token[]][] = [
    [
      'y = layer1.e5',
      [
        ['name', 'y'],
        ['name', 'layer1'],
        ['name', 'e5'],
      ],
    ],
    [
      'y = a1.e2 + 1.e2',
      [
        ['name', 'y'],
        ['name', 'a1'],
        ['name', 'e2'],
        ['number', '1.e2'],
      ],
    ],
    [
      '\u00e9t\u00e9 = na\u00efve1.real',
      [
        ['name', '\u00e9t\u00e9'],
        ['name', 'na\u00efve1'],
        ['name', 'real'],
      ],
    ],
    [
      "x = r'a\\'b' + 'c'",
      [
        ['name', 'x'],
        ['string', "r'a\\'b'"],
        ['string', "'c'"],
      ],
    ],
    [
      "x = 'a\\\\' + 'b'",
      [
        ['name', 'x'],
        ['string', "'a\\\\'"],
        ['string', "'b'"],
      ],
    ],
    [
      "x = '''a''b''' + \"\"\"c\"d\"\"\"",
      [
        ['name', 'x'],
        ['string', "'''a''b'''"],
        ['string', '"""c"d"""'],
      ],
    ],
    [
      "x = ''''a''' + ''",
      [
        ['name', 'x'],
        ['string', "''''a'''"],
        ['string', "''"],
      ],
    ],
    [
      "x = 'a#b'  # it's (",
      [
        ['name', 'x'],
        ['string', "'a#b'"],
        ['comment', "# it's ("],
      ],
    ],
    [
      "x = f'{a}' 'b' rb'\\x00'",
      [
        ['name', 'x'],
        ['string', "f'{a}'"],
        ['string', "'b'"],
        ['string', "rb'\\x00'"],
      ],
    ],
    [
      "x = 'a\\\nb' + c",
      [
        ['name', 'x'],
        ['string', "'a\\\nb'"],
        ['name', 'c'],
      ],
    ],
    [
      'x = (1,\n  2) # )\ny = [3]',
      [
        ['name', 'x'],
        ['number', '1'],
        ['number', '2'],
        ['comment', '# )'],
        ['name', 'y'],
        ['number', '3'],
      ],
    ],
    [
      'x = 1 + \\\n    2',
      [
        ['name', 'x'],
        ['number', '1'],
        ['number', '2'],
      ],
    ],
    [
      'x = 1. + .5 + 1.e-3 + 1_000. + 1.j + 0x1F + 1e5',
      [
        ['name', 'x'],
        ['number', '1.'],
        ['number', '.5'],
        ['number', '1.e-3'],
        ['number', '1_000.'],
        ['number', '1.j'],
        ['number', '0x1F'],
        ['number', '1e5'],
      ],
    ],
    [
      "x = 'it\u2019s'",
      [
        ['name', 'x'],
        ['string', "'it\u2019s'"],
      ],
    ],
    // Python 3.11 (before PEP 701): the same quote inside an f-string's braces ends the string, and `b"` starts
    // a bytes literal.
    [
      'x = f"{a["b"]}"',
      [
        ['name', 'x'],
        ['string', 'f"{a["'],
        ['string', 'b"]}"'],
      ],
    ],
    [
      "x = f'{d['k']}'",
      [
        ['name', 'x'],
        ['string', "f'{d['"],
        ['name', 'k'],
        ['string', "']}'"],
      ],
    ],
  ];

  it.each(table)('%j', (source, expected) => {
    expect(tokens(source, 'strict')).toEqual(expected);
    expect(tokens(source, 'tolerant')).toEqual(expected);
  });

  it('adds a 0 after a bare dot of a number, never after a dot that follows a name', () => {
    for (const mode of ['strict', 'tolerant'] as const) {
      expect(rewritten('y = layer1.e5', mode)).toBe('y = layer1.e5');
      expect(rewritten('y = a1.e2 + 1.e2', mode)).toBe('y = a1.e2 + 1.0e2');
      expect(rewritten('x = 1. + .5 + 1.e-3 + 1_000.', mode)).toBe('x = 1.0 + .5 + 1.0e-3 + 1_000.0');
      // U+00B7 continues an identifier: `a·1` is one name (CPython's compile() agrees).
      expect(rewritten('x = a\u00b71.', mode)).toBe('x = a\u00b71.');
    }
  });
});

describe('strict mode: the first error stops the scan', () => {
  const table: [string, string, number][] = [
    ["x = 'abc", 'SyntaxError: unterminated string literal', 4],
    ["x = 'abc\ny = 2", 'SyntaxError: unterminated string literal', 4],
    ["x = r'\\'", 'SyntaxError: unterminated string literal', 4],
    ["x = rb'abc", 'SyntaxError: unterminated string literal', 4],
    ['x = """abc', 'SyntaxError: unterminated triple-quoted string literal', 4],
    ['x = (1]', "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('", 6],
    ['x = 1)', "SyntaxError: unmatched ')'", 5],
    // The innermost bracket left open, as CPython reports it.
    ['x = (1, [2\ny = 3', "SyntaxError: '[' was never closed", 8],
    ['x = 1 \\ 2', 'SyntaxError: unexpected character after line continuation character', 6],
    ['x = 1 \\', 'SyntaxError: unexpected EOF while parsing', 6],
    ['x = a \u00d7 2', "SyntaxError: invalid character '\u00d7' (U+00D7)", 6],
    ['x = a \u0001 2', 'SyntaxError: invalid non-printable character U+0001', 6],
    // Non-printable as str.isprintable() says: format, private-use and control characters (CPython 3.11 agrees).
    ['x = a \u202e', 'SyntaxError: invalid non-printable character U+202E', 6],
    ['x = a \ue112', 'SyntaxError: invalid non-printable character U+E112', 6],
    ['x = a \u007f', 'SyntaxError: invalid non-printable character U+007F', 6],
    ['x = a \u0085', 'SyntaxError: invalid non-printable character U+0085', 6],
    ['x = a \u{e0001}', 'SyntaxError: invalid non-printable character U+E0001', 6],
  ];

  it.each(table)('%j', (source, message, at) => {
    expect(strictError(source)).toEqual({ at, message });
  });

  it('ignores brackets and quotes inside strings and comments', () => {
    expect(strict("x = '(' + \"[\" + '''{\n''' # )]}").problems).toEqual([]);
    expect(strict('x = 1  # "unterminated').lines).toHaveLength(1);
  });
});

describe('tolerant mode: nothing stops the scan', () => {
  it('ends an unterminated single-quoted string at the end of its line, a triple-quoted one at the end', () => {
    expect(tokens("x = 'abc\ny = 2", 'tolerant')).toEqual([
      ['name', 'x'],
      ['string', "'abc"],
      ['name', 'y'],
      ['number', '2'],
    ]);
    expect(lex("x = 'abc\ny = 2", 'tolerant').lines.map((l) => l.lineStart)).toEqual([0, 9]);
    const triple = lex('x = """abc\ny = (', 'tolerant');
    expect(triple.problems).toEqual([]);
    expect(triple.lines).toHaveLength(1);
  });

  it('reads stray backslashes and invalid characters as punctuation', () => {
    for (const source of ['x = 1 \\ 2', 'x = 1 \\', 'x = a \u00d7 2']) {
      const r = lex(source, 'tolerant');
      expect(r.problems, source).toEqual([]);
      expect(r.edits, source).toEqual([]);
    }
  });

  it('repairs brackets, one problem each, with the messages strict mode stops at', () => {
    expect(lex('x = (1]', 'tolerant').problems).toEqual([
      { at: 6, message: "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('" },
    ]);
    expect(rewritten('x = (1]', 'tolerant')).toBe('x = (1)');
    expect(rewritten('x = 1)', 'tolerant')).toBe('x = 1 ');
    // Where strict mode names the innermost bracket open at the end, tolerant mode closes each statement's
    // brackets where the next statement starts.
    const source = 'a = (1\nb = 2\nc = [3\n';
    expect(strictError(source)).toEqual({ at: 17, message: "SyntaxError: '[' was never closed" });
    expect(lex(source, 'tolerant').problems).toEqual([
      { at: 4, message: "SyntaxError: '(' was never closed" },
      { at: 17, message: "SyntaxError: '[' was never closed" },
    ]);
    expect(rewritten(source, 'tolerant')).toBe('a = (1)\nb = 2\nc = [3]\n');
  });

  it('keeps a continuation line inside brackets (deeper, or after a line that cannot end a statement)', () => {
    expect(lex('f(a,\nb)\n', 'tolerant').problems).toEqual([]);
    expect(lex('x = f(\n    1)\n', 'tolerant').problems).toEqual([]);
    expect(rewritten('model.add(Dense(1)\nmodel.compile(loss="mse")\n', 'tolerant')).toBe(
      'model.add(Dense(1))\nmodel.compile(loss="mse")\n',
    );
  });

  it('puts the 0 of a bare dot before the closers inserted at the end', () => {
    expect(rewritten('f(0.', 'tolerant')).toBe('f(0.0)');
    expect(rewritten('SGD(model.parameters(), lr=0.', 'tolerant')).toBe('SGD(model.parameters(), lr=0.0)');
  });
});

describe('statement lines (both modes)', () => {
  it.each(['strict', 'tolerant'] as const)('skips blank and comment lines, bracket and backslash continuations (%s)', (mode) => {
    const source = '# c\nx = (1,\n  2)\n\ny = 1 + \\\n  2\ndef f(x):  # c\n    return x\n';
    const r = mode === 'strict' ? strict(source) : lex(source, 'tolerant');
    expect(r.lines.map((l) => source.slice(l.indentEnd, source.indexOf('\n', l.indentEnd)))).toEqual([
      'x = (1,',
      'y = 1 + \\',
      'def f(x):  # c',
      'return x',
    ]);
    expect(r.lines.map((l) => l.endsWithColon)).toEqual([false, false, true, false]);
  });

  it('dedents by the indentation common to the statement lines', () => {
    expect(rewritten('    x = (1,\n  2)\n    y = 1.\n', 'strict')).toBe('x = (1,\n2)\ny = 1.0\n');
  });
});

describe('the two pipelines built on it', () => {
  it('agree on names with digits before a dot (the pasted-code reader used to insert a 0 there)', () => {
    const p = prepare('layer1.e5');
    expect(p.ok && p.value.text).toBe('layer1.e5');
    expect(prepareSnippet('y = layer1.e5').text).toBe('y = layer1.e5');
  });

  it('map a closer inserted at the end of a paste to the end of the paste', () => {
    const source = 'scheduler = StepLR(optimizer, step_size=0.';
    const s = prepareSnippet(source);
    expect(s.text).toBe('scheduler = StepLR(optimizer, step_size=0.0)');
    expect(s.inserted[s.text.length - 1]).toBe(1);
    expect(s.origin[s.text.length - 1]).toBe(source.length);
    expect(s.position(s.text.length - 1)).toEqual({ line: 1, column: source.length + 1 });
    expect(s.problems).toEqual([{ at: 18, message: "SyntaxError: '(' was never closed" }]);
  });
});
