/**
 * The training engine's public API (runs in Node and in a Web Worker: no React, no DOM).
 *
 *   const c = validateConfig(raw);            // { ok, value: TrainingConfig with every default } or { ok: false, error: { path, message } }
 *   updateRuleOf(c.value);                    // 'torch' | 'keras': whose optimizer arithmetic the run follows
 *   const r = await train(config, { backend: 'auto', signal, onEpoch, onBatch });   // { ok, value: RunResult } or { ok: false, error }
 *
 * `train` never throws. The page does not call it directly: the training worker (training.worker.ts) does, and
 * the page talks to the worker through client.ts.
 *
 * This index imports tfjs (train). The page imports the pure modules directly instead: types, protocol, client,
 * summary and data/sizes, none of which reach tfjs or the training code (purity.test.ts checks it).
 */
// The public types and every documented limit (types.ts holds nothing else).
export * from './types';
export { OPTIMIZER_DEFAULTS, updateRuleOf, validateConfig, validateDatasetConfig } from './config';
export { type LoadedData, loadTrainingData, type Scaling, type TrainOptions, train } from './train';
export { type BackendChoice, type BackendRequest, selectBackend } from './backends';
export { DIVERGENCE_RULE, EXPLOSION_FACTOR } from './divergence';
export { type Optimizer, createOptimizer } from './optimizers';
export {
  assertNever,
  BATCH_EVENT_INTERVAL_MS,
  checkWorkerCommand,
  checkWorkerEvent,
  type GuardResult,
  isWorkerCommand,
  isWorkerEvent,
  MAX_RUNS_PER_START,
  PROTOCOL_VERSION,
  type RunSummary,
  type WorkerCommand,
  type WorkerCommandType,
  type WorkerEvent,
  type WorkerEventType,
} from './protocol';

// Fair by construction: the data, the split, each epoch's batch order and the initial weights are functions of
// the seed only, whatever the schedule or backend, and their hashes let a comparison prove it.
export { type Dataset, generateSynthetic, type SyntheticOptions, type SyntheticSet, SYNTHETIC_SETS } from './data/synthetic';
export { batchOrder, stratifiedSplit, take } from './data/split';
export {
  type BytesSource,
  clearImageDatasetCache,
  decodeImageDataset,
  IMAGE_DATASETS,
  type ImageDatasetName,
  loadImageDataset,
} from './data/images';
export { initialWeights, initialWeightsHash, toTorchLayout } from './init';
export { type SplitSizes, splitSizes, stepsPerEpoch } from './data/sizes';
export { subsetClassCounts } from './data/images';

// For the view, pure (no tfjs; the page imports these modules directly): the panels' summaries and the CSV export.
export {
  type BandMetric,
  type BandPoint,
  bandOf,
  type MeanSd,
  meanSd,
  type PanelSummary,
  type SeedSeries,
  summarizePanel,
  TRAINING_CSV_HEADER,
  trainingCsv,
} from './summary';
export { hashBytes } from './hash';
