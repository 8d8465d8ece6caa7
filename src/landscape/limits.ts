/** The Landscape engine's limits, in a module of their own: the store and the link codec read them without loading the engine. */

/** The most steps one path takes (the step slider's range; 6 panels × this stay well within a frame's work). */
export const MAX_PATH_STEPS = 10_000;
/** Gradient noise is a standard deviation per coordinate, in the gradient's own units. */
export const MAX_GRADIENT_NOISE = 1000;
/** "Reached the minimum": the first step whose loss is within this of the surface's global minimum. */
export const NEAR_MINIMUM = 1e-3;
