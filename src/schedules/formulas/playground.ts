/** Formulas of the playground's own families: Warmup around any schedule, and the inverse-sqrt schedule. */
import { fromFramework } from '../registry';
import type { Framework, FrameworkCall } from '../types';
import { cases, flatten, otherwise, range, type Span, spanNode, tLess } from './cases';
import { type Builder, isRecord, numberOrSymbol } from './context';
import { add, ETA, fn, frac, minus, mul, n, sqrt, sub } from './math';

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

export const playgroundBuilders: Readonly<Record<string, Builder>> = {
  Warmup(r, ctx) {
    const warmup = r.num('warmup');
    const startFactor = r.num('start_factor');
    const inner = r.call('schedule');
    if (!inner) throw new Error('Warmup: no schedule');
    // The wrapped schedule runs standalone (its own optimizer state), on its own clock from t = warmup.
    const expr = ctx.build(inner.framework, inner.name, inner.args, {
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
