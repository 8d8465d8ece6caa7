/**
 * Keras 3's cosine schedules, from keras/src/optimizers/schedules/learning_rate_schedule.py
 * @ 5d24952b083cb11f87abadacc886ddb3bdb63a03. Notation: s = the optimizer's iteration count, lr_0 =
 * initial_learning_rate, cos_decay(x) = 0.5 · (1 + cos(π · x)).
 */
import type { StandaloneFamily } from '../family';
import { num, numOrNull } from '../args';
import { alphaParam, decayStepsParam, initialLrParam, KERAS_VERSION_LABEL, stepSimulation } from './common';

/** CosineDecay._decay_function: from · ((1 − α) · cos_decay(s / decay_steps) + α). */
function cosineDecayed(step: number, decaySteps: number, from: number, alpha: number): number {
  const completedFraction = step / decaySteps;
  const cosine = 0.5 * (1.0 + Math.cos(Math.PI * completedFraction));
  const decayed = (1 - alpha) * cosine + alpha;
  return from * decayed;
}

/**
 * CosineDecay (Keras CosineDecay.__call__):
 *   warmup_target None: lr(s) = lr_0 · ((1 − α) · cos_decay(min(s, D) / D) + α), D = decay_steps;
 *   else, with W = warmup_steps and s' = min(s, W + D):
 *     s' < W: lr = (warmup_target − lr_0) · (s' / W) + lr_0   (linear warmup from lr_0)
 *     else:   lr = warmup_target · ((1 − α) · cos_decay((s' − W) / D) + α)
 * It holds its floor (α · lr_0, or α · warmup_target) after the decay. The docstring's warmup formula omits
 * the `+ initial_learning_rate` term and its decay formula clamps at decay_steps even with warmup; the code
 * (followed here) clamps at warmup_steps + decay_steps. With warmup_steps = 0 a warmup_target skips warmup and
 * decays from warmup_target.
 */
export function cosineDecay(lr0: number, decaySteps: number, alpha: number, warmupTarget: number | null, warmupSteps: number) {
  return (step: number): number => {
    if (warmupTarget === null) return cosineDecayed(Math.min(step, decaySteps), decaySteps, lr0, alpha);
    const s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) {
      const completedFraction = s / warmupSteps;
      const totalStepDelta = warmupTarget - lr0;
      return totalStepDelta * completedFraction + lr0;
    }
    return cosineDecayed(s - warmupSteps, decaySteps, warmupTarget, alpha);
  };
}

export const cosineDecayFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'CosineDecay',
    title: 'Cosine decay (with warmup)',
    description: 'Optional linear warmup to warmup_target, then a half cosine down to alpha × that LR, held after.',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: false,
    // keras/src/optimizers/schedules/learning_rate_schedule.py, CosineDecay.__init__
    positional: ['initial_learning_rate', 'decay_steps', 'alpha', 'name', 'warmup_target', 'warmup_steps'],
    params: [
      initialLrParam(0.1, 'The LR at step 0: the start of the warmup, or of the decay when there is no warmup.'),
      decayStepsParam('decay_steps', 1000, 'Steps of the cosine decay (after the warmup).'),
      alphaParam('The floor, as a fraction of the LR the decay starts from (warmup_target when set).'),
      {
        name: 'warmup_target',
        label: 'Warmup target',
        help: 'None: no warmup. Otherwise the LR reached at the end of the warmup, where the decay starts.',
        kind: 'number',
        default: null,
        nullable: true,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-6,
        sliderMax: 1,
        step: 0.0001,
        log: true,
      },
      {
        name: 'warmup_steps',
        label: 'Warmup steps',
        help: 'Steps of the linear warmup (used only with a warmup_target).',
        kind: 'number',
        default: 0,
        unit: 'steps',
        // Keras checks nothing: warmup_steps <= 0 skips the warmup (the decay starts from warmup_target and,
        // shifted by −warmup_steps, ends warmup_steps earlier); a fraction is fine.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 5000,
        step: 1,
      },
    ],
  },
  start: (args) =>
    stepSimulation(
      cosineDecay(
        num(args, 'initial_learning_rate'),
        num(args, 'decay_steps'),
        num(args, 'alpha'),
        numOrNull(args, 'warmup_target'),
        num(args, 'warmup_steps'),
      ),
    ),
};

/** How many corrections `restartIndex` may apply in each direction (one suffices; more is a safety margin). */
const MAX_CORRECTIONS = 4;

/**
 * ⌊log_t(x)⌋ made exact at powers of t. Keras computes floor(log(x) / log(t)), which at an exact power lands on
 * either side of the integer depending on the libm (float64: log(243)/log(3) = 4.999999999999999 in glibc, but
 * log(27)/log(3) = 3.0000000000000004 in V8). We take the floating-point quotient as a first guess and correct
 * it by comparing t^k itself with x: the result is the largest k with t^k <= x (t > 1), or t^k >= x (t < 1).
 */
export function restartIndex(x: number, t: number): number {
  let k = Math.floor(Math.log(x) / Math.log(t));
  if (!Number.isFinite(k)) return k; // x <= 0 or NaN: Keras's own inf/NaN path
  const reached = (j: number): boolean => (t > 1 ? t ** j <= x : t ** j >= x);
  for (let n = 0; n < MAX_CORRECTIONS && reached(k + 1); n++) k += 1;
  for (let n = 0; n < MAX_CORRECTIONS && !reached(k); n++) k -= 1;
  return k + 0; // never −0 (log(1) / log(t < 1) is −0)
}

/**
 * CosineDecayRestarts (SGDR; Keras CosineDecayRestarts.__call__). With c = s / first_decay_steps:
 *   t_mul = 1: i = ⌊c⌋, f = c − i;
 *   else:      i = ⌊log(1 − c · (1 − t_mul)) / log(t_mul)⌋, f = (c − (1 − t_mul^i) / (1 − t_mul)) / t_mul^i;
 *   lr(s) = lr_0 · ((1 − α) · m_mul^i · cos_decay(f) + α).
 * Period i lasts first_decay_steps · t_mul^i steps and starts at lr_0 · ((1 − α) · m_mul^i + α); the floor
 * α · lr_0 is NOT scaled by m_mul (the docstring's "m_mul times initial learning rate" restart value holds only
 * for α = 0).
 *
 * Restart boundaries. At a step where 1 − c · (1 − t_mul) is exactly t_mul^k (e.g. t_mul = 3, step = 13 ·
 * first_decay_steps, argument 27), the mathematically exact index is k: period k starts there, at its peak.
 * Keras's floor(log/log) is a coin toss there, decided by precision and libm. Scanning every such boundary
 * below 10^7 steps (first_decay_steps 1..200): float64 with glibc gets k − 1 at t_mul = 3 for k = 5, 10, 13, 15
 * and at t_mul = 1.5 for k = 5, 7 (V8's Math.log only at t_mul = 1.5); NumPy float32, Keras's default dtype,
 * gets k − 1 only at t_mul = 2, k = 15 (log(32768)/log(2) = 14.999999 in float32); TensorFlow, JAX and torch
 * kernels may toss differently again. A k − 1 shows the previous period's floor (α · lr_0) for that one step
 * instead of the new peak. We follow the exact index (see restartIndex): what the formula means, and what
 * Keras shows at almost every boundary, independent of any one libm's rounding. Real Keras 3.15 on the torch
 * backend with floatx float64 agrees with the exact index at every boundary in the fixtures (t_mul 3 at step
 * 121 = (3^5 − 1)/2, t_mul 1.5 at step 211 with first_decay_steps 16, ...); with its default float32
 * it tosses some the other way (t_mul 1.5, first_decay_steps 16: step 40).
 * t_mul < 1 (shrinking periods) is accepted as Keras accepts it; once the periods' total length is used up the
 * logarithm's argument reaches 0 and Keras's LR becomes NaN, which `sample` reports at that step.
 */
export function cosineDecayRestarts(lr0: number, firstDecaySteps: number, tMul: number, mMul: number, alpha: number) {
  return (step: number): number => {
    const completed = step / firstDecaySteps;
    let i: number;
    let fraction: number;
    if (tMul === 1.0) {
      i = Math.floor(completed);
      fraction = completed - i;
    } else {
      i = restartIndex(1.0 - completed * (1.0 - tMul), tMul);
      const tPow = tMul ** i;
      const sumR = (1.0 - tPow) / (1.0 - tMul);
      fraction = (completed - sumR) / tPow;
    }
    const mFac = mMul ** i;
    const cosine = 0.5 * mFac * (1.0 + Math.cos(Math.PI * fraction));
    const decayed = (1 - alpha) * cosine + alpha;
    return lr0 * decayed;
  };
}

export const cosineDecayRestartsFamily: StandaloneFamily = {
  spec: {
    framework: 'keras',
    name: 'CosineDecayRestarts',
    title: 'Cosine decay with warm restarts',
    description: 'SGDR: cosine decays that restart, each period t_mul times longer and m_mul times lower (floor unscaled).',
    frameworkVersion: KERAS_VERSION_LABEL,
    tick: 'step',
    needsMetric: false,
    usesOptimizerLr: false,
    canCycleMomentum: false,
    // keras/src/optimizers/schedules/learning_rate_schedule.py, CosineDecayRestarts.__init__
    positional: ['initial_learning_rate', 'first_decay_steps', 't_mul', 'm_mul', 'alpha', 'name'],
    params: [
      initialLrParam(0.1),
      decayStepsParam('first_decay_steps', 100, 'Length of the first cosine period.'),
      {
        name: 't_mul',
        label: 'Period multiplier (t_mul)',
        help: 'Each period lasts t_mul times longer than the previous one (a float; 1 keeps periods equal).',
        kind: 'number',
        default: 2.0,
        min: 0,
        exclusiveMin: true,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1,
        sliderMax: 4,
        step: 0.1,
        // Stricter than Keras, which accepts any t_mul: with t_mul < 0 log(t_mul) is NaN and so is every LR
        // from step 0; with t_mul = 0 every LR from first_decay_steps on. (0 < t_mul < 1 is accepted: NaN only
        // once the shrinking periods are used up, and `sample` reports that step.)
        rangeMessage:
          't_mul must be > 0 (Keras does not check it, but t_mul <= 0 makes every LR NaN from step 0, or from first_decay_steps for 0)',
      },
      {
        name: 'm_mul',
        label: 'Peak multiplier (m_mul)',
        help: 'Each restart peaks m_mul times lower than the previous one (above the floor).',
        kind: 'number',
        default: 1.0,
        // Keras checks nothing: a negative m_mul flips every other period below the floor.
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 1,
        step: 0.01,
      },
      alphaParam('The floor, as a fraction of initial_learning_rate (not scaled by m_mul).'),
    ],
  },
  start: (args) =>
    stepSimulation(
      cosineDecayRestarts(
        num(args, 'initial_learning_rate'),
        num(args, 'first_decay_steps'),
        num(args, 't_mul'),
        num(args, 'm_mul'),
        num(args, 'alpha'),
      ),
    ),
};
