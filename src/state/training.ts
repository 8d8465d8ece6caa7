/**
 * Training settings as the page uses them: what is wrong with them (a message per control, and a warning when a
 * run would take long), and the TrainingConfig of one panel and seed. Pure: nothing here imports tfjs or the
 * engine's runner (src/training/index.ts pulls the model in), only its types, limits, validation and dataset sizes.
 */
import { MAX_TICKS, type Result } from '../schedules';
import { validateConfig } from '../training/config';
import { splitSizes, stepsPerEpoch } from '../training/data/sizes';
import {
  ACTIVATIONS,
  DATASET_LIMITS,
  DATASET_NAMES,
  INITS,
  MAX_EPOCHS,
  MAX_HIDDEN_LAYERS,
  MAX_UNITS,
  type TrainingConfig,
} from '../training/types';
import { defaultPanel, type Horizon, type Panel, panelCall, panelOptimizerOf } from './store';
import {
  BACKEND_CHOICES,
  BATCH_SIZE_RANGE_TEXT,
  datasetConfigOf,
  isBatchSize,
  MAX_SEEDS,
  type TrainingSettings,
} from './training-settings';

export {
  BACKEND_CHOICES,
  DEFAULT_TRAINING,
  defaultTraining,
  MAX_SEEDS,
  type TrainingPatch,
  type TrainingSettings,
} from './training-settings';

/** The controls a message can sit next to: each setting, and the horizon's epochs (training runs that many). */
export type TrainingField = keyof TrainingSettings | 'epochs';

export interface TrainingIssues {
  /** Per control, what is wrong and what is allowed; empty when every setting is usable. */
  errors: Partial<Record<TrainingField, string>>;
  /** Set when the whole comparison would take more than WORKLOAD_WARN_SECONDS: the page asks before it starts. */
  workload?: string;
}

/** More estimated training than this (3 minutes) is worth a question before it starts. */
export const WORKLOAD_WARN_SECONDS = 180;

/**
 * The time estimate (estimateTrainingSeconds), calibrated on README's measurement of the article's MLP on the
 * digits (batch 32, 45 steps per epoch): WASM 39 ms per epoch, the CPU backend 171–189 ms, on 2 cores. A step
 * costs a fixed overhead (kernel dispatch) plus forward and backward passes, ≈ 6 multiply-adds per weight per
 * example; each epoch's validation pass ≈ 2 per weight per example. With these constants the digits epoch is 46 ms.
 * WebGL and WebGPU (chosen by 'auto' only on a real GPU) are counted as WASM; the CPU backend 4.5 times slower.
 */
const STEP_OVERHEAD_SECONDS = 3e-4;
const FLOPS_PER_SECOND = 5e9;
const CPU_BACKEND_FACTOR = 4.5;

const count = (n: number) => n.toLocaleString('en-US');
const list = (words: readonly string[]) => words.join(', ');
const isInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const NOISY_SETS = DATASET_NAMES.filter((d) => DATASET_LIMITS[d].noise !== undefined);

/** The messages for each bad setting (one per control), independent of any panel. */
function settingErrors(settings: TrainingSettings, horizon: Horizon): Partial<Record<TrainingField, string>> {
  const errors: Partial<Record<TrainingField, string>> = {};
  const limits = (DATASET_NAMES as readonly string[]).includes(settings.dataset) ? DATASET_LIMITS[settings.dataset] : undefined;
  if (!limits) errors.dataset = `Choose a dataset: ${list(DATASET_NAMES)}.`;
  else {
    const { samples, noise } = settings;
    const range = limits.samples;
    if (samples !== undefined && !(isInteger(samples) && samples >= range.min && samples <= range.max)) {
      const empty = isNumber(samples) && samples <= 0 ? `A dataset needs points: s` : 'S';
      errors.samples = `${empty}amples for ${settings.dataset} must be a whole number from ${count(range.min)} to ${count(range.max)}.`;
    }
    if (noise !== undefined) {
      if (!limits.noise) errors.noise = `${settings.dataset} takes no noise (it is an image set); noise is for ${list(NOISY_SETS)}.`;
      else if (!(isNumber(noise) && noise >= limits.noise.min && noise <= limits.noise.max)) {
        errors.noise = `Noise for ${settings.dataset} must be a number from ${limits.noise.min} to ${limits.noise.max}.`;
      }
    }
  }
  const { hidden } = settings;
  const widthsOk = Array.isArray(hidden) && hidden.every((w) => isInteger(w) && w >= 1 && w <= MAX_UNITS);
  if (!Array.isArray(hidden) || hidden.length > MAX_HIDDEN_LAYERS || !widthsOk) {
    errors.hidden = `Hidden layers: at most ${MAX_HIDDEN_LAYERS} widths, each a whole number from 1 to ${MAX_UNITS} (e.g. 128, 64; none for a linear model).`;
  }
  if (!(ACTIVATIONS as readonly string[]).includes(settings.activation))
    errors.activation = `Activation must be one of ${list(ACTIVATIONS)}.`;
  if (!isBatchSize(settings.batchSize)) errors.batchSize = BATCH_SIZE_RANGE_TEXT;
  if (!(isInteger(settings.seeds) && settings.seeds >= 1 && settings.seeds <= MAX_SEEDS)) {
    errors.seeds = `Seeds must be a whole number from 1 to ${MAX_SEEDS}.`;
  }
  if (!(INITS as readonly string[]).includes(settings.init)) errors.init = `Initialisation must be one of ${list(INITS)}.`;
  if (!(BACKEND_CHOICES as readonly string[]).includes(settings.backend))
    errors.backend = `Backend must be one of ${list(BACKEND_CHOICES)}.`;
  const target = settings.targetAccuracy;
  if (!(isNumber(target) && target > 0 && target <= 1)) errors.targetAccuracy = 'The target accuracy must be above 0 % and at most 100 %.';
  if (!(isInteger(horizon.epochs) && horizon.epochs >= 1 && horizon.epochs <= MAX_EPOCHS)) {
    errors.epochs = `Training runs 1 to ${count(MAX_EPOCHS)} epochs; the horizon has ${count(horizon.epochs)}: shorten it to train.`;
  }
  return errors;
}

/** Where a validateConfig or splitSizes error path points: the control to show it next to. */
function fieldOfPath(path: string | undefined): TrainingField | undefined {
  if (path === undefined) return undefined;
  if (path === 'dataset.samples') return 'samples';
  if (path === 'dataset.noise') return 'noise';
  if (path.startsWith('dataset')) return 'dataset';
  if (path.startsWith('model.hidden')) return 'hidden';
  if (path.startsWith('model.activation')) return 'activation';
  if (path === 'init' || path === 'batchSize' || path === 'epochs') return path;
  return undefined;
}

/**
 * What is wrong with the settings, per control (what is allowed), and a `workload` warning when panels × seeds ×
 * epochs × steps is more than WORKLOAD_WARN_SECONDS of estimated training (estimateTrainingSeconds): the page asks
 * before starting such a run. Empty errors: a run can start. The panels' own optimizers are checked per panel
 * (panelTrainingIssue).
 */
export function trainingIssues(settings: TrainingSettings, horizon: Horizon, panelCount: number): TrainingIssues {
  const errors = settingErrors(settings, horizon);
  if (Object.keys(errors).length > 0) return { errors };
  const steps = trainingStepsPerEpoch(settings);
  if (!steps.ok) {
    // Checks of the engine that the ones above do not repeat (a synthetic set's own rules): still next to a control.
    errors[fieldOfPath(steps.error.path) ?? 'dataset'] = steps.error.message;
    return { errors };
  }
  // The engine's own check of everything but the panel (the checks above say it per control; this keeps the two
  // from drifting apart): a run with no error here is one validateConfig accepts for any panel it accepts.
  const checked = validateConfig(trainingConfigOf(defaultPanel(), settings, horizon, 0));
  if (!checked.ok) {
    errors[fieldOfPath(checked.error.path) ?? 'dataset'] = checked.error.message;
    return { errors };
  }
  if (horizon.epochs * steps.value > MAX_TICKS) {
    errors.batchSize =
      `With batch size ${count(settings.batchSize)} an epoch is ${count(steps.value)} steps, and ${count(horizon.epochs)} epochs ` +
      `would be over the ${count(MAX_TICKS)} steps a schedule is drawn for: use a larger batch or fewer epochs.`;
    return { errors };
  }
  const seconds = estimateTrainingSeconds(settings, horizon, panelCount);
  if (seconds === undefined || seconds <= WORKLOAD_WARN_SECONDS) return { errors };
  const panels = Math.max(1, Math.floor(panelCount));
  return {
    errors,
    workload:
      `This is about ${durationText(seconds)} of training (${panels} ${panels === 1 ? 'schedule' : 'schedules'} × ` +
      `${settings.seeds} ${settings.seeds === 1 ? 'seed' : 'seeds'} × ${count(horizon.epochs)} epochs × ${count(steps.value)} steps, estimated). ` +
      'Fewer seeds, epochs or schedules, a smaller model or a larger batch finish sooner.',
  };
}

function durationText(seconds: number): string {
  const minutes = seconds / 60;
  if (minutes < 90) return `${Math.round(minutes)} minutes`;
  const hours = minutes / 60;
  return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} hours`;
}

/**
 * Estimated seconds to train every run (panels × seeds), one after another (the runs share the worker's thread):
 * per epoch, steps × (STEP_OVERHEAD_SECONDS + 6 · weights · batch / FLOPS_PER_SECOND) plus a validation pass of
 * 2 · weights · n_validation / FLOPS_PER_SECOND; × CPU_BACKEND_FACTOR on the CPU backend. An estimate for a
 * question to the user, not a promise: a GPU can be faster, a busy laptop slower. Undefined for bad settings.
 */
export function estimateTrainingSeconds(settings: TrainingSettings, horizon: Horizon, panelCount: number): number | undefined {
  if (!isBatchSize(settings.batchSize)) return undefined;
  const sizes = splitSizes(datasetConfigOf(settings));
  if (!sizes.ok || !Array.isArray(settings.hidden)) return undefined;
  const widths = [sizes.value.features, ...settings.hidden, sizes.value.classes];
  let weights = 0;
  for (let i = 1; i < widths.length; i++) weights += ((widths[i - 1] as number) + 1) * (widths[i] as number);
  const steps = Math.ceil(sizes.value.train / settings.batchSize);
  const perEpoch =
    steps * (STEP_OVERHEAD_SECONDS + (6 * weights * settings.batchSize) / FLOPS_PER_SECOND) +
    (2 * weights * sizes.value.validation) / FLOPS_PER_SECOND;
  const runs = Math.max(1, Math.floor(panelCount)) * settings.seeds;
  const seconds = runs * horizon.epochs * perEpoch * (settings.backend === 'cpu' ? CPU_BACKEND_FACTOR : 1);
  return Number.isFinite(seconds) ? seconds : undefined;
}

/**
 * The run of one panel and seed: the panel's schedule call (panelCall, as the chart draws it), its optimizer, the
 * settings, and the horizon's epochs. Not validated: validateConfig (or train) says what is wrong.
 */
export function trainingConfigOf(panel: Panel, settings: TrainingSettings, horizon: Horizon, seed: number): TrainingConfig {
  return {
    dataset: datasetConfigOf(settings),
    model: { kind: 'mlp', hidden: [...settings.hidden], activation: settings.activation },
    init: settings.init,
    optimizer: panelOptimizerOf(panel),
    schedule: panelCall(panel),
    epochs: horizon.epochs,
    batchSize: settings.batchSize,
    seed,
  };
}

/**
 * Why this panel cannot train with these settings (its optimizer out of the engine's range, e.g. lr 0 or momentum
 * 1, or a schedule the engine refuses), as validateConfig says it; undefined when it can. Settings errors are
 * trainingIssues' (they are reported there, per control, not here).
 */
export function panelTrainingIssue(panel: Panel, settings: TrainingSettings, horizon: Horizon): string | undefined {
  const checked = validateConfig(trainingConfigOf(panel, settings, horizon, 0));
  if (checked.ok) return undefined;
  return fieldOfPath(checked.error.path) === undefined ? checked.error.message : undefined;
}

/**
 * Optimizer steps per epoch of training with these settings: ceil(n_train / batch), n_train from the dataset's
 * split (data/sizes.ts, the counts `train` itself uses). xor's class balance depends on the seed; this is seed 0's
 * (the others differ by a point or two, so rarely by a step). An error for a bad dataset setting or batch size.
 */
export function trainingStepsPerEpoch(settings: TrainingSettings): Result<number> {
  if (!isBatchSize(settings.batchSize)) return { ok: false, error: { path: 'batchSize', message: BATCH_SIZE_RANGE_TEXT } };
  if (!Object.hasOwn(DATASET_LIMITS, settings.dataset)) {
    return { ok: false, error: { path: 'dataset', message: `There is no dataset ${JSON.stringify(settings.dataset)}.` } };
  }
  const sizes = splitSizes(datasetConfigOf(settings));
  if (!sizes.ok) return sizes;
  return { ok: true, value: stepsPerEpoch(sizes.value.train, settings.batchSize) };
}
