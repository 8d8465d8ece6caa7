/**
 * What every family's formula builder works with: a Reader for its arguments, the Context it is built in (the
 * initial LR, the local clock, the names taken), the Expr it returns, and the helpers torch and Keras share.
 */
import type { FamilySpec } from '../family';
import type { Framework, FrameworkCall } from '../types';
import { type Time, tLess } from './cases';
import {
  add,
  apply,
  ETA,
  equation,
  floor,
  fn,
  frac,
  id,
  type MathNode,
  MINUS,
  minus,
  mod,
  mul,
  n,
  op,
  paren,
  pow,
  row,
  sub,
  T,
  word,
} from './math';

// ---------------------------------------------------------------------------------------------------------------
// Reading arguments: validated calls have every argument; odd input falls back to the family's defaults.

export type ArgsRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Reader {
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

export interface Context {
  /** The optimizer's initial LR: a number where known, else the symbol η_0. */
  lr0: MathNode;
  optimizer: FrameworkCall['optimizer'];
  time: Time;
  depth: number;
  /** Names already used by `where` definitions (a second CyclicLR's τ becomes τ′). */
  names: Map<string, number>;
  /** The families built so far, nested ones included (what t counts, for a call the registry refuses). */
  built: FamilySpec[];
  /**
   * Builds a nested schedule's expression (SequentialLR's children, Warmup's schedule). Passed in by ./index.ts,
   * which holds the table of builders: the container builders importing that table would be an import cycle.
   */
  build: (framework: Framework, name: string, args: unknown, ctx: Context) => Expr;
}

export interface Expr {
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

export function fresh(ctx: Context, key: string): string {
  const count = ctx.names.get(key) ?? 0;
  ctx.names.set(key, count + 1);
  return '′'.repeat(count);
}

export function scaled(ctx: Context, factor: MathNode, legend: string[] = []): Expr {
  return { value: mul(ctx.lr0, factor), factor, defs: [], legend };
}

export function numberOrSymbol(value: number | undefined, symbol: MathNode): MathNode {
  return value === undefined || !Number.isFinite(value) ? symbol : n(value);
}

export const ETA_PREV = sub(ETA, row(T, op(MINUS), n(1)));

/** Torch's `lr_lambda` / `scale_fn` and Keras's `schedule`: the function f of the user's code. */
export const FUNCTION_LEGEND: Readonly<Record<string, string>> = {
  lr_lambda: 'f = your lr_lambda',
  scale_fn: 'f = your scale_fn',
  schedule: 'f = your schedule function',
};

export type Builder = (r: Reader, ctx: Context) => Expr;

// ---------------------------------------------------------------------------------------------------------------
// Shapes torch and Keras share

/** The SGDR clock: restart index i, current period T_i, steps since the restart T_cur (torch and Keras alike). */
export function restartClock(
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

export interface PlateauOptions {
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
export function plateauRule(ctx: Context, o: PlateauOptions): Expr {
  const parts: MathNode[] = [ETA, op('←'), fn('max', mul(ETA, n(o.factor)), n(o.minLr)), ...o.after, paren(o.criterion)];
  if (o.cooldown > 0) parts.push(op(','), word('then a cooldown of'), n(o.cooldown), word(o.cooldown === 1 ? 'epoch' : 'epochs'));
  return {
    value: row(...parts),
    rule: true,
    defs: [equation(sub(ETA, n(ctx.time.shift)), ctx.lr0)],
    legend: ['η = the optimizer’s LR', `m = ${o.metric}, m_best = the best so far`, ...o.extraLegend],
  };
}
