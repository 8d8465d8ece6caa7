/**
 * `auto`'s calibration: how long one optimizer step of this model takes on a backend here, measured on synthetic
 * data of the model's shape. `auto` trains on whichever of the fused kernel and tfjs's best backend is faster for
 * the model (backends.ts), and says both figures in its reason. Each figure is measured once per worker and model
 * shape (backends.ts caches the choice).
 */
import { splitSizes, stepsPerEpoch } from './data/sizes';
import { createFusedEngine, createTfjsEngine, type Engine } from './engine';
import { initialWeights } from './init';
import { createRng } from './random';
import type { BackendName, TrainingConfig } from './types';

/** The shape of one run's work: what a step costs depends on these only. */
export interface Workload {
  features: number;
  hidden: readonly number[];
  classes: number;
  activation: TrainingConfig['model']['activation'];
  batchSize: number;
  stepsPerEpoch: number;
}

/** The article's MLP on the digits (64 → 128 → 64 → 10, batch 32, 1,437 training rows): a probe's workload. */
export const DEFAULT_WORKLOAD: Workload = {
  features: 64,
  hidden: [128, 64],
  classes: 10,
  activation: 'relu',
  batchSize: 32,
  stepsPerEpoch: 45,
};

/** A run's workload, or null when its dataset settings are invalid (train then reports them). */
export function workloadOf(config: TrainingConfig): Workload | null {
  const sizes = splitSizes(config.dataset, config.seed);
  if (!sizes.ok || !config.model || !Array.isArray(config.model.hidden)) return null;
  const { features, classes, train } = sizes.value;
  const batchSize = Math.min(config.batchSize, train);
  return {
    features,
    hidden: [...config.model.hidden],
    classes,
    activation: config.model.activation,
    batchSize,
    stepsPerEpoch: stepsPerEpoch(train, batchSize),
  };
}

export const workloadKey = (w: Workload): string =>
  `${w.features}-${w.hidden.join('x')}-${w.classes}-${w.activation}-b${w.batchSize}-s${w.stepsPerEpoch}`;

/** Steps run (and discarded) before timing: the first steps pay for compilation (V8's tiers, WebGL's shaders). */
const WARMUP_STEPS = 3;
/** Timing stops after this many steps or this many milliseconds, whichever comes first (after at least 3 steps). */
const MAX_TIMED_STEPS = 40;
const TIME_BUDGET_MS = 120;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Milliseconds per optimizer step (the mean over the timed steps) of the workload's model on `backend`: 'fused', or
 * the tfjs backend that is current now. Synthetic, seeded data; torch SGD, which every optimizer costs about the
 * same as at this size (the update is a small part of a step).
 */
export async function msPerStep(backend: BackendName, workload: Workload): Promise<number> {
  const rng = createRng(7, 7);
  const rows = workload.batchSize * 4;
  const x = new Float32Array(rows * workload.features);
  for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1;
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = i % workload.classes;
  const set = { x, y, features: workload.features, classes: workload.classes };
  const spec = {
    weights: initialWeights([workload.features, ...workload.hidden, workload.classes], 'glorot_uniform', 0),
    activation: workload.activation,
    lossKind: 'log-softmax' as const,
    optimizer: { kind: 'SGD' as const, lr: 0.01, momentum: 0 },
    rule: 'torch' as const,
    train: set,
    validation: set,
    capacity: workload.batchSize,
    classes: workload.classes,
  };
  const engine: Engine = backend === 'fused' ? await createFusedEngine(spec) : createTfjsEngine(spec);
  try {
    const batches = [0, 1, 2, 3].map((b) => Int32Array.from({ length: workload.batchSize }, (_, i) => b * workload.batchSize + i));
    for (let s = 0; s < WARMUP_STEPS; s++) await engine.trainStep(batches[s % 4] as Int32Array);
    // The mean over the timed steps: one fused step is shorter than a worker's coarsened clock resolution (0.1 ms).
    let steps = 0;
    const started = now();
    while (steps < MAX_TIMED_STEPS && (steps < 3 || now() - started < TIME_BUDGET_MS)) {
      await engine.trainStep(batches[steps % 4] as Int32Array);
      steps += 1;
    }
    return (now() - started) / steps;
  } finally {
    engine.dispose();
  }
}
