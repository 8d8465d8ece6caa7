/**
 * The result of a reading: each scheduler the code builds and nests in no other, made by the engine from its
 * FrameworkCall (a Keras callback given the compiled optimizer, an SWA loop as one SWARecipe, a torch scheduler
 * ticking where the code calls its step()), with the horizon the code implies; or the first error, in the paste.
 */
import { fromFramework } from '../../registry';
import { stepEveryOf } from '../../run';
import { type FrameworkCall, fail, ok, type Result, type Schedule, type StepEvery } from '../../types';
import { dottedName, type Segment, walk } from '../tree';
import type { PartialHorizon, ReaderContext } from './context';
import { locate } from './positions';

/** The errors of code that builds nothing the reader knows (yet, while it is being typed). */
export const NOTHING_BUILT =
  'No learning-rate scheduler found: paste code that builds one, e.g. torch.optim.lr_scheduler.StepLR(optimizer, step_size=30), keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96) or keras.callbacks.LearningRateScheduler(schedule)';
export const ONLY_AN_OPTIMIZER =
  'No learning-rate scheduler found: the code sets up an optimizer but no scheduler (e.g. torch.optim.lr_scheduler.StepLR(optimizer, step_size=30), keras.optimizers.schedules.ExponentialDecay(...) or keras.callbacks.LearningRateScheduler(schedule))';

export interface ParsedCode {
  /** One validated schedule per scheduler the code builds and does not nest in another, in order. */
  schedules: Schedule[];
  /** The calls as written (only the arguments given), in the same order. */
  calls: FrameworkCall[];
  /** From `model.fit(epochs=, steps_per_epoch=)`, or a `for epoch in range(...)` loop (and a loop nested in it). */
  horizon?: { epochs?: number; stepsPerEpoch?: number };
  /**
   * Where the code calls each schedule's step(), in the same order: 'batch' inside a loop nested in another,
   * 'epoch' in a single loop; undefined where it calls none (Keras's fit, or no loop).
   */
  steppedIn: (StepEvery | undefined)[];
  /**
   * Whether the code gives each schedule its optimizer (a torch optimizer passed to it, the compiled one of a
   * Keras callback, the Keras optimizer a schedule is the learning_rate of), in the same order. Where it does not,
   * the call carries no optimizer and the caller decides (the paste panel keeps the panel's own).
   */
  optimizerGiven?: boolean[];
  /** Sentences for the paste notice: what the reading took from the horizon or rewrote (e.g. `ops.exp` as `math.exp`). */
  notes?: string[];
}

export function finish(r: ReaderContext): Result<ParsedCode> {
  const { source } = r;
  const compiledOpt = r.compiled?.value;
  const lastKeras = [...r.optimizers].reverse().find((o) => o.framework === 'keras');
  const schedules: Schedule[] = [];
  const calls: FrameworkCall[] = [];
  const stepping: (StepEvery | undefined)[] = [];
  const given: boolean[] = [];
  for (const b of r.built) {
    if (b.consumed || r.recipes.some((recipe) => recipe.swa === b)) continue;
    if (b.isCallback) {
      if (compiledOpt?.k === 'fail') return source.fail(compiledOpt.error);
      if (compiledOpt?.k === 'optimizer') b.optimizer = compiledOpt.opt;
      else if (!compiledOpt && lastKeras) b.optimizer = lastKeras;
      if (b.optimizer) b.source.optimizer = b.optimizer.source;
    }
    const recipe = r.recipes.find((x) => x.scheduler === b);
    const call: FrameworkCall = recipe
      ? {
          framework: 'torch',
          name: 'SWARecipe',
          args: {
            schedulers: [
              { name: b.name, args: b.args },
              { name: 'SWALR', args: recipe.swa.args },
            ],
            swa_start: recipe.swaStart,
          },
        }
      : { framework: b.framework, name: b.name, args: b.args };
    if (b.optimizer && (b.framework === 'torch' || b.framework === 'transformers' || b.isCallback))
      call.optimizer = { ...b.optimizer.spec };
    let made = fromFramework(call);
    if (!made.ok) return source.fail(locate(made.error, b));
    // Where the code calls step() decides a torch scheduler's tick: in the batch loop it counts optimizer steps
    // (a StepLR stepped per batch), in the epoch loop epochs (a OneCycleLR stepped per epoch). ReduceLROnPlateau
    // and the transformers schedules keep their own tick; the paste notice says so.
    const steppedIn: StepEvery | undefined = b.steppedPer === undefined ? undefined : b.steppedPer === 'step' ? 'batch' : 'epoch';
    if (steppedIn && b.framework === 'torch' && !made.value.needsMetric && steppedIn !== stepEveryOf(made.value)) {
      call.stepEvery = steppedIn;
      made = fromFramework(call);
      if (!made.ok) return source.fail(locate(made.error, b));
    }
    schedules.push(made.value);
    calls.push(call);
    stepping.push(steppedIn);
    given.push(b.optimizer !== undefined || r.optimizers.some((o) => o.schedule === b));
  }
  const unknown = schedules.length === 0 ? schedulerLikeCall(r) : undefined;
  if (unknown) {
    return source.fail({
      message: `No learning-rate scheduler found: ${unknown.name}() is not one the playground knows (it reads torch.optim.lr_scheduler's schedulers, keras.optimizers.schedules, Keras's LearningRateScheduler and ReduceLROnPlateau callbacks and Hugging Face transformers' get_*_schedule functions)`,
      at: unknown.at,
    });
  }
  if (schedules.length === 0)
    return fail({ message: r.optimizers.length > 0 || r.compiled ? ONLY_AN_OPTIMIZER : NOTHING_BUILT, line: 1, column: 1 });
  const horizon: PartialHorizon = {};
  const epochs = r.fitHorizon.epochs ?? r.loopHorizon.epochs ?? r.oneCycleHorizon.epochs ?? r.lenHorizon.epochs;
  const spe = r.fitHorizon.stepsPerEpoch ?? r.loopHorizon.stepsPerEpoch ?? r.oneCycleHorizon.stepsPerEpoch ?? r.lenHorizon.stepsPerEpoch;
  if (epochs !== undefined) horizon.epochs = epochs;
  if (spe !== undefined) horizon.stepsPerEpoch = spe;
  const total = r.oneCycleTotal;
  if (total !== undefined && epochs === r.oneCycleHorizon.epochs && spe === r.oneCycleHorizon.stepsPerEpoch) {
    const steps = (n: number) => `${n.toLocaleString('en-US')} step${n === 1 ? '' : 's'}`;
    r.note(
      `OneCycleLR's total_steps=${total.toLocaleString('en-US')} sets the horizon: ${(epochs as number).toLocaleString('en-US')} epoch${epochs === 1 ? '' : 's'} × ${steps(spe as number)} per epoch.`,
    );
  }
  return ok({
    schedules,
    calls,
    steppedIn: stepping,
    optimizerGiven: given,
    notes: [...r.notes],
    ...(epochs !== undefined || spe !== undefined ? { horizon } : {}),
  });
}

/** The first call to something named like a scheduler (get_cosine_schedule_with_warmup, CosineLRScheduler). */
function schedulerLikeCall(r: ReaderContext): Segment | undefined {
  let found: Segment | undefined;
  walk(r.tree.topNode, (m) => {
    if (found) return false;
    if (m.name !== 'CallExpression' || !m.firstChild) return undefined;
    const name = dottedName(m.firstChild, r.source.text)?.at(-1);
    if (name && /sched|warmup|_lr$|^lr_|decay|anneal|cosine|cycl/i.test(name.name) && name.name !== 'step') found = name;
    return undefined;
  });
  return found;
}
