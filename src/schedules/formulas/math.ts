/**
 * The formula tree (MathNode), number formatting, and the node builders every family's formula is made of. The
 * builders simplify as they go (a factor 1 is dropped, a sum inside a product is parenthesised), so a formula
 * with its values substituted reads as a person would write it.
 */
export type MathNode =
  | { kind: 'identifier'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'operator'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'row'; children: MathNode[] }
  | { kind: 'sub'; base: MathNode; sub: MathNode }
  | { kind: 'sup'; base: MathNode; sup: MathNode }
  | { kind: 'subsup'; base: MathNode; sub: MathNode; sup: MathNode }
  | { kind: 'frac'; num: MathNode; den: MathNode }
  | { kind: 'sqrt'; body: MathNode }
  | { kind: 'cases'; rows: { value: MathNode; condition: MathNode }[] };

export interface Formula {
  math: MathNode;
  /** The same formula as plain text, for screen readers' fallback and tests. */
  text: string;
  /** One line saying what the symbols are (e.g. 't = epoch index'). */
  legend: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** How a number is printed: sign, significant digits (at most 6) and, for tiny or huge values, a power of ten. */
export interface NumberParts {
  negative: boolean;
  mantissa: string;
  exponent: number | undefined;
}

const SIGNIFICANT = 6;

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Integers below 10^9 print as integers, other values in [0.001, 10^6) with up to 6 significant digits, the rest as
 * m × 10^e (m with up to 6 significant digits).
 */
export function numberParts(value: number): NumberParts {
  if (Number.isNaN(value)) return { negative: false, mantissa: 'NaN', exponent: undefined };
  const negative = value < 0;
  const a = Math.abs(value);
  if (a === Number.POSITIVE_INFINITY) return { negative, mantissa: '∞', exponent: undefined };
  if (a === 0) return { negative: false, mantissa: '0', exponent: undefined };
  if (Number.isInteger(a) && a < 1e9) return { negative, mantissa: String(a), exponent: undefined };
  if (a >= 1e-3 && a < 1e6) {
    const fixed = a.toPrecision(SIGNIFICANT);
    if (!fixed.includes('e')) return { negative, mantissa: trimZeros(fixed), exponent: undefined };
  }
  const [mantissa = '0', exponent = '0'] = a.toExponential(SIGNIFICANT - 1).split('e');
  return { negative, mantissa: trimZeros(mantissa), exponent: Number(exponent) };
}

export const MINUS = '−';

/** A number as plain text: `0.1`, `5000`, `0.333333`, `1×10^−4`, `−2.5`. */
export function formatNumber(value: number): string {
  const { negative, mantissa, exponent } = numberParts(value);
  const sign = negative ? MINUS : '';
  if (exponent === undefined) return `${sign}${mantissa}`;
  return `${sign}${mantissa}×10^${exponent < 0 ? MINUS : ''}${Math.abs(exponent)}`;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  [MINUS]: '⁻',
};

/** A number for running text (the legend): `4×10⁻⁷`. */
export function proseNumber(value: number): string {
  const { negative, mantissa, exponent } = numberParts(value);
  const power = exponent === undefined ? '' : `×10${[...String(exponent).replace('-', MINUS)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  return `${negative ? MINUS : ''}${mantissa}${power}`;
}
// ---------------------------------------------------------------------------------------------------------------
// Building blocks

export const INVISIBLE_TIMES = '\u2062';
/** Operators that are function names: rendered upright, like identifiers (`cos`, `min`, `log`). */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set(['cos', 'min', 'max', 'log']);
const RELATIONS = new Set(['=', '<', '>', '≤', '≥', '←', ',', ';']);
const SUMS = new Set(['+', MINUS, 'mod']);
const PRODUCTS = new Set(['·', '×', '/', INVISIBLE_TIMES]);
const FENCES: Readonly<Record<string, string>> = { '(': ')', '⌊': '⌋', '⌈': '⌉', '[': ']' };

export const id = (text: string): MathNode => ({ kind: 'identifier', text });
export const n = (value: number): MathNode => ({ kind: 'number', value });
export const op = (text: string): MathNode => ({ kind: 'operator', text });
export const word = (text: string): MathNode => ({ kind: 'text', text });

export function row(...children: MathNode[]): MathNode {
  return children.length === 1 ? (children[0] as MathNode) : { kind: 'row', children };
}

export const ETA = id('η');
export const T = id('t');
export const PI = id('π');
export const HALF: MathNode = { kind: 'frac', num: n(1), den: n(2) };
export const F = word('f');

export function isNumber(node: MathNode, value: number): boolean {
  return node.kind === 'number' && node.value === value;
}

/** A word of text (padded with spaces when printed), as opposed to a one-letter name such as the function `f`. */
export function isWord(text: string): boolean {
  return text.length > 1;
}

/** 0: a relation or a list; 1: a sum; 2: a product; 3: an atom (needs no parentheses anywhere). */
export type Precedence = 0 | 1 | 2 | 3;

export function precedence(node: MathNode): Precedence {
  switch (node.kind) {
    case 'number': {
      const p = numberParts(node.value);
      return p.negative ? 1 : p.exponent !== undefined ? 2 : 3;
    }
    case 'frac':
      return 2;
    case 'text':
      return isWord(node.text) ? 0 : 3;
    case 'row': {
      let level: Precedence = 3;
      for (const child of node.children) {
        if (child.kind === 'text' && isWord(child.text)) return 0;
        if (child.kind !== 'operator') continue;
        if (RELATIONS.has(child.text)) return 0;
        if (SUMS.has(child.text)) level = 1;
        else if (PRODUCTS.has(child.text) && level > 2) level = 2;
      }
      return level;
    }
    default:
      return 3;
  }
}

/** A row that is one fenced group: `( … )`, `⌊ … ⌋`. */
export function isFenced(node: MathNode): boolean {
  if (node.kind !== 'row' || node.children.length !== 3) return false;
  const [open, , close] = node.children;
  return open?.kind === 'operator' && close?.kind === 'operator' && FENCES[open.text] === close.text;
}

export const paren = (x: MathNode): MathNode => row(op('('), x, op(')'));
export const floor = (x: MathNode): MathNode => row(op('⌊'), x, op('⌋'));
export const ceil = (x: MathNode): MathNode => row(op('⌈'), x, op('⌉'));
export const frac = (num: MathNode, den: MathNode): MathNode => ({ kind: 'frac', num, den });
export const sqrt = (body: MathNode): MathNode => ({ kind: 'sqrt', body });
export const sub = (base: MathNode, script: MathNode): MathNode => ({ kind: 'sub', base, sub: script });

export function interleave(items: readonly MathNode[], separator: string): MathNode[] {
  const out: MathNode[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(op(separator));
    out.push(item);
  });
  return out;
}

/** `name(a, b)`: a function application (cos, min, log_2, the user's f). */
export function apply(name: MathNode, ...args: MathNode[]): MathNode {
  return row(name, paren(row(...interleave(args, ','))));
}
export const fn = (name: string, ...args: MathNode[]): MathNode => apply(op(name), ...args);

/** A product written with `·`; literal 1s are dropped, a literal 0 makes it 0, sums are parenthesised. */
export function mul(...factors: MathNode[]): MathNode {
  const kept: MathNode[] = [];
  for (const f of factors) {
    if (isNumber(f, 0)) return n(0);
    if (isNumber(f, 1)) continue;
    kept.push(f);
  }
  if (kept.length === 0) return n(1);
  if (kept.length === 1) return kept[0] as MathNode;
  return row(
    ...interleave(
      kept.map((f) => (precedence(f) < 2 ? paren(f) : f)),
      '·',
    ),
  );
}

/** A product written by juxtaposition (`½(…)(…)`, `π t`): everything but a leading fraction or an atom is parenthesised. */
export function jux(...factors: MathNode[]): MathNode {
  const kept: MathNode[] = [];
  for (const f of factors) {
    if (isNumber(f, 0)) return n(0);
    if (isNumber(f, 1) && factors.length > 1) continue;
    const leadingFraction = kept.length === 0 && f.kind === 'frac';
    kept.push(precedence(f) < 3 && !leadingFraction ? paren(f) : f);
  }
  if (kept.length === 0) return n(1);
  return row(...interleave(kept, INVISIBLE_TIMES));
}

/** A sum; literal 0 terms are dropped and a negative literal term after the first is written as a subtraction. */
export function add(...terms: MathNode[]): MathNode {
  const out: MathNode[] = [];
  for (const term of terms) {
    if (isNumber(term, 0)) continue;
    const t = precedence(term) === 0 ? paren(term) : term;
    if (out.length === 0) out.push(t);
    else if (t.kind === 'number' && t.value < 0) out.push(op(MINUS), n(-t.value));
    else out.push(op('+'), t);
  }
  return out.length === 0 ? n(0) : row(...out);
}

export function minus(a: MathNode, b: MathNode): MathNode {
  if (isNumber(b, 0)) return a;
  const left = precedence(a) === 0 ? paren(a) : a;
  if (b.kind === 'number' && b.value < 0) return row(left, op('+'), n(-b.value));
  return row(left, op(MINUS), precedence(b) < 2 ? paren(b) : b);
}

export function pow(base: MathNode, exponent: MathNode): MathNode {
  if (isNumber(exponent, 1)) return base;
  if (isNumber(exponent, 0) || isNumber(base, 1)) return n(1);
  const b = precedence(base) < 3 || base.kind === 'sup' ? paren(base) : base;
  return { kind: 'sup', base: b, sup: exponent };
}

export function mod(a: MathNode, b: MathNode): MathNode {
  return row(precedence(a) < 2 ? paren(a) : a, op('mod'), precedence(b) < 3 ? paren(b) : b);
}

/** π·p, written `π t / W` rather than `π(t / W)`. */
export function piTimes(p: MathNode): MathNode {
  return p.kind === 'frac' ? frac(jux(PI, p.num), p.den) : jux(PI, p);
}

/** `½(1 + cos(arg))`, the cosine annealing factor going from 1 to 0 as arg goes from 0 to π. */
export function cosineFactor(arg: MathNode): MathNode {
  return jux(HALF, paren(add(n(1), fn('cos', arg))));
}

export const equation = (left: MathNode, right: MathNode): MathNode => row(left, op('='), right);
