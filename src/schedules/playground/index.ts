/** Families that exist in neither framework (warmup wrappers, warmup-stable-decay, inverse square root). */
import type { StandaloneFamily } from '../family';

export const playgroundFamilies: readonly StandaloneFamily[] = [];
