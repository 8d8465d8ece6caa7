/** The plan of a Keras export, family by family: what the script builds, which optimizer, which callbacks. */
import type { FrameworkCall, OptimizerKind, Schedule } from '../../types';
import { callText, pyFloat, pyInt, pyString } from '../emit';
import { argumentList, familySpec, Unsupported, writeFunction } from '../program';
import { TORCH_SOURCE } from './classes';
import type { KerasWriter } from './writer';

export interface KerasOptimizerText {
  kind: OptimizerKind;
  /** A literal, or the name of a schedule object. */
  learningRate: string;
  momentum?: number;
  betas?: readonly [number, number];
}

export interface Plan {
  notes: string[];
  /** Statements before the optimizer (schedule objects, callbacks). */
  setup: string[];
  optimizer: KerasOptimizerText;
  callbacks: string[];
  /** `metrics=` for model.compile: a monitored accuracy exists in the logs only when it is compiled. */
  metrics?: string[];
}

function optimizerBase(call: FrameworkCall): Omit<KerasOptimizerText, 'learningRate'> & { lr: number } {
  const o = call.optimizer ?? {};
  const kind = o.kind ?? 'SGD';
  const out: Omit<KerasOptimizerText, 'learningRate'> & { lr: number } = { kind, lr: o.lr ?? o.learning_rate ?? 0.01 };
  if (o.momentum !== undefined && o.momentum !== 0) out.momentum = o.momentum;
  if (o.betas && (o.betas[0] !== 0.9 || o.betas[1] !== 0.999)) out.betas = o.betas;
  return out;
}

/** What the script builds for `call`: the schedule or callback, the optimizer, the notes. */
export function kerasPlan(writer: KerasWriter, call: FrameworkCall, schedule: Schedule): Plan {
  const opt = optimizerBase(call);
  const withLr = (learningRate: string): KerasOptimizerText => ({
    kind: opt.kind,
    learningRate,
    ...(opt.momentum !== undefined ? { momentum: opt.momentum } : {}),
    ...(opt.betas ? { betas: opt.betas } : {}),
  });
  const lrSchedule = writer.names.get('lr_schedule');
  const lrCallback = writer.names.get('lr_callback');
  if (call.framework === 'keras' && call.name === 'LearningRateScheduler') {
    const written = writeFunction(call.args.schedule as string, writer.blocks, writer.names);
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
    const cls = writer.addClass('torchReduceLROnPlateau');
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
      setup: [`${lrCallback} = ${callText(cls, args)}`],
      optimizer: withLr(pyFloat(opt.lr)),
      callbacks: [lrCallback],
    };
  }
  if (schedule.tick === 'step' && (call.framework === 'torch' || call.framework === 'playground') && call.stepEvery === 'batch') {
    // A torch scheduler that counts epochs, stepped after every batch instead: its recursive form needs the LR
    // it left in the optimizer, which a LearningRateSchedule (a function of the step) does not see; the same
    // transcription LearningRateScheduler runs per epoch runs here before every optimizer step.
    const fn = writer.torchSchedule(call, 'step');
    if (!fn) throw new Unsupported(`${call.name} stepped every batch has no exact Keras form here`);
    const cls = writer.addClass('perBatchLearningRateScheduler');
    const what = call.framework === 'torch' ? `PyTorch's ${call.name}` : `The playground's ${call.name}`;
    return {
      notes: [
        `${what}, stepped after every batch, has no Keras counterpart: this function transcribes torch's recursive`,
        `get_lr (${TORCH_SOURCE}), and the callback calls it before every optimizer step with the LR the`,
        'previous step left, as torch reads the LR it left in the optimizer (its tick counts optimizer steps).',
      ],
      setup: [`${lrCallback} = ${cls}(${fn.name})  # sets the LR before every optimizer step`],
      optimizer: withLr(pyFloat(opt.lr)),
      callbacks: [lrCallback],
    };
  }
  if (schedule.tick === 'step') {
    const expr = writer.stepSchedule(call);
    if (!expr)
      throw new Unsupported(
        `${call.name} has no exact Keras form here${call.name === 'CyclicLR' ? ' (a custom scale_fn is Python code that cannot run on Keras tensors)' : ''}`,
      );
    const notes =
      call.framework === 'keras'
        ? []
        : [
            `${call.framework === 'torch' ? "PyTorch's" : call.framework === 'transformers' ? "Hugging Face transformers'" : "The playground's"} ${call.name} has no Keras counterpart: the LearningRateSchedule subclass below computes`,
            'its formula with keras.ops in float64, for every optimizer step. model.save keeps it (its get_config); to',
            `load the model in another script, define the class there first: load_model finds it as lr_playground>${expr.slice(0, expr.indexOf('('))}.`,
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
    const expr = writer.stepSchedule(call);
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
  const fn = writer.torchSchedule(call);
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
