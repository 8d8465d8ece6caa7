/** Formulas of Keras's LearningRateSchedules and its LR callbacks (Keras 3.15, as the families in ../keras follow). */
import { cases, otherwise, range, tLess } from './cases';
import { type Builder, ETA_PREV, FUNCTION_LEGEND, fresh, plateauRule, restartClock } from './context';
import {
  add,
  apply,
  ceil,
  cosineFactor,
  ETA,
  equation,
  F,
  floor,
  fn,
  frac,
  id,
  jux,
  type MathNode,
  minus,
  mul,
  n,
  op,
  PI,
  pow,
  row,
  sub,
  T,
  word,
} from './math';

/** Keras's cosine decay from `from` with floor alpha: from · ((1 − α) · ½(1 + cos(π x / D)) + α). */
function kerasCosine(from: MathNode, x: MathNode, decaySteps: number, alpha: number, extra: MathNode = n(1)): MathNode {
  const wave = mul(extra, cosineFactor(frac(jux(PI, x), n(decaySteps))));
  return mul(from, alpha === 0 ? wave : add(mul(minus(n(1), n(alpha)), wave), n(alpha)));
}

export const kerasBuilders: Readonly<Record<string, Builder>> = {
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
