/**
 * `toPyTorchCode`: a schedule as a minimal runnable PyTorch script: imports, a stand-in model, the optimizer, the
 * scheduler, and a training loop that shows where `scheduler.step()` goes (per batch for CyclicLR / OneCycleLR and
 * containers holding one, per epoch otherwise, `step(val_loss)` for ReduceLROnPlateau).
 *
 * Families PyTorch lacks are written as exact equivalents, with a comment saying so:
 *   Keras schedules, InverseSqrt -> LambdaLR whose function transcribes the formula;
 *   Keras LearningRateScheduler -> LambdaLR (a function of the epoch alone) or, where the function reads the
 *     current LR, a small LRScheduler subclass calling schedule(epoch, lr) as Keras does;
 *   Keras ReduceLROnPlateau -> torch's ReduceLROnPlateau with the arguments that make it reduce on the same
 *     epochs (patience and cooldown one lower, min_delta as an absolute threshold, eps 0);
 *   playground Warmup -> SequentialLR([LambdaLR(ramp), wrapped scheduler]), or one LambdaLR function.
 * Hugging Face transformers' schedules are written as the library's own call (`from transformers import
 * get_linear_schedule_with_warmup`, a torch optimizer, `scheduler.step()` after every optimizer step).
 * SWALR comes from torch.optim.swa_utils; the SWA recipe (SWARecipe) is written as its loop, as PyTorch's SWA
 * documentation writes it: `swa_scheduler.step()` after epochs (or steps) past swa_start, `scheduler.step()` before.
 * The stand-in training code is delimited by comments, so it is easy to replace (and for tests to instrument).
 */
import type { ChildCall, NestedCall } from '../args';
import { fromFramework } from '../registry';
import { sample } from '../sample';
import type { FrameworkCall, OptimizerKind, Schedule } from '../types';
import { callText, pyFloat, pyInt, pyString, snakeCase } from './emit';
import { argumentList, Blocks, type ExportHorizon, familySpec, horizonOf, Names, Unsupported, userNamesOf, writeFunction } from './program';
import { usesParam } from './pyfunc';
import { indent, kerasScheduleBody, playgroundFactorBody, renderDef, warmupRamp } from './transcribe';

interface TorchOptimizerText {
  kind: OptimizerKind;
  lr: number;
  momentum?: number;
  betas?: readonly [number, number];
}

interface Plan {
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

const KERAS_SCHEDULE_SOURCE = 'keras/src/optimizers/schedules/learning_rate_schedule.py';

/** A function of the tick giving the LR (`absolute`) or a factor on the optimizer's LR. */
interface FunctionForm {
  /** Body lines over tick variable `t`, ending in returns built by `ret`. */
  body(t: string, ret: (x: string) => string): { lines: string[]; math: boolean };
  /** The optimizer LR to use with it (1.0 when the function gives the LR itself). */
  lr: number;
  name: string;
  what: string;
}

function optimizerOf(call: FrameworkCall): TorchOptimizerText {
  const o = call.optimizer ?? {};
  const kind = o.kind ?? 'SGD';
  const lr = o.lr ?? o.learning_rate ?? 1e-3;
  const out: TorchOptimizerText = { kind, lr };
  if (o.momentum !== undefined && o.momentum !== 0) out.momentum = o.momentum;
  if (o.betas && (o.betas[0] !== 0.9 || o.betas[1] !== 0.999)) out.betas = o.betas;
  return out;
}

function firstLr(call: NestedCall | FrameworkCall, optimizer: FrameworkCall['optimizer']): number {
  const made = fromFramework({ framework: call.framework, name: call.name, args: call.args, ...(optimizer ? { optimizer } : {}) });
  if (!made.ok) throw new Unsupported(made.error.message);
  const first = sample(made.value, 1, made.value.needsMetric ? { metric: [0] } : undefined);
  if (!first.ok) throw new Unsupported(first.error.message);
  return first.value.lr[0] as number;
}

/** The LR (or factor) as one Python function of the tick, where the family has one. */
function functionForm(
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

class TorchWriter {
  readonly blocks = new Blocks();
  constructor(readonly names: Names) {}

  /** `Name(optimizer, arg=...)` for a torch scheduler; nested schedulers are assigned to variables first. */
  schedulerCall(name: string, args: Readonly<Record<string, unknown>>, setup: string[]): string {
    const spec = familySpec('torch', name);
    this.blocks.importFrom(name === 'SWALR' ? 'torch.optim.swa_utils' : 'torch.optim.lr_scheduler', name);
    const list = argumentList(spec, args, (p, value) => {
      if (p.kind === 'function') {
        if (typeof value !== 'string') return undefined;
        const written = writeFunction(value, this.blocks, this.names);
        if (!written) throw new Unsupported(`${name}: its ${p.name} is not one lambda or def`);
        return written.reference;
      }
      if (p.kind === 'schedules') {
        const vars = (value as readonly ChildCall[]).map((child) => {
          const v = this.names.fresh(snakeCase(child.name));
          setup.push(`${v} = ${this.schedulerCall(child.name, child.args, setup)}`);
          return v;
        });
        return `[${vars.join(', ')}]`;
      }
      return undefined;
    });
    const positional = name === 'ChainedScheduler' ? [] : [this.names.get('optimizer')];
    return callText(name, [...positional, ...list]);
  }

  plan(call: FrameworkCall): Plan {
    const sched = this.names.get('scheduler');
    const optimizer = optimizerOf(call);
    if (call.framework === 'torch' && call.name === 'SWARecipe') return this.swaRecipe(call, optimizer);
    if (call.framework === 'torch') {
      const setup: string[] = [];
      setup.push(`${sched} = ${this.schedulerCall(call.name, call.args, setup)}`);
      return { optimizer, setup, notes: [], stepper: call.name };
    }
    if (call.framework === 'transformers') {
      // Hugging Face's get_* functions take the optimizer first and build a LambdaLR on it.
      this.blocks.importFrom('transformers', call.name);
      const list = argumentList(familySpec('transformers', call.name), call.args, () => undefined);
      return {
        optimizer,
        setup: [`${sched} = ${callText(call.name, [this.names.get('optimizer'), ...list])}`],
        notes: [
          "Hugging Face transformers' schedule (pip install transformers): a torch LambdaLR, stepped after every optimizer step as the Trainer does.",
        ],
        stepper: call.name,
      };
    }
    if (call.framework === 'keras' && call.name === 'LearningRateScheduler') return this.kerasLearningRateScheduler(call, optimizer);
    if (call.framework === 'keras' && call.name === 'ReduceLROnPlateau') return this.kerasPlateau(call, optimizer);
    if (call.framework === 'playground' && call.name === 'Warmup') {
      const inner = call.args.schedule as NestedCall;
      if ((inner.framework === 'torch' || inner.framework === 'transformers') && (call.args.warmup as number) > 0)
        return this.warmupSequential(call, optimizer);
      if ((call.args.warmup as number) === 0) {
        const innerCall: FrameworkCall = { ...inner, ...(call.optimizer ? { optimizer: call.optimizer } : {}) };
        const made = fromFramework(innerCall);
        if (!made.ok) throw new Unsupported(made.error.message);
        const plan = this.plan(made.value.call);
        return { ...plan, notes: ["The playground's Warmup with warmup=0 is the wrapped schedule itself.", ...plan.notes] };
      }
    }
    const form = functionForm(call, optimizer.lr, call.optimizer);
    if (!form) throw new Unsupported(`${call.name} has no exact PyTorch form here`);
    const fname = this.names.fresh(form.name);
    const t = 'step';
    const body = form.body(t, (x) => `return ${x}`);
    if (body.math) this.blocks.imports.add('import math');
    this.blocks.block(renderDef(fname, [t], body.lines));
    this.blocks.importFrom('torch.optim.lr_scheduler', 'LambdaLR');
    const notes =
      form.lr === 1.0
        ? [
            `${capitalize(form.what)} has no PyTorch counterpart: this LambdaLR transcribes its formula${call.framework === 'keras' ? ` (${KERAS_SCHEDULE_SOURCE})` : ''}.`,
            "The optimizer's lr is 1.0, so LambdaLR's lr = 1.0 * lr_lambda(step) is the function's value itself.",
          ]
        : [`${capitalize(form.what)} has no PyTorch counterpart: this LambdaLR multiplies the optimizer's lr by its factor.`];
    return {
      optimizer: { ...optimizer, lr: form.lr },
      setup: [`${sched} = LambdaLR(${this.names.get('optimizer')}, lr_lambda=${fname})`],
      notes,
      stepper: 'LambdaLR',
    };
  }

  private kerasLearningRateScheduler(call: FrameworkCall, optimizer: TorchOptimizerText): Plan {
    const sched = this.names.get('scheduler');
    const opt = this.names.get('optimizer');
    const source = call.args.schedule as string;
    const probe = writeFunction(source, new Blocks(), new Names([]));
    if (!probe) throw new Unsupported('LearningRateScheduler: its schedule is not one lambda or def');
    const info = probe.info;
    const required = info.defaults.filter((d) => !d).length;
    if (required > 2 || info.params.length === 0) throw new Unsupported('LearningRateScheduler: schedule must take (epoch) or (epoch, lr)');
    const readsLr = info.params.length >= 2 && usesParam(info, 1);
    if (!readsLr) {
      const written = writeFunction(source, this.blocks, this.names, 1);
      if (!written) throw new Unsupported('LearningRateScheduler: the schedule function clashes with another');
      this.blocks.importFrom('torch.optim.lr_scheduler', 'LambdaLR');
      return {
        optimizer: { ...optimizer, lr: 1.0 },
        setup: [`${sched} = LambdaLR(${opt}, lr_lambda=${written.reference})`],
        notes: [
          "Keras's LearningRateScheduler sets the LR to schedule(epoch) at the start of every epoch; this function",
          "does not read the current LR, so it is a LambdaLR with the optimizer's lr at 1.0 (the LR is the function's value).",
        ],
        stepper: 'LambdaLR',
      };
    }
    const written = writeFunction(source, this.blocks, this.names);
    if (!written) throw new Unsupported('LearningRateScheduler: the schedule function clashes with another');
    const cls = this.names.get('KerasLearningRateScheduler');
    const base = this.names.get('LRScheduler');
    this.blocks.block(
      [
        `# torch < 2.0 calls the base class _LRScheduler.`,
        `${base} = getattr(torch.optim.lr_scheduler, "LRScheduler", torch.optim.lr_scheduler._LRScheduler)`,
      ].join('\n'),
    );
    this.blocks.block(
      [
        `class ${cls}(${base}):`,
        `    """Keras's LearningRateScheduler: at the start of epoch i the LR becomes schedule(i, current LR)."""`,
        '',
        '    def __init__(self, optimizer, schedule):',
        '        self.schedule = schedule',
        '        super().__init__(optimizer)',
        '',
        '    def get_lr(self):',
        '        return [self.schedule(self.last_epoch, group["lr"]) for group in self.optimizer.param_groups]',
      ].join('\n'),
    );
    return {
      optimizer,
      setup: [`${sched} = ${cls}(${opt}, ${written.reference})`],
      notes: [
        'PyTorch has no Keras LearningRateScheduler whose function reads the current LR: this small LRScheduler',
        'subclass calls schedule(epoch, lr) with the LR of the previous epoch, as Keras does.',
      ],
      stepper: cls,
    };
  }

  private kerasPlateau(call: FrameworkCall, optimizer: TorchOptimizerText): Plan {
    const a = call.args;
    const mode = a.mode === 'max' || (a.mode === 'auto' && String(a.monitor).includes('acc')) ? 'max' : 'min';
    const patience = Math.max(a.patience as number, 1) - 1;
    const cooldown = Math.max((a.cooldown as number) - 1, 0);
    this.blocks.importFrom('torch.optim.lr_scheduler', 'ReduceLROnPlateau');
    const args = [
      this.names.get('optimizer'),
      `mode=${pyString(mode)}`,
      `factor=${pyFloat(a.factor as number)}`,
      `patience=${pyInt(patience)}`,
      `threshold=${pyFloat(Math.abs(a.min_delta as number))}`, // Keras uses |min_delta|
      "threshold_mode='abs'",
      `cooldown=${pyInt(cooldown)}`,
      `min_lr=${pyFloat(a.min_lr as number)}`,
      'eps=0.0',
    ];
    return {
      optimizer,
      setup: [`${this.names.get('scheduler')} = ${callText('ReduceLROnPlateau', args)}`],
      notes: [
        `Keras's ReduceLROnPlateau(monitor=${pyString(String(a.monitor))}, patience=${pyInt(a.patience as number)}, cooldown=${pyInt(a.cooldown as number)}, min_delta=${pyFloat(a.min_delta as number)})`,
        'reduces when wait >= patience and lets its last cooldown epoch count; torch reduces when bad epochs > patience.',
        'These arguments make torch reduce on the same epochs: patience and cooldown one lower (not below 0),',
        'min_delta as an absolute threshold, and eps=0.0 (Keras skips no reduction, however small).',
      ],
      stepper: 'ReduceLROnPlateau',
    };
  }

  /** PyTorch's SWA loop: a scheduler, then an SWALR on the same optimizer, built in that order. */
  private swaRecipe(call: FrameworkCall, optimizer: TorchOptimizerText): Plan {
    const [first, second] = call.args.schedulers as readonly ChildCall[];
    if (!first || !second) throw new Unsupported('SWARecipe takes two schedulers');
    const setup: string[] = [];
    const sched = this.names.get('scheduler');
    const swa = this.names.get('swa_scheduler');
    const swaStart = this.names.get('swa_start');
    setup.push(`${sched} = ${this.schedulerCall(first.name, first.args, setup)}`);
    setup.push(`${swaStart} = ${pyInt(call.args.swa_start as number)}`);
    setup.push(`${swa} = ${this.schedulerCall(second.name, second.args, setup)}`);
    return {
      optimizer,
      setup,
      notes: ["PyTorch's SWA recipe (torch.optim.swa_utils): the loop steps swa_scheduler past swa_start, scheduler before."],
      stepper: first.name,
      recipe: { swaScheduler: swa, swaStart },
    };
  }

  /** Warmup around a torch scheduler: SequentialLR([LambdaLR(ramp), scheduler], milestones=[warmup]). */
  private warmupSequential(call: FrameworkCall, optimizer: TorchOptimizerText): Plan {
    const inner = call.args.schedule as NestedCall;
    const w = call.args.warmup as number;
    const made = fromFramework({ ...inner, ...(call.optimizer ? { optimizer: call.optimizer } : {}) });
    if (!made.ok) throw new Unsupported(made.error.message);
    if (made.value.needsMetric)
      throw new Unsupported('Warmup around ReduceLROnPlateau has no SequentialLR form (a plateau scheduler cannot be nested)');
    if (inner.name === 'SequentialLR' || inner.name === 'ChainedScheduler') {
      throw new Unsupported(`Warmup around ${inner.name} has no SequentialLR form (torch cannot restart a ${inner.name} at a milestone)`);
    }
    const first = firstLr(inner, call.optimizer);
    const lr = optimizer.lr;
    const sf = call.args.start_factor as number;
    const ramp = sf === 0 ? `epoch / ${pyInt(w)}` : `${pyFloat(sf)} + (1 - ${pyFloat(sf)}) * epoch / ${pyInt(w)}`;
    const scaled = first === lr ? ramp : `${pyFloat(first / lr)} * (${ramp})`;
    const setup: string[] = [];
    const warmupVar = this.names.fresh('warmup');
    this.blocks.importFrom('torch.optim.lr_scheduler', 'LambdaLR');
    this.blocks.importFrom('torch.optim.lr_scheduler', 'SequentialLR');
    setup.push(`${warmupVar} = LambdaLR(${this.names.get('optimizer')}, lr_lambda=lambda epoch: ${scaled})`);
    const innerVar = this.names.fresh(made.value.framework === 'transformers' ? 'hf_schedule' : snakeCase(inner.name));
    if (made.value.framework === 'transformers') {
      // A transformers schedule is a LambdaLR: SequentialLR restarts it at the milestone like any torch scheduler.
      this.blocks.importFrom('transformers', made.value.name);
      const list = argumentList(familySpec('transformers', made.value.name), made.value.call.args, () => undefined);
      setup.push(`${innerVar} = ${callText(made.value.name, [this.names.get('optimizer'), ...list])}`);
    } else {
      setup.push(`${innerVar} = ${this.schedulerCall(inner.name, made.value.call.args, setup)}`);
    }
    setup.push(
      `${this.names.get('scheduler')} = SequentialLR(${this.names.get('optimizer')}, schedulers=[${warmupVar}, ${innerVar}], milestones=[${pyInt(w)}])`,
    );
    return {
      optimizer,
      setup,
      notes: [
        `The playground's Warmup: a linear ramp for ${w} ticks, then ${inner.name} from its start (torch restarts it at the milestone).`,
      ],
      stepper: 'SequentialLR',
    };
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function optimizerText(o: TorchOptimizerText, model: string): string {
  const args = [`${model}.parameters()`, `lr=${pyFloat(o.lr)}`];
  if (o.momentum !== undefined && (o.kind === 'SGD' || o.kind === 'RMSprop')) args.push(`momentum=${pyFloat(o.momentum)}`);
  if (o.betas && (o.kind === 'Adam' || o.kind === 'AdamW')) args.push(`betas=(${pyFloat(o.betas[0])}, ${pyFloat(o.betas[1])})`);
  return `torch.optim.${o.kind}(${args.join(', ')})`;
}

/** A comment block, wrapped at ~110 characters. */
function comment(lines: readonly string[]): string[] {
  return lines.map((l) => `# ${l}`);
}

/** Writes a schedule as a runnable PyTorch script (see the file comment). Never throws. */
export function toPyTorchCode(call: FrameworkCall, horizon?: ExportHorizon): string {
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
    if (e instanceof Unsupported) {
      return `# The playground cannot write ${made.value.name} as exact PyTorch code: ${e.message}.\n`;
    }
    return `# Cannot export this schedule: internal error (${e instanceof Error ? e.message : String(e)})\n`;
  }
}

function render(schedule: Schedule, horizon: { epochs: number; stepsPerEpoch: number }): string {
  const names = new Names(userNamesOf(schedule.call.args));
  for (const n of ['torch', 'nn', 'math', 'np']) names.reserve(n);
  const writer = new TorchWriter(names);
  const plan = writer.plan(schedule.call);
  const epochs = names.get('epochs');
  const spe = names.get('steps_per_epoch');
  const model = names.get('model');
  const opt = names.get('optimizer');
  const sched = names.get('scheduler');
  const inputs = names.get('inputs');
  const targets = names.get('targets');
  const train = names.get('train_one_batch');
  const validate = names.get('validate');
  const epoch = names.get('epoch');
  const batch = names.get('batch');
  const valLoss = names.get('val_loss');
  const perStep = schedule.tick === 'step';
  const metric = schedule.needsMetric;

  const notes = [...plan.notes];
  const a = schedule.call.args;
  if (schedule.call.framework === 'torch' && schedule.call.name === 'OneCycleLR') {
    const total = a.total_steps !== null ? (a.total_steps as number) : (a.epochs as number) * (a.steps_per_epoch as number);
    const steps = perStep ? horizon.epochs * horizon.stepsPerEpoch : horizon.epochs;
    if (steps > total)
      notes.push(
        `The loop makes ${steps} ${perStep ? '' : 'scheduler '}steps but total_steps is ${total}: torch raises ValueError at step ${total + 1}.`,
      );
  }
  const out: string[] = [];
  if (notes.length > 0) out.push(...comment(notes), '');
  out.push(...writer.blocks.importLines(['import torch', 'from torch import nn']), '');
  out.push(`${epochs} = ${pyInt(horizon.epochs)}`);
  out.push(`${spe} = ${pyInt(horizon.stepsPerEpoch)}  # batches per epoch: len(train_loader) in your code`);
  const blocks = writer.blocks.render();
  if (blocks) out.push('', '', blocks);
  out.push('', '');
  out.push(`${model} = nn.Linear(10, 1)  # a stand-in for your model`);
  out.push(`${opt} = ${optimizerText(plan.optimizer, model)}`);
  out.push(...plan.setup);
  out.push('');
  out.push('# --- stand-in data and training step: replace them with your DataLoader, model and loss ---');
  out.push(`${inputs}, ${targets} = torch.randn(32, 10), torch.randn(32, 1)`);
  out.push('');
  out.push('');
  out.push(`def ${train}():`);
  out.push(
    ...indent([`${opt}.zero_grad()`, `loss = nn.functional.mse_loss(${model}(${inputs}), ${targets})`, 'loss.backward()', `${opt}.step()`]),
  );
  if (metric) {
    out.push('', '');
    out.push(`def ${validate}():`);
    out.push('    with torch.no_grad():');
    out.push(`        return nn.functional.mse_loss(${model}(${inputs}), ${targets}).item()`);
  }
  out.push('# --- end of the stand-in ---');
  out.push('');
  out.push('');
  out.push(`for ${epoch} in range(${epochs}):`);
  out.push(`    for ${batch} in range(${spe}):  # for inputs, targets in train_loader:`);
  out.push(`        ${train}()`);
  if (plan.recipe) {
    const { swaScheduler, swaStart } = plan.recipe;
    const lines = [
      `if ${perStep ? names.get('step') : epoch} > ${swaStart}:`,
      `    ${swaScheduler}.step()  # in the full recipe, also swa_model.update_parameters(model) here`,
      'else:',
      `    ${sched}.step()`,
    ];
    if (perStep) {
      out.push(`        ${names.get('step')} = ${epoch} * ${spe} + ${batch}  # this optimizer step's index: 0, 1, 2, ...`);
      out.push(...lines.map((l) => `        ${l}`));
    } else {
      out.push(...lines.map((l) => `    ${l}`));
    }
  } else if (perStep) {
    out.push(`        ${sched}.step()  # ${plan.stepper} counts optimizer steps: step it after every batch`);
  } else if (metric) {
    out.push(`    ${valLoss} = ${validate}()`);
    out.push(`    ${sched}.step(${valLoss})  # ReduceLROnPlateau reads the epoch's validation loss`);
  } else {
    out.push(`    ${sched}.step()  # ${plan.stepper} counts epochs: step it once per epoch, after its batches`);
  }
  return `${out.join('\n')}\n`;
}
