export { SURFACES, type Surface, type SurfaceSpec, type Point, type Box, surfaceOf, isSurface, limitsOf } from './surfaces';
export {
  optimizePath,
  type PathOptions,
  type SampledSchedule,
  type Path,
  type PathEnd,
  type LandscapeOptimizer,
  MAX_PATH_STEPS,
  MAX_GRADIENT_NOISE,
  NEAR_MINIMUM,
} from './path';
export { gaussian } from './noise';
export { BANDS, type ColourScale, colourScale, contourPixels, sampleGrid, viridis } from './map';
