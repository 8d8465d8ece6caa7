/**
 * Validation of a training config from anywhere (the UI, a URL, a worker message): every field's type, range
 * and spelling, then the defaults. `validateConfig` never throws; a bad setting comes back as { ok: false }
 * with the field's path and a message that says what is allowed.
 */
import { type FrameworkCall, fromFramework, type OptimizerSpec, type Result, type ScheduleError } from '../schedules/index';
// Not in the engine's index (it is a helper, not engine API); Biome's rules for src/training allow the import, and
// using it keeps one "did you mean" across the schedule and training messages.
import { didYouMean } from '../schedules/suggest';
import {
  ACTIVATIONS,
  BETA_RANGE,
  DATASET_LIMITS,
  DATASET_NAMES,
  DEFAULT_MODEL,
  DEFAULT_VALIDATION_FRACTION,
  EPS_RANGE,
  INITS,
  MAX_BATCH_SIZE,
  MAX_EPOCHS,
  MAX_HIDDEN_LAYERS,
  MAX_LR,
  MAX_SEED_EXCLUSIVE,
  MAX_UNITS,
  MOMENTUM_RANGE,
  type TrainingConfig,
  type UpdateRule,
  VALIDATION_FRACTION_RANGE,
  WEIGHT_DECAY_RANGE,
} from './types';
import { updateRuleFor } from './update-rules';

type OptimizerKind = TrainingConfig['optimizer']['kind'];
const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['SGD', 'Adam', 'AdamW', 'RMSprop'];

/**
 * The libraries' own defaults, in each library's own option names, for the options the engine has (plus RMSprop's
 * decay, alpha in torch and rho in Keras, which the config does not expose: the loop reads it from here).
 * Read from torch 2.13.0 (inspect.signature of torch.optim.*) and Keras 3.15.1 on the torch backend (get_config()
 * of an optimizer built with no arguments); config.test.ts compares this table with
 * src/training/__fixtures__/optimizer-defaults.json, written by scripts/golden/training_defaults.py.
 * Keras's weight_decay None means no decay; the config writes it as 0.
 */
export const OPTIMIZER_DEFAULTS = {
  torch: {
    SGD: { momentum: 0, dampening: 0, weight_decay: 0, nesterov: false },
    Adam: { betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 },
    AdamW: { betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.01 },
    RMSprop: { alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0 },
  },
  keras: {
    SGD: { momentum: 0, nesterov: false, weight_decay: null },
    Adam: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: null },
    AdamW: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0.004 },
    RMSprop: { rho: 0.9, momentum: 0, epsilon: 1e-7, weight_decay: null },
  },
} as const;

/**
 * Whose optimizer arithmetic a run follows: the schedule's framework. torch and transformers (whose schedules are
 * torch LambdaLRs on a torch optimizer) follow torch. playground follows torch too: its families are simulated on
 * the engine's torch optimizer (torch's default LRs) and its Warmup is checked against real PyTorch SequentialLR.
 */
export function updateRuleOf(config: { schedule: Pick<FrameworkCall, 'framework'> }): UpdateRule {
  return updateRuleFor(config.schedule.framework);
}

/** Checks a config from untrusted input and fills in every default. Never throws. */
export function validateConfig(raw: unknown): Result<TrainingConfig> {
  try {
    return { ok: true, value: validate(raw) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.error };
    // A getter or Proxy in the input that throws, or a bug here: still a Result, never an exception.
    return { ok: false, error: { message: `Invalid training config: ${err instanceof Error ? err.message : 'unreadable input'}` } };
  }
}

/**
 * Only a config's `dataset` part, checked and defaulted exactly as validateConfig does (same paths and messages).
 * Never throws.
 */
export function validateDatasetConfig(raw: unknown): Result<TrainingConfig['dataset']> {
  try {
    return { ok: true, value: validateDataset(record(raw, 'dataset')) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.error };
    return {
      ok: false,
      error: { path: 'dataset', message: `Invalid dataset: ${err instanceof Error ? err.message : 'unreadable input'}` },
    };
  }
}

class Invalid extends Error {
  readonly error: ScheduleError;
  constructor(error: ScheduleError) {
    super(error.message);
    this.error = error;
  }
}

function invalid(path: string, message: string): never {
  throw new Invalid({ message, path });
}

type Rec = Record<string, unknown>;

const TOP_KEYS = ['dataset', 'model', 'init', 'optimizer', 'schedule', 'epochs', 'batchSize', 'seed'];
const DATASET_KEYS = ['name', 'samples', 'noise', 'validationFraction'];
const MODEL_KEYS = ['kind', 'hidden', 'activation'];
const OPTIMIZER_KEYS = ['kind', 'lr', 'momentum', 'nesterov', 'betas', 'weight_decay', 'eps'];
const SCHEDULE_KEYS = ['framework', 'name', 'args', 'optimizer', 'stepEvery'];
/** Names from the frameworks that mean an option here under another name (or one the config does not take). */
const OPTIMIZER_ALIASES: Record<string, string> = {
  learning_rate: " Use 'lr'.",
  beta_1: " Use 'betas': [beta_1, beta_2].",
  beta_2: " Use 'betas': [beta_1, beta_2].",
  epsilon: " Use 'eps'.",
  alpha: " RMSprop's decay is not an option here: it is the framework's default (torch alpha 0.99, Keras rho 0.9).",
  rho: " RMSprop's decay is not an option here: it is the framework's default (torch alpha 0.99, Keras rho 0.9).",
};

function validate(raw: unknown): TrainingConfig {
  const top = record(raw, '', 'The training config');
  checkKeys(top, TOP_KEYS, '');

  const dataset = validateDataset(record(required(top, 'dataset', 'an object { name, samples?, noise?, validationFraction? }'), 'dataset'));
  const model = validateModel(get(top, 'model'));
  const scheduleRaw = record(required(top, 'schedule', 'a scheduler call { framework, name, args, stepEvery? }'), 'schedule');
  checkKeys(scheduleRaw, SCHEDULE_KEYS, 'schedule');
  const framework = get(scheduleRaw, 'framework');
  const rule: UpdateRule = framework === 'keras' ? 'keras' : 'torch';
  const optimizer = validateOptimizer(record(required(top, 'optimizer', 'an object { kind, lr, ... }'), 'optimizer'), scheduleRaw, rule);
  const schedule = validateSchedule(scheduleRaw, optimizer);

  const initRaw = get(top, 'init');
  // No init given: the framework's own (Keras Dense: glorot_uniform; torch nn.Linear: its kaiming-uniform default).
  const init = initRaw === undefined ? (rule === 'keras' ? 'glorot_uniform' : 'torch_default') : choice(initRaw, 'init', INITS);

  const epochs = integer(required(top, 'epochs', `an integer from 1 to ${MAX_EPOCHS}`), 'epochs', 1, MAX_EPOCHS);
  const batchSize = integer(required(top, 'batchSize', `an integer from 1 to ${MAX_BATCH_SIZE}`), 'batchSize', 1, MAX_BATCH_SIZE);
  // Required, not defaulted: a run is reproduced from its config alone, with no hidden seed.
  const seed = integer(required(top, 'seed', `an integer from 0 to 2^32 - 1`), 'seed', 0, MAX_SEED_EXCLUSIVE - 1);

  return { dataset, model, init, optimizer, schedule, epochs, batchSize, seed };
}

function validateDataset(raw: Rec): TrainingConfig['dataset'] {
  checkKeys(raw, DATASET_KEYS, 'dataset');
  const name = choice(required(raw, 'name', `one of ${list(DATASET_NAMES)}`, 'dataset.name'), 'dataset.name', DATASET_NAMES);
  const limits = DATASET_LIMITS[name];
  const samplesRaw = get(raw, 'samples');
  const samples =
    samplesRaw === undefined
      ? limits.samples.default
      : integer(samplesRaw, 'dataset.samples', limits.samples.min, limits.samples.max, name);
  const noiseRaw = get(raw, 'noise');
  let noise: number | undefined;
  if (limits.noise === undefined) {
    if (noiseRaw !== undefined) {
      const noisy = DATASET_NAMES.filter((d) => DATASET_LIMITS[d].noise !== undefined);
      invalid('dataset.noise', `${name} takes no noise (an image dataset); noise is for ${list(noisy)}`);
    }
  } else {
    noise =
      noiseRaw === undefined
        ? limits.noise.default
        : number(noiseRaw, 'dataset.noise', { min: limits.noise.min, max: limits.noise.max }, name);
  }
  const fractionRaw = get(raw, 'validationFraction');
  const validationFraction =
    fractionRaw === undefined
      ? DEFAULT_VALIDATION_FRACTION
      : number(fractionRaw, 'dataset.validationFraction', {
          minExclusive: VALIDATION_FRACTION_RANGE.minExclusive,
          max: VALIDATION_FRACTION_RANGE.max,
        });
  return { name, samples, ...(noise !== undefined ? { noise } : {}), validationFraction };
}

function validateModel(raw: unknown): TrainingConfig['model'] {
  if (raw === undefined) return { kind: DEFAULT_MODEL.kind, hidden: [...DEFAULT_MODEL.hidden], activation: DEFAULT_MODEL.activation };
  const model = record(raw, 'model');
  checkKeys(model, MODEL_KEYS, 'model');
  const kindRaw = get(model, 'kind');
  if (kindRaw !== undefined) choice(kindRaw, 'model.kind', ['mlp'] as const);
  const hiddenRaw = get(model, 'hidden');
  let hidden: number[];
  if (hiddenRaw === undefined) hidden = [...DEFAULT_MODEL.hidden];
  else {
    const allowed = `0 to ${MAX_HIDDEN_LAYERS} hidden layers of 1 to ${MAX_UNITS} units, e.g. [128, 64]`;
    if (!Array.isArray(hiddenRaw))
      invalid('model.hidden', `model.hidden must be an array of layer widths: ${allowed}; got ${show(hiddenRaw)}`);
    // The length is read before anything walks the array, so a huge one costs nothing.
    if (hiddenRaw.length > MAX_HIDDEN_LAYERS) {
      invalid('model.hidden', `model.hidden has ${hiddenRaw.length} layers; at most ${MAX_HIDDEN_LAYERS} are supported (${allowed})`);
    }
    hidden = [];
    for (let i = 0; i < hiddenRaw.length; i++) hidden.push(integer(hiddenRaw[i], `model.hidden[${i}]`, 1, MAX_UNITS));
  }
  const activationRaw = get(model, 'activation');
  const activation = activationRaw === undefined ? DEFAULT_MODEL.activation : choice(activationRaw, 'model.activation', ACTIVATIONS);
  return { kind: 'mlp', hidden, activation };
}

function validateOptimizer(raw: Rec, schedule: Rec, rule: UpdateRule): TrainingConfig['optimizer'] {
  for (const key of Object.keys(raw)) {
    if (!OPTIMIZER_KEYS.includes(key)) {
      const hint = OPTIMIZER_ALIASES[key] ?? didYouMean(key, OPTIMIZER_KEYS);
      invalid(`optimizer.${key}`, `Unknown key '${key}' in optimizer (allowed: ${OPTIMIZER_KEYS.join(', ')}).${hint}`.replace('..', '.'));
    }
  }
  // The schedule's own optimizer (a panel's call carries one) is the same optimizer: it may fill kind and lr, and
  // must agree with what is given here.
  const scheduleOptimizerRaw = get(schedule, 'optimizer');
  const fromSchedule: Rec = scheduleOptimizerRaw === undefined ? {} : record(scheduleOptimizerRaw, 'schedule.optimizer');

  const kindRaw = get(raw, 'kind') ?? get(fromSchedule, 'kind') ?? 'SGD';
  const kind = choice(kindRaw, 'optimizer.kind', OPTIMIZER_KINDS);
  const lrRaw = get(raw, 'lr') ?? get(fromSchedule, 'lr') ?? get(fromSchedule, 'learning_rate');
  if (lrRaw === undefined) invalid('optimizer.lr', `optimizer.lr is required: a number in (0, ${MAX_LR}]`);
  const lr = number(lrRaw, 'optimizer.lr', { minExclusive: 0, max: MAX_LR });

  const refuse = (key: string, why: string): void => {
    if (get(raw, key) !== undefined) invalid(`optimizer.${key}`, `${kind} has no ${key} option: ${why}`);
  };
  const momentumOf = (): number => {
    const m = get(raw, 'momentum');
    return m === undefined ? 0 : number(m, 'optimizer.momentum', { min: MOMENTUM_RANGE.min, maxExclusive: MOMENTUM_RANGE.maxExclusive });
  };
  const weightDecayOf = (fallback: number): number => {
    const w = get(raw, 'weight_decay');
    return w === undefined ? fallback : number(w, 'optimizer.weight_decay', { min: WEIGHT_DECAY_RANGE.min, max: WEIGHT_DECAY_RANGE.max });
  };
  const epsOf = (fallback: number): number => {
    const e = get(raw, 'eps');
    return e === undefined ? fallback : number(e, 'optimizer.eps', { minExclusive: EPS_RANGE.minExclusive, max: EPS_RANGE.max });
  };
  const torchD = OPTIMIZER_DEFAULTS.torch;
  const kerasD = OPTIMIZER_DEFAULTS.keras;

  let optimizer: TrainingConfig['optimizer'];
  if (kind === 'SGD') {
    refuse('betas', 'betas are for Adam and AdamW');
    refuse('eps', 'eps is for Adam, AdamW and RMSprop');
    const momentum = momentumOf();
    const nesterovRaw = get(raw, 'nesterov');
    if (nesterovRaw !== undefined && typeof nesterovRaw !== 'boolean') {
      invalid('optimizer.nesterov', `optimizer.nesterov must be true or false, got ${show(nesterovRaw)}`);
    }
    const nesterov = nesterovRaw ?? (rule === 'keras' ? kerasD.SGD.nesterov : torchD.SGD.nesterov);
    // torch.optim.SGD refuses this (Keras accepts it and then it is plain SGD); the message is torch's.
    if (rule === 'torch' && nesterov && momentum <= 0) {
      invalid('optimizer.nesterov', 'Nesterov momentum requires a momentum and zero dampening: give optimizer.momentum in (0, 1)');
    }
    optimizer = { kind, lr, momentum, nesterov, weight_decay: weightDecayOf(rule === 'keras' ? 0 : torchD.SGD.weight_decay) };
  } else if (kind === 'RMSprop') {
    refuse('betas', 'betas are for Adam and AdamW');
    refuse('nesterov', 'nesterov is for SGD');
    const eps = epsOf(rule === 'keras' ? kerasD.RMSprop.epsilon : torchD.RMSprop.eps);
    optimizer = { kind, lr, momentum: momentumOf(), eps, weight_decay: weightDecayOf(rule === 'keras' ? 0 : torchD.RMSprop.weight_decay) };
  } else {
    refuse('momentum', "Adam's momentum is betas[0]");
    refuse('nesterov', 'nesterov is for SGD');
    const betas = betasOf(get(raw, 'betas'), rule === 'keras' ? [kerasD[kind].beta_1, kerasD[kind].beta_2] : [...torchD[kind].betas]);
    const eps = epsOf(rule === 'keras' ? kerasD[kind].epsilon : torchD[kind].eps);
    const decayDefault = kind === 'AdamW' ? (rule === 'keras' ? kerasD.AdamW.weight_decay : torchD.AdamW.weight_decay) : 0;
    optimizer = { kind, lr, betas, eps, weight_decay: weightDecayOf(decayDefault) };
  }
  agreeWithSchedule(fromSchedule, optimizer);
  return optimizer;
}

function betasOf(raw: unknown, fallback: [number, number]): [number, number] {
  if (raw === undefined) return fallback;
  if (!Array.isArray(raw) || raw.length !== 2) {
    invalid('optimizer.betas', `optimizer.betas must be a pair of numbers, each in [0, 1), e.g. [0.9, 0.999]; got ${show(raw)}`);
  }
  const range = { min: BETA_RANGE.min, maxExclusive: BETA_RANGE.maxExclusive };
  return [number(raw[0], 'optimizer.betas[0]', range), number(raw[1], 'optimizer.betas[1]', range)];
}

/** One optimizer, given in two places: what the schedule's call says must be what the config says. */
function agreeWithSchedule(fromSchedule: Rec, optimizer: TrainingConfig['optimizer']): void {
  const differs = (key: string, here: unknown, there: unknown): void => {
    if (there !== undefined && !sameValue(here, there)) {
      invalid(
        `schedule.optimizer.${key}`,
        `The schedule's optimizer has ${key} ${show(there)} but optimizer.${key === 'learning_rate' ? 'lr' : key} is ${show(here)}: ` +
          'they are the same optimizer; give the value once, in optimizer',
      );
    }
  };
  differs('kind', optimizer.kind, get(fromSchedule, 'kind'));
  differs('lr', optimizer.lr, get(fromSchedule, 'lr'));
  differs('learning_rate', optimizer.lr, get(fromSchedule, 'learning_rate'));
  differs('momentum', optimizer.momentum ?? 0, get(fromSchedule, 'momentum'));
  if (optimizer.betas) differs('betas', optimizer.betas, get(fromSchedule, 'betas'));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The call with the config's optimizer in it, checked by the schedule engine; its errors keep its path, under `schedule.`. */
function validateSchedule(raw: Rec, optimizer: TrainingConfig['optimizer']): FrameworkCall {
  const spec: OptimizerSpec = { kind: optimizer.kind, lr: optimizer.lr };
  if (optimizer.momentum !== undefined) spec.momentum = optimizer.momentum;
  if (optimizer.betas !== undefined) spec.betas = [optimizer.betas[0], optimizer.betas[1]];
  // Only the known keys are copied (checkKeys ran), so nothing else from the input travels on.
  const call: Rec = { optimizer: spec };
  for (const key of ['framework', 'name', 'args', 'stepEvery']) {
    const value = get(raw, key);
    if (value !== undefined) call[key] = value;
  }
  if (call.args === undefined) call.args = {};
  const built = fromFramework(call as unknown as FrameworkCall);
  if (!built.ok) {
    const { path, ...rest } = built.error;
    throw new Invalid({ ...rest, path: path === undefined || path === '' ? 'schedule' : `schedule.${path}` });
  }
  return call as unknown as FrameworkCall;
}

// ---- Small readers. Each throws Invalid with the path and what is allowed.

function get(rec: Rec, key: string): unknown {
  // Own properties only: an inherited `dataset` (a polluted prototype) is not part of the config.
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

function required(rec: Rec, key: string, allowed: string, path = key): unknown {
  const value = get(rec, key);
  if (value === undefined) invalid(path, `${path} is required: ${allowed}`);
  return value;
}

function record(value: unknown, path: string, what = path): Rec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, `${what} must be an object, got ${show(value)}`);
  return value as Rec;
}

function checkKeys(rec: Rec, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(rec)) {
    if (!allowed.includes(key)) {
      const where = path === '' ? 'the training config' : path;
      invalid(
        path === '' ? key : `${path}.${key}`,
        `Unknown key '${key}' in ${where} (allowed: ${allowed.join(', ')}).${didYouMean(key, allowed)}`.replace('..', '.'),
      );
    }
  }
}

function choice<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === 'string' ? didYouMean(value, options) : '';
  return invalid(path, `${path} must be one of ${list(options)}, got ${show(value)}.${hint}`.replace('..', '.'));
}

interface Range {
  min?: number;
  minExclusive?: number;
  max?: number;
  maxExclusive?: number;
}

function rangeText(range: Range): string {
  const low = range.minExclusive !== undefined ? `(${range.minExclusive}` : `[${range.min ?? '-inf'}`;
  const high = range.maxExclusive !== undefined ? `${range.maxExclusive})` : `${range.max ?? 'inf'}]`;
  return `a number in ${low}, ${high}`;
}

function number(value: unknown, path: string, range: Range, forWhat?: string): number {
  const inRange =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.min === undefined || value >= range.min) &&
    (range.minExclusive === undefined || value > range.minExclusive) &&
    (range.max === undefined || value <= range.max) &&
    (range.maxExclusive === undefined || value < range.maxExclusive);
  if (!inRange) invalid(path, `${path} must be ${rangeText(range)}${forWhat ? ` for ${forWhat}` : ''}, got ${show(value)}`);
  return value as number;
}

function integer(value: unknown, path: string, min: number, max: number, forWhat?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(path, `${path} must be an integer from ${min} to ${max}${forWhat ? ` for ${forWhat}` : ''}, got ${show(value)}`);
  }
  return value;
}

function list(options: readonly string[]): string {
  return options.map((o) => `'${o}'`).join(', ');
}

/** A short description of any value for a message: never huge, never throws (no JSON of a cycle or a BigInt). */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
