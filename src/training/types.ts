/**
 * Public types and limits of the training engine. It runs in Node and in a Web Worker: no React, no DOM
 * (src/training/tsconfig.json has only the worker's libs, and Biome forbids React and src/ui imports here).
 */
import type { FrameworkCall } from '../schedules/index';

export const DATASET_NAMES = ['digits', 'fashion-mnist', 'spiral', 'moons', 'circles', 'xor', 'blobs'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** The tfjs backends, and 'fused': the WebAssembly SIMD kernel that trains a whole batch in one call (fused/). */
export const BACKEND_NAMES = ['fused', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const ACTIVATIONS = ['relu', 'tanh'] as const;
export const INITS = ['glorot_uniform', 'torch_default'] as const;

export interface TrainingConfig {
  /** `samples` and `noise` have per-dataset ranges and defaults (DATASET_LIMITS); validation is 0.2 by default. */
  dataset: { name: DatasetName; samples?: number; noise?: number; validationFraction?: number };
  /** Default: the article's [128, 64] hidden layers, relu, softmax output. */
  model: { kind: 'mlp'; hidden: number[]; activation: 'relu' | 'tanh' };
  init: 'glorot_uniform' | 'torch_default';
  optimizer: {
    kind: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
    lr: number;
    momentum?: number;
    nesterov?: boolean;
    betas?: [number, number];
    weight_decay?: number;
    eps?: number;
  };
  /** A panel's call (with stepEvery); its framework decides the optimizer's update rule (see updateRuleOf). */
  schedule: FrameworkCall;
  epochs: number;
  batchSize: number;
  seed: number;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
  lr: number;
  momentum?: number;
  seconds: number;
}

export interface RunResult {
  epochs: EpochMetrics[];
  appliedLr: number[];
  appliedMomentum?: number[];
  initialWeightsHash: string;
  batchOrderHash: string;
  /** Where the divergence rule (divergence.ts) stopped the run, and which part of it fired. */
  diverged?: { epoch: number; step: number; lr: number; reason?: string };
  backend: BackendName;
  stopped?: boolean;
}

/**
 * A 2-D set's decision boundary: the model's prediction on a size × size grid of cell centres (train's `onBoundary`,
 * the worker's `boundary` event). Cell (row r, column c) is centred at
 * x = xMin + (c + 0.5) · (xMax − xMin) / size, y = yMax − (r + 0.5) · (yMax − yMin) / size.
 */
export interface BoundaryGrid {
  /** Extent in the dataset's RAW feature space (before train's standardization), data range ± 10 % margin. */
  extent: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** size × size cells, row-major, row 0 at yMax (the top), column 0 at xMin. */
  size: number;
  classes: number;
  /** Predicted class per cell. */
  predicted: Uint8Array;
  /** The predicted class's softmax probability per cell, in [0, 1]. */
  confidence: Float32Array;
}

/** An image set's final evaluation on the validation set (train's `onEvaluation`, the worker's `evaluation` event). */
export interface Evaluation {
  /** confusion[trueClass][predictedClass]: counts over the validation set with the final weights. */
  confusion: number[][];
  /** Up to 8 misclassified validation images (the most confident mistakes first), pixels in [0, 1], row-major height × width. */
  misclassified: { label: number; predicted: number; confidence: number; pixels: Float32Array }[];
  width: number;
  height: number;
}

/** The default BoundaryGrid size (cells per side), and the range train accepts for `boundarySize`. */
export const DEFAULT_BOUNDARY_SIZE = 48;
export const BOUNDARY_SIZE_RANGE = { min: 2, max: 256 } as const;
/** The most misclassified images an Evaluation carries. */
export const MAX_MISCLASSIFIED = 8;

/** Which framework's optimizer arithmetic a run follows (Keras's epsilon placement, decoupled decay, ...). */
export type UpdateRule = 'torch' | 'keras';

// ---- Limits. Each one is what a browser tab can train in reasonable time, or what the optimizer's maths allows.

/** An in-browser run of a few minutes: 1,000 epochs of the small datasets is already long; 10,000 is refused. */
export const MAX_EPOCHS = 1000;
/** The largest training set (fashion-mnist's subset) fits in one batch of this size; larger is only memory. */
export const MAX_BATCH_SIZE = 4096;
/** Enough to show depth effects on these datasets; more makes the worker slow without teaching anything new. */
export const MAX_HIDDEN_LAYERS = 4;
/** Per hidden layer: 512 units of a 784-input MLP is ~400k weights, still quick on the CPU backend. */
export const MAX_UNITS = 512;
/**
 * The base LR lies in (0, MAX_LR]. Zero trains nothing (and schedules that scale the base LR would stay at 0).
 * Up to 100 so that divergence itself can be shown and studied (at lr 50 the article's MLP climbs to a loss of
 * about 1e13 in real PyTorch, and the LR range test sweeps that high); beyond it every optimizer here diverges on
 * its first step, so a larger value is almost surely a typo (1e9).
 */
export const MAX_LR = 100;
/** SGD and RMSprop momentum, in [0, 1): 1 never forgets a gradient, and the update grows without bound. */
export const MOMENTUM_RANGE = { min: 0, maxExclusive: 1 } as const;
/** Adam's betas, each in [0, 1) (torch's own check). */
export const BETA_RANGE = { min: 0, maxExclusive: 1 } as const;
/** eps in (0, 1]: it only guards a division; a larger value turns Adam into plain SGD. */
export const EPS_RANGE = { minExclusive: 0, max: 1 } as const;
/** weight_decay in [0, 1]: 1 already wipes the weights each step at LR 1. */
export const WEIGHT_DECAY_RANGE = { min: 0, max: 1 } as const;
/** validationFraction in (0, 0.5]: some validation is needed for val_loss (plateau schedules), and most data trains. */
export const VALIDATION_FRACTION_RANGE = { minExclusive: 0, max: 0.5 } as const;
export const DEFAULT_VALIDATION_FRACTION = 0.2;
/** seed: an integer in [0, 2^32), what a 32-bit generator takes without folding. */
export const MAX_SEED_EXCLUSIVE = 2 ** 32;

export interface DatasetLimits {
  samples: { min: number; max: number; default: number };
  /** Absent: the dataset takes no noise (image datasets). */
  noise?: { min: number; max: number; default: number };
}

/**
 * Per dataset. Image datasets: `samples` is a subset size (digits has 1,797 images in all, scikit-learn's
 * load_digits; fashion-mnist is capped at what a tab downloads and holds comfortably) and take no noise.
 * Synthetic 2-D datasets: `samples` points (within data/synthetic.ts's own 10 to 100,000); `noise` is the jitter's
 * scale, in [0, 1] as data/synthetic.ts takes it (blobs: cluster_std = 10 × noise, so the default 0.1 is scikit-learn's 1.0).
 */
export const DATASET_LIMITS: Readonly<Record<DatasetName, DatasetLimits>> = {
  digits: { samples: { min: 100, max: 1797, default: 1797 } },
  'fashion-mnist': { samples: { min: 1000, max: 10000, default: 10000 } },
  spiral: { samples: { min: 20, max: 10000, default: 1000 }, noise: { min: 0, max: 1, default: 0.2 } },
  moons: { samples: { min: 20, max: 10000, default: 1000 }, noise: { min: 0, max: 1, default: 0.1 } },
  circles: { samples: { min: 20, max: 10000, default: 1000 }, noise: { min: 0, max: 1, default: 0.05 } },
  xor: { samples: { min: 20, max: 10000, default: 1000 }, noise: { min: 0, max: 1, default: 0.1 } },
  blobs: { samples: { min: 20, max: 10000, default: 1000 }, noise: { min: 0, max: 1, default: 0.1 } },
};

export const DEFAULT_MODEL: Readonly<TrainingConfig['model']> = { kind: 'mlp', hidden: [128, 64], activation: 'relu' };
