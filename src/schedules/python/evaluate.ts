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
import { type CmpOp, PyError, type PyValue } from './value-types';

function unbound(name: string): PyError {
  return new PyError('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
}

/** The resolved expression `n`, evaluated in frame `f` with Python's semantics (and/or short-circuit, chains). */
export function evaluate(n: Node, f: Frame): PyValue {
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
      return binop(n.op, l, r);
    }
    case 'neg': {
      const v = evaluate(n.e, f);
      f.at = n.at;
      return negate(v);
    }
    case 'pos': {
      const v = evaluate(n.e, f);
      f.at = n.at;
      return plus(v);
    }
    case 'not':
      return !truthy(evaluate(n.e, f));
    case 'and': {
      const l = evaluate(n.l, f);
      return truthy(l) ? evaluate(n.r, f) : l;
    }
    case 'or': {
      const l = evaluate(n.l, f);
      return truthy(l) ? l : evaluate(n.r, f);
    }
    case 'cmp': {
      let left = evaluate(n.operands[0] as Node, f);
      for (let i = 0; i < n.ops.length; i++) {
        const right = evaluate(n.operands[i + 1] as Node, f);
        f.at = n.at;
        if (!compare(n.ops[i] as CmpOp, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'isNone':
      return (evaluate(n.e, f) === null) !== n.negated;
    case 'cond':
      return truthy(evaluate(n.test, f)) ? evaluate(n.body, f) : evaluate(n.orelse, f);
    case 'call': {
      const args: PyValue[] = [];
      for (const a of n.args) args.push(evaluate(a, f));
      f.at = n.at;
      // Every builtin reads its big-int arguments at least once (abs, min, float, math.log, ...); the ones that
      // do more (pow, round) price the rest themselves.
      for (const v of args) if (typeof v === 'bigint') chargeInts(v);
      return n.fn.call(args);
    }
    case 'raise':
      f.at = n.at;
      throw n.error;
  }
}

/** Runs statements; returns the returned value, or undefined when the block ends without `return`. */
export function execute(block: readonly Code[], f: Frame): PyValue | undefined {
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
        f.locals[s.slot] = binop(s.op, current, v);
        break;
      }
      case 'if': {
        const r = execute(truthy(evaluate(s.test, f)) ? s.body : s.orelse, f);
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
