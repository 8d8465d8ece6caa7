/**
 * KerasWriter: the Python a Keras export defines before its main part. Torch epoch schedulers (containers
 * included) as one `schedule(epoch, lr)` function transcribing torch's recursive get_lr; per-step schedules as a
 * Keras LearningRateSchedule object (Keras's own, or one of ./classes.ts, ../transformers-keras.ts).
 */
import type { ChildCall, NestedCall } from '../../args';
import { fromFramework } from '../../registry';
import { sample } from '../../sample';
import type { FrameworkCall, Schedule } from '../../types';
import { callText, pyFloat, pyInt, pyString } from '../emit';
import { argumentList, Blocks, familySpec, type Names, Unsupported } from '../program';
import { analyzeFunction, renamed, wrapReturns } from '../pyfunc';
import { indent, renderDef, torchUpdate, warmupRamp } from '../transcribe';
import { transformersClassName, transformersKerasClass } from '../transformers-keras';
import { KERAS_CLASSES, type KerasClassKey, type KerasClassText } from './classes';

export function normalized(inner: NestedCall, optimizer: FrameworkCall['optimizer']): Schedule {
  const made = fromFramework({ ...inner, ...(optimizer ? { optimizer } : {}) });
  if (!made.ok) throw new Unsupported(made.error.message);
  return made.value;
}

export function firstLr(schedule: Schedule): number {
  const first = sample(schedule, 1, schedule.needsMetric ? { metric: [0] } : undefined);
  if (!first.ok) throw new Unsupported(first.error.message);
  return first.value.lr[0] as number;
}

/** Fresh local names inside one generated function. */
class Locals {
  private n = 0;
  next(): string {
    this.n += 1;
    return this.n === 1 ? 't' : `t${this.n}`;
  }
}

export class KerasWriter {
  readonly blocks = new Blocks();
  private readonly classes = new Set<string>();
  constructor(readonly names: Names) {}

  // ------------------------------------------------------------------------------------------ torch, per epoch

  /**
   * Statements updating `lr` for a torch epoch scheduler (containers included) at its epoch `t`, from the LR of
   * the previous epoch; null where there is no transcription.
   */
  torchEpochLines(child: ChildCall, base: number, t: string, locals: Locals): { lines: string[]; math: boolean } | null {
    if (child.name === 'ChainedScheduler') {
      const lines: string[] = [];
      let math = false;
      for (const c of child.args.schedulers as readonly ChildCall[]) {
        const u = this.simpleUpdate(c, base, t);
        if (!u) return null;
        lines.push(`# ${c.name}`, ...u.update);
        math ||= u.math;
      }
      return { lines, math };
    }
    if (child.name === 'SequentialLR') {
      const children = child.args.schedulers as readonly ChildCall[];
      const milestones = child.args.milestones as readonly number[];
      if (milestones.some((m) => m < 1)) return null;
      const lines: string[] = [];
      let math = false;
      const local = locals.next();
      for (let i = 0; i < children.length; i++) {
        const c = children[i] as ChildCall;
        const u = this.simpleUpdate(c, base, local);
        if (!u) return null;
        math ||= u.math;
        const from = i === 0 ? 0 : (milestones[i - 1] as number);
        const until = milestones[i];
        if (i > 0) {
          lines.push(`elif ${t} == ${pyInt(from)}:  # ${c.name} restarts at the milestone`, ...indent(u.restart));
        }
        const head = until === undefined ? 'else:' : `${i === 0 ? 'if' : 'elif'} ${t} < ${pyInt(until)}:`;
        lines.push(`${head}  # ${c.name}`, `    ${local} = ${t}${from === 0 ? '' : ` - ${pyInt(from)}`}`, ...indent(u.update));
      }
      return { lines, math };
    }
    if (child.name === 'SWARecipe') {
      // PyTorch's SWA loop (torch/swa.ts): both constructors step at epoch 0, then the scheduler steps up to epoch
      // swa_start + 1 and the swa_scheduler after, on its own clock.
      const [first, second] = child.args.schedulers as readonly ChildCall[];
      if (!first || !second) return null;
      const switchAt = pyInt((child.args.swa_start as number) + 1);
      const local = locals.next();
      const x = this.torchEpochLines(first, base, t, locals);
      const y = this.simpleUpdate(second, base, local);
      if (!x || !y) return null;
      return {
        lines: [
          `if ${t} == 0:  # both constructors: ${first.name}, then ${second.name}`,
          ...indent(x.lines),
          `    ${local} = 0`,
          ...indent(y.update),
          `elif ${t} <= ${switchAt}:  # ${first.name}`,
          ...indent(x.lines),
          `else:  # ${second.name}, stepped after epochs past swa_start`,
          `    ${local} = ${t} - ${switchAt}`,
          ...indent(y.update),
        ],
        math: x.math || y.math,
      };
    }
    const u = this.simpleUpdate(child, base, t);
    return u ? { lines: u.update, math: u.math } : null;
  }

  private simpleUpdate(child: ChildCall, base: number, t: string) {
    const u = torchUpdate(child, base, t);
    if (!u) return null;
    for (const line of u.prelude) if (!this.blocks.preludeLine(line)) return null;
    return u;
  }

  /** A `schedule(epoch, lr)` function for a torch epoch scheduler (or a Warmup around one); null if none. */
  /** `time`: the name of the function's first parameter ('step' for a scheduler stepped every batch). */
  torchSchedule(call: FrameworkCall, time: 'epoch' | 'step' = 'epoch'): { name: string; math: boolean } | null {
    const base = call.optimizer?.lr ?? 1e-3;
    const locals = new Locals();
    if (call.framework === 'torch' && call.name === 'LambdaLR') {
      const info = analyzeFunction(call.args.lr_lambda as string);
      if (info?.kind === 'def' && info.params.length >= 1) {
        // lr = base_lr * lr_lambda(epoch): the def with every returned value scaled (a def cannot be inlined).
        for (const line of info.prelude) if (!this.blocks.preludeLine(line)) return null;
        for (const m of info.modules) this.blocks.imports.add(m === 'np' ? 'import numpy as np' : `import ${m}`);
        const scaled = analyzeFunction(wrapReturns(info, `${pyFloat(base)} * `));
        if (!scaled) return null;
        const { name, note } = this.names.userFunction(info.name, call.args.lr_lambda as string);
        const text = name === info.name ? scaled.text : renamed(scaled, name);
        this.blocks.block(note ? `${note}\n${text}` : text);
        return { name, math: false };
      }
    }
    let lines: string[] | null;
    let math = false;
    if (call.framework === 'torch') {
      const body = this.torchEpochLines({ name: call.name, args: call.args }, base, time, locals);
      if (!body) return null;
      lines = body.lines;
      math = body.math;
    } else if (call.framework === 'playground' && call.name === 'Warmup') {
      const inner = normalized(call.args.schedule as NestedCall, call.optimizer);
      if (inner.framework !== 'torch' || inner.tick !== 'epoch' || inner.needsMetric) return null;
      const body = this.torchEpochLines({ name: inner.name, args: inner.call.args }, base, 't', locals);
      if (!body) return null;
      const w = call.args.warmup as number;
      lines = [
        ...(w > 0 ? [`if epoch < ${pyInt(w)}:`, `    return ${warmupRamp(call.args, firstLr(inner), 'epoch')}`] : []),
        `t = epoch${w > 0 ? ` - ${pyInt(w)}` : ''}`,
        'if t == 0:',
        `    lr = ${pyFloat(base)}  # ${inner.name} starts from the optimizer's LR`,
        ...body.lines,
      ];
      math = body.math;
    } else {
      return null;
    }
    if (math) this.blocks.imports.add('import math');
    const name = this.names.fresh('schedule');
    this.blocks.block(renderDef(name, [call.framework === 'torch' ? time : 'epoch', 'lr'], [...lines, 'return lr']));
    return { name, math };
  }

  // ------------------------------------------------------------------------------------------ per step (keras.ops)

  /** A Python expression building a per-step Keras schedule object for `call`; null where there is none. */
  stepSchedule(call: FrameworkCall): string | null {
    if (call.framework === 'keras') {
      if (call.name === 'LearningRateScheduler' || call.name === 'ReduceLROnPlateau') return null;
      // Whole-number boundaries are written as ints ([1000, 2000]); others as given (Keras truncates them toward zero).
      const boundaries = (param: { name: string }, value: unknown): string | undefined =>
        param.name === 'boundaries' && Array.isArray(value) && value.every((b) => Number.isInteger(b))
          ? `[${value.map((b) => pyInt(b as number)).join(', ')}]`
          : undefined;
      return `keras.optimizers.schedules.${callText(call.name, argumentList(familySpec('keras', call.name), call.args, boundaries))}`;
    }
    const a = call.args;
    const lr = call.optimizer?.lr ?? 0.01;
    if (call.framework === 'torch' && call.name === 'CyclicLR') {
      if (a.scale_fn !== null) return null;
      const cls = this.addClass('cyclicLR');
      const args = [
        `base_lr=${pyFloat(a.base_lr as number)}`,
        `max_lr=${pyFloat(a.max_lr as number)}`,
        `step_size_up=${pyInt(a.step_size_up as number)}`,
      ];
      if (a.step_size_down !== null) args.push(`step_size_down=${pyInt(a.step_size_down as number)}`);
      args.push(`mode=${pyString(a.mode as string)}`, `gamma=${pyFloat(a.gamma as number)}`);
      return callText(cls, args);
    }
    if (call.framework === 'torch' && call.name === 'OneCycleLR') {
      const cls = this.addClass('oneCycleLR');
      const total = a.total_steps !== null ? (a.total_steps as number) : (a.epochs as number) * (a.steps_per_epoch as number);
      return callText(cls, [
        `max_lr=${pyFloat(a.max_lr as number)}`,
        `total_steps=${pyInt(total)}`,
        `pct_start=${pyFloat(a.pct_start as number)}`,
        `anneal_strategy=${pyString(a.anneal_strategy as string)}`,
        `div_factor=${pyFloat(a.div_factor as number)}`,
        `final_div_factor=${pyFloat(a.final_div_factor as number)}`,
        `three_phase=${a.three_phase ? 'True' : 'False'}`,
      ]);
    }
    if (call.framework === 'transformers') {
      const base = transformersClassName(call.name);
      if (!base) return null;
      const cls = transformersKerasClass(call, this.names.get(base));
      if (!cls) return null;
      this.addClassText(cls.name, cls.lines, { ops: true, math: true });
      return cls.call;
    }
    if (call.framework === 'playground' && call.name === 'InverseSqrt') {
      const cls = this.addClass('inverseSqrt');
      return `${cls}(peak_lr=${pyFloat(lr)}, warmup_steps=${pyInt(a.warmup_steps as number)})`;
    }
    if (call.framework === 'playground' && call.name === 'Warmup') {
      const inner = normalized(a.schedule as NestedCall, call.optimizer);
      if (inner.tick !== 'step' || inner.needsMetric) return null;
      const after = this.stepSchedule(inner.call);
      if (!after) return null;
      const cls = this.addClass('warmup');
      return callText(cls, [
        `after=${after}`,
        `warmup_steps=${pyInt(a.warmup as number)}`,
        `first_lr=${pyFloat(firstLr(inner))}`,
        `start_factor=${pyFloat(a.start_factor as number)}`,
      ]);
    }
    return null;
  }

  /** Defines one of our classes (once), under its base name unless a user function takes it; returns the name. */
  addClass(key: KerasClassKey): string {
    const c: KerasClassText = KERAS_CLASSES[key];
    const name = this.names.get(c.base);
    this.addClassText(name, c.lines(name), c);
    return name;
  }

  private addClassText(name: string, lines: readonly string[], uses: { ops: boolean; math: boolean }): void {
    if (this.classes.has(name)) return;
    this.classes.add(name);
    if (uses.ops) this.blocks.imports.add('from keras import ops');
    if (uses.math) this.blocks.imports.add('import math');
    this.blocks.block(lines.join('\n'));
  }
}
