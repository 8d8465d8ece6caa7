/** Every PyTorch scheduler family, in the order the UI lists them. */
import type { TorchFamily } from './base';
import { chainedSchedulerFamily, sequentialLRFamily } from './composite';
import { cosineAnnealingLRFamily, cosineAnnealingWarmRestartsFamily } from './cosine';
import { cyclicLRFamily } from './cyclic';
import { constantLRFamily, exponentialLRFamily, linearLRFamily, multiStepLRFamily, polynomialLRFamily, stepLRFamily } from './decay';
import { lambdaLRFamily, multiplicativeLRFamily } from './lambda';
import { oneCycleLRFamily } from './one-cycle';
import { reduceLROnPlateauFamily } from './plateau';
import { swaLRFamily, swaRecipeFamily } from './swa';

export const torchFamilies: readonly TorchFamily[] = [
  stepLRFamily,
  multiStepLRFamily,
  exponentialLRFamily,
  cosineAnnealingLRFamily,
  cosineAnnealingWarmRestartsFamily,
  cyclicLRFamily,
  oneCycleLRFamily,
  reduceLROnPlateauFamily,
  linearLRFamily,
  constantLRFamily,
  polynomialLRFamily,
  lambdaLRFamily,
  multiplicativeLRFamily,
  sequentialLRFamily,
  chainedSchedulerFamily,
  swaLRFamily,
  swaRecipeFamily,
];

export { TorchOptimizer, TORCH_DEFAULT_LR } from './base';
export type { BuildContext, MetricScheduler, PyFunction, TorchFamily, TorchScheduler } from './base';
