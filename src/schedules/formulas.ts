/**
 * The live formula of a schedule with the call's current values substituted, as a small math tree. The UI renders
 * it as MathML (src/ui/Formula.tsx); `text` is the same formula as plain text (screen readers' fallback, tests).
 *
 * The formula is the closed form the schedule follows, even where a framework computes it recursively (torch's
 * chainable `get_lr`). Inside torch containers it follows the containers' semantics: a SequentialLR child runs on
 * its own clock from its milestone, a ChainedScheduler multiplies its children's factors. User code (lr_lambda,
 * scale_fn, a Keras schedule) never appears here: it is the function `f`, shown elsewhere as text.
 *
 * Pure TypeScript, like the rest of src/schedules. `formulaFor` never throws: anything it cannot describe gives
 * `undefined`.
 */
import type { FamilySpec } from './family';
import { findFamily, fromFramework } from './registry';
import { sample } from './sample';
import type { Framework, FrameworkCall } from './types';

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

const MINUS = '−';

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
function proseNumber(value: number): string {
  const { negative, mantissa, exponent } = numberParts(value);
  const power = exponent === undefined ? '' : `×10${[...String(exponent).replace('-', MINUS)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  return `${negative ? MINUS : ''}${mantissa}${power}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

const INVISIBLE_TIMES = '\u2062';
/** Operators that are function names: rendered upright, like identifiers (`cos`, `min`, `log`). */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set(['cos', 'min', 'max', 'log']);
const RELATIONS = new Set(['=', '<', '>', '≤', '≥', '←', ',', ';']);
const SUMS = new Set(['+', MINUS, 'mod']);
const PRODUCTS = new Set(['·', '×', '/', INVISIBLE_TIMES]);
const FENCES: Readonly<Record<string, string>> = { '(': ')', '⌊': '⌋', '⌈': '⌉', '[': ']' };

const id = (text: string): MathNode => ({ kind: 'identifier', text });
const n = (value: number): MathNode => ({ kind: 'number', value });
const op = (text: string): MathNode => ({ kind: 'operator', text });
const word = (text: string): MathNode => ({ kind: 'text', text });

function row(...children: MathNode[]): MathNode {
  return children.length === 1 ? (children[0] as MathNode) : { kind: 'row', children };
}

const ETA = id('η');
const T = id('t');
const PI = id('π');
const HALF: MathNode = { kind: 'frac', num: n(1), den: n(2) };
const F = word('f');

function isNumber(node: MathNode, value: number): boolean {
  return node.kind === 'number' && node.value === value;
}

/** A word of text (padded with spaces when printed), as opposed to a one-letter name such as the function `f`. */
function isWord(text: string): boolean {
  return text.length > 1;
}

/** 0: a relation or a list; 1: a sum; 2: a product; 3: an atom (needs no parentheses anywhere). */
type Precedence = 0 | 1 | 2 | 3;

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
function isFenced(node: MathNode): boolean {
  if (node.kind !== 'row' || node.children.length !== 3) return false;
  const [open, , close] = node.children;
  return open?.kind === 'operator' && close?.kind === 'operator' && FENCES[open.text] === close.text;
}

const paren = (x: MathNode): MathNode => row(op('('), x, op(')'));
const floor = (x: MathNode): MathNode => row(op('⌊'), x, op('⌋'));
const ceil = (x: MathNode): MathNode => row(op('⌈'), x, op('⌉'));
const frac = (num: MathNode, den: MathNode): MathNode => ({ kind: 'frac', num, den });
const sqrt = (body: MathNode): MathNode => ({ kind: 'sqrt', body });
const sub = (base: MathNode, script: MathNode): MathNode => ({ kind: 'sub', base, sub: script });

function interleave(items: readonly MathNode[], separator: string): MathNode[] {
  const out: MathNode[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(op(separator));
    out.push(item);
  });
  return out;
}

/** `name(a, b)`: a function application (cos, min, log_2, the user's f). */
function apply(name: MathNode, ...args: MathNode[]): MathNode {
  return row(name, paren(row(...interleave(args, ','))));
}
const fn = (name: string, ...args: MathNode[]): MathNode => apply(op(name), ...args);

/** A product written with `·`; literal 1s are dropped, a literal 0 makes it 0, sums are parenthesised. */
function mul(...factors: MathNode[]): MathNode {
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
function jux(...factors: MathNode[]): MathNode {
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
function add(...terms: MathNode[]): MathNode {
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

function minus(a: MathNode, b: MathNode): MathNode {
  if (isNumber(b, 0)) return a;
  const left = precedence(a) === 0 ? paren(a) : a;
  if (b.kind === 'number' && b.value < 0) return row(left, op('+'), n(-b.value));
  return row(left, op(MINUS), precedence(b) < 2 ? paren(b) : b);
}

function pow(base: MathNode, exponent: MathNode): MathNode {
  if (isNumber(exponent, 1)) return base;
  if (isNumber(exponent, 0) || isNumber(base, 1)) return n(1);
  const b = precedence(base) < 3 || base.kind === 'sup' ? paren(base) : base;
  return { kind: 'sup', base: b, sup: exponent };
}

function mod(a: MathNode, b: MathNode): MathNode {
  return row(precedence(a) < 2 ? paren(a) : a, op('mod'), precedence(b) < 3 ? paren(b) : b);
}

/** π·p, written `π t / W` rather than `π(t / W)`. */
function piTimes(p: MathNode): MathNode {
  return p.kind === 'frac' ? frac(jux(PI, p.num), p.den) : jux(PI, p);
}

/** `½(1 + cos(arg))`, the cosine annealing factor going from 1 to 0 as arg goes from 0 to π. */
function cosineFactor(arg: MathNode): MathNode {
  return jux(HALF, paren(add(n(1), fn('cos', arg))));
}

const equation = (left: MathNode, right: MathNode): MathNode => row(left, op('='), right);

/** Rows beyond this are elided (a schedule with hundreds of milestones still gets a readable formula). */
const MAX_CASES = 12;

function cases(rows: { value: MathNode; condition: MathNode }[]): MathNode {
  if (rows.length === 1) return (rows[0] as { value: MathNode }).value;
  if (rows.length <= MAX_CASES) return { kind: 'cases', rows };
  const last = rows[rows.length - 1] as { value: MathNode; condition: MathNode };
  const ellipsis = { value: op('⋯'), condition: op('⋯') };
  return { kind: 'cases', rows: [...rows.slice(0, MAX_CASES - 2), ellipsis, last] };
}

const otherwise = (): MathNode => word('otherwise');

// ---------------------------------------------------------------------------------------------------------------
// Time: a schedule nested in a container runs on its own clock, t − shift.

interface Time {
  shift: number;
}

/** t − (shift + c): the local time less a constant. */
function tLess(time: Time, c = 0): MathNode {
  const k = time.shift + c;
  if (k === 0) return T;
  return k < 0 ? row(T, op('+'), n(-k)) : row(T, op(MINUS), n(k));
}

/** `if lo ≤ t < hi` in local time, written with the global t (the shift moves the bounds). */
function range(time: Time, lo: number | undefined, hi: number | undefined, loOp = '≤', hiOp = '<'): MathNode {
  if (hi === undefined) {
    // A lower bound alone reads better the other way round: t ≥ lo, t > lo.
    return lo === undefined ? otherwise() : row(word('if'), T, op(loOp === '<' ? '>' : '≥'), n(lo + time.shift));
  }
  const parts: MathNode[] = [word('if')];
  if (lo !== undefined) parts.push(n(lo + time.shift), op(loOp));
  parts.push(T, op(hiOp), n(hi + time.shift));
  return row(...parts);
}

/**
 * Intervals of t, to merge a nested schedule's cases into its container's (a SequentialLR child that is itself
 * piecewise reads better as one brace than as a brace inside a brace).
 */
interface Bound {
  value: number;
  strict: boolean;
}
interface Span {
  lo?: Bound;
  hi?: Bound;
}

const isOtherwise = (node: MathNode): boolean => node.kind === 'text' && node.text === 'otherwise';

/** The interval a condition made by `range` describes, in global t; undefined for any other condition. */
function spanOf(condition: MathNode): Span | undefined {
  if (condition.kind !== 'row') return undefined;
  const [first, ...rest] = condition.children;
  if (first?.kind !== 'text' || first.text !== 'if') return undefined;
  const isT = (x: MathNode | undefined): boolean => x?.kind === 'identifier' && x.text === 't';
  const at = (i: number): { op: string; value: number } | undefined => {
    const o = rest[i];
    const v = rest[i + 1];
    return o?.kind === 'operator' && v?.kind === 'number' ? { op: o.text, value: v.value } : undefined;
  };
  if (rest.length === 3 && isT(rest[0])) {
    const b = at(1);
    if (!b) return undefined;
    if (b.op === '<' || b.op === '≤') return { hi: { value: b.value, strict: b.op === '<' } };
    if (b.op === '>' || b.op === '≥') return { lo: { value: b.value, strict: b.op === '>' } };
    return undefined;
  }
  if (rest.length === 5 && isT(rest[2])) {
    const lo = rest[0];
    const loOp = rest[1];
    const hi = at(3);
    if (lo?.kind !== 'number' || loOp?.kind !== 'operator' || !hi || !['<', '≤'].includes(loOp.text) || !['<', '≤'].includes(hi.op))
      return undefined;
    return { lo: { value: lo.value, strict: loOp.text === '<' }, hi: { value: hi.value, strict: hi.op === '<' } };
  }
  return undefined;
}

function tighter(a: Bound | undefined, b: Bound | undefined, lower: boolean): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return (lower ? a.value > b.value : a.value < b.value) ? a : b;
  return a.strict ? a : b;
}

function spanNode(span: Span): MathNode {
  const { lo, hi } = span;
  if (!hi) return lo ? row(word('if'), T, op(lo.strict ? '>' : '≥'), n(lo.value)) : otherwise();
  const parts: MathNode[] = [word('if')];
  if (lo) parts.push(n(lo.value), op(lo.strict ? '<' : '≤'));
  parts.push(T, op(hi.strict ? '<' : '≤'), n(hi.value));
  return row(...parts);
}

/** A child's cases restricted to the container's interval, or undefined where its conditions are not intervals of t. */
function flatten(value: MathNode, within: Span): { value: MathNode; condition: MathNode }[] | undefined {
  if (value.kind !== 'cases') return undefined;
  const out: { value: MathNode; condition: MathNode }[] = [];
  let cursor: Bound | undefined;
  for (const r of value.rows) {
    // Builders write `otherwise` only after rows that cover every t below it.
    const span = isOtherwise(r.condition) ? (cursor ? { lo: cursor } : {}) : spanOf(r.condition);
    if (!span) return undefined;
    cursor = span.hi ? { value: span.hi.value, strict: !span.hi.strict } : cursor;
    const lo = tighter(span.lo, within.lo, true);
    const hi = tighter(span.hi, within.hi, false);
    if (lo && hi && (lo.value > hi.value || (lo.value === hi.value && (lo.strict || hi.strict)))) continue;
    out.push({ value: r.value, condition: spanNode({ ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) }) });
  }
  return out.length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading arguments: validated calls have every argument; odd input falls back to the family's defaults.

type ArgsRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  readonly args: ArgsRecord;
  constructor(
    readonly spec: FamilySpec,
    args: unknown,
  ) {
    this.args = isRecord(args) ? args : {};
  }
  private fallback(name: string): unknown {
    const p = this.spec.params.find((q) => q.name === name);
    if (!p) return undefined;
    return p.example !== undefined ? p.example : p.default;
  }
  num(name: string): number {
    const v = this.args[name];
    if (typeof v === 'number') return v;
    const f = this.fallback(name);
    return typeof f === 'number' ? f : Number.NaN;
  }
  numOrNull(name: string): number | null {
    const v = this.args[name];
    if (typeof v === 'number' || v === null) return v;
    const f = this.fallback(name);
    return typeof f === 'number' ? f : null;
  }
  bool(name: string): boolean {
    const v = this.args[name];
    return typeof v === 'boolean' ? v : this.fallback(name) === true;
  }
  str(name: string): string {
    const v = this.args[name];
    if (typeof v === 'string') return v;
    const f = this.fallback(name);
    return typeof f === 'string' ? f : '';
  }
  /** Whether a function argument is given (its source is never read). */
  has(name: string): boolean {
    return typeof this.args[name] === 'string';
  }
  list(name: string): number[] {
    const v = this.args[name];
    const raw = Array.isArray(v) ? v : this.fallback(name);
    return Array.isArray(raw) ? raw.filter((x): x is number => typeof x === 'number') : [];
  }
  calls(name: string): { name: string; args: unknown }[] {
    const v = this.args[name];
    const raw = Array.isArray(v) ? v : this.fallback(name);
    if (!Array.isArray(raw)) return [];
    return raw.filter(isRecord).map((c) => ({ name: typeof c.name === 'string' ? c.name : '', args: c.args }));
  }
  call(name: string): { framework: Framework; name: string; args: unknown } | undefined {
    const v = this.args[name];
    const raw = isRecord(v) ? v : this.fallback(name);
    if (!isRecord(raw)) return undefined;
    const framework = raw.framework;
    if (framework !== 'torch' && framework !== 'keras' && framework !== 'playground' && framework !== 'transformers') return undefined;
    return { framework, name: typeof raw.name === 'string' ? raw.name : '', args: raw.args };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions of each family

interface Context {
  /** The optimizer's initial LR: a number where known, else the symbol η_0. */
  lr0: MathNode;
  optimizer: FrameworkCall['optimizer'];
  time: Time;
  depth: number;
  /** Names already used by `where` definitions (a second CyclicLR's τ becomes τ′). */
  names: Map<string, number>;
}

interface Expr {
  /** The LR at t (or, for `rule`, the update rule). */
  value: MathNode;
  /** Definitions written after `where`. */
  defs: MathNode[];
  /** An update rule in words and math (ReduceLROnPlateau): no `η_t =` in front. */
  rule?: boolean;
  /** `value` is η_0 · factor, and torch's chainable steps multiply the LR by factor(t) / factor(t − 1). */
  factor?: MathNode;
  /** The recursive form, where it is the clearer or (inside a container) the exact one: η_{t−1} · f(t). */
  recurrence?: MathNode;
  legend: string[];
  /** OneCycleLR sets the optimizer's initial_lr, which later schedulers on the same optimizer start from. */
  setsInitialLr?: number;
}

const MAX_DEPTH = 10;

function fresh(ctx: Context, key: string): string {
  const count = ctx.names.get(key) ?? 0;
  ctx.names.set(key, count + 1);
  return '′'.repeat(count);
}

function scaled(ctx: Context, factor: MathNode, legend: string[] = []): Expr {
  return { value: mul(ctx.lr0, factor), factor, defs: [], legend };
}

function numberOrSymbol(value: number | undefined, symbol: MathNode): MathNode {
  return value === undefined || !Number.isFinite(value) ? symbol : n(value);
}

const ETA_PREV = sub(ETA, row(T, op(MINUS), n(1)));

/** Torch's `lr_lambda` / `scale_fn` and Keras's `schedule`: the function f of the user's code. */
const FUNCTION_LEGEND: Readonly<Record<string, string>> = {
  lr_lambda: 'f = your lr_lambda',
  scale_fn: 'f = your scale_fn',
  schedule: 'f = your schedule function',
};

type Builder = (r: Reader, ctx: Context) => Expr;

// --- torch --------------------------------------------------------------------------------------------------------

const torchBuilders: Readonly<Record<string, Builder>> = {
  StepLR(r, ctx) {
    return scaled(ctx, pow(n(r.num('gamma')), floor(frac(tLess(ctx.time), n(r.num('step_size'))))));
  },

  MultiStepLR(r, ctx) {
    const gamma = n(r.num('gamma'));
    const counts = new Map<number, number>();
    for (const m of r.list('milestones')) counts.set(m, (counts.get(m) ?? 0) + 1);
    const sorted = [...counts.keys()].sort((a, b) => a - b);
    const rows: { factor: MathNode; condition: MathNode }[] = [];
    let passed = 0;
    let previous: number | undefined;
    for (const m of sorted) {
      if (previous !== undefined || m > 0) rows.push({ factor: pow(gamma, n(passed)), condition: range(ctx.time, previous, m) });
      passed += counts.get(m) ?? 0;
      previous = m;
    }
    rows.push({ factor: pow(gamma, n(passed)), condition: previous === undefined ? otherwise() : range(ctx.time, previous, undefined) });
    const factor = cases(rows.map((x) => ({ value: x.factor, condition: x.condition })));
    const value = cases(rows.map((x) => ({ value: mul(ctx.lr0, x.factor), condition: x.condition })));
    return { value, factor, defs: [], legend: [] };
  },

  ExponentialLR(r, ctx) {
    return scaled(ctx, pow(n(r.num('gamma')), tLess(ctx.time)));
  },

  CosineAnnealingLR(r, ctx) {
    const etaMin = r.num('eta_min');
    const arg = frac(jux(PI, tLess(ctx.time)), n(r.num('T_max')));
    // Not a `factor` even with eta_min = 0: past T_max torch's recursive step adds a term that a chained
    // scheduler's factors do not scale, so a product of factors would be wrong there.
    if (etaMin === 0) return { value: mul(ctx.lr0, cosineFactor(arg)), defs: [], legend: [] };
    const value = add(n(etaMin), jux(HALF, minus(ctx.lr0, n(etaMin)), paren(add(n(1), fn('cos', arg)))));
    return { value, defs: [], legend: [] };
  },

  CosineAnnealingWarmRestarts(r, ctx) {
    const t0 = r.num('T_0');
    const tMult = r.num('T_mult');
    const etaMin = r.num('eta_min');
    const restart = restartClock(ctx, t0, tMult);
    const arg = frac(jux(PI, restart.current), restart.period);
    const value =
      etaMin === 0
        ? mul(ctx.lr0, cosineFactor(arg))
        : add(n(etaMin), jux(HALF, minus(ctx.lr0, n(etaMin)), paren(add(n(1), fn('cos', arg)))));
    return { value, defs: restart.defs, legend: restart.legend };
  },

  CyclicLR(r, ctx) {
    const base = r.num('base_lr');
    const max = r.num('max_lr');
    const up = r.num('step_size_up');
    const down = r.numOrNull('step_size_down') ?? up;
    const length = up + down;
    const tauName = `τ${fresh(ctx, 'τ')}`;
    const tau = id(tauName);
    const t = tLess(ctx.time);
    const cycles = floor(frac(t, n(length)));
    const legend: string[] = [`${tauName} = the step within the current cycle`];
    let scale: MathNode;
    if (r.has('scale_fn')) {
      scale = apply(F, r.str('scale_mode') === 'iterations' ? t : add(cycles, n(1)));
      legend.push(FUNCTION_LEGEND.scale_fn as string);
    } else {
      const mode = r.str('mode');
      scale = mode === 'triangular2' ? pow(n(0.5), cycles) : mode === 'exp_range' ? pow(n(r.num('gamma')), t) : n(1);
    }
    const amplitude = minus(n(max), n(base));
    const rising = add(n(base), mul(amplitude, frac(tau, n(up)), scale));
    const falling = add(n(base), mul(amplitude, frac(minus(n(length), tau), n(down)), scale));
    const value = cases([
      { value: rising, condition: row(word('if'), tau, op('≤'), n(up)) },
      { value: falling, condition: otherwise() },
    ]);
    return { value, defs: [equation(tau, mod(t, n(length)))], legend };
  },

  OneCycleLR(r, ctx) {
    const maxLr = r.num('max_lr');
    const total = r.numOrNull('total_steps');
    const epochs = r.numOrNull('epochs');
    const perEpoch = r.numOrNull('steps_per_epoch');
    const T_ = total ?? (epochs !== null && perEpoch !== null ? epochs * perEpoch : undefined);
    if (T_ === undefined) throw new Error('OneCycleLR needs total_steps or epochs and steps_per_epoch');
    const pct = r.num('pct_start');
    const initial = maxLr / r.num('div_factor');
    const min = initial / r.num('final_div_factor');
    const cos = r.str('anneal_strategy') !== 'linear';
    const phases: { end: number; from: number; to: number }[] = r.bool('three_phase')
      ? [
          { end: pct * T_ - 1, from: initial, to: maxLr },
          { end: 2 * pct * T_ - 2, from: maxLr, to: initial },
          { end: T_ - 1, from: initial, to: min },
        ]
      : [
          { end: pct * T_ - 1, from: initial, to: maxLr },
          { end: T_ - 1, from: maxLr, to: min },
        ];
    let start = 0;
    const rows = phases.map((phase, i) => {
      const elapsed = tLess(ctx.time, start);
      const width = n(phase.end - start);
      const value = cos
        ? add(n(phase.to), jux(HALF, minus(n(phase.from), n(phase.to)), paren(add(n(1), fn('cos', frac(jux(PI, elapsed), width))))))
        : add(n(phase.from), mul(minus(n(phase.to), n(phase.from)), frac(elapsed, width)));
      const condition = i === phases.length - 1 ? otherwise() : range(ctx.time, i === 0 ? undefined : start, phase.end, '<', '≤');
      start = phase.end;
      return { value, condition };
    });
    const legend = [`${proseNumber(initial)} = max_lr / div_factor`, `${proseNumber(min)} = that / final_div_factor`];
    return { value: cases(rows), defs: [], legend, setsInitialLr: initial };
  },

  ReduceLROnPlateau(r, ctx) {
    const threshold = n(r.num('threshold'));
    const rel = r.str('threshold_mode') !== 'abs';
    const best = sub(id('m'), id('best'));
    const criterion =
      r.str('mode') === 'max'
        ? row(id('m'), op('>'), rel ? mul(best, paren(add(n(1), threshold))) : add(best, threshold))
        : row(id('m'), op('<'), rel ? mul(best, paren(minus(n(1), threshold))) : minus(best, threshold));
    const patience = r.num('patience');
    const eps = r.num('eps');
    return plateauRule(ctx, {
      factor: r.num('factor'),
      minLr: r.num('min_lr'),
      after: [word('after more than'), n(patience), word(`${patience === 1 ? 'epoch' : 'epochs'} without improvement`)],
      criterion,
      cooldown: r.num('cooldown'),
      metric: 'the metric passed to step() each epoch',
      extraLegend: eps > 0 ? [`reductions of at most ${proseNumber(eps)} (eps) are skipped`] : [],
    });
  },

  LinearLR(r, ctx) {
    const s = r.num('start_factor');
    const e = r.num('end_factor');
    const total = r.num('total_iters');
    // total_iters = 0: torch applies start_factor at t = 0 and never steps it again.
    if (total === 0) return scaled(ctx, n(s));
    const progress = frac(fn('min', tLess(ctx.time), n(total)), n(total));
    return scaled(ctx, add(n(s), mul(minus(n(e), n(s)), progress)));
  },

  ConstantLR(r, ctx) {
    const factor = r.num('factor');
    const total = r.num('total_iters');
    if (total === 0) return scaled(ctx, n(factor));
    const rows = [
      { f: n(factor), condition: range(ctx.time, undefined, total) },
      { f: n(1), condition: otherwise() },
    ];
    return {
      value: cases(rows.map((x) => ({ value: mul(ctx.lr0, x.f), condition: x.condition }))),
      factor: cases(rows.map((x) => ({ value: x.f, condition: x.condition }))),
      defs: [],
      legend: [],
    };
  },

  PolynomialLR(r, ctx) {
    const total = r.num('total_iters');
    if (total === 0) return scaled(ctx, n(1));
    const remaining = minus(n(1), frac(fn('min', tLess(ctx.time), n(total)), n(total)));
    return scaled(ctx, pow(remaining, n(r.num('power'))));
  },

  LambdaLR(_r, ctx) {
    return { value: mul(ctx.lr0, apply(F, tLess(ctx.time))), defs: [], legend: [FUNCTION_LEGEND.lr_lambda as string] };
  },

  MultiplicativeLR(_r, ctx) {
    const k = id('k');
    const product = row({ kind: 'subsup', base: op('∏'), sub: equation(k, n(1)), sup: tLess(ctx.time) }, apply(F, k));
    return {
      value: mul(ctx.lr0, product),
      factor: product,
      recurrence: mul(ETA_PREV, apply(F, tLess(ctx.time))),
      defs: [],
      legend: [FUNCTION_LEGEND.lr_lambda as string],
    };
  },

  SequentialLR(r, ctx) {
    const children = r.calls('schedulers');
    const milestones = r.list('milestones');
    if (children.length === 0 || milestones.length !== children.length - 1) throw new Error('SequentialLR: mismatched milestones');
    // Children are built in order on one optimizer: those after a OneCycleLR start from the initial_lr it set.
    let lr0 = ctx.lr0;
    const exprs = children.map((child, i) => {
      const start = i === 0 ? 0 : (milestones[i - 1] as number);
      const expr = build('torch', child.name, child.args, { ...ctx, lr0, time: { shift: ctx.time.shift + start }, depth: ctx.depth + 1 });
      if (expr.setsInitialLr !== undefined) lr0 = n(expr.setsInitialLr);
      return expr;
    });
    const defs = exprs.flatMap((x) => x.defs);
    const legend = exprs.flatMap((x) => x.legend);
    const rows = exprs.map((expr, i) => {
      const start = i === 0 ? 0 : (milestones[i - 1] as number);
      const end = milestones[i];
      let value = expr.value;
      // SequentialLR's constructor puts the (last) initial_lr back into the optimizer, and the first child's
      // chainable steps run from there.
      if (i === 0 && expr.factor && lr0 !== ctx.lr0) value = mul(lr0, expr.factor);
      // Past the first, a child restarts at its milestone from its closed form at 0, or (MultiplicativeLR)
      // carries on from the LR the previous child left.
      if (i > 0 && expr.recurrence) value = expr.recurrence;
      const lo = i === 0 ? undefined : start;
      const within: Span = {
        ...(lo === undefined ? {} : { lo: { value: lo + ctx.time.shift, strict: false } }),
        ...(end === undefined ? {} : { hi: { value: end + ctx.time.shift, strict: true } }),
      };
      return flatten(value, within) ?? [{ value, condition: spanNode(within) }];
    });
    return { value: cases(rows.flat()), defs, legend };
  },

  ChainedScheduler(r, ctx) {
    const children = r.calls('schedulers');
    if (children.length === 0) throw new Error('ChainedScheduler: no schedulers');
    const exprs = children.map((child) => ({
      name: child.name,
      expr: build('torch', child.name, child.args, { ...ctx, depth: ctx.depth + 1 }),
    }));
    const defs = exprs.flatMap((x) => x.expr.defs);
    const legend = exprs.flatMap((x) => x.expr.legend);
    const factors = exprs.map((x) => x.expr.factor);
    if (factors.every((f): f is MathNode => f !== undefined))
      return { value: mul(ctx.lr0, ...factors), factor: mul(...factors), defs, legend };
    // A child that sets the LR outright (LambdaLR, CyclicLR, …) or steps it affinely (CosineAnnealingLR): no
    // simple product. Say what happens: every step() applies each scheduler's own update to the LR in turn.
    const list = cases(exprs.map((x) => ({ value: x.expr.value, condition: word(`(${x.name})`) })));
    return {
      value: row(word('every step() applies these to η in turn:'), list),
      defs,
      legend: [...legend, 'each row is that scheduler’s curve on its own'],
      rule: true,
    };
  },

  // torch.optim.swa_utils.SWALR: from the LR it starts from to swa_lr over A = anneal_epochs steps, then swa_lr
  // (torch/swa.ts). Only where it starts at t = 0 from η_0: inside a SequentialLR it starts one tick after its
  // milestone from the LR the previous child left, which this closed form does not know.
  SWALR(r, ctx) {
    if (ctx.time.shift !== 0 && ctx.depth > 0) throw new Error('SWALR after a milestone');
    return swaAnneal(r, ctx);
  },

  // PyTorch's SWA loop: the first scheduler until t = swa_start + 1, then SWALR from the LR it left (torch/swa.ts).
  SWARecipe(r, ctx) {
    const [first, second] = r.calls('schedulers');
    if (!first || second?.name !== 'SWALR') throw new Error('SWARecipe: the second scheduler is not an SWALR');
    const swa = new Reader(findFamily('torch', 'SWALR') as FamilySpec, second.args);
    // anneal_epochs = 0: SWALR's constructor already sets swa_lr, and the first scheduler runs from there.
    if (swa.num('anneal_epochs') === 0) throw new Error('SWARecipe with anneal_epochs = 0');
    const switchAt = Math.max(0, r.num('swa_start') + 1);
    const made = fromFramework({
      framework: 'torch',
      name: 'SWARecipe',
      args: r.args as Record<string, unknown>,
      ...(ctx.optimizer ? { optimizer: ctx.optimizer } : {}),
    });
    const ticks = made.ok ? sample(made.value, switchAt + 1) : undefined;
    const start = ticks?.ok ? ticks.value.lr[switchAt] : undefined;
    if (start === undefined) throw new Error('SWARecipe: no LR at swa_start');
    const before = build('torch', first.name, first.args, { ...ctx, depth: ctx.depth + 1 });
    const after = swaAnneal(swa, { ...ctx, lr0: n(start), time: { shift: ctx.time.shift + switchAt }, depth: ctx.depth + 1 });
    const rows = [
      { expr: before, within: { hi: { value: switchAt + ctx.time.shift, strict: false } } },
      { expr: after, within: { lo: { value: switchAt + ctx.time.shift, strict: true } } },
    ].map(
      ({ expr, within }: { expr: Expr; within: Span }) =>
        flatten(expr.value, within) ?? [{ value: expr.value, condition: spanNode(within) }],
    );
    return {
      value: cases(rows.flat()),
      defs: [...before.defs, ...after.defs],
      legend: [...before.legend, ...after.legend, `SWALR starts from η = ${formatNumber(start)} at t = ${switchAt} (swa_start + 1)`],
    };
  },
};

/** SWALR's curve from ctx.lr0 at the local t = 0: η_0 + (swa_lr − η_0) · share(t / A) for t < A, then swa_lr. */
function swaAnneal(r: Reader, ctx: Context): Expr {
  const swaLr = n(r.num('swa_lr'));
  const A = r.num('anneal_epochs');
  const legend = ['SWALR anneals to swa_lr over anneal_epochs steps'];
  if (A === 0) return { value: swaLr, defs: [], legend };
  const t = tLess(ctx.time);
  const share =
    r.str('anneal_strategy') === 'cos'
      ? jux(HALF, minus(swaLr, ctx.lr0), paren(minus(n(1), fn('cos', frac(jux(PI, t), n(A))))))
      : mul(minus(swaLr, ctx.lr0), frac(t, n(A)));
  const rows = [
    { value: add(ctx.lr0, share), condition: range(ctx.time, undefined, A) },
    { value: swaLr, condition: otherwise() },
  ];
  return { value: cases(rows), defs: [], legend };
}

/** The SGDR clock: restart index i, current period T_i, steps since the restart T_cur (torch and Keras alike). */
function restartClock(
  ctx: Context,
  t0: number,
  mult: number,
): { current: MathNode; period: MathNode; defs: MathNode[]; legend: string[]; index: MathNode } {
  const t = tLess(ctx.time);
  if (mult === 1) return { current: mod(t, n(t0)), period: n(t0), defs: [], legend: [], index: floor(frac(t, n(t0))) };
  const prime = fresh(ctx, 'restart');
  const i = id(`i${prime}`);
  const period = sub(id(`T${prime}`), i);
  const current = sub(id(`T${prime}`), id('cur'));
  const index = floor(apply(sub(op('log'), n(mult)), add(frac(mul(n(mult - 1), t), n(t0)), n(1))));
  const startOfPeriod =
    mult - 1 === 1 ? mul(n(t0), minus(pow(n(mult), i), n(1))) : mul(n(t0), frac(minus(pow(n(mult), i), n(1)), n(mult - 1)));
  return {
    current,
    period,
    index: i,
    defs: [equation(i, index), equation(period, mul(n(t0), pow(n(mult), i))), equation(current, minus(t, startOfPeriod))],
    legend: [`i${prime} = restarts so far, T${prime}_i = the current period, T${prime}_cur = steps since the last restart`],
  };
}

interface PlateauOptions {
  factor: number;
  minLr: number;
  after: MathNode[];
  criterion: MathNode;
  cooldown: number;
  /** What m is, for the legend. */
  metric: string;
  extraLegend: string[];
}

/** ReduceLROnPlateau, torch's and Keras's: an update rule, not a function of t. */
function plateauRule(ctx: Context, o: PlateauOptions): Expr {
  const parts: MathNode[] = [ETA, op('←'), fn('max', mul(ETA, n(o.factor)), n(o.minLr)), ...o.after, paren(o.criterion)];
  if (o.cooldown > 0) parts.push(op(','), word('then a cooldown of'), n(o.cooldown), word(o.cooldown === 1 ? 'epoch' : 'epochs'));
  return {
    value: row(...parts),
    rule: true,
    defs: [equation(sub(ETA, n(ctx.time.shift)), ctx.lr0)],
    legend: ['η = the optimizer’s LR', `m = ${o.metric}, m_best = the best so far`, ...o.extraLegend],
  };
}

// --- Keras --------------------------------------------------------------------------------------------------------

/** Keras's cosine decay from `from` with floor alpha: from · ((1 − α) · ½(1 + cos(π x / D)) + α). */
function kerasCosine(from: MathNode, x: MathNode, decaySteps: number, alpha: number, extra: MathNode = n(1)): MathNode {
  const wave = mul(extra, cosineFactor(frac(jux(PI, x), n(decaySteps))));
  return mul(from, alpha === 0 ? wave : add(mul(minus(n(1), n(alpha)), wave), n(alpha)));
}

const kerasBuilders: Readonly<Record<string, Builder>> = {
  ExponentialDecay(r, ctx) {
    const p = frac(tLess(ctx.time), n(r.num('decay_steps')));
    return {
      value: mul(n(r.num('initial_learning_rate')), pow(n(r.num('decay_rate')), r.bool('staircase') ? floor(p) : p)),
      defs: [],
      legend: [],
    };
  },

  PiecewiseConstantDecay(r, ctx) {
    const boundaries = r.list('boundaries');
    const values = r.list('values');
    if (boundaries.length === 0 || values.length !== boundaries.length + 1) throw new Error('PiecewiseConstantDecay: mismatched lengths');
    const conditions = values.map((_, k) =>
      k === 0 ? range(ctx.time, undefined, boundaries[0], '<', '≤') : range(ctx.time, boundaries[k - 1], boundaries[k], '<', '≤'),
    );
    const increasing = boundaries.every((b, k) => k === 0 || b > (boundaries[k - 1] as number));
    if (increasing)
      return { value: cases(values.map((v, k) => ({ value: n(v), condition: conditions[k] as MathNode }))), defs: [], legend: [] };
    // Keras never sorts the boundaries: it adds up value × [condition] for each interval, overlapping or not.
    const terms = values.map((v, k) => {
      const condition = conditions[k] as MathNode;
      const inner = condition.kind === 'row' ? row(...condition.children.slice(1)) : condition;
      return mul(n(v), row(op('['), inner, op(']')));
    });
    return { value: add(...terms), defs: [], legend: ['[condition] = 1 where it holds, else 0'] };
  },

  PolynomialDecay(r, ctx) {
    const lr0 = r.num('initial_learning_rate');
    const decaySteps = r.num('decay_steps');
    const end = r.num('end_learning_rate');
    const power = n(r.num('power'));
    const t = tLess(ctx.time);
    if (!r.bool('cycle')) {
      const remaining = minus(n(1), frac(fn('min', t, n(decaySteps)), n(decaySteps)));
      return { value: add(mul(minus(n(lr0), n(end)), pow(remaining, power)), n(end)), defs: [], legend: [] };
    }
    const d = id(`d${fresh(ctx, 'd')}`);
    const value = add(mul(minus(n(lr0), n(end)), pow(minus(n(1), frac(t, d)), power)), n(end));
    const def = equation(d, mul(n(decaySteps), fn('max', n(1), ceil(frac(t, n(decaySteps))))));
    return { value, defs: [def], legend: [] };
  },

  InverseTimeDecay(r, ctx) {
    const p = frac(tLess(ctx.time), n(r.num('decay_steps')));
    const den = add(n(1), mul(n(r.num('decay_rate')), r.bool('staircase') ? floor(p) : p));
    return { value: frac(n(r.num('initial_learning_rate')), den), defs: [], legend: [] };
  },

  CosineDecay(r, ctx) {
    const lr0 = r.num('initial_learning_rate');
    const decaySteps = r.num('decay_steps');
    const alpha = r.num('alpha');
    const target = r.numOrNull('warmup_target');
    const t = tLess(ctx.time);
    if (target === null) return { value: kerasCosine(n(lr0), fn('min', t, n(decaySteps)), decaySteps, alpha), defs: [], legend: [] };
    const warmup = r.num('warmup_steps');
    const rows: { value: MathNode; condition: MathNode }[] = [];
    if (warmup > 0) {
      rows.push({ value: add(n(lr0), mul(minus(n(target), n(lr0)), frac(t, n(warmup)))), condition: range(ctx.time, undefined, warmup) });
    }
    rows.push({
      value: kerasCosine(n(target), tLess(ctx.time, warmup), decaySteps, alpha),
      condition: range(ctx.time, warmup > 0 ? warmup : undefined, warmup + decaySteps),
    });
    rows.push({ value: mul(n(target), n(alpha)), condition: otherwise() });
    return { value: cases(rows), defs: [], legend: [] };
  },

  CosineDecayRestarts(r, ctx) {
    const lr0 = n(r.num('initial_learning_rate'));
    const clock = restartClock(ctx, r.num('first_decay_steps'), r.num('t_mul'));
    const peak = pow(n(r.num('m_mul')), clock.index);
    const alpha = r.num('alpha');
    const wave = mul(peak, cosineFactor(frac(jux(PI, clock.current), clock.period)));
    const value = mul(lr0, alpha === 0 ? wave : add(mul(minus(n(1), n(alpha)), wave), n(alpha)));
    return { value, defs: clock.defs, legend: clock.legend };
  },

  LearningRateScheduler(_r, ctx) {
    const start =
      ctx.time.shift === 0
        ? equation(sub(ETA, n(-1)), ctx.lr0)
        : row(ETA_PREV, op('='), ctx.lr0, word('at'), T, op('='), n(ctx.time.shift));
    return {
      value: apply(F, tLess(ctx.time), ETA_PREV),
      defs: [start],
      legend: [`${FUNCTION_LEGEND.schedule as string} (a one-argument schedule ignores η)`],
    };
  },

  ReduceLROnPlateau(r, ctx) {
    const mode = r.str('mode');
    const maximize = mode === 'max' || (mode === 'auto' && r.str('monitor').includes('acc'));
    const best = sub(id('m'), id('best'));
    const delta = n(r.num('min_delta'));
    const criterion = maximize ? row(id('m'), op('>'), add(best, delta)) : row(id('m'), op('<'), minus(best, delta));
    const patience = Math.max(1, r.num('patience'));
    return plateauRule(ctx, {
      factor: r.num('factor'),
      minLr: r.num('min_lr'),
      after: [word('after'), n(patience), word(`${patience === 1 ? 'epoch' : 'epochs'} without improvement`)],
      criterion,
      cooldown: r.num('cooldown'),
      metric: `${r.str('monitor')} at the end of each epoch`,
      extraLegend: [],
    });
  },
};

// --- playground ---------------------------------------------------------------------------------------------------

/** The wrapped schedule's LR at its own tick 0, from a dry run (undefined where it cannot run). */
function firstLr(inner: { framework: Framework; name: string; args: unknown }, optimizer: FrameworkCall['optimizer']): number | undefined {
  try {
    const call: FrameworkCall = { framework: inner.framework, name: inner.name, args: isRecord(inner.args) ? inner.args : {} };
    if (optimizer) call.optimizer = optimizer;
    const s = fromFramework(call);
    if (!s.ok) return undefined;
    const lr = s.value.start().current().lr;
    return Number.isFinite(lr) ? lr : undefined;
  } catch {
    return undefined;
  }
}

const playgroundBuilders: Readonly<Record<string, Builder>> = {
  Warmup(r, ctx) {
    const warmup = r.num('warmup');
    const startFactor = r.num('start_factor');
    const inner = r.call('schedule');
    if (!inner) throw new Error('Warmup: no schedule');
    // The wrapped schedule runs standalone (its own optimizer state), on its own clock from t = warmup.
    const expr = build(inner.framework, inner.name, inner.args, {
      ...ctx,
      time: { shift: ctx.time.shift + warmup },
      depth: ctx.depth + 1,
    });
    if (warmup <= 0) return expr;
    const first = numberOrSymbol(firstLr(inner, ctx.optimizer), sub(ETA, n(ctx.time.shift + warmup)));
    const progress = frac(tLess(ctx.time), n(warmup));
    const ramp = startFactor === 0 ? progress : add(n(startFactor), mul(minus(n(1), n(startFactor)), progress));
    const after: Span = { lo: { value: ctx.time.shift + warmup, strict: false } };
    const value = cases([
      { value: mul(first, ramp), condition: range(ctx.time, undefined, warmup) },
      ...(flatten(expr.value, after) ?? [{ value: expr.value, condition: expr.rule ? spanNode(after) : otherwise() }]),
    ]);
    return { value, defs: expr.defs, legend: expr.legend };
  },

  InverseSqrt(r, ctx) {
    const W = n(r.num('warmup_steps'));
    const s = tLess(ctx.time, -1);
    return { value: mul(ctx.lr0, fn('min', frac(s, W), sqrt(frac(W, s)))), defs: [], legend: [] };
  },
};

// --- transformers -------------------------------------------------------------------------------------------------
// transformers/optimization.py (5.24.0): η_t = η_0 · factor(t), the LambdaLR each get_* function builds.

/** The linear warmup every transformers schedule starts with: η_0 · t / W for t < W (none when W ≤ 0). */
function hfWarmup(ctx: Context, W: number): { value: MathNode; condition: MathNode }[] {
  return W > 0 ? [{ value: mul(ctx.lr0, frac(tLess(ctx.time), n(W))), condition: range(ctx.time, undefined, W) }] : [];
}

/** `if W ≤ t < hi` after a warmup of W steps (no lower bound without warmup). */
const hfAfter = (ctx: Context, W: number, hi: number | undefined, hiOp = '<'): MathNode =>
  range(ctx.time, W > 0 ? W : undefined, hi, '≤', hiOp);

/** ½(1 + cos(2π·c·(t − from) / D)): the library's cosine with `num_cycles` c. */
function hfCosine(ctx: Context, c: number, from: number, D: number): MathNode {
  return cosineFactor(piTimes(frac(mul(n(2 * c), tLess(ctx.time, from)), n(D))));
}

/** f·(1 − r) + r, clipped at 0 where it can go below (r < 0). */
function hfFloor(f: MathNode, r: number): MathNode {
  if (r === 0) return f;
  const v = add(mul(minus(n(1), n(r)), f), n(r));
  return r < 0 ? fn('max', n(0), v) : v;
}

/** min_lr_rate, or min_lr / η_0 (needs a numeric η_0). */
function hfMinRate(r: Reader, ctx: Context): number {
  const rate = r.numOrNull('min_lr_rate');
  const minLr = r.numOrNull('min_lr');
  if (rate !== null) return rate;
  if (minLr === null || ctx.lr0.kind !== 'number' || ctx.lr0.value === 0) throw new Error('min_lr needs the optimizer LR');
  return minLr / ctx.lr0.value;
}

const transformersBuilders: Readonly<Record<string, Builder>> = {
  get_constant_schedule(_r, ctx) {
    return { value: ctx.lr0, defs: [], legend: [] };
  },

  get_constant_schedule_with_warmup(r, ctx) {
    const W = r.num('num_warmup_steps');
    return { value: cases([...hfWarmup(ctx, W), { value: ctx.lr0, condition: otherwise() }]), defs: [], legend: [] };
  },

  get_linear_schedule_with_warmup(r, ctx) {
    const W = r.num('num_warmup_steps');
    const T = r.num('num_training_steps');
    const rows = hfWarmup(ctx, W);
    if (T > W) rows.push({ value: mul(ctx.lr0, frac(minus(n(T), tLess(ctx.time)), n(T - W))), condition: hfAfter(ctx, W, T) });
    rows.push({ value: n(0), condition: otherwise() });
    return { value: cases(rows), defs: [], legend: [] };
  },

  get_cosine_schedule_with_warmup(r, ctx) {
    const W = r.num('num_warmup_steps');
    const D = Math.max(1, r.num('num_training_steps') - W);
    const value = mul(ctx.lr0, hfCosine(ctx, r.num('num_cycles'), W, D));
    return { value: cases([...hfWarmup(ctx, W), { value, condition: otherwise() }]), defs: [], legend: [] };
  },

  get_cosine_with_hard_restarts_schedule_with_warmup(r, ctx) {
    const W = r.num('num_warmup_steps');
    const D = Math.max(1, r.num('num_training_steps') - W);
    const c = r.num('num_cycles');
    const phase = mod(mul(n(c), frac(tLess(ctx.time, W), n(D))), n(1));
    const rows = hfWarmup(ctx, W);
    rows.push({ value: mul(ctx.lr0, cosineFactor(jux(PI, phase))), condition: hfAfter(ctx, W, W + D) });
    rows.push({ value: n(0), condition: otherwise() });
    return { value: cases(rows), defs: [], legend: [] };
  },

  get_polynomial_decay_schedule_with_warmup(r, ctx) {
    const W = r.num('num_warmup_steps');
    const T = r.num('num_training_steps');
    const end = n(r.num('lr_end'));
    const rows = hfWarmup(ctx, W);
    if (T > W) {
      const remaining = minus(n(1), frac(tLess(ctx.time, W), n(T - W)));
      rows.push({
        value: add(mul(minus(ctx.lr0, end), pow(paren(remaining), n(r.num('power')))), end),
        condition: hfAfter(ctx, W, T, '≤'),
      });
    }
    rows.push({ value: end, condition: otherwise() });
    return { value: cases(rows), defs: [], legend: [] };
  },

  get_inverse_sqrt_schedule(r, ctx) {
    const W = r.num('num_warmup_steps');
    const given = r.numOrNull('timescale');
    const tau = given === null ? W || 10_000 : given;
    const value = mul(ctx.lr0, sqrt(frac(n(tau), tLess(ctx.time, W - tau))));
    return { value: cases([...hfWarmup(ctx, W), { value, condition: otherwise() }]), defs: [], legend: [] };
  },

  get_cosine_with_min_lr_schedule_with_warmup(r, ctx) {
    const W = r.num('num_warmup_steps');
    const D = Math.max(1, r.num('num_training_steps') - W);
    const value = mul(ctx.lr0, hfFloor(hfCosine(ctx, r.num('num_cycles'), W, D), hfMinRate(r, ctx)));
    return { value: cases([...hfWarmup(ctx, W), { value, condition: otherwise() }]), defs: [], legend: [] };
  },

  get_cosine_with_min_lr_schedule_with_warmup_lr_rate(r, ctx) {
    const W = r.num('num_warmup_steps');
    const D = Math.max(1, r.num('num_training_steps') - W);
    const w = r.numOrNull('warmup_lr_rate');
    const rows: { value: MathNode; condition: MathNode }[] = [];
    if (W > 0) {
      const ramp =
        w === null ? frac(tLess(ctx.time, -1), n(Math.max(1, W))) : add(n(w), mul(n(1 - w), frac(tLess(ctx.time), n(Math.max(1, W - 1)))));
      rows.push({ value: mul(ctx.lr0, ramp), condition: range(ctx.time, undefined, W) });
    }
    const value = mul(ctx.lr0, hfFloor(hfCosine(ctx, r.num('num_cycles'), W - 1, D), hfMinRate(r, ctx)));
    rows.push({ value, condition: otherwise() });
    return { value: cases(rows), defs: [], legend: [] };
  },

  get_wsd_schedule(r, ctx) {
    const W = r.num('num_warmup_steps');
    const D = r.num('num_decay_steps');
    const stable = r.numOrNull('num_stable_steps');
    const training = r.numOrNull('num_training_steps');
    if (stable === null && training === null) throw new Error('get_wsd_schedule: no length');
    const S = stable ?? (training as number) - W - D;
    const ratio = r.num('min_lr_ratio');
    const c = r.num('num_cycles');
    const rows: { value: MathNode; condition: MathNode }[] = [];
    if (W > 0) {
      const p = frac(tLess(ctx.time), n(W));
      const type = r.str('warmup_type');
      const f =
        type === 'cosine'
          ? jux(HALF, paren(minus(n(1), fn('cos', piTimes(p)))))
          : type === '1-sqrt'
            ? minus(n(1), sqrt(minus(n(1), p)))
            : p;
      rows.push({ value: mul(ctx.lr0, hfFloor(f, ratio)), condition: range(ctx.time, undefined, W) });
    }
    const start = Math.max(W, 0);
    if (W + S > start) rows.push({ value: ctx.lr0, condition: range(ctx.time, start > 0 ? start : undefined, W + S) });
    const decayFrom = Math.max(start, W + S);
    if (W + S + D > decayFrom) {
      const p = frac(tLess(ctx.time, W + S), n(Math.max(1, D)));
      const type = r.str('decay_type');
      const f = type === 'cosine' ? hfCosine(ctx, c, W + S, Math.max(1, D)) : type === '1-sqrt' ? minus(n(1), sqrt(p)) : minus(n(1), p);
      rows.push({ value: mul(ctx.lr0, hfFloor(f, ratio)), condition: range(ctx.time, decayFrom > 0 ? decayFrom : undefined, W + S + D) });
    }
    rows.push({ value: mul(ctx.lr0, n(ratio)), condition: otherwise() });
    return { value: cases(rows), defs: [], legend: [] };
  },
};

const BUILDERS: Readonly<Record<Framework, Readonly<Record<string, Builder>>>> = {
  torch: torchBuilders,
  keras: kerasBuilders,
  playground: playgroundBuilders,
  transformers: transformersBuilders,
};

function build(framework: Framework, name: string, args: unknown, ctx: Context): Expr {
  if (ctx.depth > MAX_DEPTH) throw new Error('nested too deep');
  const spec = findFamily(framework, name);
  const builder = BUILDERS[framework]?.[name];
  if (!spec || !builder || !Object.hasOwn(BUILDERS[framework], name)) throw new Error(`no formula for ${framework} ${name}`);
  return builder(new Reader(spec, args), ctx);
}

/** Whether t counts epochs or optimizer steps: per-step if any nested schedule is (as the registry decides). */
function tickOf(framework: Framework, name: string, args: unknown, depth = 0): 'epoch' | 'step' {
  const spec = findFamily(framework, name);
  if (!spec || depth > MAX_DEPTH) return 'epoch';
  if (spec.tick === 'step') return 'step';
  const r = new Reader(spec, args);
  if (framework === 'playground' && name === 'Warmup') {
    const inner = r.call('schedule');
    return inner ? tickOf(inner.framework, inner.name, inner.args, depth + 1) : 'epoch';
  }
  if (framework === 'torch' && (name === 'SequentialLR' || name === 'ChainedScheduler' || name === 'SWARecipe')) {
    return r.calls('schedulers').some((c) => tickOf('torch', c.name, c.args, depth + 1) === 'step') ? 'step' : 'epoch';
  }
  return 'epoch';
}

function optimizerLr(call: FrameworkCall): number | undefined {
  const o: unknown = call.optimizer;
  if (!isRecord(o)) return undefined;
  const lr = typeof o.lr === 'number' ? o.lr : o.learning_rate;
  return typeof lr === 'number' ? lr : undefined;
}

/**
 * The formula of a validated call (`schedule.call`: every default filled in, `optimizer.lr` the optimizer's LR)
 * with its values substituted. Undefined for an unknown family or arguments no formula can describe. Never throws.
 */
export function formulaFor(call: FrameworkCall): Formula | undefined {
  try {
    if (!isRecord(call)) return undefined;
    const { framework, name } = call;
    if (
      (framework !== 'torch' && framework !== 'keras' && framework !== 'playground' && framework !== 'transformers') ||
      typeof name !== 'string'
    )
      return undefined;
    const ctx: Context = {
      lr0: numberOrSymbol(optimizerLr(call), sub(ETA, n(0))),
      optimizer: call.optimizer,
      time: { shift: 0 },
      depth: 0,
      names: new Map(),
    };
    const expr = build(framework, name, call.args, ctx);
    const parts: MathNode[] = expr.rule ? [expr.value] : [sub(ETA, T), op('=')];
    if (!expr.rule) {
      if (expr.recurrence) parts.push(expr.recurrence, op('='));
      parts.push(expr.value);
    }
    if (expr.defs.length > 0) parts.push(op(','), word('where'), ...interleave(expr.defs, ','));
    const math = row(...parts);
    // A call stepped where its family is not usually stepped (`stepEvery`) counts what the loop counts.
    const tick = call.stepEvery === 'batch' ? 'step' : call.stepEvery === 'epoch' ? 'epoch' : tickOf(framework, name, call.args);
    const legend = [
      ...(expr.rule && !usesTime(expr.value) ? [] : [`t = ${tick === 'step' ? 'optimizer step' : 'epoch'}, counted from 0`]),
      ...(expr.rule ? [] : ['η_t = the learning rate at t']),
      ...expr.legend,
    ];
    return { math, text: toText(math), legend: [...new Set(legend)].join('; ') };
  } catch {
    return undefined;
  }
}

function usesTime(node: MathNode): boolean {
  switch (node.kind) {
    case 'identifier':
      return node.text === 't';
    case 'row':
      return node.children.some(usesTime);
    case 'sub':
      return usesTime(node.base) || usesTime(node.sub);
    case 'sup':
      return usesTime(node.base) || usesTime(node.sup);
    case 'subsup':
      return usesTime(node.base) || usesTime(node.sub) || usesTime(node.sup);
    case 'frac':
      return usesTime(node.num) || usesTime(node.den);
    case 'sqrt':
      return usesTime(node.body);
    case 'cases':
      return node.rows.some((x) => usesTime(x.value) || usesTime(x.condition));
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Plain text

/** `a / b` on one line, with the parentheses the stacked fraction did not need (also used in MathML scripts). */
export function inlineFraction(node: { num: MathNode; den: MathNode }): MathNode {
  const num = precedence(node.num) < 2 ? paren(node.num) : node.num;
  const den = precedence(node.den) < 3 ? paren(node.den) : node.den;
  return row(num, op('/'), den);
}

const SPACED = new Set(['+', MINUS, '·', '×', '/', '=', '<', '>', '≤', '≥', '←', 'mod']);
const LETTER_END = /[\p{L}}]$/u;
const LETTER_START = /^\p{L}/u;

/** A subscript that needs no braces (`t`, `max`, `2`); a superscript may also be a negative number or a fenced group. */
function bare(text: string, allowSign: boolean): boolean {
  return (allowSign ? /^−?[\p{L}\p{N}.]+$/u : /^[\p{L}\p{N}.]+$/u).test(text);
}

function textOf(node: MathNode, compact: boolean): string {
  switch (node.kind) {
    case 'identifier':
      return node.text;
    case 'number':
      return formatNumber(node.value);
    case 'operator':
      if (node.text === INVISIBLE_TIMES) return '';
      if (node.text === ',') return compact ? ',' : ', ';
      if (SPACED.has(node.text)) return compact && node.text !== 'mod' ? node.text : ` ${node.text} `;
      return node.text;
    case 'text':
      return isWord(node.text) ? ` ${node.text} ` : node.text;
    case 'row': {
      let out = '';
      for (const child of node.children) {
        const piece = textOf(child, compact);
        // Juxtaposed names stay apart: `π t`, `π min(…)`.
        if (LETTER_END.test(out) && LETTER_START.test(piece)) out += ' ';
        out += piece;
      }
      return out;
    }
    case 'sub': {
      const s = textOf(node.sub, true);
      return `${textOf(node.base, compact)}_${bare(s, false) ? s : `{${s}}`}`;
    }
    case 'sup': {
      const s = textOf(node.sup, compact);
      return `${textOf(node.base, compact)}^${bare(s, true) || isFenced(node.sup) ? s : `{${s}}`}`;
    }
    case 'subsup': {
      const s = textOf(node.sub, true);
      const p = textOf(node.sup, true);
      return `${textOf(node.base, compact)}_${bare(s, false) ? s : `{${s}}`}^${bare(p, true) ? p : `{${p}}`}`;
    }
    case 'frac':
      if (isNumber(node.num, 1) && isNumber(node.den, 2)) return '½';
      return textOf(inlineFraction(node), compact);
    case 'sqrt': {
      const body = textOf(node.body, compact);
      return `√${bare(body, false) || isFenced(node.body) ? body : `(${body})`}`;
    }
    case 'cases':
      return ` { ${node.rows.map((x) => `${textOf(x.value, compact)} ${textOf(x.condition, compact)}`).join('; ')} } `;
  }
}

/** The formula as one line of plain text: `η_t = 0.1 · 0.5^⌊t / 10⌋`. */
export function toText(node: MathNode): string {
  return textOf(node, false)
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .replace(/ ([,;])/g, '$1')
    .trim();
}
