/**
 * Formulas of Hugging Face transformers' schedule functions.
 * transformers/optimization.py (5.24.0): η_t = η_0 · factor(t), the LambdaLR each get_* function builds.
 */
import { cases, otherwise, range, tLess } from './cases';
import type { Builder, Context, Reader } from './context';
import { add, cosineFactor, fn, frac, HALF, jux, type MathNode, minus, mod, mul, n, paren, PI, piTimes, pow, sqrt } from './math';

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

export const transformersBuilders: Readonly<Record<string, Builder>> = {
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
