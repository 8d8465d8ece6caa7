/** TorchWriter: the plan of a PyTorch export (the statements building the scheduler, the notes), family by family. */
import type { ChildCall, NestedCall } from '../../args';
import { fromFramework } from '../../registry';
import type { FrameworkCall } from '../../types';
import { callText, pyFloat, pyInt, pyString, snakeCase } from '../emit';
import { argumentList, Blocks, familySpec, Names, Unsupported, writeFunction } from '../program';
import { usesParam } from '../pyfunc';
import { renderDef } from '../transcribe';
import { capitalize, firstLr, functionForm, KERAS_SCHEDULE_SOURCE, optimizerOf, type Plan, type TorchOptimizerText } from './forms';

export class TorchWriter {
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
    const probe = writeFunction(source, new Blocks(), new Names());
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
