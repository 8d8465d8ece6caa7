/** Families that exist in neither framework (warmup wrapper, warmup-stable-decay, inverse square root). */
import type { StandaloneFamily } from '../family';
import { inverseSqrtFamily } from './inverse-sqrt';
import { warmupFamily } from './warmup';
import { warmupStableDecayFamily } from './wsd';

export const playgroundFamilies: readonly StandaloneFamily[] = [warmupFamily, warmupStableDecayFamily, inverseSqrtFamily];
