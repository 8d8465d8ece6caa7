/**
 * Seeded Gaussian noise for the gradient: mulberry32 uniforms (src/schedules/random.ts) through the Box–Muller
 * transform, z = sqrt(−2 ln u₁) · cos(2π u₂) with u₁ = 1 − r₁ (in (0, 1], so the log is finite) and u₂ = r₂.
 * Each draw takes two uniforms and keeps no spare, so the NumPy reference reproduces it draw for draw.
 */
import { seededRandom } from '../schedules/random';

export function gaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => {
    const u1 = 1 - uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}
