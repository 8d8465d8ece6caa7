/**
 * Fair by construction: the train/validation split and every epoch's batch order are functions of the seed (and
 * the epoch) only, so two runs that differ in schedule, optimizer or learning rate see the same data in the same
 * order.
 */
import { fail, ok, type Result } from '../result';
import { createRng, STREAM, shuffleInPlace } from '../random';
import { DEFAULT_VALIDATION_FRACTION } from '../types';
import type { Dataset } from './synthetic';

export const MAX_VALIDATION_FRACTION = 0.5;

export interface Split {
  /** Indices into the dataset, ascending. */
  train: Int32Array;
  /** Indices into the dataset, ascending; disjoint from `train`, and together they are every index once. */
  validation: Int32Array;
  /** Per class c: how many of its points went to train and to validation. */
  trainPerClass: number[];
  validationPerClass: number[];
}

/**
 * Validation count for a class of n points: round(n · f) (Math.round: halves round up), then clamped to
 * 1…n − 1 when f > 0 so that every class is in both sets (n ≥ 2 is guaranteed by the generators); 0 when f = 0.
 * Per class, not overall, so each class is split in the same proportion (stratified, as scikit-learn's
 * train_test_split(stratify=y); its own rounding of the per-class counts differs and is not reproduced).
 */
export function validationCount(n: number, fraction: number): number {
  if (fraction === 0 || n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/**
 * Stratified split: each class's indices are shuffled (Fisher–Yates, generator seeded from (seed, 'split', class))
 * and the first validationCount(n_c, f) go to validation. Seeding per class keeps one class's split unchanged
 * when another class's size changes.
 */
export function stratifiedSplit(
  data: Pick<Dataset, 'y' | 'classes'>,
  seed: number,
  validationFraction: number = DEFAULT_VALIDATION_FRACTION,
): Result<Split> {
  if (!Number.isFinite(validationFraction) || validationFraction < 0 || validationFraction > MAX_VALIDATION_FRACTION) {
    return fail({
      path: 'validationFraction',
      message: `validationFraction must be a number from 0 to ${MAX_VALIDATION_FRACTION}, got ${validationFraction}.`,
    });
  }
  if (!Number.isSafeInteger(seed)) return fail({ path: 'seed', message: `seed must be a safe integer, got ${seed}.` });
  const byClass: number[][] = Array.from({ length: data.classes }, () => []);
  for (let i = 0; i < data.y.length; i++) {
    const members = byClass[data.y[i] as number];
    if (members === undefined) return fail({ path: `y[${i}]`, message: `labels must be 0…${data.classes - 1}, got ${data.y[i]}.` });
    members.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const trainPerClass: number[] = [];
  const validationPerClass: number[] = [];
  byClass.forEach((members, c) => {
    const order = shuffleInPlace(Int32Array.from(members), createRng(seed, STREAM.split, c));
    const nVal = validationCount(order.length, validationFraction);
    for (let i = 0; i < order.length; i++) (i < nVal ? validation : train).push(order[i] as number);
    validationPerClass.push(nVal);
    trainPerClass.push(order.length - nVal);
  });
  const ascending = (list: number[]) => Int32Array.from(list).sort();
  return ok({ train: ascending(train), validation: ascending(validation), trainPerClass, validationPerClass });
}

/** Rows `indices` of a dataset, as a new dataset (e.g. the training set of a split). */
export function take(data: Dataset, indices: Int32Array): Dataset {
  const f = data.features;
  const x = new Float32Array(indices.length * f);
  const y = new Int32Array(indices.length);
  indices.forEach((index, i) => {
    x.set(data.x.subarray(index * f, (index + 1) * f), i * f);
    y[i] = data.y[index] as number;
  });
  return { x, y, classes: data.classes, features: data.features };
}

export interface BatchOrder {
  /** A permutation of 0…trainCount − 1: the order the epoch visits the training rows. */
  order: Int32Array;
  /**
   * Batch boundaries, length batches + 1: batch b is order[boundaries[b] … boundaries[b + 1]). Every batch has
   * batchSize rows but the last, which has the rest (PyTorch DataLoader with drop_last=False, Keras fit).
   */
  boundaries: Int32Array;
}

/**
 * Epoch `epoch`'s order: Fisher–Yates over 0…trainCount − 1 with a generator seeded from a hash of
 * (seed, 'batches', epoch) — nothing else, so the order cannot depend on what else the run does, and epoch e can
 * be rebuilt without replaying epochs 0…e − 1. Throws RangeError on arguments that are not integers in range
 * (the engine validates its config first; these are programming errors).
 */
export function batchOrder(seed: number, epoch: number, trainCount: number, batchSize: number): BatchOrder {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`epoch must be an integer ≥ 0, got ${epoch}`);
  if (!Number.isInteger(trainCount) || trainCount < 1) throw new RangeError(`trainCount must be an integer ≥ 1, got ${trainCount}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  const order = new Int32Array(trainCount);
  for (let i = 0; i < trainCount; i++) order[i] = i;
  shuffleInPlace(order, createRng(seed, STREAM.batches, epoch));
  const batches = Math.ceil(trainCount / batchSize);
  const boundaries = new Int32Array(batches + 1);
  for (let b = 0; b <= batches; b++) boundaries[b] = Math.min(b * batchSize, trainCount);
  return { order, boundaries };
}
