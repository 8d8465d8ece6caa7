/** Families that exist in no framework (warmup wrapper, inverse square root). WarmupStableDecay, which imitated
 * Hugging Face's get_wsd_schedule, was replaced by the real one (transformers/wsd.ts; old links map onto it). */
import type { StandaloneFamily } from '../family';
import { inverseSqrtFamily } from './inverse-sqrt';
import { warmupFamily } from './warmup';

export const playgroundFamilies: readonly StandaloneFamily[] = [warmupFamily, inverseSqrtFamily];
