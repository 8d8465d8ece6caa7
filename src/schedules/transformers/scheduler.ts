/**
 * `get_scheduler(name, optimizer, num_warmup_steps=None, num_training_steps=None, scheduler_specific_kwargs=None)`:
 * the library's one entry point, which looks `name` up in `TYPE_TO_SCHEDULER_FUNCTION` and calls that function
 * with the arguments it takes. The engine does the same: it normalises a get_scheduler call onto the family it
 * names (so a panel, a link and an export always name the specific function), checking what the library checks:
 *   - `name` must be a SchedulerType value (ValueError otherwise);
 *   - "constant" takes nothing else (the other arguments are ignored, as the library ignores them);
 *   - every other name needs num_warmup_steps; "constant_with_warmup" takes only that, "inverse_sqrt" that and the
 *     kwargs, "warmup_stable_decay" that, num_training_steps (even None) and the kwargs;
 *   - the rest also need num_training_steps;
 *   - a kwarg that repeats num_warmup_steps / num_training_steps is a TypeError.
 * "reduce_lr_on_plateau" is torch's ReduceLROnPlateau with the kwargs (normalised onto the torch family);
 * "greedy" (GreedyLR) is not modelled. Source: transformers 5.24.0, optimization.py, `get_scheduler`.
 */
import { OPTIMIZER } from '../family';
import { didYouMean } from '../suggest';
import { fail, ok, type Result } from '../types';

/** SchedulerType's values, in the library's order, and the function each selects. */
export const SCHEDULER_TYPES: Readonly<Record<string, string>> = {
  linear: 'get_linear_schedule_with_warmup',
  cosine: 'get_cosine_schedule_with_warmup',
  cosine_with_restarts: 'get_cosine_with_hard_restarts_schedule_with_warmup',
  polynomial: 'get_polynomial_decay_schedule_with_warmup',
  constant: 'get_constant_schedule',
  constant_with_warmup: 'get_constant_schedule_with_warmup',
  inverse_sqrt: 'get_inverse_sqrt_schedule',
  reduce_lr_on_plateau: 'ReduceLROnPlateau',
  cosine_with_min_lr: 'get_cosine_with_min_lr_schedule_with_warmup',
  cosine_warmup_with_min_lr: 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate',
  warmup_stable_decay: 'get_wsd_schedule',
  greedy: 'get_greedy_schedule',
};

/** get_scheduler's signature (transformers/optimization.py): `name` first, then the optimizer. */
export const GET_SCHEDULER_POSITIONAL: readonly string[] = [
  'name',
  OPTIMIZER,
  'num_warmup_steps',
  'num_training_steps',
  'scheduler_specific_kwargs',
];
/** Its keyword arguments (the optimizer is the call's own, not an argument here). */
const GET_SCHEDULER_ARGS = GET_SCHEDULER_POSITIONAL.filter((p) => p !== OPTIMIZER);

export interface ResolvedScheduler {
  framework: 'transformers' | 'torch';
  name: string;
  args: Record<string, unknown>;
  /** Argument names that came from scheduler_specific_kwargs (for error paths). */
  fromKwargs: ReadonlySet<string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The specific call a get_scheduler call makes, or the error the library raises before making it. */
export function resolveGetScheduler(raw: unknown): Result<ResolvedScheduler> {
  const given = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(given)) return fail({ message: 'get_scheduler: args must be an object of keyword arguments', path: 'args' });
  for (const key of Object.keys(given)) {
    if (!GET_SCHEDULER_ARGS.includes(key)) {
      return fail({
        message: `TypeError: get_scheduler() got an unexpected keyword argument '${key}'.${didYouMean(key, GET_SCHEDULER_ARGS)}`,
        path: `args.${key}`,
      });
    }
  }
  const name = given.name;
  const types = Object.keys(SCHEDULER_TYPES);
  if (name === undefined)
    return fail({ message: "TypeError: get_scheduler() missing 1 required positional argument: 'name'", path: 'args.name' });
  if (typeof name !== 'string' || !Object.hasOwn(SCHEDULER_TYPES, name)) {
    const shown = typeof name === 'string' ? name : JSON.stringify(name);
    const hint = typeof name === 'string' ? didYouMean(name, types) : '';
    return fail({
      message:
        `ValueError: ${shown} is not a valid SchedulerType, please select one of [${types.map((t) => `'${t}'`).join(', ')}].${hint}`.replace(
          '..',
          '.',
        ),
      path: 'args.name',
    });
  }
  const target = SCHEDULER_TYPES[name] as string;
  const label = `SchedulerType.${name.toUpperCase()}`;
  const rawKwargs = given.scheduler_specific_kwargs ?? {};
  if (name === 'constant') return ok({ framework: 'transformers', name: target, args: {}, fromKwargs: new Set() });
  if (!isRecord(rawKwargs)) {
    return fail({
      message: 'get_scheduler: scheduler_specific_kwargs must be a dict of keyword arguments',
      path: 'args.scheduler_specific_kwargs',
    });
  }
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rawKwargs))
    Object.defineProperty(kwargs, k, { value: v, enumerable: true, writable: true, configurable: true });
  const fromKwargs = new Set(Object.keys(kwargs));
  if (name === 'reduce_lr_on_plateau') return ok({ framework: 'torch', name: target, args: kwargs, fromKwargs });
  if (name === 'greedy') {
    return fail({
      message: 'Not supported: get_scheduler("greedy") (GreedyLR reacts to the training loss; the playground does not model it)',
      path: 'args.name',
    });
  }
  const warmup = given.num_warmup_steps ?? null;
  if (warmup === null)
    return fail({
      message: `ValueError: ${label} requires \`num_warmup_steps\`, please provide that argument.`,
      path: 'args.num_warmup_steps',
    });
  if (name === 'constant_with_warmup')
    return ok({ framework: 'transformers', name: target, args: { num_warmup_steps: warmup }, fromKwargs: new Set() });
  const training = given.num_training_steps ?? null;
  const named: Record<string, unknown> = { num_warmup_steps: warmup };
  if (name !== 'inverse_sqrt') {
    if (training === null && name !== 'warmup_stable_decay') {
      return fail({
        message: `ValueError: ${label} requires \`num_training_steps\`, please provide that argument.`,
        path: 'args.num_training_steps',
      });
    }
    named.num_training_steps = training;
  }
  for (const key of Object.keys(named)) {
    if (fromKwargs.has(key)) {
      return fail({
        message: `TypeError: transformers.optimization.${target}() got multiple values for keyword argument '${key}'`,
        path: `args.scheduler_specific_kwargs.${key}`,
      });
    }
  }
  return ok({ framework: 'transformers', name: target, args: { ...named, ...kwargs }, fromKwargs });
}
