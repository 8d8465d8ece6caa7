/**
 * Formulas of torch.optim.lr_scheduler's single schedulers (PyTorch 2.x, as ../torch follows): the closed form of
 * each, with `factor` where torch's chainable step multiplies the LR by factor(t) / factor(t − 1), which
 * ChainedScheduler multiplies together.
 */
import { cases, otherwise, range, tLess } from './cases';
import { type Builder, ETA_PREV, FUNCTION_LEGEND, fresh, plateauRule, restartClock, scaled } from './context';
import {
  add,
  apply,
  cosineFactor,
  equation,
  F,
  floor,
  fn,
  frac,
  HALF,
  id,
  jux,
  type MathNode,
  minus,
  mod,
  mul,
  n,
  op,
  paren,
  PI,
  pow,
  proseNumber,
  row,
  sub,
  word,
} from './math';

export const torchBuilders: Readonly<Record<string, Builder>> = {
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
};
