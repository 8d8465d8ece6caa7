/**
 * `toKerasCode`: a schedule as a minimal runnable Keras 3 script: imports, stand-in data and model, the schedule
 * (as the optimizer's `learning_rate`, or a callback), `model.compile` and `model.fit(..., callbacks=[...])`.
 *
 * Families Keras lacks are written as exact equivalents, with a comment saying so:
 *   PyTorch epoch schedulers (containers included) -> a LearningRateScheduler function transcribing torch's
 *     recursive get_lr: Keras passes it the previous epoch's LR, as torch reads the LR it left in the optimizer;
 *   PyTorch ReduceLROnPlateau -> a small Callback with torch's rules (relative threshold, eps, its cooldown);
 *   CyclicLR, OneCycleLR, InverseSqrt, Hugging Face transformers' schedules (./transformers-keras.ts), and Warmup
 *     around a per-step schedule -> a LearningRateSchedule subclass computing torch's (transformers', the
 *     playground's) formula with keras.ops in float64;
 *   Warmup around an epoch scheduler -> one LearningRateScheduler function.
 * Each LearningRateSchedule subclass registers itself (@keras.saving.register_keras_serializable) and has a
 * get_config(), so a model compiled with it can be saved and loaded back. The tests run every export in real
 * Keras 3 (src/schedules/code/keras-run.test.ts) under floatx float64; Keras's default float32 LR variable
 * agrees with these float64 formulas to about 1e-7 relative. The classes avoid ops.minimum / ops.maximum: on
 * Keras 3.15's torch backend they return float32 even for two float64 tensors (ops.where keeps float64).
 */
import type { ChildCall, NestedCall } from '../args';
import { fromFramework } from '../registry';
import { sample } from '../sample';
import type { FrameworkCall, OptimizerKind, Schedule } from '../types';
import { callText, pyFloat, pyInt, pyString } from './emit';
import { argumentList, Blocks, type ExportHorizon, familySpec, horizonOf, Names, Unsupported, userNamesOf, writeFunction } from './program';
import { analyzeFunction, wrapReturns } from './pyfunc';
import { indent, renderDef, torchUpdate, warmupRamp } from './transcribe';
import { transformersKerasClass } from './transformers-keras';

interface KerasOptimizerText {
  kind: OptimizerKind;
  /** A literal, or the name of a schedule object. */
  learningRate: string;
  momentum?: number;
  betas?: readonly [number, number];
}

interface Plan {
  notes: string[];
  /** Statements before the optimizer (schedule objects, callbacks). */
  setup: string[];
  optimizer: KerasOptimizerText;
  callbacks: string[];
  /** `metrics=` for model.compile: a monitored accuracy exists in the logs only when it is compiled. */
  metrics?: string[];
}

const TORCH_SOURCE = 'torch/optim/lr_scheduler.py';

function optimizerBase(call: FrameworkCall): Omit<KerasOptimizerText, 'learningRate'> & { lr: number } {
  const o = call.optimizer ?? {};
  const kind = o.kind ?? 'SGD';
  const out: Omit<KerasOptimizerText, 'learningRate'> & { lr: number } = { kind, lr: o.lr ?? o.learning_rate ?? 0.01 };
  if (o.momentum !== undefined && o.momentum !== 0) out.momentum = o.momentum;
  if (o.betas && (o.betas[0] !== 0.9 || o.betas[1] !== 0.999)) out.betas = o.betas;
  return out;
}

function normalized(inner: NestedCall, optimizer: FrameworkCall['optimizer']): Schedule {
  const made = fromFramework({ ...inner, ...(optimizer ? { optimizer } : {}) });
  if (!made.ok) throw new Unsupported(made.error.message);
  return made.value;
}

function firstLr(schedule: Schedule): number {
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

class KerasWriter {
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
  private torchSchedule(call: FrameworkCall, time: 'epoch' | 'step' = 'epoch'): { name: string; math: boolean } | null {
    const base = call.optimizer?.lr ?? 1e-3;
    const locals = new Locals();
    if (call.framework === 'torch' && call.name === 'LambdaLR') {
      const info = analyzeFunction(call.args.lr_lambda as string);
      if (info?.kind === 'def' && info.params.length >= 1) {
        // lr = base_lr * lr_lambda(epoch): the def with every returned value scaled (a def cannot be inlined).
        for (const line of info.prelude) if (!this.blocks.preludeLine(line)) return null;
        for (const m of info.modules) this.blocks.imports.add(m === 'np' ? 'import numpy as np' : `import ${m}`);
        const scaled = analyzeFunction(wrapReturns(info, `${pyFloat(base)} * `));
        const name = this.names.fresh(info.name);
        if (!scaled) return null;
        const renamed = scaled.nameRange
          ? `${scaled.text.slice(0, scaled.nameRange.from)}${name}${scaled.text.slice(scaled.nameRange.to)}`
          : scaled.text;
        this.blocks.block(renamed);
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
      this.cyclicClass();
      const args = [
        `base_lr=${pyFloat(a.base_lr as number)}`,
        `max_lr=${pyFloat(a.max_lr as number)}`,
        `step_size_up=${pyInt(a.step_size_up as number)}`,
      ];
      if (a.step_size_down !== null) args.push(`step_size_down=${pyInt(a.step_size_down as number)}`);
      args.push(`mode=${pyString(a.mode as string)}`, `gamma=${pyFloat(a.gamma as number)}`);
      return callText('CyclicLR', args);
    }
    if (call.framework === 'torch' && call.name === 'OneCycleLR') {
      this.oneCycleClass();
      const total = a.total_steps !== null ? (a.total_steps as number) : (a.epochs as number) * (a.steps_per_epoch as number);
      return callText('OneCycleLR', [
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
      const cls = transformersKerasClass(call);
      if (!cls) return null;
      this.blocks.imports.add('import math');
      this.addClass(cls.name, cls.lines);
      return cls.call;
    }
    if (call.framework === 'playground' && call.name === 'InverseSqrt') {
      this.inverseSqrtClass();
      return `InverseSqrt(peak_lr=${pyFloat(lr)}, warmup_steps=${pyInt(a.warmup_steps as number)})`;
    }
    if (call.framework === 'playground' && call.name === 'Warmup') {
      const inner = normalized(a.schedule as NestedCall, call.optimizer);
      if (inner.tick !== 'step' || inner.needsMetric) return null;
      const after = this.stepSchedule(inner.call);
      if (!after) return null;
      this.warmupClass();
      return callText('Warmup', [
        `after=${after}`,
        `warmup_steps=${pyInt(a.warmup as number)}`,
        `first_lr=${pyFloat(firstLr(inner))}`,
        `start_factor=${pyFloat(a.start_factor as number)}`,
      ]);
    }
    return null;
  }

  private addClass(name: string, lines: readonly string[], usesOps = true): void {
    if (this.classes.has(name)) return;
    this.classes.add(name);
    this.names.reserve(name);
    if (usesOps) this.blocks.imports.add('from keras import ops');
    this.blocks.block(lines.join('\n'));
  }

  private cyclicClass(): void {
    this.blocks.imports.add('import math');
    this.addClass('CyclicLR', [
      '@keras.saving.register_keras_serializable(package="lr_playground")',
      'class CyclicLR(keras.optimizers.schedules.LearningRateSchedule):',
      `    """PyTorch's CyclicLR (${TORCH_SOURCE}, CyclicLR.get_lr) as a Keras schedule of the optimizer step.`,
      '',
      '    Keras optimizers take a fixed momentum: CyclicLR\'s momentum cycling is left out."""',
      '',
      '    def __init__(self, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular", gamma=1.0):',
      '        self.base_lr, self.max_lr, self.mode, self.gamma = base_lr, max_lr, mode, gamma',
      '        self.step_size_up, self.step_size_down = step_size_up, step_size_down',
      '        down = step_size_up if step_size_down is None else step_size_down',
      '        self.total_size = step_size_up + down',
      '        self.step_ratio = step_size_up / self.total_size',
      '',
      '    def __call__(self, step):',
      '        t = ops.cast(step, "float64")',
      '        cycle = ops.floor(1 + t / self.total_size)',
      '        x = 1.0 + t / self.total_size - cycle',
      '        scale_factor = ops.where(x <= self.step_ratio, x / self.step_ratio, (x - 1) / (self.step_ratio - 1))',
      '        if self.mode == "triangular":',
      '            scale = 1.0',
      '        elif self.mode == "triangular2":',
      '            scale = 1 / ops.power(2.0, cycle - 1)',
      '        else:',
      '            scale = ops.power(self.gamma, t)',
      '        return self.base_lr + (self.max_lr - self.base_lr) * scale_factor * scale',
      '',
      '    def get_config(self):',
      '        return {"base_lr": self.base_lr, "max_lr": self.max_lr, "step_size_up": self.step_size_up,',
      '                "step_size_down": self.step_size_down, "mode": self.mode, "gamma": self.gamma}',
    ]);
  }

  private oneCycleClass(): void {
    this.blocks.imports.add('import math');
    this.addClass('OneCycleLR', [
      '@keras.saving.register_keras_serializable(package="lr_playground")',
      'class OneCycleLR(keras.optimizers.schedules.LearningRateSchedule):',
      `    """PyTorch's OneCycleLR (${TORCH_SOURCE}, OneCycleLR.get_lr) as a Keras schedule of the optimizer step.`,
      '',
      "    Keras optimizers take a fixed momentum: OneCycleLR's momentum cycling is left out. Torch raises after",
      '    total_steps + 1 steps; this keeps annealing past the end."""',
      '',
      '    def __init__(self, max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,',
      '                 final_div_factor=1e4, three_phase=False):',
      '        self.config = {"max_lr": max_lr, "total_steps": total_steps, "pct_start": pct_start,',
      '                       "anneal_strategy": anneal_strategy, "div_factor": div_factor,',
      '                       "final_div_factor": final_div_factor, "three_phase": three_phase}',
      '        initial_lr = max_lr / div_factor',
      '        min_lr = initial_lr / final_div_factor',
      '        self.cos = anneal_strategy == "cos"',
      '        if three_phase:',
      '            self.phases = [',
      '                (pct_start * total_steps - 1, initial_lr, max_lr),',
      '                (2 * pct_start * total_steps - 2, max_lr, initial_lr),',
      '                (total_steps - 1, initial_lr, min_lr),',
      '            ]',
      '        else:',
      '            self.phases = [(pct_start * total_steps - 1, initial_lr, max_lr), (total_steps - 1, max_lr, min_lr)]',
      '',
      '    def anneal(self, start, end, pct):',
      '        if self.cos:',
      '            return end + (start - end) / 2.0 * (ops.cos(math.pi * pct) + 1)',
      '        return (end - start) * pct + start',
      '',
      '    def __call__(self, step):',
      '        t = ops.cast(step, "float64")',
      '        values, start_step = [], 0.0',
      '        for end_step, start, end in self.phases:',
      '            values.append(self.anneal(start, end, (t - start_step) / (end_step - start_step)))',
      '            start_step = end_step',
      '        lr = values[-1]',
      '        for (end_step, _, _), value in reversed(list(zip(self.phases[:-1], values[:-1]))):',
      '            lr = ops.where(t <= end_step, value, lr)',
      '        return lr',
      '',
      '    def get_config(self):',
      '        return dict(self.config)',
    ]);
  }

  private inverseSqrtClass(): void {
    this.addClass('InverseSqrt', [
      '@keras.saving.register_keras_serializable(package="lr_playground")',
      'class InverseSqrt(keras.optimizers.schedules.LearningRateSchedule):',
      '    """The Transformer\'s inverse square root schedule with linear warmup, peaking at peak_lr after warmup_steps."""',
      '',
      '    def __init__(self, peak_lr, warmup_steps):',
      '        self.peak_lr, self.warmup_steps = peak_lr, warmup_steps',
      '',
      '    def __call__(self, step):',
      '        s = ops.cast(step, "float64") + 1',
      '        rising, falling = s / self.warmup_steps, ops.sqrt(self.warmup_steps / s)',
      '        return self.peak_lr * ops.where(rising < falling, rising, falling)  # ops.minimum would give float32',
      '',
      '    def get_config(self):',
      '        return {"peak_lr": self.peak_lr, "warmup_steps": self.warmup_steps}',
    ]);
  }

  private warmupClass(): void {
    this.addClass('Warmup', [
      '@keras.saving.register_keras_serializable(package="lr_playground")',
      'class Warmup(keras.optimizers.schedules.LearningRateSchedule):',
      '    """A linear warmup from start_factor * first_lr to first_lr, then `after` from its own step 0."""',
      '',
      '    def __init__(self, after, warmup_steps, first_lr, start_factor=0.0):',
      '        self.after, self.w, self.first_lr, self.start_factor = after, warmup_steps, first_lr, start_factor',
      '',
      '    def __call__(self, step):',
      '        t = ops.cast(step, "float64")',
      '        ramp = self.first_lr * (self.start_factor + (1 - self.start_factor) * t / self.w)',
      '        return ops.where(t < self.w, ramp, self.after(ops.where(t > self.w, t - self.w, 0.0)))',
      '',
      '    def get_config(self):',
      '        return {"after": keras.optimizers.schedules.serialize(self.after), "warmup_steps": self.w,',
      '                "first_lr": self.first_lr, "start_factor": self.start_factor}',
      '',
      '    @classmethod',
      '    def from_config(cls, config):',
      '        config = dict(config)',
      '        config["after"] = keras.optimizers.schedules.deserialize(config["after"])',
      '        return cls(**config)',
    ]);
  }

  /** Keras's LearningRateScheduler, but before every optimizer step: `schedule(step, lr)`, steps counted from 0. */
  private perBatchLearningRateSchedulerClass(): void {
    this.addClass(
      'PerBatchLearningRateScheduler',
      [
        'class PerBatchLearningRateScheduler(keras.callbacks.Callback):',
        '    """Sets the LR before every optimizer step to schedule(step, lr), lr being the LR the previous step used',
        '    (Keras\'s LearningRateScheduler does this once per epoch). Steps are counted from 0 across epochs."""',
        '',
        '    def __init__(self, schedule):',
        '        super().__init__()',
        '        self.schedule = schedule',
        '        self.step = 0',
        '',
        '    def on_train_batch_begin(self, batch, logs=None):',
        '        lr = float(self.model.optimizer.learning_rate)',
        '        try:',
        '            lr = self.schedule(self.step, lr)',
        '        except TypeError:  # a schedule(step) of one argument, as LearningRateScheduler allows',
        '            lr = self.schedule(self.step)',
        '        self.model.optimizer.learning_rate = lr',
        '        self.step += 1',
      ],
      false,
    );
  }

  private torchPlateauClass(): void {
    this.blocks.imports.add('import math');
    this.addClass(
      'TorchReduceLROnPlateau',
      [
        'class TorchReduceLROnPlateau(keras.callbacks.Callback):',
        `    """PyTorch's ReduceLROnPlateau (${TORCH_SOURCE}) as a Keras callback. Keras's own ReduceLROnPlateau`,
        '    reduces one epoch earlier, ignores one cooldown epoch fewer and has no relative threshold or eps."""',
        '',
        '    def __init__(self, monitor="val_loss", mode="min", factor=0.1, patience=10, threshold=1e-4,',
        '                 threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8):',
        '        super().__init__()',
        '        self.monitor, self.mode, self.factor, self.patience = monitor, mode, factor, patience',
        '        self.threshold, self.threshold_mode, self.cooldown = threshold, threshold_mode, cooldown',
        '        self.min_lr, self.eps = min_lr, eps',
        '        self.best = math.inf if mode == "min" else -math.inf',
        '        self.num_bad_epochs = 0',
        '        self.cooldown_counter = 0',
        '',
        '    def is_better(self, a):',
        '        if self.mode == "min" and self.threshold_mode == "rel":',
        '            return a < self.best * (1.0 - self.threshold)',
        '        if self.mode == "min":',
        '            return a < self.best - self.threshold',
        '        if self.threshold_mode == "rel":',
        '            return a > self.best * (self.threshold + 1.0)',
        '        return a > self.best + self.threshold',
        '',
        '    def on_epoch_end(self, epoch, logs=None):',
        '        current = float(logs[self.monitor])',
        '        if self.is_better(current):',
        '            self.best = current',
        '            self.num_bad_epochs = 0',
        '        else:',
        '            self.num_bad_epochs += 1',
        '        if self.cooldown_counter > 0:',
        '            self.cooldown_counter -= 1',
        '            self.num_bad_epochs = 0',
        '        if self.num_bad_epochs > self.patience:',
        '            old_lr = float(self.model.optimizer.learning_rate)',
        '            new_lr = max(old_lr * self.factor, self.min_lr)',
        '            if old_lr - new_lr > self.eps:',
        '                self.model.optimizer.learning_rate = new_lr',
        '            self.cooldown_counter = self.cooldown',
        '            self.num_bad_epochs = 0',
      ],
      false,
    );
  }

  // ------------------------------------------------------------------------------------------ plans

  plan(call: FrameworkCall, schedule: Schedule): Plan {
    const opt = optimizerBase(call);
    const withLr = (learningRate: string): KerasOptimizerText => ({
      kind: opt.kind,
      learningRate,
      ...(opt.momentum !== undefined ? { momentum: opt.momentum } : {}),
      ...(opt.betas ? { betas: opt.betas } : {}),
    });
    const lrSchedule = this.names.get('lr_schedule');
    const lrCallback = this.names.get('lr_callback');
    if (call.framework === 'keras' && call.name === 'LearningRateScheduler') {
      const written = writeFunction(call.args.schedule as string, this.blocks, this.names);
      if (!written) throw new Unsupported('its schedule is not one lambda or def');
      return {
        notes: [],
        setup: [`${lrCallback} = keras.callbacks.LearningRateScheduler(${written.reference})  # sets the LR at the start of every epoch`],
        optimizer: withLr(pyFloat(opt.lr)),
        callbacks: [lrCallback],
      };
    }
    if (call.framework === 'keras' && call.name === 'ReduceLROnPlateau') {
      const args = argumentList(familySpec('keras', call.name), call.args, () => undefined);
      return {
        notes: [],
        setup: [`${lrCallback} = ${callText('keras.callbacks.ReduceLROnPlateau', args)}`],
        optimizer: withLr(pyFloat(opt.lr)),
        callbacks: [lrCallback],
        // Keras logs (val_)accuracy only for a model compiled with it, and with mode 'auto' reads the direction
        // from that compiled metric (without it, Keras 3 raises).
        ...(String(call.args.monitor).replace(/^val_/, '') === 'accuracy' ? { metrics: ['"accuracy"'] } : {}),
      };
    }
    if (call.framework === 'torch' && call.name === 'ReduceLROnPlateau') {
      this.torchPlateauClass();
      const a = call.args;
      const args = [
        `mode=${pyString(a.mode as string)}`,
        `factor=${pyFloat(a.factor as number)}`,
        `patience=${pyInt(a.patience as number)}`,
        `threshold=${pyFloat(a.threshold as number)}`,
        `threshold_mode=${pyString(a.threshold_mode as string)}`,
        `cooldown=${pyInt(a.cooldown as number)}`,
        `min_lr=${pyFloat(a.min_lr as number)}`,
        `eps=${pyFloat(a.eps as number)}`,
      ];
      return {
        notes: ["Keras's ReduceLROnPlateau decides differently from PyTorch's: this callback follows torch's rules exactly."],
        setup: [`${lrCallback} = ${callText('TorchReduceLROnPlateau', args)}`],
        optimizer: withLr(pyFloat(opt.lr)),
        callbacks: [lrCallback],
      };
    }
    if (schedule.tick === 'step' && (call.framework === 'torch' || call.framework === 'playground') && call.stepEvery === 'batch') {
      // A torch scheduler that counts epochs, stepped after every batch instead: its recursive form needs the LR
      // it left in the optimizer, which a LearningRateSchedule (a function of the step) does not see; the same
      // transcription LearningRateScheduler runs per epoch runs here before every optimizer step.
      const fn = this.torchSchedule(call, 'step');
      if (!fn) throw new Unsupported(`${call.name} stepped every batch has no exact Keras form here`);
      this.perBatchLearningRateSchedulerClass();
      const what = call.framework === 'torch' ? `PyTorch's ${call.name}` : `The playground's ${call.name}`;
      return {
        notes: [
          `${what}, stepped after every batch, has no Keras counterpart: this function transcribes torch's recursive`,
          `get_lr (${TORCH_SOURCE}), and the callback calls it before every optimizer step with the LR the`,
          'previous step left, as torch reads the LR it left in the optimizer (its tick counts optimizer steps).',
        ],
        setup: [`${lrCallback} = PerBatchLearningRateScheduler(${fn.name})  # sets the LR before every optimizer step`],
        optimizer: withLr(pyFloat(opt.lr)),
        callbacks: [lrCallback],
      };
    }
    if (schedule.tick === 'step') {
      const expr = this.stepSchedule(call);
      if (!expr)
        throw new Unsupported(
          `${call.name} has no exact Keras form here${call.name === 'CyclicLR' ? ' (a custom scale_fn is Python code that cannot run on Keras tensors)' : ''}`,
        );
      const notes =
        call.framework === 'keras'
          ? []
          : [
              `${call.framework === 'torch' ? "PyTorch's" : call.framework === 'transformers' ? "Hugging Face transformers'" : "The playground's"} ${call.name} has no Keras counterpart: the LearningRateSchedule subclass below computes`,
              'its formula with keras.ops in float64, for every optimizer step.',
            ];
      return {
        notes,
        setup: [`${lrSchedule} = ${expr}`],
        optimizer: withLr(lrSchedule),
        callbacks: [],
      };
    }
    if (call.stepEvery === 'epoch') {
      // A per-step torch scheduler stepped once per epoch: its closed form evaluated at the epoch, set by Keras's
      // own LearningRateScheduler at the start of every epoch.
      const expr = this.stepSchedule(call);
      if (!expr) throw new Unsupported(`${call.name} stepped every epoch has no exact Keras form here`);
      return {
        notes: [
          `PyTorch's ${call.name}, stepped once per epoch, counts epochs: the LearningRateSchedule below gives its LR`,
          'at each epoch, and LearningRateScheduler sets it at the start of every epoch.',
        ],
        setup: [
          `${lrSchedule} = ${expr}`,
          `${lrCallback} = keras.callbacks.LearningRateScheduler(lambda epoch: float(${lrSchedule}(epoch)))  # sets the LR at the start of every epoch`,
        ],
        optimizer: withLr(pyFloat(opt.lr)),
        callbacks: [lrCallback],
      };
    }
    const fn = this.torchSchedule(call);
    if (!fn) throw new Unsupported(`${call.name} has no exact Keras form here`);
    const what = call.framework === 'torch' ? `PyTorch's ${call.name}` : `The playground's ${call.name}`;
    return {
      notes: [
        `${what} has no Keras counterpart: this LearningRateScheduler function transcribes torch's recursive get_lr`,
        `(${TORCH_SOURCE}). Keras calls it at the start of every epoch with the previous epoch's LR, as torch reads`,
        'the LR it left in the optimizer.',
      ],
      setup: [`${lrCallback} = keras.callbacks.LearningRateScheduler(${fn.name})  # sets the LR at the start of every epoch`],
      optimizer: withLr(pyFloat(opt.lr)),
      callbacks: [lrCallback],
    };
  }
}

function optimizerText(o: KerasOptimizerText): string {
  const args = [`learning_rate=${o.learningRate}`];
  if (o.momentum !== undefined && (o.kind === 'SGD' || o.kind === 'RMSprop')) args.push(`momentum=${pyFloat(o.momentum)}`);
  if (o.betas && (o.kind === 'Adam' || o.kind === 'AdamW')) args.push(`beta_1=${pyFloat(o.betas[0])}`, `beta_2=${pyFloat(o.betas[1])}`);
  return `keras.optimizers.${o.kind}(${args.join(', ')})`;
}

/** Writes a schedule as a runnable Keras 3 script (see the file comment). Never throws. */
export function toKerasCode(call: FrameworkCall, horizon?: ExportHorizon): string {
  let made: ReturnType<typeof fromFramework>;
  try {
    made = fromFramework(call);
  } catch (e) {
    return `# Cannot export this schedule: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  if (!made.ok) return `# Cannot export this schedule: ${made.error.message}\n`;
  try {
    return render(made.value, horizonOf(horizon));
  } catch (e) {
    if (e instanceof Unsupported) return `# The playground cannot write ${made.value.name} as exact Keras code: ${e.message}.\n`;
    return `# Cannot export this schedule: internal error (${e instanceof Error ? e.message : String(e)})\n`;
  }
}

function render(schedule: Schedule, horizon: { epochs: number; stepsPerEpoch: number }): string {
  const names = new Names(userNamesOf(schedule.call.args));
  for (const n of ['np', 'keras', 'ops', 'math']) names.reserve(n);
  const writer = new KerasWriter(names);
  const plan = writer.plan(schedule.call, schedule);
  const epochs = names.get('epochs');
  const spe = names.get('steps_per_epoch');
  const batch = names.get('batch_size');
  const x = names.get('x');
  const y = names.get('y');
  const xVal = names.get('x_val');
  const yVal = names.get('y_val');
  const model = names.get('model');
  const opt = names.get('optimizer');
  const metric = schedule.needsMetric;

  const out: string[] = [];
  if (plan.notes.length > 0) out.push(...plan.notes.map((l) => `# ${l}`), '');
  out.push(...writer.blocks.importLines(['import numpy as np', 'import keras']), '');
  out.push(`${epochs} = ${pyInt(horizon.epochs)}`);
  out.push(`${spe} = ${pyInt(horizon.stepsPerEpoch)}`);
  out.push(`${batch} = 32`);
  const blocks = writer.blocks.render();
  if (blocks) out.push('', '', blocks);
  out.push('', '');
  out.push('# --- stand-in data and model: replace them with your own ---');
  out.push(`${x} = np.random.rand(${spe} * ${batch}, 10)`);
  out.push(`${y} = np.random.rand(${spe} * ${batch}, 1)`);
  if (metric) out.push(`${xVal}, ${yVal} = np.random.rand(${batch}, 10), np.random.rand(${batch}, 1)`);
  out.push(`${model} = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(1)])`);
  out.push('# --- end of the stand-in ---');
  out.push('');
  out.push(...plan.setup);
  const schedComment =
    plan.optimizer.learningRate === names.get('lr_schedule') ? '  # the schedule gives the LR of every optimizer step' : '';
  out.push(`${opt} = ${optimizerText(plan.optimizer)}${schedComment}`);
  out.push(`${model}.compile(optimizer=${opt}, loss="mse"${plan.metrics ? `, metrics=[${plan.metrics.join(', ')}]` : ''})`);
  const fitArgs = [x, y, `batch_size=${batch}`, `epochs=${epochs}`, `steps_per_epoch=${spe}`];
  if (metric) fitArgs.push(`validation_data=(${xVal}, ${yVal})`);
  if (plan.callbacks.length > 0) fitArgs.push(`callbacks=[${plan.callbacks.join(', ')}]`);
  out.push(callText(`${model}.fit`, fitArgs));
  return `${out.join('\n')}\n`;
}
