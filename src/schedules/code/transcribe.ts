/**
 * Python transcriptions of the engine's formulas, for exports to the framework that lacks a family. Each one
 * performs the engine's floating-point operations in the engine's order (see the doc comment of each family), so
 * the exported code gives the engine's numbers up to the last-bit differences of two libms (well inside 1e-12).
 *
 * A body is a list of statement lines (nested blocks indented by 4 spaces) over a step variable; `ret` turns the
 * value into the function's return statement (so a caller can scale it or return it as is).
 */
import { bool, type ChildCall, list, num, numOrNull, str } from '../args';
import { pyFloat, pyInt, pyNumber } from './emit';
import { analyzeFunction } from './pyfunc';

type Args = Readonly<Record<string, unknown>>;

/** A step count a framework takes as a float: an int literal when whole. */
const steps = (x: number): string => (Number.isInteger(x) && Math.abs(x) < 1e15 ? pyInt(x) : pyFloat(x));
const f = pyFloat;

export interface Body {
  readonly lines: string[];
  readonly math: boolean;
}

const indent = (lines: readonly string[], by = '    '): string[] => lines.map((l) => (l === '' ? l : `${by}${l}`));

/**
 * A Keras LearningRateSchedule's value at optimizer step `s` (keras/src/optimizers/schedules, as the engine's
 * keras/decay.ts and keras/cosine.ts compute it). Null for a family without a transcription.
 */
export function kerasScheduleBody(name: string, args: Args, s: string, ret: (x: string) => string): Body | null {
  switch (name) {
    case 'ExponentialDecay': {
      const lines = [`p = ${s} / ${steps(num(args, 'decay_steps'))}`];
      if (bool(args, 'staircase')) lines.push('p = math.floor(p)');
      lines.push(ret(`${f(num(args, 'initial_learning_rate'))} * ${f(num(args, 'decay_rate'))} ** p`));
      return { lines, math: bool(args, 'staircase') };
    }
    case 'InverseTimeDecay': {
      const lines = [`p = ${s} / ${steps(num(args, 'decay_steps'))}`];
      if (bool(args, 'staircase')) lines.push('p = math.floor(p)');
      lines.push(ret(`${f(num(args, 'initial_learning_rate'))} / (1 + ${f(num(args, 'decay_rate'))} * p)`));
      return { lines, math: bool(args, 'staircase') };
    }
    case 'PiecewiseConstantDecay': {
      // Keras casts the boundaries to the step's integer type: a float boundary is truncated toward zero.
      const b = list(args, 'boundaries').map((x) => Math.trunc(x) + 0);
      const v = list(args, 'values');
      if (b.length === 0 || v.length !== b.length + 1) return null;
      const increasing = b.every((x, i) => i === 0 || x > (b[i - 1] as number));
      if (increasing) {
        const lines = b.map((x, i) => `if ${s} <= ${pyInt(x)}:\n    ${ret(f(v[i] as number))}`).flatMap((t) => t.split('\n'));
        lines.push(ret(f(v[v.length - 1] as number)));
        return { lines, math: false };
      }
      // Keras adds one indicator x value term per interval, and never checks that the boundaries increase.
      const terms = [
        `(${s} <= ${pyInt(b[0] as number)}) * ${f(v[0] as number)}`,
        `(${s} > ${pyInt(b[b.length - 1] as number)}) * ${f(v[v.length - 1] as number)}`,
      ];
      for (let k = 0; k + 1 < b.length; k++) {
        terms.push(`(${pyInt(b[k] as number)} < ${s} <= ${pyInt(b[k + 1] as number)}) * ${f(v[k + 1] as number)}`);
      }
      return { lines: [ret(terms.join(' + '))], math: false };
    }
    case 'PolynomialDecay': {
      const d = steps(num(args, 'decay_steps'));
      const lines = bool(args, 'cycle')
        ? [`multiplier = 1.0 if ${s} == 0 else math.ceil(${s} / ${d})`, `p = ${s} / (${d} * multiplier)`]
        : [`p = min(${s}, ${d}) / ${d}`];
      const lr0 = f(num(args, 'initial_learning_rate'));
      const end = f(num(args, 'end_learning_rate'));
      lines.push(ret(`(${lr0} - ${end}) * (1 - p) ** ${f(num(args, 'power'))} + ${end}`));
      return { lines, math: bool(args, 'cycle') };
    }
    case 'CosineDecay': {
      const lr0 = f(num(args, 'initial_learning_rate'));
      const d = steps(num(args, 'decay_steps'));
      const alpha = f(num(args, 'alpha'));
      const target = numOrNull(args, 'warmup_target');
      const decayed = (from: string, fraction: string): string[] => [
        `cosine = 0.5 * (1.0 + math.cos(math.pi * ${fraction}))`,
        ret(`${from} * ((1 - ${alpha}) * cosine + ${alpha})`),
      ];
      if (target === null) return { lines: decayed(lr0, `(min(${s}, ${d}) / ${d})`), math: true };
      const w = steps(num(args, 'warmup_steps'));
      return {
        lines: [
          `s = min(${s}, ${d} + ${w})`,
          `if s < ${w}:`,
          `    ${ret(`(${f(target)} - ${lr0}) * (s / ${w}) + ${lr0}`)}`,
          ...decayed(f(target), `((s - ${w}) / ${d})`),
        ],
        math: true,
      };
    }
    case 'CosineDecayRestarts': {
      const tMul = num(args, 't_mul');
      const first = steps(num(args, 'first_decay_steps'));
      const lines = [`completed = ${s} / ${first}`];
      if (tMul === 1.0) {
        lines.push('i = math.floor(completed)', 'fraction = completed - i');
      } else {
        const t = f(tMul);
        const reached = (j: string): string => (tMul > 1 ? `${t} ** ${j} <= x` : `${t} ** ${j} >= x`);
        lines.push(
          `x = 1.0 - completed * (1.0 - ${t})`,
          `i = math.floor(math.log(x) / math.log(${t}))`,
          '# the restart index, exact at powers of t_mul (a float logarithm can land on either side of an integer)',
          ...Array.from({ length: 4 }, () => [`if ${reached('(i + 1)')}:`, '    i = i + 1']).flat(),
          ...Array.from({ length: 4 }, () => [`if not ${reached('i')}:`, '    i = i - 1']).flat(),
          `t_pow = ${t} ** i`,
          `fraction = (completed - (1.0 - t_pow) / (1.0 - ${t})) / t_pow`,
        );
      }
      const alpha = f(num(args, 'alpha'));
      lines.push(
        `cosine = 0.5 * ${f(num(args, 'm_mul'))} ** i * (1.0 + math.cos(math.pi * fraction))`,
        ret(`${f(num(args, 'initial_learning_rate'))} * ((1 - ${alpha}) * cosine + ${alpha})`),
      );
      return { lines, math: true };
    }
    default:
      return null;
  }
}

/** A playground family's factor on the optimizer's LR at tick `t` (playground/inverse-sqrt.ts). */
export function playgroundFactorBody(name: string, args: Args, t: string, ret: (x: string) => string): Body | null {
  switch (name) {
    case 'InverseSqrt': {
      const w = pyInt(num(args, 'warmup_steps'));
      return { lines: [`s = ${t} + 1`, ret(`min(s / ${w}, math.sqrt(${w} / s))`)], math: true };
    }
    default:
      return null;
  }
}

/** The warmup ramp of the playground's Warmup: `first · (s + (1 − s) · t / W)`. */
export function warmupRamp(args: Args, first: number, t: string): string {
  const sf = f(num(args, 'start_factor'));
  return `${f(first)} * (${sf} + (1 - ${sf}) * ${t} / ${pyInt(num(args, 'warmup'))})`;
}

export interface TorchUpdate {
  /** Statements updating `lr` for one step() of the scheduler at its epoch `t` (from the LR torch left). */
  readonly update: string[];
  /** Statements setting `lr` when a SequentialLR restarts it at a milestone (`_update_lr(0)`). */
  readonly restart: string[];
  readonly math: boolean;
  /** Module-level lines a user function needs (its imports and constants). */
  readonly prelude: readonly string[];
}

/**
 * torch's chainable `get_lr` of an epoch scheduler as statements on `lr` (torch/decay.ts, cosine.ts, lambda.ts),
 * for a Keras `schedule(epoch, lr)`, which Keras calls with the LR of the previous epoch just as torch's
 * recursive form reads the LR it left in the param group. `base` is the optimizer's initial LR. Null where no
 * transcription exists (per-step and metric schedulers, containers, functions other than one lambda).
 */
export function torchUpdate(child: ChildCall, base: number, t: string): TorchUpdate | null {
  const a = child.args;
  const B = f(base);
  const simple = (update: string[], restart: string[], math = false): TorchUpdate => ({ update, restart, math, prelude: [] });
  switch (child.name) {
    case 'StepLR': {
      const s = pyInt(num(a, 'step_size'));
      return simple([`if ${t} != 0 and ${t} % ${s} == 0:`, `    lr = lr * ${f(num(a, 'gamma'))}`], [`lr = ${B}`]);
    }
    case 'MultiStepLR': {
      const counts = new Map<number, number>();
      for (const m of list(a, 'milestones')) counts.set(m, (counts.get(m) ?? 0) + 1);
      const g = f(num(a, 'gamma'));
      const update: string[] = [];
      let first = true;
      for (const [m, c] of [...counts].sort((x, y) => x[0] - y[0])) {
        update.push(`${first ? 'if' : 'elif'} ${t} == ${pyInt(m)}:`, `    lr = lr * ${c === 1 ? g : `${g} ** ${c}`}`);
        first = false;
      }
      const passed = list(a, 'milestones').filter((m) => m <= 0).length;
      return simple(update, [passed === 0 ? `lr = ${B}` : `lr = ${B} * ${g} ** ${passed}`]);
    }
    case 'ExponentialLR':
      return simple([`if ${t} > 0:`, `    lr = lr * ${f(num(a, 'gamma'))}`], [`lr = ${B}`]);
    case 'CosineAnnealingLR': {
      const T = pyInt(num(a, 'T_max'));
      const e = num(a, 'eta_min');
      const E = f(e);
      const toMin = e === 0 ? B : `(${B} - ${E})`;
      const ratio = `(1 + math.cos(math.pi * ${t} / ${T})) / (1 + math.cos(math.pi * (${t} - 1) / ${T}))`;
      return simple(
        [
          `if ${t} > 0:`,
          `    if (${t} - 1 - ${T}) % (2 * ${T}) == 0:`,
          `        lr = lr + ${toMin} * (1 - math.cos(math.pi / ${T})) / 2`,
          '    else:',
          e === 0 ? `        lr = ${ratio} * lr` : `        lr = ${ratio} * (lr - ${E}) + ${E}`,
        ],
        [`lr = ${E} + (${B} - ${E}) * (1 + math.cos(math.pi * 0 / ${T})) / 2`],
        true,
      );
    }
    case 'CosineAnnealingWarmRestarts': {
      const T0 = pyInt(num(a, 'T_0'));
      const Tm = num(a, 'T_mult');
      const E = f(num(a, 'eta_min'));
      const cosine = (tCur: string, tI: string): string => `lr = ${E} + (${B} - ${E}) * (1 + math.cos(math.pi * ${tCur} / ${tI})) / 2`;
      if (Tm === 1) return simple([cosine(`(${t} % ${T0})`, T0)], [cosine('0', T0)], true);
      const M = pyInt(Tm);
      const start = (n: string): string => `${T0} * (${M} ** ${n} - 1) // (${M} - 1)`;
      return simple(
        [
          `n = int(math.log(${t} / ${T0} * (${M} - 1) + 1, ${M}))`,
          '# the period index, exact where a float logarithm lands just below an integer',
          ...Array.from({ length: 2 }, () => [`if ${start('(n + 1)')} <= ${t}:`, '    n = n + 1']).flat(),
          ...Array.from({ length: 2 }, () => [`if ${start('n')} > ${t}:`, '    n = n - 1']).flat(),
          cosine(`(${t} - ${start('n')})`, `(${T0} * ${M} ** n)`),
        ],
        [cosine('0', T0)],
        true,
      );
    }
    case 'LinearLR': {
      const S = f(num(a, 'start_factor'));
      const E = f(num(a, 'end_factor'));
      const N = pyInt(num(a, 'total_iters'));
      return simple(
        [
          `if ${t} == 0:`,
          `    lr = lr * ${S}`,
          `elif ${t} <= ${N}:`,
          `    lr = lr * (1.0 + (${E} - ${S}) / (${N} * ${S} + (${t} - 1) * (${E} - ${S})))`,
        ],
        [`lr = ${B} * (${S} + (${E} - ${S}) * min(${N}, 0) / ${N})`],
      );
    }
    case 'ConstantLR': {
      const F = f(num(a, 'factor'));
      const N = num(a, 'total_iters');
      return simple(
        [`if ${t} == 0:`, `    lr = lr * ${F}`, `elif ${t} == ${pyInt(N)}:`, `    lr = lr * (1.0 / ${F})`],
        [N <= 0 ? `lr = ${B} * (${F} + 1 * (1 - ${F}))` : `lr = ${B} * ${F}`],
      );
    }
    case 'PolynomialLR': {
      const N = pyInt(num(a, 'total_iters'));
      const P = f(num(a, 'power'));
      return simple(
        [`if 0 < ${t} <= ${N}:`, `    lr = lr * ((1.0 - ${t} / ${N}) / (1.0 - (${t} - 1) / ${N})) ** ${P}`],
        [`lr = ${B} * (1.0 - min(${N}, 0) / ${N}) ** ${P}`],
      );
    }
    case 'LambdaLR':
    case 'MultiplicativeLR': {
      // Only a lambda can be inlined (the safe subset has no calls to user functions).
      const fn = analyzeFunction(a.lr_lambda as string);
      if (fn?.kind !== 'lambda' || fn.params.length !== 1 || fn.names.has('lr')) return null;
      const param = fn.params[0] as string;
      const range = fn.returns[0];
      if (!range) return null;
      const body = fn.text.slice(range.from, range.to);
      const prelude = [...fn.prelude, ...[...fn.modules].map((m) => (m === 'np' ? 'import numpy as np' : `import ${m}`))];
      const bind = param === t ? [] : [`${param} = ${t}`];
      if (child.name === 'LambdaLR') {
        // not chainable: lr = base_lr * f(epoch)
        return { update: [...bind, `lr = ${B} * (${body})`], restart: [`${param} = 0`, `lr = ${B} * (${body})`], math: false, prelude };
      }
      // lr *= f(epoch) from epoch 1; at a SequentialLR milestone torch 2.x multiplies by f(0) too
      return {
        update: [...bind, `if ${param} > 0:`, `    lr = lr * (${body})`],
        restart: [`${param} = 0`, `lr = lr * (${body})`],
        math: false,
        prelude,
      };
    }
    case 'SWALR':
      // torch.optim.swa_utils.SWALR counts its step() calls, not epochs: step k = t here, and 0 at a SequentialLR
      // restart (which is no step). Its start LR is recovered from the current one, as torch does (torch/swa.ts).
      return simple(swaUpdate(a, t), swaUpdate(a, '0'), true);
    default:
      return null;
  }
}

/** SWALR's get_lr at its step `k` as statements on `lr` (see SWALR in torch/swa.ts). */
export function swaUpdate(a: Args, k: string): string[] {
  const S = f(num(a, 'swa_lr'));
  const A = num(a, 'anneal_epochs');
  const period = pyInt(Math.max(1, A));
  const share = (x: string): string => (str(a, 'anneal_strategy') === 'cos' ? `(1 - math.cos(math.pi * ${x})) / 2` : x);
  return [
    `swa_step = ${A === 0 ? `max(1, ${k})` : k}`,
    `swa_previous = ${share(`max(0, min(1, (swa_step - 1) / ${period}))`)}`,
    `swa_from = ${S} if swa_previous == 1 else (lr - swa_previous * ${S}) / (1 - swa_previous)`,
    `swa_share = ${share(`max(0, min(1, swa_step / ${period}))`)}`,
    `lr = ${S} * swa_share + swa_from * (1 - swa_share)`,
  ];
}

/** Renders `def name(params):` with a body. */
export function renderDef(name: string, params: readonly string[], body: readonly string[], doc?: string): string {
  const lines = [`def ${name}(${params.join(', ')}):`];
  if (doc) lines.push(`    """${doc}"""`);
  lines.push(...indent(body));
  return lines.join('\n');
}

export { indent, pyNumber };
