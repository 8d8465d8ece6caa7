/**
 * `train`: one run of the MLP with a schedule, as the schedule's framework would run it. The same code runs in
 * Node (vitest, the cpu backend) and in the training worker (any backend).
 *
 * The loop, per epoch e and batch b (batches in the order data/split.ts's batchOrder(seed, e) gives):
 *   values = schedule.current()          the LR (and cycled momentum / β1) for this step
 *   optimizer.setHyper(values)           a scheduler writing the param group / Keras setting optimizer.learning_rate
 *   appliedLr.push(optimizer.learningRate)   read back from the optimizer, not from the schedule
 *   forward, backward, optimizer update
 *   stepEvery 'batch': schedule.step()   torch per-batch schedulers, CyclicLR, OneCycleLR, transformers; a Keras
 *                                        LearningRateSchedule is evaluated at optimizer.iterations, the same tick
 * then the validation pass, then
 *   stepEvery 'epoch': schedule.step(metric)   torch's scheduler.step() after the epoch; ReduceLROnPlateau (both
 *                                        frameworks) with the monitored metric; Keras's LearningRateScheduler
 *                                        applies tick e + 1 at the next epoch's start, the same value.
 * Keras never evaluates its schedule after the last tick (no callback fires, no further optimizer step), so a Keras
 * run does not step past it; torch's loop calls step() there, so a torch run does, and reports what that raises.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fromFramework, type ScheduleRun, startRun, type TickValues } from '../schedules/index';
import { type BackendChoice, selectBackend } from './backends';
import { updateRuleOf, validateConfig } from './config';
import { type BytesSource, loadImageDataset } from './data/images';
import { batchOrder, stratifiedSplit, take } from './data/split';
import { type Dataset, generateSynthetic, SYNTHETIC_SETS, type SyntheticSet } from './data/synthetic';
import { divergenceOf } from './divergence';
import { createHasher } from './hash';
import { type DenseWeights, initialWeights, initialWeightsHash } from './init';
import { Mlp } from './model';
import { createOptimizer } from './optimizers';
import { fail, ok, type Result } from './result';
import type { BackendName, EpochMetrics, RunResult, TrainingConfig } from './types';

export interface TrainOptions {
  /** 'auto' (the default) picks the fastest backend that really works here; see backends.ts. */
  backend?: BackendName | 'auto';
  /** Aborting stops the run after the current batch; the result then has `stopped: true`. */
  signal?: AbortSignal;
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Every optimizer step's training loss (step counts from 0 over the whole run). */
  onBatch?: (step: number, loss: number) => void;
  /** Called once the backend is chosen, before any data loads (the worker's `backend-ready`). */
  onBackend?: (choice: BackendChoice) => void;
  /** Awaited before every batch: the worker's pause (it resolves on resume). */
  waitWhilePaused?: () => Promise<void>;
  /** Test-only: lets WebGPU run on a fallback (software) adapter, which `auto` never picks. */
  allowFallbackAdapter?: boolean;
  /** Where image datasets' bytes come from; the default fetches the app's datasets/ folder. Node tests read files. */
  datasetSource?: BytesSource;
  /** The weights after the first optimizer step and at the end (Keras layout), for the reference comparison. */
  onWeights?: (stage: 'after-first-step' | 'final', weights: DenseWeights[]) => void;
}

/** Yield to the event loop at least this often, so that stop / pause messages reach a busy worker. */
const YIELD_INTERVAL_MS = 10;

/** Never throws: a bad config, a backend or dataset that fails, or a schedule error comes back as `{ ok: false }`. */
export async function train(rawConfig: TrainingConfig, options: TrainOptions = {}): Promise<Result<RunResult>> {
  try {
    return await run(rawConfig, options);
  } catch (err) {
    return fail({ message: `Training failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

async function run(rawConfig: TrainingConfig, options: TrainOptions): Promise<Result<RunResult>> {
  const checked = validateConfig(rawConfig);
  if (!checked.ok) return checked;
  const config = checked.value;
  const built = fromFramework(config.schedule);
  if (!built.ok) return fail({ ...built.error, path: built.error.path ? `schedule.${built.error.path}` : 'schedule' });
  const schedule = startRun(built.value);
  if (!schedule.ok) return fail({ ...schedule.error, message: `The schedule failed to start: ${schedule.error.message}` });

  const backendChoice = await selectBackend(options.backend ?? 'auto', { allowFallbackAdapter: options.allowFallbackAdapter === true });
  if (!backendChoice.ok) return backendChoice;
  options.onBackend?.(backendChoice.value);
  const backend = backendChoice.value.backend;

  const data = await loadTrainingData(config, options.datasetSource);
  if (!data.ok) return data;
  const { train: trainSet, validation } = data.value;

  const layers = [trainSet.features, ...config.model.hidden, trainSet.classes];
  const weights = initialWeights(layers, config.init, config.seed);
  const hashes = {
    initialWeightsHash: initialWeightsHash(weights),
    batchOrderHash: batchOrderHash(config, data.value.splitIndices, trainSet.y.length),
  };
  if (options.signal?.aborted) return ok({ epochs: [], appliedLr: [], ...hashes, backend, stopped: true });

  const rule = updateRuleOf(config);
  const tensors = new TensorSet();
  try {
    const model = new Mlp(weights, config.model.activation, rule === 'keras' ? 'clipped-probability' : 'log-softmax');
    tensors.add(model);
    const optimizer = createOptimizer(config.optimizer, rule, model.parameters);
    tensors.add(optimizer);
    const device = tensors.keep({
      trainX: tf.tensor2d(trainSet.x, [trainSet.y.length, trainSet.features]),
      trainY: tf.tensor1d(trainSet.y, 'int32'),
      valX: tf.tensor2d(validation.x, [validation.y.length, validation.features]),
      valY: tf.tensor1d(validation.y, 'int32'),
    });
    return await loop({
      config,
      schedule: schedule.value,
      cyclesMomentum: built.value.cyclesMomentum,
      model,
      optimizer,
      device,
      classes: trainSet.classes,
      hashes,
      backend,
      options,
    });
  } finally {
    tensors.dispose();
  }
}

interface LoopInput {
  config: TrainingConfig;
  schedule: ScheduleRun;
  /** The schedule cycles momentum (Adam: β1): OneCycleLR, CyclicLR. */
  cyclesMomentum: boolean;
  model: Mlp;
  optimizer: ReturnType<typeof createOptimizer>;
  device: { trainX: tf.Tensor2D; trainY: tf.Tensor1D; valX: tf.Tensor2D; valY: tf.Tensor1D };
  classes: number;
  hashes: { initialWeightsHash: string; batchOrderHash: string };
  backend: BackendName;
  options: TrainOptions;
}

async function loop(input: LoopInput): Promise<Result<RunResult>> {
  const { config, schedule, cyclesMomentum, model, optimizer, device, classes, hashes, backend, options } = input;
  const stepsAfterLastTick = config.schedule.framework !== 'keras';
  const perBatch = schedule.stepEvery === 'batch';
  const trainCount = device.trainY.shape[0];
  const valOneHot = tf.tidy(() => tf.cast(tf.oneHot(device.valY, classes), 'float32') as tf.Tensor2D);
  const epochs: EpochMetrics[] = [];
  const appliedLr: number[] = [];
  const appliedMomentum: number[] = [];
  let firstLoss: number | undefined;
  let step = 0;
  let lastYield = now();
  const result = (extra: Partial<RunResult> = {}): Result<RunResult> =>
    ok({ epochs, appliedLr, ...(cyclesMomentum ? { appliedMomentum } : {}), ...hashes, backend, ...extra });
  // `where` counts epochs and batches from 1, as people do.
  const scheduleFailure = (error: { message: string }, where: string) =>
    fail<RunResult>({
      message: `The schedule's step() failed after optimizer step ${step} (${where}): ${error.message}`,
      path: 'schedule',
    });

  try {
    let values: TickValues;
    const first = schedule.current();
    if (!first.ok) return scheduleFailure(first.error, 'before the first batch');
    values = first.value;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const started = now();
      const { order, boundaries } = batchOrder(config.seed, epoch, trainCount, config.batchSize);
      let lossSum = 0;
      let correctSum = 0;
      let epochLr = Number.NaN;
      let epochMomentum: number | undefined;
      for (let b = 0; b + 1 < boundaries.length; b++) {
        if (options.waitWhilePaused) await options.waitWhilePaused();
        if (options.signal?.aborted) return result({ stopped: true });
        if (now() - lastYield >= YIELD_INTERVAL_MS) {
          await yieldToEventLoop();
          lastYield = now();
          if (options.signal?.aborted) return result({ stopped: true });
        }
        optimizer.setHyper(values);
        const lr = optimizer.learningRate;
        appliedLr.push(lr);
        if (cyclesMomentum) appliedMomentum.push(optimizer.momentum);
        if (b === 0) {
          epochLr = lr;
          if (cyclesMomentum) epochMomentum = optimizer.momentum;
        }
        const indices = order.subarray(boundaries[b], boundaries[b + 1]);
        const statsTensor = tf.tidy(() => {
          const rows = tf.tensor1d(indices, 'int32');
          const x = tf.gather(device.trainX, rows) as tf.Tensor2D;
          const labels = tf.gather(device.trainY, rows) as tf.Tensor1D;
          const oneHot = tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
          const { stats, gradients } = model.lossAndGradients(x, oneHot, labels);
          optimizer.apply(gradients);
          return tf.stack([stats.loss, stats.correct, stats.rawLoss]);
        });
        const [loss, correct, rawLoss] = (await statsTensor.data()) as Float32Array;
        statsTensor.dispose();
        const size = indices.length;
        if (firstLoss === undefined) {
          firstLoss = rawLoss as number;
          if (options.onWeights) options.onWeights('after-first-step', await model.readWeights());
        }
        options.onBatch?.(step, loss as number);
        const diverged = divergenceOf({ loss: loss as number, rawLoss: rawLoss as number, firstLoss });
        if (diverged) return result({ diverged: { epoch, step, lr, reason: diverged } });
        lossSum += (loss as number) * size;
        correctSum += correct as number;
        step += 1;
        const last = epoch === config.epochs - 1 && b + 2 === boundaries.length;
        if (perBatch && (stepsAfterLastTick || !last)) {
          const next = schedule.step();
          if (!next.ok) return scheduleFailure(next.error, `epoch ${epoch + 1}, batch ${b + 1}`);
          values = next.value;
        }
      }
      const [valLoss, valCorrect, weightMagnitude] = await evaluate(model, device.valX, valOneHot, device.valY);
      const metrics: EpochMetrics = {
        epoch,
        loss: lossSum / trainCount,
        accuracy: correctSum / trainCount,
        val_loss: valLoss,
        val_accuracy: valCorrect / device.valY.shape[0],
        lr: epochLr,
        ...(epochMomentum !== undefined ? { momentum: epochMomentum } : {}),
        seconds: (now() - started) / 1000,
      };
      if (!Number.isFinite(weightMagnitude)) {
        // A weight became NaN or infinite after the epoch's last step (its loss was still finite).
        return result({
          diverged: { epoch, step: step - 1, lr: appliedLr[appliedLr.length - 1] as number, reason: 'a weight became NaN or infinite' },
        });
      }
      epochs.push(metrics);
      options.onEpoch?.(metrics);
      if (!perBatch && (stepsAfterLastTick || epoch + 1 < config.epochs)) {
        const metric = schedule.monitor ? metrics[schedule.monitor.metric] : undefined;
        const next = schedule.step(metric);
        if (!next.ok) return scheduleFailure(next.error, `end of epoch ${epoch + 1}`);
        values = next.value;
      }
    }
    if (options.onWeights) options.onWeights('final', await model.readWeights());
    return result();
  } finally {
    valOneHot.dispose();
  }
}

/** Validation loss and top-1 count, and Σ|w| over the weights (non-finite when a weight is), in one read-back. */
async function evaluate(model: Mlp, x: tf.Tensor2D, oneHot: tf.Tensor2D, labels: tf.Tensor1D): Promise<[number, number, number]> {
  const packed = tf.tidy(() => {
    const stats = model.evaluate(x, oneHot, labels);
    return tf.stack([stats.loss, stats.correct, model.weightMagnitude()]);
  });
  try {
    const [loss, correct, magnitude] = (await packed.data()) as Float32Array;
    return [loss as number, correct as number, magnitude as number];
  } finally {
    packed.dispose();
  }
}

export interface LoadedData {
  train: Dataset;
  validation: Dataset;
  splitIndices: { train: Int32Array; validation: Int32Array };
}

/**
 * The dataset, split (seeded, stratified), and for the 2-D sets standardized with the training split's mean and
 * standard deviation per feature (scikit-learn's StandardScaler fitted on train), so every set trains at one scale.
 * Image pixels are already in [0, 1] (data/images.ts).
 */
export async function loadTrainingData(config: TrainingConfig, source: BytesSource | undefined): Promise<Result<LoadedData>> {
  const { name, samples, noise, validationFraction } = config.dataset;
  const samplesOrDefault = samples as number;
  let full: Result<Dataset>;
  if ((SYNTHETIC_SETS as readonly string[]).includes(name)) {
    full = generateSynthetic(name as SyntheticSet, { samples: samplesOrDefault, noise: noise ?? 0, seed: config.seed });
  } else {
    full = await loadImageDataset(name as 'digits' | 'fashion-mnist', samplesOrDefault, source);
  }
  if (!full.ok) return fail({ ...full.error, path: full.error.path ? `dataset.${full.error.path}` : 'dataset' });
  const split = stratifiedSplit(full.value, config.seed, validationFraction);
  if (!split.ok) return fail({ ...split.error, path: `dataset.${split.error.path ?? 'validationFraction'}` });
  const train = take(full.value, split.value.train);
  const validation = take(full.value, split.value.validation);
  if ((SYNTHETIC_SETS as readonly string[]).includes(name)) standardize(train, validation);
  return ok({ train, validation, splitIndices: { train: split.value.train, validation: split.value.validation } });
}

function standardize(train: Dataset, validation: Dataset): void {
  const f = train.features;
  const n = train.y.length;
  for (let j = 0; j < f; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += train.x[i * f + j] as number;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += ((train.x[i * f + j] as number) - mean) ** 2;
    const std = Math.sqrt(variance / n) || 1;
    for (const set of [train, validation]) {
      for (let i = 0; i < set.y.length; i++) set.x[i * f + j] = ((set.x[i * f + j] as number) - mean) / std;
    }
  }
}

/**
 * Fingerprint of everything about the data order a run sees: the split's indices, the batch size and every
 * epoch's permutation, for all configured epochs (so a run stopped early still has the same hash as its siblings).
 */
function batchOrderHash(config: TrainingConfig, split: { train: Int32Array; validation: Int32Array }, trainCount: number): string {
  const hasher = createHasher();
  hasher.update(Int32Array.of(config.batchSize, config.epochs, split.train.length, split.validation.length));
  hasher.update(split.train);
  hasher.update(split.validation);
  for (let epoch = 0; epoch < config.epochs; epoch++) hasher.update(batchOrder(config.seed, epoch, trainCount, config.batchSize).order);
  return hasher.digest();
}

/** Every tensor a run owns, disposed together in `finally` (stopping mid-epoch frees everything). */
class TensorSet {
  private readonly owners: { dispose(): void }[] = [];
  add(owner: { dispose(): void }): void {
    this.owners.push(owner);
  }
  keep<T extends Record<string, tf.Tensor>>(tensors: T): T {
    for (const t of Object.values(tensors)) this.owners.push(t);
    return tensors;
  }
  dispose(): void {
    for (const owner of this.owners.splice(0).reverse()) owner.dispose();
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A macrotask (setImmediate in Node, a MessageChannel message in a worker), not a clamped setTimeout. */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
