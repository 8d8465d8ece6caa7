/**
 * The training engine's public API (runs in Node and in a Web Worker: no React, no DOM).
 *
 *   const c = validateConfig(raw);            // { ok, value: TrainingConfig with every default } or { ok: false, error: { path, message } }
 *   updateRuleOf(c.value);                    // 'torch' | 'keras': whose optimizer arithmetic the run follows
 *
 * `train` is not exported yet: it comes with the training loop, so nothing here pretends to train.
 */
// The public types and every documented limit (types.ts holds nothing else).
export * from './types';
export { OPTIMIZER_DEFAULTS, updateRuleOf, validateConfig } from './config';
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
export { initialWeights, initialWeightsHash, toTorchLayout } from './init';
export { hashBytes } from './hash';
