/**
 * Every Keras 3 family: LearningRateSchedule subclasses (per optimizer step, their own initial_learning_rate)
 * and LR callbacks (per epoch, driving the optimizer's LR). Sources and commits: see ./common.ts.
 */
import type { StandaloneFamily } from '../family';
import { learningRateSchedulerFamily, reduceLROnPlateauFamily } from './callbacks';
import { cosineDecayFamily, cosineDecayRestartsFamily } from './cosine';
import { exponentialDecayFamily, inverseTimeDecayFamily, piecewiseConstantDecayFamily, polynomialDecayFamily } from './decay';

export const kerasFamilies: readonly StandaloneFamily[] = [
  exponentialDecayFamily,
  piecewiseConstantDecayFamily,
  polynomialDecayFamily,
  inverseTimeDecayFamily,
  cosineDecayFamily,
  cosineDecayRestartsFamily,
  learningRateSchedulerFamily,
  reduceLROnPlateauFamily,
];

/** Keras 3 optimizers' default learning rates (keras/src/optimizers/*.py). */
export const KERAS_DEFAULT_LR = { SGD: 0.01, Adam: 0.001, AdamW: 0.001, RMSprop: 0.001 } as const;
