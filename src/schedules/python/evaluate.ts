/**
 * The tree-walking evaluator of the resolved tree (resolve.ts): `evaluate` for an expression, `execute` for a block
 * of statements. Each node evaluated costs one step of the frame's budget (frame.ts), and arithmetic on big ints
 * more (cost.ts); before an operation that can raise, `f.at` is set to its node, so that a PyError (the budget's
 * too) is reported there.
 */
import { chargeInts } from './cost';
import { type Frame, step } from './frame';
import type { Code, Node } from './resolve';
import { binop, compare, negate, plus, truthy } from './values';
import {
  type CmpOp,
  NpFloat,
  NpFloatArray0d,
  NpInt,
  NpIntArray0d,
  PyError,
  PySeq,
  type PyValue,
  type Value,
  valueTypeName,
} from './value-types';

function unbound(name: string): PyError {
  return new PyError('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
}

/**
 * A runtime refusal: what CPython would do with a list here (concatenate, compare item by item, broadcast with
 * numpy) is outside the subset, which only indexes lists.
 */
export function listRefusal(what: string): PyError {
  return new PyError('Not supported', `${what} (lists and tuples can only be indexed, e.g. [0.1, 0.01][i], or passed to len())`);
}

/** `v` as a number for an operator, builtin or return; a list or tuple is refused (`what` says where it was). */
export function scalar(v: Value, what: string): PyValue {
  if (v instanceof PySeq) throw listRefusal(`${what} a ${v.typeName}`);
  return v;
}

/** Python's truth value of any value: a list or tuple is true when it has items. */
function truthyValue(v: Value): boolean {
  return v instanceof PySeq ? v.items.length > 0 : truthy(v);
}

/** sys.maxsize: an int index beyond it is an IndexError before any range check (PyNumber_AsSsize_t). */
const MAX_SSIZE = (1n << 63n) - 1n;

/** `seq[index]` as CPython's list_subscript / tuple_subscript do it (Objects/listobject.c, tupleobject.c). */
function subscript(seq: Value, index: Value): Value {
  if (!(seq instanceof PySeq)) {
    if (seq instanceof NpFloat || seq instanceof NpInt) {
      // numpy scalars (and 0-d arrays) are "subscriptable" with numpy's own rules (x[()], x[...]).
      throw new PyError('Not supported', `indexing a ${valueTypeName(seq)} (only lists and tuples can be indexed)`);
    }
    throw new PyError('TypeError', `'${valueTypeName(seq)}' object is not subscriptable`);
  }
  let i: bigint;
  if (typeof index === 'bigint') i = index;
  else if (typeof index === 'boolean') i = index ? 1n : 0n;
  else if (index instanceof NpIntArray0d || index instanceof NpInt) i = index.v;
  else if (index instanceof NpFloatArray0d) throw new PyError('TypeError', 'only integer scalar arrays can be converted to a scalar index');
  else throw new PyError('TypeError', `${seq.typeName} indices must be integers or slices, not ${valueTypeName(index)}`);
  if (i > MAX_SSIZE || i < -MAX_SSIZE - 1n) throw new PyError('IndexError', "cannot fit 'int' into an index-sized integer");
  const n = BigInt(seq.items.length);
  const at = i < 0n ? i + n : i;
  if (at < 0n || at >= n) throw new PyError('IndexError', `${seq.typeName} index out of range`);
  return seq.items[Number(at)] as Value;
}

/** `a op b` for a comparison with a list or tuple on one side (CPython: == is identity, ordering a TypeError). */
function compareSeq(op: CmpOp, a: Value, b: Value): boolean {
  const other = a instanceof PySeq ? b : a;
  if (other instanceof PySeq) throw listRefusal('comparing lists or tuples');
  if (other instanceof NpFloat || other instanceof NpInt) throw listRefusal('comparing a numpy number with a list or tuple');
  if (op === '==') return false;
  if (op === '!=') return true;
  throw new PyError('TypeError', `'${op}' not supported between instances of '${valueTypeName(a)}' and '${valueTypeName(b)}'`);
}

/** `a op b` with a list or tuple as an operand: a TypeError where CPython raises one, else a refusal. */
function binopSeq(op: string, a: Value, b: Value): never {
  const numpy = a instanceof NpFloat || a instanceof NpInt || b instanceof NpFloat || b instanceof NpInt;
  // list + list concatenates, list * int repeats, and numpy broadcasts a list into an array.
  if (op === '+' || op === '*' || numpy || (a instanceof PySeq && b instanceof PySeq)) throw listRefusal(`arithmetic (${op}) on lists`);
  const name = op === '**' ? '** or pow()' : op;
  throw new PyError('TypeError', `unsupported operand type(s) for ${name}: '${valueTypeName(a)}' and '${valueTypeName(b)}'`);
}

/** The resolved expression `n`, evaluated in frame `f` with Python's semantics (and/or short-circuit, chains). */
export function evaluate(n: Node, f: Frame): Value {
  step(f, n.at);
  switch (n.k) {
    case 'const':
      return n.v;
    case 'local': {
      const v = f.locals[n.slot];
      if (v === undefined) {
        f.at = n.at;
        throw unbound(n.name);
      }
      return v;
    }
    case 'global': {
      const v = f.globals.get(n.name);
      if (v === undefined) {
        f.at = n.at;
        throw new PyError('NameError', `name '${n.name}' is not defined`);
      }
      return v;
    }
    case 'bin': {
      const l = evaluate(n.l, f);
      const r = evaluate(n.r, f);
      f.at = n.at;
      if (l instanceof PySeq || r instanceof PySeq) binopSeq(n.op, l, r);
      return binop(n.op, l as PyValue, r as PyValue);
    }
    case 'neg': {
      const v = evaluate(n.e, f);
      f.at = n.at;
      if (v instanceof PySeq) throw new PyError('TypeError', `bad operand type for unary -: '${v.typeName}'`);
      return negate(v);
    }
    case 'pos': {
      const v = evaluate(n.e, f);
      f.at = n.at;
      if (v instanceof PySeq) throw new PyError('TypeError', `bad operand type for unary +: '${v.typeName}'`);
      return plus(v);
    }
    case 'not':
      return !truthyValue(evaluate(n.e, f));
    case 'and': {
      const l = evaluate(n.l, f);
      return truthyValue(l) ? evaluate(n.r, f) : l;
    }
    case 'or': {
      const l = evaluate(n.l, f);
      return truthyValue(l) ? l : evaluate(n.r, f);
    }
    case 'cmp': {
      let left = evaluate(n.operands[0] as Node, f);
      for (let i = 0; i < n.ops.length; i++) {
        const right = evaluate(n.operands[i + 1] as Node, f);
        f.at = n.at;
        const op = n.ops[i] as CmpOp;
        const holds = left instanceof PySeq || right instanceof PySeq ? compareSeq(op, left, right) : compare(op, left, right);
        if (!holds) return false;
        left = right;
      }
      return true;
    }
    case 'isNone':
      return (evaluate(n.e, f) === null) !== n.negated;
    case 'cond':
      return truthyValue(evaluate(n.test, f)) ? evaluate(n.body, f) : evaluate(n.orelse, f);
    case 'call': {
      const values: Value[] = [];
      for (const a of n.args) values.push(evaluate(a, f));
      f.at = n.at;
      const only = values[0];
      if (n.fn.name === 'len' && values.length === 1 && only instanceof PySeq) return BigInt(only.items.length);
      // len(a, b): the argument count is checked before any argument's type, as CPython does.
      if (n.fn.name === 'len' && values.length !== 1) return n.fn.call(values.map(() => 0n));
      const args = values.map((v) => scalar(v, `passing to ${n.fn.name}()`));
      // Every builtin reads its big-int arguments at least once (abs, min, float, math.log, ...); the ones that
      // do more (pow, round) price the rest themselves.
      for (const v of args) if (typeof v === 'bigint') chargeInts(v);
      return n.fn.call(args);
    }
    case 'raise':
      f.at = n.at;
      throw n.error;
    case 'list': {
      // CPython evaluates every item, left to right, before it builds the list (BUILD_LIST); building costs one
      // step per item on top of the items' own.
      const items: Value[] = [];
      for (const item of n.items) items.push(evaluate(item, f));
      for (let i = 0; i < items.length; i++) step(f, n.at);
      return new PySeq(items, n.tuple);
    }
    case 'index': {
      const seq = evaluate(n.e, f);
      const index = evaluate(n.i, f);
      f.at = n.at;
      return subscript(seq, index);
    }
  }
}

/** Runs statements; returns the returned value, or undefined when the block ends without `return`. */
export function execute(block: readonly Code[], f: Frame): Value | undefined {
  for (const s of block) {
    switch (s.k) {
      case 'assign': {
        const v = evaluate(s.value, f);
        for (const slot of s.slots) f.locals[slot] = v;
        break;
      }
      case 'aug': {
        const current = f.locals[s.slot];
        if (current === undefined) {
          f.at = s.at;
          throw unbound(s.name);
        }
        const v = evaluate(s.value, f);
        f.at = s.at;
        if (current instanceof PySeq || v instanceof PySeq) throw listRefusal(`augmented assignment (${s.op}=) with lists`);
        f.locals[s.slot] = binop(s.op, current as PyValue, v as PyValue);
        break;
      }
      case 'if': {
        const r = execute(truthyValue(evaluate(s.test, f)) ? s.body : s.orelse, f);
        if (r !== undefined) return r;
        break;
      }
      case 'return': {
        const v = s.value ? evaluate(s.value, f) : null;
        f.at = s.at;
        return v;
      }
      case 'expr':
        evaluate(s.value, f);
        break;
    }
  }
  return undefined;
}
