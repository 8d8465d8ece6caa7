/**
 * The training settings the store and the link hold, their defaults, and the steps per epoch they make. Apart from
 * training.ts (which builds run configs from panels) so that the store can import this without a cycle. Pure: it
 * imports the engine's types, limits and dataset sizes, never tfjs (the model lives in the worker).
 */
import type { Result } from '../schedules';
import { type BackendName, DATASET_LIMITS, type DatasetName, MAX_BATCH_SIZE, type TrainingConfig } from '../training/types';

export interface TrainingSettings {
  dataset: DatasetName;
  /** Absent: the dataset's default (DATASET_LIMITS); the range is the dataset's. */
  samples?: number;
  /** 2-D sets only; absent: the dataset's default. */
  noise?: number;
  /** Hidden layer widths (0 to MAX_HIDDEN_LAYERS layers of 1 to MAX_UNITS). */
  hidden: number[];
  activation: 'relu' | 'tanh';
  batchSize: number;
  /** Runs per panel, 1 to MAX_SEEDS; they use seeds 0 … seeds − 1. */
  seeds: number;
  init: 'glorot_uniform' | 'torch_default';
  backend: 'auto' | BackendName;
  /** The validation accuracy "epochs to target" counts to, in (0, 1]. */
  targetAccuracy: number;
}

/** A change to the settings; `samples` or `noise` given as undefined go back to the dataset's default. */
export type TrainingPatch = { [K in keyof TrainingSettings]?: TrainingSettings[K] | undefined };

/** The article's setup: its MLP on the digits, batch 32, Keras's glorot_uniform, three seeds, a 95 % target. */
export const DEFAULT_TRAINING: TrainingSettings = {
  dataset: 'digits',
  hidden: [128, 64],
  activation: 'relu',
  batchSize: 32,
  seeds: 3,
  init: 'glorot_uniform',
  backend: 'auto',
  targetAccuracy: 0.95,
};

export const MAX_SEEDS = 10;

export const BACKEND_CHOICES = [
  'auto',
  'fused',
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
] as const satisfies readonly TrainingSettings['backend'][];

/** A fresh, mutable copy of the defaults. */
export function defaultTraining(): TrainingSettings {
  return { ...DEFAULT_TRAINING, hidden: [...DEFAULT_TRAINING.hidden] };
}

/** The dataset part of a run's config: only the fields the settings give (the engine fills in the rest). */
export function datasetConfigOf(settings: TrainingSettings): TrainingConfig['dataset'] {
  return {
    name: settings.dataset,
    ...(settings.samples !== undefined ? { samples: settings.samples } : {}),
    ...(settings.noise !== undefined ? { noise: settings.noise } : {}),
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/** What a batch size may be, as a sentence for the control. */
export const BATCH_SIZE_RANGE_TEXT = `Batch size must be a whole number from 1 to ${count(MAX_BATCH_SIZE)}.`;

export const isBatchSize = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_BATCH_SIZE;
