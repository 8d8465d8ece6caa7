import { describe, expect, it } from 'vitest';
import { defaultArgs, families, type FrameworkCall, fromFramework, sample } from '../index';
import { type Formula, FUNCTION_NAMES, formatNumber, formulaFamilies, formulaFor, type MathNode, toText } from './index';

function validated(call: FrameworkCall): FrameworkCall {
  const s = fromFramework(call);
  if (!s.ok) throw new Error(`${call.name}: ${s.error.message}`);
  return s.value.call;
}

function formula(call: FrameworkCall): Formula {
  const f = formulaFor(validated(call));
  if (!f) throw new Error(`no formula for ${call.name}`);
  return f;
}

const textOf = (call: FrameworkCall): string => formula(call).text;

// ---------------------------------------------------------------------------------------------------------------
// A small evaluator for the formula tree: proves that each closed form is the curve the engine computes.

class Unsupported extends Error {}

type Env = Map<string, number>;
/** The user's function f, for formulas that call it. */
let userFunction: ((...args: number[]) => number) | undefined;

const RELATION = new Set(['<', '≤', '>', '≥', '=']);

function evalNode(node: MathNode, env: Env): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'identifier': {
      if (node.text === 'π') return Math.PI;
      const v = env.get(node.text);
      if (v === undefined) throw new Unsupported(`unbound ${node.text}`);
      return v;
    }
    case 'sub': {
      const v = env.get(toText(node));
      if (v === undefined) throw new Unsupported(`unbound ${toText(node)}`);
      return v;
    }
    case 'sup':
      return evalNode(node.base, env) ** evalNode(node.sup, env);
    case 'frac':
      return evalNode(node.num, env) / evalNode(node.den, env);
    case 'sqrt':
      return Math.sqrt(evalNode(node.body, env));
    case 'row':
      return evalSequence(node.children, env);
    case 'cases': {
      for (const r of node.rows) if (holds(r.condition, env)) return evalNode(r.value, env);
      throw new Error('no case holds');
    }
    default:
      throw new Unsupported(`cannot evaluate ${node.kind} ${toText(node)}`);
  }
}

function holds(condition: MathNode, env: Env): boolean {
  if (condition.kind === 'text' && condition.text === 'otherwise') return true;
  if (condition.kind !== 'row') throw new Unsupported(toText(condition));
  const parts = condition.children.filter((c) => !(c.kind === 'text' && c.text === 'if'));
  return compare(parts, env);
}

/** A chain `a ≤ t < b`. */
function compare(parts: MathNode[], env: Env): boolean {
  if (parts.length === 1 && parts[0]?.kind === 'row') return compare(parts[0].children, env);
  const operands: MathNode[][] = [[]];
  const ops: string[] = [];
  for (const p of parts) {
    if (p.kind === 'operator' && RELATION.has(p.text)) {
      ops.push(p.text);
      operands.push([]);
    } else (operands[operands.length - 1] as MathNode[]).push(p);
  }
  const values = operands.map((o) => evalSequence(o, env));
  return ops.every((o, i) => {
    const a = values[i] as number;
    const b = values[i + 1] as number;
    return o === '<' ? a < b : o === '≤' ? a <= b : o === '>' ? a > b : o === '≥' ? a >= b : a === b;
  });
}

/** Infix evaluation of a row's children: sums of products of primaries; `f(…)` is unsupported. */
/** The values of a call's parenthesised, comma-separated arguments, e.g. min(a, b) or f(t). */
function callArguments(argsNode: MathNode | undefined, env: Env, missing: string): number[] {
  if (argsNode?.kind !== 'row') throw new Error(missing);
  const inner = argsNode.children.slice(1, -1);
  const flat = inner.length === 1 && inner[0]?.kind === 'row' ? inner[0].children : inner;
  const args: number[] = [];
  let current: MathNode[] = [];
  for (const x of flat) {
    if (x.kind === 'operator' && x.text === ',') {
      args.push(evalSequence(current, env));
      current = [];
    } else current.push(x);
  }
  args.push(evalSequence(current, env));
  return args;
}

function evalSequence(items: MathNode[], env: Env): number {
  let i = 0;
  const primary = (): number => {
    const node = items[i++];
    if (!node) throw new Error('unexpected end');
    if (node.kind === 'operator' && node.text === '(') {
      const start = i;
      let depth = 1;
      while (depth > 0) {
        const x = items[i++];
        if (!x) throw new Error('unbalanced');
        if (x.kind === 'operator' && x.text === '(') depth++;
        if (x.kind === 'operator' && x.text === ')') depth--;
      }
      return evalSequence(items.slice(start, i - 1), env);
    }
    if (node.kind === 'operator' && (node.text === '⌊' || node.text === '⌈' || node.text === '[')) {
      const close = node.text === '⌊' ? '⌋' : node.text === '⌈' ? '⌉' : ']';
      const start = i;
      while (!(items[i]?.kind === 'operator' && (items[i] as { text: string }).text === close)) i++;
      const inner = items.slice(start, i);
      i++;
      if (node.text === '[') return compare(inner, env) ? 1 : 0;
      const v = evalSequence(inner, env);
      return node.text === '⌊' ? Math.floor(v) : Math.ceil(v);
    }
    const isFunction =
      (node.kind === 'operator' && FUNCTION_NAMES.has(node.text)) || (node.kind === 'sub' && node.base.kind === 'operator');
    if (isFunction) {
      const args = callArguments(items[i++], env, 'function without arguments');
      const name = node.kind === 'operator' ? node.text : 'log';
      if (name === 'cos') return Math.cos(args[0] as number);
      if (name === 'min') return Math.min(...args);
      if (name === 'max') return Math.max(...args);
      const base = node.kind === 'sub' ? evalNode(node.sub, env) : Math.E;
      return Math.log(args[0] as number) / Math.log(base);
    }
    if (node.kind === 'text' && node.text === 'f' && userFunction) {
      const args = callArguments(items[i++], env, 'f without arguments');
      return userFunction(...args);
    }
    if (node.kind === 'text') throw new Unsupported(`text ${node.text}`);
    return evalNode(node, env);
  };
  const product = (): number => {
    let v = primary();
    for (;;) {
      const o = items[i];
      if (o?.kind !== 'operator' || !['·', '/', '\u2062', 'mod'].includes(o.text)) return v;
      i++;
      const w = primary();
      if (o.text === '/') v /= w;
      else if (o.text === 'mod') v = ((v % w) + w) % w;
      else v *= w;
    }
  };
  let v = product();
  for (;;) {
    const o = items[i];
    if (!o) return v;
    if (o.kind !== 'operator' || (o.text !== '+' && o.text !== '−')) throw new Error(`unexpected ${toText(o)}`);
    i++;
    const w = product();
    v = o.text === '+' ? v + w : v - w;
  }
}

/** η_t at t: the formula's right-hand side, after its `where` definitions. */
function evaluate(f: Formula, t: number, previous?: number): number {
  const top = f.math.kind === 'row' ? f.math.children : [f.math];
  const lhs = top[0];
  if (!lhs || toText(lhs) !== 'η_t' || top[1]?.kind !== 'operator') throw new Unsupported('a rule');
  const value = top[2] as MathNode;
  const env: Env = new Map([['t', t]]);
  if (previous !== undefined) env.set('η_{t−1}', previous);
  const whereAt = top.findIndex((x) => x.kind === 'text' && x.text === 'where');
  if (whereAt >= 0) {
    for (const def of top.slice(whereAt + 1)) {
      if (def.kind !== 'row') continue;
      const [name, eq, ...rhs] = def.children;
      if (!name || eq?.kind !== 'operator' || eq.text !== '=') throw new Unsupported('a definition');
      // `η_{t−1} = 0.01 at t = 4`: where a wrapped recurrence starts.
      const at = rhs.findIndex((x) => x.kind === 'text' && x.text === 'at');
      if (at >= 0) {
        if (t === evalSequence(rhs.slice(at + 3), env)) env.set(toText(name), evalSequence(rhs.slice(0, at), env));
        continue;
      }
      env.set(toText(name), evalSequence(rhs, env));
    }
  }
  if (t === 0 && env.has('η_{−1}')) env.set('η_{t−1}', env.get('η_{−1}') as number);
  return evalNode(value, env);
}

function expectMatchesEngine(call: FrameworkCall, ticks = 400, stride = 1, fn?: (...args: number[]) => number): void {
  userFunction = fn;
  const s = fromFramework(call);
  if (!s.ok) throw new Error(s.error.message);
  const f = formulaFor(s.value.call);
  expect(f, call.name).toBeDefined();
  const r = sample(s.value, ticks);
  if (!r.ok) throw new Error(r.error.message);
  const scale = Math.max(...r.value.lr.map(Math.abs), 1e-300);
  for (let t = 0; t < ticks; t += stride) {
    const expected = r.value.lr[t] as number;
    const got = evaluate(f as Formula, t, t > 0 ? r.value.lr[t - 1] : undefined);
    if (Math.abs(got - expected) > 1e-9 * scale) {
      throw new Error(`${call.name} at t=${t}: formula ${got}, engine ${expected}\n${f?.text}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('formulaFor', () => {
  it('has a formula builder for every family in the registry, and none for a family the registry lacks', () => {
    const key = (f: { framework: string; name: string }): string => `${f.framework} ${f.name}`;
    const written = new Set(formulaFamilies().map(key));
    const registered = new Set(families.map(key));
    expect(
      families.map(key).filter((k) => !written.has(k)),
      'families without a formula builder (add one in src/schedules/formulas/)',
    ).toEqual([]);
    expect(
      [...written].filter((k) => !registered.has(k)),
      'formula builders without a family',
    ).toEqual([]);
  });

  it('gives every family, at its default arguments, a formula with a legend', () => {
    expect(families.length).toBeGreaterThanOrEqual(26);
    for (const family of families) {
      const f = formulaFor(validated({ framework: family.framework, name: family.name, args: defaultArgs(family) }));
      expect(f, `${family.framework} ${family.name}`).toBeDefined();
      expect(f?.text.length).toBeGreaterThan(5);
      expect(f?.legend.length).toBeGreaterThan(5);
      expect(f?.text).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('substitutes the current values (transformers)', () => {
    const hf = (name: string, args: Record<string, unknown>): FrameworkCall => ({
      framework: 'transformers',
      name,
      args,
      optimizer: { kind: 'AdamW', lr: 2e-5 },
    });
    expect(textOf(hf('get_linear_schedule_with_warmup', { num_warmup_steps: 300, num_training_steps: 3000 }))).toBe(
      'η_t = { 2×10^−5 · t / 300 if t < 300; 2×10^−5 · (3000 − t) / 2700 if 300 ≤ t < 3000; 0 otherwise }',
    );
    expect(
      textOf(hf('get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 100, num_training_steps: 1100, min_lr_rate: 0.1 })),
    ).toBe('η_t = { 2×10^−5 · t / 100 if t < 100; 2×10^−5 · ((1 − 0.1) · ½(1 + cos(π(t − 100) / 1000)) + 0.1) otherwise }');
    expect(
      textOf(hf('get_wsd_schedule', { num_warmup_steps: 10, num_decay_steps: 20, num_training_steps: 100, decay_type: '1-sqrt' })),
    ).toBe('η_t = { 2×10^−5 · t / 10 if t < 10; 2×10^−5 if 10 ≤ t < 80; 2×10^−5 · (1 − √((t − 80) / 20)) if 80 ≤ t < 100; 0 otherwise }');
  });

  it('substitutes the current values', () => {
    expect(textOf({ framework: 'torch', name: 'StepLR', args: { step_size: 10, gamma: 0.5 }, optimizer: { lr: 0.1 } })).toBe(
      'η_t = 0.1 · 0.5^⌊t / 10⌋',
    );
    expect(textOf({ framework: 'torch', name: 'ExponentialLR', args: { gamma: 0.95 }, optimizer: { lr: 0.1 } })).toBe('η_t = 0.1 · 0.95^t');
    expect(textOf({ framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 50, eta_min: 0.001 }, optimizer: { lr: 0.1 } })).toBe(
      'η_t = 0.001 + ½(0.1 − 0.001)(1 + cos(π t / 50))',
    );
    expect(textOf({ framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 50 }, optimizer: { lr: 0.1 } })).toBe(
      'η_t = 0.1 · ½(1 + cos(π t / 50))',
    );
    expect(textOf({ framework: 'torch', name: 'MultiStepLR', args: { milestones: [30, 80], gamma: 0.1 }, optimizer: { lr: 0.1 } })).toBe(
      'η_t = { 0.1 if t < 30; 0.1 · 0.1 if 30 ≤ t < 80; 0.1 · 0.1^2 if t ≥ 80 }',
    );
    expect(textOf({ framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 5000 } })).toBe(
      'η_t = { 0.1 + ½(0.004 − 0.1)(1 + cos(π t / 1499)) if t ≤ 1499; ' +
        '4×10^−7 + ½(0.1 − 4×10^−7)(1 + cos(π(t − 1499) / 3500)) otherwise }',
    );
    expect(
      textOf({ framework: 'torch', name: 'CyclicLR', args: { base_lr: 0.001, max_lr: 0.01, step_size_up: 20, mode: 'triangular2' } }),
    ).toBe(
      'η_t = { 0.001 + (0.01 − 0.001) · τ / 20 · 0.5^⌊t / 40⌋ if τ ≤ 20; ' +
        '0.001 + (0.01 − 0.001) · (40 − τ) / 20 · 0.5^⌊t / 40⌋ otherwise }, where τ = t mod 40',
    );
    expect(
      textOf({ framework: 'torch', name: 'ReduceLROnPlateau', args: { factor: 0.5, patience: 3, min_lr: 1e-5 }, optimizer: { lr: 0.1 } }),
    ).toBe('η ← max(η · 0.5, 1×10^−5) after more than 3 epochs without improvement (m < m_best · (1 − 1×10^−4)), where η_0 = 0.1');
    expect(textOf({ framework: 'keras', name: 'PiecewiseConstantDecay', args: { boundaries: [100, 200], values: [1, 0.5, 0.1] } })).toBe(
      'η_t = { 1 if t ≤ 100; 0.5 if 100 < t ≤ 200; 0.1 if t > 200 }',
    );
    expect(
      textOf({
        framework: 'keras',
        name: 'CosineDecay',
        args: { initial_learning_rate: 0, decay_steps: 100, warmup_target: 0.1, warmup_steps: 10 },
      }),
    ).toBe('η_t = { 0.1 · t / 10 if t < 10; 0.1 · ½(1 + cos(π(t − 10) / 100)) if 10 ≤ t < 110; 0 otherwise }');
    expect(
      textOf({
        framework: 'keras',
        name: 'LearningRateScheduler',
        args: { schedule: 'lambda epoch, lr: lr * 0.9' },
        optimizer: { lr: 0.01 },
      }),
    ).toBe('η_t = f(t, η_{t−1}), where η_{−1} = 0.01');
    expect(
      textOf({
        framework: 'torch',
        name: 'SequentialLR',
        optimizer: { lr: 0.1 },
        args: {
          schedulers: [
            { name: 'ConstantLR', args: { factor: 0.5, total_iters: 3 } },
            { name: 'ExponentialLR', args: { gamma: 0.9 } },
          ],
          milestones: [3],
        },
      }),
    ).toBe('η_t = { 0.1 · 0.5 if t < 3; 0.1 · 0.9^{t − 3} if t ≥ 3 }');
    expect(
      textOf({
        framework: 'playground',
        name: 'Warmup',
        optimizer: { lr: 0.1 },
        args: {
          warmup: 5,
          start_factor: 0.1,
          schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 10, gamma: 0.5 } },
        },
      }),
    ).toBe('η_t = { 0.1 · (0.1 + (1 − 0.1) · t / 5) if t < 5; 0.1 · 0.5^⌊(t − 5) / 10⌋ otherwise }');
  });

  it('shows user functions as f, never their source', () => {
    const lambda = formula({
      framework: 'torch',
      name: 'LambdaLR',
      args: { lr_lambda: 'lambda epoch: 0.5 ** (epoch // 7)' },
      optimizer: { lr: 0.1 },
    });
    expect(lambda.text).toBe('η_t = 0.1 · f(t)');
    expect(lambda.legend).toContain('f = your lr_lambda');
    const multiplicative = formula({
      framework: 'torch',
      name: 'MultiplicativeLR',
      args: { lr_lambda: 'lambda e: 0.95' },
      optimizer: { lr: 0.1 },
    });
    expect(multiplicative.text).toBe('η_t = η_{t−1} · f(t) = 0.1 · ∏_{k=1}^t f(k)');
    const cyclic = formula({ framework: 'torch', name: 'CyclicLR', args: { base_lr: 0.1, max_lr: 1, scale_fn: 'lambda x: 0.5 ** x' } });
    for (const f of [lambda, multiplicative, cyclic]) {
      expect(f.text).not.toMatch(/lambda|\*\*|epoch \/\//);
      expect(JSON.stringify(f.math)).not.toMatch(/lambda/);
    }
  });

  it('prints numbers compactly but recognisably', () => {
    expect(formatNumber(0.1)).toBe('0.1');
    expect(formatNumber(5000)).toBe('5000');
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1e-4)).toBe('1×10^−4');
    expect(formatNumber(2.5e-7)).toBe('2.5×10^−7');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(-0.5)).toBe('−0.5');
    expect(formatNumber(1e300)).toBe('1×10^300');
    expect(formatNumber(1234567.5)).toBe('1.23457×10^6');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-0)).toBe('0');
  });

  it('never throws for odd input', () => {
    const odd: unknown[] = [
      null,
      undefined,
      42,
      {},
      { framework: 'torch' },
      { framework: 'torch', name: 'NoSuchLR', args: {} },
      { framework: 'torch', name: 'toString', args: {} },
      { framework: 'nope', name: 'StepLR', args: {} },
      { framework: 'torch', name: 'StepLR', args: null },
      { framework: 'torch', name: 'StepLR', args: { step_size: null, gamma: 'x' }, optimizer: null },
      { framework: 'torch', name: 'StepLR', args: { step_size: 1e308, gamma: 1e308 }, optimizer: { lr: 1e308 } },
      { framework: 'torch', name: 'StepLR', args: { step_size: Number.NaN, gamma: Number.POSITIVE_INFINITY }, optimizer: { lr: -1 } },
      { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 1, total_steps: null, epochs: null } },
      { framework: 'torch', name: 'MultiStepLR', args: { milestones: Array.from({ length: 500 }, (_, i) => i * 2) } },
      { framework: 'torch', name: 'SequentialLR', args: { schedulers: [null, 3, { name: 'StepLR' }], milestones: [1, 'x'] } },
      { framework: 'torch', name: 'ChainedScheduler', args: { schedulers: 'nope' } },
      { framework: 'keras', name: 'PiecewiseConstantDecay', args: { boundaries: [], values: [0.1] } },
      { framework: 'keras', name: 'PiecewiseConstantDecay', args: { boundaries: [5, 1], values: [1, 2, 3] } },
      { framework: 'playground', name: 'Warmup', args: { schedule: { framework: 'torch', name: 'Nope', args: 7 } } },
      { framework: 'playground', name: 'Warmup', args: { schedule: 'StepLR' } },
    ];
    // A Warmup nested far deeper than any valid call.
    let deep: Record<string, unknown> = { framework: 'torch', name: 'StepLR', args: {} };
    for (let i = 0; i < 50; i++) deep = { framework: 'playground', name: 'Warmup', args: { schedule: deep } };
    odd.push(deep);
    for (const call of odd) {
      expect(() => formulaFor(call as FrameworkCall)).not.toThrow();
      const f = formulaFor(call as FrameworkCall);
      if (f) expect(typeof f.text).toBe('string');
    }
    const many = formulaFor({
      framework: 'torch',
      name: 'MultiStepLR',
      args: { milestones: Array.from({ length: 500 }, (_, i) => i * 2), gamma: 0.9 },
      optimizer: { lr: 1 },
    });
    expect(many?.math.kind === 'row' && many.math.children[2]?.kind === 'cases' && many.math.children[2].rows.length).toBe(12);
    expect(formulaFor({ framework: 'torch', name: 'StepLR', args: { step_size: 1e308, gamma: 0.5 }, optimizer: { lr: 1e308 } })?.text).toBe(
      'η_t = 1×10^308 · 0.5^⌊t / (1×10^308)⌋',
    );
  });
});

describe('each formula is the curve the engine computes', () => {
  const torch = (name: string, args: Record<string, unknown>, lr = 0.1): FrameworkCall => ({
    framework: 'torch',
    name,
    args,
    optimizer: { lr },
  });
  const keras = (name: string, args: Record<string, unknown>): FrameworkCall => ({ framework: 'keras', name, args });
  const playground = (name: string, args: Record<string, unknown>, lr = 0.1): FrameworkCall => ({
    framework: 'playground',
    name,
    args,
    optimizer: { lr },
  });

  it('at every family’s defaults (where no user function or metric is involved)', () => {
    for (const family of families) {
      if (family.needsMetric || family.params.some((p) => p.kind === 'function' && p.default !== null)) continue;
      expectMatchesEngine({ framework: family.framework, name: family.name, args: defaultArgs(family) }, 5000, 7);
    }
  });

  it('torch', () => {
    expectMatchesEngine(torch('StepLR', { step_size: 7, gamma: 0.3 }));
    expectMatchesEngine(torch('MultiStepLR', { milestones: [0, 10, 10, 25], gamma: 0.5 }));
    expectMatchesEngine(torch('CosineAnnealingLR', { T_max: 30, eta_min: 0.01 }));
    expectMatchesEngine(torch('CosineAnnealingWarmRestarts', { T_0: 7, T_mult: 2, eta_min: 0.001 }));
    expectMatchesEngine(torch('CosineAnnealingWarmRestarts', { T_0: 5, T_mult: 3 }));
    expectMatchesEngine(torch('CosineAnnealingWarmRestarts', { T_0: 9, T_mult: 1, eta_min: 0.02 }));
    expectMatchesEngine(
      torch('CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 13, step_size_down: 7, mode: 'exp_range', gamma: 0.995 }),
    );
    expectMatchesEngine(torch('CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 10, mode: 'triangular2' }));
    expectMatchesEngine(torch('OneCycleLR', { max_lr: 1, total_steps: 400, three_phase: true, anneal_strategy: 'linear' }));
    expectMatchesEngine(torch('OneCycleLR', { max_lr: 1, epochs: 10, steps_per_epoch: 40, pct_start: 0.25, div_factor: 10 }));
    expectMatchesEngine(torch('LinearLR', { start_factor: 0.25, end_factor: 0.75, total_iters: 40 }));
    expectMatchesEngine(torch('LinearLR', { start_factor: 0.5, total_iters: 0 }));
    expectMatchesEngine(torch('ConstantLR', { factor: 0.2, total_iters: 15 }));
    expectMatchesEngine(torch('ConstantLR', { factor: 0.2, total_iters: 0 }));
    expectMatchesEngine(torch('PolynomialLR', { total_iters: 50, power: 2.5 }));
    expectMatchesEngine(torch('PolynomialLR', { total_iters: 0, power: 2 }));
    expectMatchesEngine(
      torch('SequentialLR', {
        schedulers: [
          { name: 'LinearLR', args: { start_factor: 0.1, total_iters: 10 } },
          { name: 'MultiStepLR', args: { milestones: [5, 20], gamma: 0.5 } },
          { name: 'CosineAnnealingLR', args: { T_max: 100, eta_min: 0.001 } },
        ],
        milestones: [10, 60],
      }),
    );
    expectMatchesEngine(torch('SWALR', { swa_lr: 0.05, anneal_epochs: 20, anneal_strategy: 'linear' }), 100);
    expectMatchesEngine(torch('SWALR', { swa_lr: 0.5, anneal_epochs: 7 }), 100);
    expectMatchesEngine(torch('SWALR', { swa_lr: 0.02, anneal_epochs: 0 }), 20);
    expectMatchesEngine(
      torch('SWARecipe', {
        schedulers: [
          { name: 'StepLR', args: { step_size: 4, gamma: 0.5 } },
          { name: 'SWALR', args: { swa_lr: 0.01, anneal_epochs: 5 } },
        ],
        swa_start: 10,
      }),
      60,
    );
    expectMatchesEngine(
      torch('SWARecipe', {
        schedulers: [
          { name: 'CosineAnnealingLR', args: { T_max: 30 } },
          { name: 'SWALR', args: { swa_lr: 0.05, anneal_epochs: 8, anneal_strategy: 'linear' } },
        ],
        swa_start: -3,
      }),
      60,
    );
    expectMatchesEngine(torch('LambdaLR', { lr_lambda: 'lambda epoch: 0.5 ** (epoch // 7)' }), 100, 1, (e) => 0.5 ** Math.floor(e / 7));
    expectMatchesEngine(
      torch('CyclicLR', { base_lr: 0.1, max_lr: 1, step_size_up: 5, step_size_down: 3, scale_fn: 'lambda x: 1 / x', scale_mode: 'cycle' }),
      100,
      1,
      (x) => 1 / x,
    );
    expectMatchesEngine(
      torch('CyclicLR', { base_lr: 0.1, max_lr: 1, step_size_up: 5, scale_fn: 'lambda x: 0.99 ** x', scale_mode: 'iterations' }),
      100,
      1,
      (x) => 0.99 ** x,
    );
    expectMatchesEngine(
      torch('SequentialLR', {
        schedulers: [
          { name: 'StepLR', args: { step_size: 3, gamma: 0.5 } },
          { name: 'MultiplicativeLR', args: { lr_lambda: 'lambda e: 0.9 if e % 2 else 0.8' } },
        ],
        milestones: [10],
      }),
      40,
      1,
      (e) => (e % 2 ? 0.9 : 0.8),
    );
    expectMatchesEngine(
      torch('SequentialLR', {
        schedulers: [
          { name: 'LinearLR', args: { start_factor: 0.5, total_iters: 10 } },
          { name: 'OneCycleLR', args: { max_lr: 1, total_steps: 100 } },
          { name: 'ExponentialLR', args: { gamma: 0.5 } },
        ],
        milestones: [10, 50],
      }),
      80,
    );
    expectMatchesEngine(
      torch('ChainedScheduler', {
        schedulers: [
          { name: 'ConstantLR', args: { factor: 0.5, total_iters: 4 } },
          { name: 'StepLR', args: { step_size: 9, gamma: 0.7 } },
          { name: 'PolynomialLR', args: { total_iters: 300, power: 1 } },
        ],
      }),
      300,
    );
  });

  it('Keras', () => {
    expectMatchesEngine(keras('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 30, decay_rate: 0.5, staircase: true }));
    expectMatchesEngine(keras('PiecewiseConstantDecay', { boundaries: [10, 50, 51], values: [1, 0.5, 0.25, 0.1] }));
    expectMatchesEngine(keras('PiecewiseConstantDecay', { boundaries: [50, 10], values: [1, 0.5, 0.25] }));
    expectMatchesEngine(
      keras('PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 40, end_learning_rate: 0.01, power: 2, cycle: true }),
    );
    expectMatchesEngine(keras('InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 2, staircase: true }));
    expectMatchesEngine(keras('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 100, alpha: 0.2 }));
    expectMatchesEngine(
      keras('CosineDecay', { initial_learning_rate: 0.01, decay_steps: 200, alpha: 0.1, warmup_target: 0.5, warmup_steps: 50 }),
    );
    expectMatchesEngine(keras('CosineDecay', { initial_learning_rate: 0.01, decay_steps: 200, warmup_target: 0.5 }));
    expectMatchesEngine(
      keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 20, t_mul: 1.5, m_mul: 0.8, alpha: 0.1 }),
    );
    expectMatchesEngine(keras('CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 20, t_mul: 1, m_mul: 0.5 }));
    const lrs = {
      framework: 'keras',
      name: 'LearningRateScheduler',
      args: { schedule: 'lambda epoch, lr: lr * 0.9 if epoch % 3 else lr + 0.01' },
      optimizer: { lr: 0.05 },
    } as const;
    expectMatchesEngine(lrs, 40, 1, (e, lr) => (e % 3 ? (lr as number) * 0.9 : (lr as number) + 0.01));
  });

  it('transformers', () => {
    const hf = (name: string, args: Record<string, unknown>, lr = 0.1): FrameworkCall => ({
      framework: 'transformers',
      name,
      args,
      optimizer: { lr },
    });
    expectMatchesEngine(hf('get_constant_schedule', {}));
    expectMatchesEngine(hf('get_constant_schedule_with_warmup', { num_warmup_steps: 30 }));
    expectMatchesEngine(hf('get_constant_schedule_with_warmup', { num_warmup_steps: 0 }));
    for (const [W, T] of [
      [30, 300],
      [0, 200],
      [1, 2],
      [50, 40],
      [-5, 100],
    ] as const) {
      expectMatchesEngine(hf('get_linear_schedule_with_warmup', { num_warmup_steps: W, num_training_steps: T }));
      expectMatchesEngine(
        hf('get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: W, num_training_steps: T, lr_end: 1e-4, power: 2 }),
      );
    }
    for (const c of [0.5, 1, 1.7, -0.5]) {
      expectMatchesEngine(hf('get_cosine_schedule_with_warmup', { num_warmup_steps: 20, num_training_steps: 300, num_cycles: c }));
      expectMatchesEngine(
        hf('get_cosine_with_hard_restarts_schedule_with_warmup', { num_warmup_steps: 20, num_training_steps: 300, num_cycles: c }),
      );
    }
    expectMatchesEngine(
      hf('get_cosine_with_hard_restarts_schedule_with_warmup', { num_warmup_steps: 40, num_training_steps: 30, num_cycles: 2 }),
    );
    expectMatchesEngine(hf('get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: 10, num_training_steps: 300, power: 0.5 }));
    for (const ts of [null, 7, 250]) expectMatchesEngine(hf('get_inverse_sqrt_schedule', { num_warmup_steps: 25, timescale: ts }));
    expectMatchesEngine(hf('get_inverse_sqrt_schedule', { num_warmup_steps: 0 }));
    for (const kw of [{ min_lr_rate: 0.1 }, { min_lr: 0.02 }, { min_lr_rate: -0.3 }, { min_lr_rate: 1.5, num_cycles: 1 }]) {
      expectMatchesEngine(hf('get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 20, num_training_steps: 300, ...kw }));
      expectMatchesEngine(
        hf('get_cosine_with_min_lr_schedule_with_warmup_lr_rate', { num_warmup_steps: 20, num_training_steps: 300, ...kw }),
      );
    }
    expectMatchesEngine(
      hf('get_cosine_with_min_lr_schedule_with_warmup_lr_rate', {
        num_warmup_steps: 20,
        num_training_steps: 300,
        min_lr_rate: 0.1,
        warmup_lr_rate: 0.2,
      }),
    );
    for (const shape of ['linear', 'cosine', '1-sqrt']) {
      expectMatchesEngine(
        hf('get_wsd_schedule', {
          num_warmup_steps: 30,
          num_stable_steps: 50,
          num_decay_steps: 100,
          warmup_type: shape,
          decay_type: shape,
          min_lr_ratio: 0.1,
        }),
      );
    }
    expectMatchesEngine(hf('get_wsd_schedule', { num_warmup_steps: 0, num_stable_steps: 0, num_decay_steps: 100 }));
    expectMatchesEngine(
      hf('get_wsd_schedule', { num_warmup_steps: 20, num_training_steps: 300, num_decay_steps: 80, num_cycles: 1.5, min_lr_ratio: -0.2 }),
    );
    expectMatchesEngine(hf('get_wsd_schedule', { num_warmup_steps: 20, num_stable_steps: -10, num_decay_steps: 80, decay_type: 'linear' }));
    expectMatchesEngine(hf('get_wsd_schedule', { num_warmup_steps: 20, num_training_steps: 60, num_decay_steps: 80, min_lr_ratio: 2 }));
  });

  it('playground', () => {
    expectMatchesEngine(
      playground('Warmup', {
        warmup: 10,
        start_factor: 0.3,
        schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 1, total_steps: 300 } },
      }),
      300,
    );
    expectMatchesEngine(
      playground('Warmup', {
        warmup: 0,
        schedule: { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 1, decay_steps: 50 } },
      }),
    );
    expectMatchesEngine(
      playground('Warmup', {
        warmup: 7,
        schedule: {
          framework: 'playground',
          name: 'Warmup',
          args: {
            warmup: 5,
            start_factor: 0.5,
            schedule: { framework: 'torch', name: 'CyclicLR', args: { base_lr: 0.1, max_lr: 1, step_size_up: 9 } },
          },
        },
      }),
    );
    expectMatchesEngine(playground('InverseSqrt', { warmup_steps: 25 }));
    expectMatchesEngine(
      playground('Warmup', {
        warmup: 4,
        schedule: { framework: 'keras', name: 'LearningRateScheduler', args: { schedule: 'lambda epoch, lr: lr * 0.5' } },
      }),
      30,
      1,
      (_e, lr) => (lr as number) * 0.5,
    );
  });
});
