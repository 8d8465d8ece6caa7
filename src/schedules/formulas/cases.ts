/**
 * Piecewise formulas: the `cases` brace, conditions on t, the local clock of a schedule nested in a container,
 * and the intervals that let a container merge a nested schedule's cases into its own.
 */
import { type MathNode, MINUS, n, op, row, T, word } from './math';

/** Rows beyond this are elided (a schedule with hundreds of milestones still gets a readable formula). */
const MAX_CASES = 12;

export function cases(rows: { value: MathNode; condition: MathNode }[]): MathNode {
  if (rows.length === 1) return (rows[0] as { value: MathNode }).value;
  if (rows.length <= MAX_CASES) return { kind: 'cases', rows };
  const last = rows[rows.length - 1] as { value: MathNode; condition: MathNode };
  const ellipsis = { value: op('⋯'), condition: op('⋯') };
  return { kind: 'cases', rows: [...rows.slice(0, MAX_CASES - 2), ellipsis, last] };
}

export const otherwise = (): MathNode => word('otherwise');

// ---------------------------------------------------------------------------------------------------------------
// Time: a schedule nested in a container runs on its own clock, t − shift.

export interface Time {
  shift: number;
}

/** t − (shift + c): the local time less a constant. */
export function tLess(time: Time, c = 0): MathNode {
  const k = time.shift + c;
  if (k === 0) return T;
  return k < 0 ? row(T, op('+'), n(-k)) : row(T, op(MINUS), n(k));
}

/** `if lo ≤ t < hi` in local time, written with the global t (the shift moves the bounds). */
export function range(time: Time, lo: number | undefined, hi: number | undefined, loOp = '≤', hiOp = '<'): MathNode {
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
export interface Bound {
  value: number;
  strict: boolean;
}
export interface Span {
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

export function spanNode(span: Span): MathNode {
  const { lo, hi } = span;
  if (!hi) return lo ? row(word('if'), T, op(lo.strict ? '>' : '≥'), n(lo.value)) : otherwise();
  const parts: MathNode[] = [word('if')];
  if (lo) parts.push(n(lo.value), op(lo.strict ? '<' : '≤'));
  parts.push(T, op(hi.strict ? '<' : '≤'), n(hi.value));
  return row(...parts);
}

/** A child's cases restricted to the container's interval, or undefined where its conditions are not intervals of t. */
export function flatten(value: MathNode, within: Span): { value: MathNode; condition: MathNode }[] | undefined {
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
