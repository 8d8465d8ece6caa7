/**
 * The pieces of a PyTorch export's plan: the optimizer text, what the script builds, and the families PyTorch lacks
 * that are one LambdaLR function of the tick (Keras's schedules, InverseSqrt, Warmup around one of them).
 */
import type { NestedCall } from '../../args';
import { fromFramework } from '../../registry';
import { sample } from '../../sample';
import type { FrameworkCall, OptimizerKind } from '../../types';
import { pyFloat, pyInt, snakeCase } from '../emit';
import { Unsupported } from '../program';
import { kerasScheduleBody, playgroundFactorBody, warmupRamp } from '../transcribe';

export interface TorchOptimizerText {
  kind: OptimizerKind;
  lr: number;
  momentum?: number;
  betas?: readonly [number, number];
}

export interface Plan {
  optimizer: TorchOptimizerText;
  /** Statements building the scheduler; the last one assigns it. */
  setup: string[];
  /** Comment lines explaining an equivalent. */
  notes: string[];
  /** The class whose step() the loop calls (for the loop's comment). */
  stepper: string;
  /** The SWA recipe: the loop steps `swaScheduler` past `swaStart`, the plan's scheduler before. */
  recipe?: { swaScheduler: string; swaStart: string };
}

export const KERAS_SCHEDULE_SOURCE = 'keras/src/optimizers/schedules/learning_rate_schedule.py';

/** A function of the tick giving the LR (`absolute`) or a factor on the optimizer's LR. */
export interface FunctionForm {
  /** Body lines over tick variable `t`, ending in returns built by `ret`. */
  body(t: string, ret: (x: string) => string): { lines: string[]; math: boolean };
  /** The optimizer LR to use with it (1.0 when the function gives the LR itself). */
  lr: number;
  name: string;
  what: string;
}

export function optimizerOf(call: FrameworkCall): TorchOptimizerText {
  const o = call.optimizer ?? {};
  const kind = o.kind ?? 'SGD';
  const lr = o.lr ?? o.learning_rate ?? 1e-3;
  const out: TorchOptimizerText = { kind, lr };
  if (o.momentum !== undefined && o.momentum !== 0) out.momentum = o.momentum;
  if (o.betas && (o.betas[0] !== 0.9 || o.betas[1] !== 0.999)) out.betas = o.betas;
  return out;
}

export function firstLr(call: NestedCall | FrameworkCall, optimizer: FrameworkCall['optimizer']): number {
  const made = fromFramework({ framework: call.framework, name: call.name, args: call.args, ...(optimizer ? { optimizer } : {}) });
  if (!made.ok) throw new Unsupported(made.error.message);
  const first = sample(made.value, 1, made.value.needsMetric ? { metric: [0] } : undefined);
  if (!first.ok) throw new Unsupported(first.error.message);
  return first.value.lr[0] as number;
}

/** The LR (or factor) as one Python function of the tick, where the family has one. */
export function functionForm(
  call: { framework: string; name: string; args: Record<string, unknown> },
  optimizerLr: number,
  optimizer: FrameworkCall['optimizer'],
): FunctionForm | null {
  if (call.framework === 'keras') {
    const probe = kerasScheduleBody(call.name, call.args, 't', (x) => `return ${x}`);
    if (!probe) return null;
    return {
      body: (t, ret) => kerasScheduleBody(call.name, call.args, t, ret) as { lines: string[]; math: boolean },
      lr: 1.0,
      name: `keras_${snakeCase(call.name)}`,
      what: `Keras's ${call.name}`,
    };
  }
  if (call.framework !== 'playground') return null;
  if (call.name === 'InverseSqrt') {
    return {
      body: (t, ret) => playgroundFactorBody(call.name, call.args, t, ret) as { lines: string[]; math: boolean },
      lr: optimizerLr,
      name: snakeCase(call.name),
      what: `the playground's ${call.name}`,
    };
  }
  if (call.name === 'Warmup') {
    const raw = call.args.schedule as NestedCall;
    const made = fromFramework({ ...raw, ...(optimizer ? { optimizer } : {}) });
    if (!made.ok) throw new Unsupported(made.error.message);
    const inner: NestedCall = { framework: raw.framework, name: raw.name, args: made.value.call.args };
    const w = call.args.warmup as number;
    const innerForm = functionForm(inner, optimizerLr, optimizer);
    if (!innerForm) return null;
    const first = firstLr(inner, optimizer);
    // Absolute: the inner function scaled by its optimizer LR where it gives a factor.
    const scale = innerForm.lr === 1.0 ? null : pyFloat(innerForm.lr);
    return {
      body(t, ret) {
        const rest = innerForm.body(t, (x) => ret(scale ? `${scale} * (${x})` : x));
        if (w === 0) return rest;
        return {
          lines: [`if ${t} < ${pyInt(w)}:`, `    ${ret(warmupRamp(call.args, first, t))}`, `${t} = ${t} - ${pyInt(w)}`, ...rest.lines],
          math: rest.math,
        };
      },
      lr: 1.0,
      name: `warmup_then_${innerForm.name.replace(/^keras_/, '')}`,
      what: `the playground's Warmup around ${innerForm.what}`,
    };
  }
  return null;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
