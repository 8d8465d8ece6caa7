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
 *
 * Layout: ./math.ts (the tree, numbers, node builders), ./cases.ts (piecewise formulas and the local clock),
 * ./context.ts (what a builder reads and returns), ./text.ts (plain text), and one table of builders per framework
 * group, keyed by family name (./torch.ts, ./torch-composite.ts, ./keras.ts, ./playground.ts, ./transformers.ts).
 * Formulas stay out of the family objects: they are presentation, which the training worker does not need, and the
 * containers' formulas look up nested families, which would make family modules import the registry.
 */
import type { FamilySpec } from '../family';
import { findFamily, fromFramework } from '../registry';
import { stepEveryOf } from '../run';
import type { Framework, FrameworkCall } from '../types';
import { type Builder, type Context, type Expr, isRecord, numberOrSymbol, Reader } from './context';
import { kerasBuilders } from './keras';
import { ETA, type Formula, interleave, type MathNode, n, op, row, sub, T, word } from './math';
import { playgroundBuilders } from './playground';
import { toText } from './text';
import { torchBuilders } from './torch';
import { torchCompositeBuilders } from './torch-composite';
import { transformersBuilders } from './transformers';

export { FUNCTION_NAMES, type Formula, formatNumber, type MathNode, type NumberParts, numberParts, precedence } from './math';
export { inlineFraction, toText } from './text';

const BUILDERS: Readonly<Record<Framework, Readonly<Record<string, Builder>>>> = {
  torch: { ...torchBuilders, ...torchCompositeBuilders },
  keras: kerasBuilders,
  playground: playgroundBuilders,
  transformers: transformersBuilders,
};

/** Nesting deeper than this gives no formula (the registry refuses far shallower nesting anyway). */
const MAX_DEPTH = 10;

function build(framework: Framework, name: string, args: unknown, ctx: Context): Expr {
  if (ctx.depth > MAX_DEPTH) throw new Error('nested too deep');
  const spec = findFamily(framework, name);
  const builder = BUILDERS[framework]?.[name];
  if (!spec || !builder || !Object.hasOwn(BUILDERS[framework], name)) throw new Error(`no formula for ${framework} ${name}`);
  ctx.built.push(spec);
  return builder(new Reader(spec, args), ctx);
}

/** Every family a formula is written for, by framework (the completeness test compares it with the registry). */
export function formulaFamilies(): { framework: Framework; name: string }[] {
  return (Object.keys(BUILDERS) as Framework[]).flatMap((framework) =>
    Object.keys(BUILDERS[framework]).map((name) => ({ framework, name })),
  );
}

/**
 * What t counts: where the loop calls step() for the schedule the registry makes of this call (`stepEveryOf`; the
 * registry already follows `stepEvery` and nested schedules). For a call the registry refuses (formulaFor is
 * meant for validated calls, but describes others where it can): its stepEvery, else per step if any family in
 * the formula is per step by its FamilySpec.tick (a OneCycleLR inside a SequentialLR or a Warmup).
 */
function tickOf(call: FrameworkCall, built: readonly FamilySpec[]): 'epoch' | 'step' {
  const made = fromFramework(call);
  if (made.ok) return stepEveryOf(made.value) === 'batch' ? 'step' : 'epoch';
  if (call.stepEvery === 'batch') return 'step';
  if (call.stepEvery === 'epoch') return 'epoch';
  return built.some((spec) => spec.tick === 'step') ? 'step' : 'epoch';
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
      built: [],
      build,
    };
    const expr = build(framework, name, call.args, ctx);
    const parts: MathNode[] = expr.rule ? [expr.value] : [sub(ETA, T), op('=')];
    if (!expr.rule) {
      if (expr.recurrence) parts.push(expr.recurrence, op('='));
      parts.push(expr.value);
    }
    if (expr.defs.length > 0) parts.push(op(','), word('where'), ...interleave(expr.defs, ','));
    const math = row(...parts);
    const tick = tickOf(call, ctx.built);
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
