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
 *
 * For the view: `onBoundary` (2-D sets) gets the decision boundary once before the first batch (epoch −1, the
 * initial weights) and after each epoch's validation and `onEpoch`; `onEvaluation` (image sets) gets the confusion
 * matrix and the most confident mistakes on the validation set once, at the end of a run that completed or was
 * stopped (with the weights at the stop), never for a diverged or failed run.
 */
import '@tensorflow/tfjs-backend-cpu';
import { fromFramework, type ScheduleRun, startRun, type TickValues } from '../schedules/index';
import { type BackendChoice, selectBackend } from './backends';
import { workloadOf } from './calibrate';
import { updateRuleOf, validateConfig } from './config';
import { type BytesSource, IMAGE_DATASETS, loadImageDataset } from './data/images';
import { batchOrder, stratifiedSplit, take } from './data/split';
import { type Dataset, generateSynthetic, SYNTHETIC_SETS, type SyntheticSet } from './data/synthetic';
import { divergenceOf } from './divergence';
import { createHasher } from './hash';
import { createFusedEngine, createTfjsEngine, type Engine, type EngineSpec } from './engine';
import { type DenseWeights, initialWeights, initialWeightsHash } from './init';
import { fail, ok, type Result } from './result';
import {
  BOUNDARY_SIZE_RANGE,
  type BackendName,
  type BoundaryGrid,
  DEFAULT_BOUNDARY_SIZE,
  type EpochMetrics,
  type Evaluation,
  MAX_MISCLASSIFIED,
  type RunResult,
  type TrainingConfig,
} from './types';

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
  /**
   * 2-D sets only: the decision boundary on a boundarySize² grid over the raw data's range (± 10 %), as epoch −1
   * before the first batch (the initial weights), then after each epoch (after `onEpoch`, before the schedule's
   * epoch step). Not called for the epoch where a run diverges or after a stop.
   */
  onBoundary?: (epoch: number, grid: BoundaryGrid) => void;
  /** Cells per side of the boundary grid: an integer in BOUNDARY_SIZE_RANGE (2…256); default 48. */
  boundarySize?: number;
  /**
   * Image sets only: the validation set's confusion matrix and most confident mistakes, once at the end of a run
   * that completed or was stopped (the weights at that moment), just before train resolves. Not for a run that
   * diverged, failed, or was stopped before its model existed.
   */
  onEvaluation?: (evaluation: Evaluation) => void;
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
  const boundarySize = options.boundarySize ?? DEFAULT_BOUNDARY_SIZE;
  if (!Number.isInteger(boundarySize) || boundarySize < BOUNDARY_SIZE_RANGE.min || boundarySize > BOUNDARY_SIZE_RANGE.max) {
    return fail({
      path: 'boundarySize',
      message: `boundarySize must be an integer from ${BOUNDARY_SIZE_RANGE.min} to ${BOUNDARY_SIZE_RANGE.max}, got ${String(boundarySize)}`,
    });
  }
  const built = fromFramework(config.schedule);
  if (!built.ok) return fail({ ...built.error, path: built.error.path ? `schedule.${built.error.path}` : 'schedule' });
  const schedule = startRun(built.value);
  if (!schedule.ok) return fail({ ...schedule.error, message: `The schedule failed to start: ${schedule.error.message}` });

  const opened = await openEngine(config, options);
  if (!opened.ok) return opened;
  const { engine, backend, loaded, hashes } = opened.value;
  const { train: trainSet, validation } = loaded;
  try {
    if (options.signal?.aborted) return ok({ epochs: [], appliedLr: [], ...hashes, backend, stopped: true });
    const scaling = loaded.scaling;
    const boundary =
      options.onBoundary && scaling
        ? { size: boundarySize, extent: scaling.extent, points: boundaryPoints(scaling, boundarySize) }
        : undefined;
    const imageInfo = Object.hasOwn(IMAGE_DATASETS, config.dataset.name)
      ? IMAGE_DATASETS[config.dataset.name as keyof typeof IMAGE_DATASETS]
      : undefined;
    const evaluation = options.onEvaluation && imageInfo ? { validation, width: imageInfo.width, height: imageInfo.height } : undefined;
    return await loop({
      config,
      schedule: schedule.value,
      cyclesMomentum: built.value.cyclesMomentum,
      engine,
      trainCount: trainSet.y.length,
      validationCount: validation.y.length,
      classes: trainSet.classes,
      hashes,
      backend,
      options,
      boundary,
      evaluation,
    });
  } finally {
    engine.dispose();
  }
}

/** What openEngine hands over: a ready engine on the chosen backend, the data it trains on, and the fairness hashes. */
export interface OpenedEngine {
  engine: Engine;
  backend: BackendName;
  loaded: LoadedData;
  hashes: { initialWeightsHash: string; batchOrderHash: string };
}

/**
 * The part of a run before its first batch, shared with the LR range test (lr-finder.ts): picks the backend, loads
 * and splits the data, makes the seed's initial weights and the engine with the config's optimizer and its
 * framework's update rule. `config` is already validated. The caller disposes the engine.
 */
export async function openEngine(
  config: TrainingConfig,
  options: Pick<TrainOptions, 'backend' | 'allowFallbackAdapter' | 'datasetSource' | 'onBackend'>,
): Promise<Result<OpenedEngine>> {
  const workload = workloadOf(config);
  const backendChoice = await selectBackend(options.backend ?? 'auto', {
    allowFallbackAdapter: options.allowFallbackAdapter === true,
    ...(workload ? { workload } : {}),
  });
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
  const rule = updateRuleOf(config);
  const engineSpec: EngineSpec = {
    weights,
    activation: config.model.activation,
    lossKind: rule === 'keras' ? 'clipped-probability' : 'log-softmax',
    optimizer: config.optimizer,
    rule,
    train: trainSet,
    validation,
    capacity: Math.min(config.batchSize, trainSet.y.length),
    classes: trainSet.classes,
  };
  const engine = backend === 'fused' ? await createFusedEngine(engineSpec) : createTfjsEngine(engineSpec);
  return ok({ engine, backend, loaded: data.value, hashes });
}

interface LoopInput {
  config: TrainingConfig;
  schedule: ScheduleRun;
  /** The schedule cycles momentum (Adam: β1): OneCycleLR, CyclicLR. */
  cyclesMomentum: boolean;
  engine: Engine;
  trainCount: number;
  validationCount: number;
  classes: number;
  hashes: { initialWeightsHash: string; batchOrderHash: string };
  backend: BackendName;
  options: TrainOptions;
  /** Present when onBoundary is given and the set is 2-D: the grid's cell centres, standardized as the data. */
  boundary: { size: number; extent: BoundaryGrid['extent']; points: Float32Array } | undefined;
  /** Present when onEvaluation is given and the set is an image set. */
  evaluation: { validation: Dataset; width: number; height: number } | undefined;
}

async function loop(input: LoopInput): Promise<Result<RunResult>> {
  const { config, schedule, cyclesMomentum, engine, trainCount, validationCount, classes, hashes, backend, options, boundary, evaluation } =
    input;
  const stepsAfterLastTick = config.schedule.framework !== 'keras';
  const perBatch = schedule.stepEvery === 'batch';
  const epochs: EpochMetrics[] = [];
  const appliedLr: number[] = [];
  const appliedMomentum: number[] = [];
  let firstLoss: number | undefined;
  let step = 0;
  let lastYield = now();
  const result = (extra: Partial<RunResult> = {}): Result<RunResult> =>
    ok({ epochs, appliedLr, ...(cyclesMomentum ? { appliedMomentum } : {}), ...hashes, backend, ...extra });
  const emitBoundary = async (epoch: number): Promise<void> => {
    if (boundary && options.onBoundary) options.onBoundary(epoch, await boundaryOf(engine, boundary, classes));
  };
  /** A run that completed or was stopped: the image sets' evaluation, then the result. */
  const finished = async (extra: Partial<RunResult> = {}): Promise<Result<RunResult>> => {
    if (evaluation && options.onEvaluation) {
      options.onEvaluation(await evaluationOf(engine, evaluation.validation, classes, evaluation.width, evaluation.height));
    }
    return result(extra);
  };
  // `where` counts epochs and batches from 1, as people do.
  const scheduleFailure = (error: { message: string }, where: string) =>
    fail<RunResult>({
      message: `The schedule's step() failed after optimizer step ${step} (${where}): ${error.message}`,
      path: 'schedule',
    });

  let values: TickValues;
  const first = schedule.current();
  if (!first.ok) return scheduleFailure(first.error, 'before the first batch');
  values = first.value;
  await emitBoundary(-1);
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const started = now();
    const { order, boundaries } = batchOrder(config.seed, epoch, trainCount, config.batchSize);
    let lossSum = 0;
    let correctSum = 0;
    let epochLr = Number.NaN;
    let epochMomentum: number | undefined;
    for (let b = 0; b + 1 < boundaries.length; b++) {
      if (options.waitWhilePaused) await options.waitWhilePaused();
      if (options.signal?.aborted) return finished({ stopped: true });
      if (now() - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = now();
        if (options.signal?.aborted) return finished({ stopped: true });
      }
      engine.setHyper(values);
      const lr = engine.learningRate;
      appliedLr.push(lr);
      if (cyclesMomentum) appliedMomentum.push(engine.momentum);
      if (b === 0) {
        epochLr = lr;
        if (cyclesMomentum) epochMomentum = engine.momentum;
      }
      const indices = order.subarray(boundaries[b], boundaries[b + 1]);
      const { loss, correct, rawLoss } = await engine.trainStep(indices);
      const size = indices.length;
      if (firstLoss === undefined) {
        firstLoss = rawLoss;
        if (options.onWeights) options.onWeights('after-first-step', await engine.readWeights());
      }
      options.onBatch?.(step, loss);
      const diverged = divergenceOf({ loss, rawLoss, firstLoss });
      if (diverged) return result({ diverged: { epoch, step, lr, reason: diverged } });
      lossSum += loss * size;
      correctSum += correct;
      step += 1;
      const last = epoch === config.epochs - 1 && b + 2 === boundaries.length;
      if (perBatch && (stepsAfterLastTick || !last)) {
        const next = schedule.step();
        if (!next.ok) return scheduleFailure(next.error, `epoch ${epoch + 1}, batch ${b + 1}`);
        values = next.value;
      }
    }
    const { loss: valLoss, correct: valCorrect, weightMagnitude } = await engine.evaluate();
    const metrics: EpochMetrics = {
      epoch,
      loss: lossSum / trainCount,
      accuracy: correctSum / trainCount,
      val_loss: valLoss,
      val_accuracy: valCorrect / validationCount,
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
    await emitBoundary(epoch);
    if (!perBatch && (stepsAfterLastTick || epoch + 1 < config.epochs)) {
      const metric = schedule.monitor ? metrics[schedule.monitor.metric] : undefined;
      const next = schedule.step(metric);
      if (!next.ok) return scheduleFailure(next.error, `end of epoch ${epoch + 1}`);
      values = next.value;
    }
  }
  if (options.onWeights) options.onWeights('final', await engine.readWeights());
  return finished();
}

export interface LoadedData {
  train: Dataset;
  validation: Dataset;
  splitIndices: { train: Int32Array; validation: Int32Array };
  /**
   * 2-D sets: the standardization applied (x' = (x − mean) / std per feature, fitted on train) and the raw data's
   * range over every point ± 10 % (the boundary grid's extent). Absent for image sets.
   */
  scaling?: Scaling;
}

export interface Scaling {
  mean: number[];
  std: number[];
  extent: BoundaryGrid['extent'];
}

/** The boundary grid's margin on each side, as a fraction of the data's range. */
const BOUNDARY_MARGIN = 0.1;

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
  const splitIndices = { train: split.value.train, validation: split.value.validation };
  if (!(SYNTHETIC_SETS as readonly string[]).includes(name)) return ok({ train, validation, splitIndices });
  const extent = extentOf(full.value);
  const { mean, std } = standardize(train, validation);
  return ok({ train, validation, splitIndices, scaling: { mean, std, extent } });
}

/** A 2-D set's range over every point, widened by BOUNDARY_MARGIN of it on each side (1 when a range is empty). */
function extentOf(data: Dataset): BoundaryGrid['extent'] {
  const range = (j: number): [number, number] => {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < data.y.length; i++) {
      const v = data.x[i * data.features + j] as number;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    const margin = BOUNDARY_MARGIN * (high - low || 1);
    return [low - margin, high + margin];
  };
  const [xMin, xMax] = range(0);
  const [yMin, yMax] = range(1);
  return { xMin, xMax, yMin, yMax };
}

/** The grid's cell centres (row 0 at yMax, column 0 at xMin), standardized as the training data, row-major (x, y pairs). */
function boundaryPoints(scaling: Scaling, size: number): Float32Array {
  const { extent, mean, std } = scaling;
  const points = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    const y = extent.yMax - ((r + 0.5) * (extent.yMax - extent.yMin)) / size;
    for (let c = 0; c < size; c++) {
      const x = extent.xMin + ((c + 0.5) * (extent.xMax - extent.xMin)) / size;
      const i = r * size + c;
      points[2 * i] = (x - (mean[0] as number)) / (std[0] as number);
      points[2 * i + 1] = (y - (mean[1] as number)) / (std[1] as number);
    }
  }
  return points;
}

/** A probability clamped to [0, 1] (rounding can leave it a hair outside), NaN (overflowing logits) as 0. */
const toUnit = (p: number): number => (Number.isNaN(p) ? 0 : Math.min(1, Math.max(0, p)));

async function boundaryOf(
  engine: Engine,
  boundary: { size: number; extent: BoundaryGrid['extent']; points: Float32Array },
  classes: number,
): Promise<BoundaryGrid> {
  const { predicted, confidence } = await engine.predict(boundary.points);
  // A probability a hair outside [0, 1] from rounding, or NaN from overflowing logits, is clamped (NaN to 0).
  for (let i = 0; i < confidence.length; i++) confidence[i] = toUnit(confidence[i] as number);
  return { extent: { ...boundary.extent }, size: boundary.size, classes, predicted: Uint8Array.from(predicted), confidence };
}

async function evaluationOf(engine: Engine, validation: Dataset, classes: number, width: number, height: number): Promise<Evaluation> {
  const { predicted, confidence } = await engine.predict(validation.x);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const mistakes: number[] = [];
  for (let i = 0; i < validation.y.length; i++) {
    const label = validation.y[i] as number;
    const guess = predicted[i] as number;
    const row = confusion[label] as number[];
    row[guess] = (row[guess] as number) + 1;
    if (guess !== label) mistakes.push(i);
  }
  const sureness = (i: number): number => toUnit(confidence[i] as number);
  // The most confident first; equal confidences in validation-set order.
  mistakes.sort((a, b) => sureness(b) - sureness(a) || a - b);
  const f = validation.features;
  const misclassified = mistakes.slice(0, MAX_MISCLASSIFIED).map((i) => ({
    label: validation.y[i] as number,
    predicted: predicted[i] as number,
    confidence: sureness(i),
    pixels: validation.x.slice(i * f, (i + 1) * f),
  }));
  return { confusion, misclassified, width, height };
}

/** Standardizes both sets in place with the training set's per-feature mean and standard deviation, and returns them. */
function standardize(train: Dataset, validation: Dataset): { mean: number[]; std: number[] } {
  const means: number[] = [];
  const stds: number[] = [];
  const f = train.features;
  const n = train.y.length;
  for (let j = 0; j < f; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += train.x[i * f + j] as number;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += ((train.x[i * f + j] as number) - mean) ** 2;
    const std = Math.sqrt(variance / n) || 1;
    means.push(mean);
    stds.push(std);
    for (const set of [train, validation]) {
      for (let i = 0; i < set.y.length; i++) set.x[i * f + j] = ((set.x[i * f + j] as number) - mean) / std;
    }
  }
  return { mean: means, std: stds };
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

export const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A macrotask (setImmediate in Node, a MessageChannel message in a worker), not a clamped setTimeout. */
export function yieldToEventLoop(): Promise<void> {
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
