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
 *
 * The plan of each family is in torch-export/writer.ts (with the LambdaLR function forms of torch-export/forms.ts);
 * this file assembles the script around it. User functions keep their names unless the script needs the name for
 * something else (program.ts, Names.userFunction).
 */
import { fromFramework } from '../registry';
import type { FrameworkCall, Schedule } from '../types';
import { pyFloat, pyInt } from './emit';
import { type ExportHorizon, horizonOf, Names, Unsupported, userNamesOf } from './program';
import { indent } from './transcribe';
import type { Plan, TorchOptimizerText } from './torch-export/forms';
import { TorchWriter } from './torch-export/writer';

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

/** The script's names and plan. `imported`: the classes and functions it imports by name, with their modules. */
function planned(schedule: Schedule, imported: ReadonlyMap<string, string>): { names: Names; writer: TorchWriter; plan: Plan } {
  const user = userNamesOf(schedule.call.args);
  const names = new Names(user);
  for (const n of ['torch', 'nn', 'math', 'np']) names.reserve(n, `the module ${n}, which the script imports`);
  for (const [n, module] of imported) names.reserve(n, `${n}, which the script imports from ${module}`);
  const writer = new TorchWriter(names);
  const plan = writer.plan(schedule.call);
  if (user.reads.size === 0 || imported.size > 0) return { names, writer, plan };
  // A user function must not take the name of something imported by name (`def LambdaLR(epoch)`), and a
  // nested scheduler may be imported after a function is written: plan again with every imported name reserved.
  const again = new Map<string, string>();
  for (const [module, set] of writer.blocks.fromImports) for (const n of set) again.set(n, module);
  return again.size === 0 ? { names, writer, plan } : planned(schedule, again);
}

function render(schedule: Schedule, horizon: { epochs: number; stepsPerEpoch: number }): string {
  const { names, writer, plan } = planned(schedule, new Map());
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
