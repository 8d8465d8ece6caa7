/**
 * How many points a run's training and validation sets hold, without loading anything: the same counts `train`'s
 * loadTrainingData produces, from the dataset settings alone. Pure (no tfjs, no fetch), so the page imports it.
 *
 * - Image sets: the subset's per-class counts (images.ts's proportional rule), each class split by split.ts's
 *   validationCount.
 * - Synthetic sets: each class's size (synthetic.ts's classCounts; moons and circles put ⌊n / 2⌋ in class 0), each
 *   split by validationCount. xor's class balance is random (it depends on the seed and the noise), so xor
 *   generates its labels: pass the run's seed for its exact counts (without one, seed 0's).
 */
import { validateDatasetConfig } from '../config';
import { fail, ok, type Result } from '../result';
import { MAX_SEED_EXCLUSIVE, type TrainingConfig } from '../types';
import { IMAGE_DATASETS, type ImageDatasetName, subsetClassCounts } from './images';
import { validationCount } from './split';
import { classCounts, generateSynthetic, SYNTHETIC_SETS, type SyntheticSet, validateSynthetic } from './synthetic';

export interface SplitSizes {
  /** Every point: train + validation. */
  total: number;
  train: number;
  validation: number;
  classes: number;
  features: number;
}

/** Optimizer steps per epoch: the last batch takes the rest (PyTorch's drop_last=False, Keras's fit). */
export const stepsPerEpoch = (train: number, batchSize: number): number => Math.ceil(train / batchSize);

/** Never throws: a bad dataset setting (or seed) is { ok: false, error: { path, message } }, paths as validateConfig's. */
export function splitSizes(dataset: TrainingConfig['dataset'], seed?: number): Result<SplitSizes> {
  try {
    return sizes(dataset, seed);
  } catch (err) {
    return fail({ path: 'dataset', message: `Could not size the dataset: ${err instanceof Error ? err.message : String(err)}` });
  }
}

function sizes(raw: TrainingConfig['dataset'], seed: number | undefined): Result<SplitSizes> {
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed >= MAX_SEED_EXCLUSIVE)) {
    return fail({ path: 'seed', message: `seed must be an integer from 0 to ${MAX_SEED_EXCLUSIVE - 1}, got ${String(seed)}` });
  }
  const checked = validateDatasetConfig(raw);
  if (!checked.ok) return checked;
  const { name, samples, noise, validationFraction } = checked.value;
  const n = samples as number;
  const fraction = validationFraction as number;
  let perClass: number[];
  let features: number;
  if ((SYNTHETIC_SETS as readonly string[]).includes(name)) {
    const set = name as SyntheticSet;
    const options = { samples: n, noise: noise ?? 0, seed: seed ?? 0 };
    const classes = validateSynthetic(set, options);
    if (!classes.ok) return fail({ ...classes.error, path: `dataset.${classes.error.path ?? 'name'}` });
    features = 2;
    if (set === 'xor') {
      const data = generateSynthetic(set, options);
      if (!data.ok) return fail({ ...data.error, path: `dataset.${data.error.path ?? 'name'}` });
      perClass = new Array<number>(data.value.classes).fill(0);
      for (const label of data.value.y) perClass[label] = (perClass[label] as number) + 1;
    } else if (set === 'moons' || set === 'circles') {
      perClass = [Math.floor(n / 2), n - Math.floor(n / 2)];
    } else {
      perClass = classCounts(n, classes.value);
    }
  } else {
    const info = IMAGE_DATASETS[name as ImageDatasetName];
    perClass = subsetClassCounts(info.classCounts, n);
    features = info.height * info.width;
  }
  const validation = perClass.reduce((sum, c) => sum + validationCount(c, fraction), 0);
  const total = perClass.reduce((a, b) => a + b, 0);
  return ok({ total, train: total - validation, validation, classes: perClass.length, features });
}
