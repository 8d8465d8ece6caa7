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
 *
 * The pieces: keras-export/plans.ts (the plan of each family), keras-export/writer.ts (the functions and schedule
 * objects it defines), keras-export/classes.ts (the classes' Python text); this file assembles the script.
 */
import { fromFramework } from '../registry';
import type { FrameworkCall, Schedule } from '../types';
import { callText, pyFloat, pyInt } from './emit';
import { type KerasOptimizerText, kerasPlan } from './keras-export/plans';
import { KerasWriter } from './keras-export/writer';
import { type ExportHorizon, horizonOf, Names, Unsupported, userNamesOf } from './program';

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
  for (const n of ['np', 'keras', 'ops', 'math']) names.reserve(n, `the module ${n}, which the script imports`);
  const writer = new KerasWriter(names);
  const plan = kerasPlan(writer, schedule.call, schedule);
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
