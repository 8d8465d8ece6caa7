/** Every Keras 3 family: LearningRateSchedule subclasses (per optimizer step) and LR callbacks (per epoch). */
import type { StandaloneFamily } from '../family';

export const kerasFamilies: readonly StandaloneFamily[] = [];

/** Keras 3 optimizers' default learning rates (keras/src/optimizers/*.py). */
export const KERAS_DEFAULT_LR = { SGD: 0.01, Adam: 0.001, AdamW: 0.001, RMSprop: 0.001 } as const;
