/**
 * The reference comparison's plumbing (tests only): a training case as our engine runs it and as
 * scripts/golden/training_reference.py runs it in real PyTorch or real Keras 3, from the same initial weights,
 * split and batch order, which this module hands over as files (base64 arrays on stdin).
 */
import { readFile } from 'node:fs/promises';
import { runReferencePython } from '../../schedules/testing/reference-python';
import { validateConfig } from '../config';
import type { BytesSource } from '../data/images';
import { batchOrder } from '../data/split';
import { type DenseWeights, initialWeights } from '../init';
import { loadTrainingData } from '../train';
import type { TrainingConfig } from '../types';

/** Reads public/datasets/ from disk (Node has no fetch for files). */
export const publicDatasets: BytesSource = async (file) =>
  new Uint8Array(await readFile(new URL(`../../../public/datasets/${file}`, import.meta.url)));

/** How the reference script builds the schedule (see its docstring). */
export type ReferenceScheduler =
  | { name: string; kwargs: Record<string, unknown>; step_every: 'epoch' | 'batch' }
  | { kind: 'schedule'; name: string; kwargs: Record<string, unknown> }
  | { kind: 'callback'; name: 'LearningRateScheduler'; source: string; function: string }
  | { kind: 'callback'; name: string; kwargs: Record<string, unknown> }
  | { kind: 'none' };

export interface ReferenceCase {
  id: string;
  config: TrainingConfig;
  scheduler: ReferenceScheduler;
}

export interface ReferenceEpoch {
  loss: number;
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
  lr: number;
}

export interface ReferenceResult {
  id: string;
  error?: string;
  epochs: ReferenceEpoch[];
  applied_lr: number[];
  applied_momentum?: number[];
  first_batch_loss: number;
  first_step: { loss: number; weights: { kernel: string; bias: string }[] };
  final_weights: { kernel: string; bias: string }[];
}

export interface ReferenceRun {
  versions: Record<string, string>;
  results: ReferenceResult[];
}

const base64 = (view: Float32Array | Int32Array): string => Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');

export function decodeFloat32(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function decodeLayers(layers: { kernel: string; bias: string }[]): { kernel: Float32Array; bias: Float32Array }[] {
  return layers.map((l) => ({ kernel: decodeFloat32(l.kernel), bias: decodeFloat32(l.bias) }));
}

/**
 * A config's inputs exactly as `train` computes them (data, split, initial weights, the first `epochs` batch
 * orders, the optimizer), in the reference scripts' format (training_reference.py's docstring).
 */
export async function referenceInputOf(id: string, rawConfig: TrainingConfig, epochs?: number): Promise<Record<string, unknown>> {
  const checked = validateConfig(rawConfig);
  if (!checked.ok) throw new Error(`${id}: ${checked.error.path}: ${checked.error.message}`);
  const config = checked.value;
  const data = await loadTrainingData(config, publicDatasets);
  if (!data.ok) throw new Error(`${id}: ${data.error.message}`);
  const { train, validation } = data.value;
  const weights: DenseWeights[] = initialWeights([train.features, ...config.model.hidden, train.classes], config.init, config.seed);
  const epochCount = epochs ?? config.epochs;
  const orders = Array.from({ length: epochCount }, (_, e) => base64(batchOrder(config.seed, e, train.y.length, config.batchSize).order));
  const { kind, lr, momentum, nesterov, betas, eps, weight_decay } = config.optimizer;
  const optimizer: Record<string, unknown> = { kind, lr };
  if (kind === 'SGD' || kind === 'RMSprop') optimizer.momentum = momentum;
  if (kind === 'SGD') optimizer.nesterov = nesterov;
  if (kind === 'Adam' || kind === 'AdamW') optimizer.betas = betas;
  if (kind !== 'SGD') optimizer.eps = eps;
  optimizer.weight_decay = weight_decay;
  return {
    id,
    framework: config.schedule.framework === 'keras' ? 'keras' : 'torch',
    features: train.features,
    classes: train.classes,
    hidden: config.model.hidden,
    activation: config.model.activation,
    x_train: base64(train.x),
    y_train: base64(train.y),
    x_val: base64(validation.x),
    y_val: base64(validation.y),
    weights: weights.map((w) => ({ kernel: base64(w.kernel), bias: base64(w.bias) })),
    epochs: epochCount,
    batch_size: config.batchSize,
    batch_order: orders,
    optimizer,
  };
}

/** Our inputs for one training case, in training_reference.py's format. */
async function inputOf(c: ReferenceCase): Promise<Record<string, unknown>> {
  return { ...(await referenceInputOf(c.id, c.config)), scheduler: c.scheduler };
}

/** Runs every case in one reference process (torch and Keras import once). */
export async function runReference(cases: readonly ReferenceCase[]): Promise<ReferenceRun> {
  const inputs = await Promise.all(cases.map(inputOf));
  const out = JSON.parse(runReferencePython('training_reference.py', JSON.stringify({ cases: inputs }))) as ReferenceRun;
  for (const r of out.results) {
    if (r.error) throw new Error(`reference case ${r.id} failed:\n${r.error}`);
  }
  return out;
}

/** max |a − b| / max |b|: a whole tensor's difference on the scale of its values. */
export function relativeMaxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return scale === 0 ? diff : diff / scale;
}

export const relativeDifference = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

/** ‖a − b‖₂ / ‖b‖₂: a whole tensor's difference, robust to a few ill-conditioned elements. */
export function relativeL2Difference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += ((a[i] as number) - (b[i] as number)) ** 2;
    norm += (b[i] as number) ** 2;
  }
  return norm === 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
}
