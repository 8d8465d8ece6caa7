/**
 * Formulas of torch's containers and SWA: SequentialLR (children on their own clocks from their milestones),
 * ChainedScheduler (a product of factors), SWALR and the SWA recipe. Nested schedulers are built with ctx.build.
 */
import type { FamilySpec } from '../family';
import { findFamily, fromFramework } from '../registry';
import { sample } from '../sample';
import { cases, flatten, otherwise, range, type Span, spanNode, tLess } from './cases';
import { type Builder, type Context, type Expr, Reader } from './context';
import { add, formatNumber, frac, fn, HALF, jux, type MathNode, minus, mul, n, paren, PI, row, word } from './math';

export const torchCompositeBuilders: Readonly<Record<string, Builder>> = {
  SequentialLR(r, ctx) {
    const children = r.calls('schedulers');
    const milestones = r.list('milestones');
    if (children.length === 0 || milestones.length !== children.length - 1) throw new Error('SequentialLR: mismatched milestones');
    // Children are built in order on one optimizer: those after a OneCycleLR start from the initial_lr it set.
    let lr0 = ctx.lr0;
    const exprs = children.map((child, i) => {
      const start = i === 0 ? 0 : (milestones[i - 1] as number);
      const expr = ctx.build('torch', child.name, child.args, {
        ...ctx,
        lr0,
        time: { shift: ctx.time.shift + start },
        depth: ctx.depth + 1,
      });
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
      expr: ctx.build('torch', child.name, child.args, { ...ctx, depth: ctx.depth + 1 }),
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
    const before = ctx.build('torch', first.name, first.args, { ...ctx, depth: ctx.depth + 1 });
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
