/**
 * An optimizer's path across a 2-D surface, driven by a schedule: the Landscape view's engine. Float64 throughout.
 *
 * Each step is one training step of the panel's own optimizer, with its framework's update rule (the training
 * engine's, src/training/update-rule.ts, run on numbers instead of tensors): read the schedule's LR (and
 * momentum or β1, where it cycles them) for this tick, take the gradient at the point (plus seeded noise,
 * standing in for minibatch noise), update the point, then call the schedule's step(), once per optimizer step,
 * whatever the family's own tick (a StepLR epoch is one step here). Plateau schedules are given the surface's
 * loss at the new point. A path that leaves the map (limitsOf) or stops being finite ends there and says so.
 */
import { type Framework, type FrameworkCall, fromFramework, startRun } from '../schedules/index';
import { fail, ok, type Result } from '../schedules/types';
import { updateRuleFor } from '../training/update-rules';
import { type Cell, FLOAT64, initialMomentum, type OptimizerSettings, updateRule } from '../training/update-rule';
import { MAX_GRADIENT_NOISE, MAX_PATH_STEPS, NEAR_MINIMUM } from './limits';
import { gaussian } from './noise';
import { isSurface, limitsOf, type Point, type Surface, surfaceOf } from './surfaces';

export { MAX_GRADIENT_NOISE, MAX_PATH_STEPS, NEAR_MINIMUM };

/** The panel's optimizer (the training config's fields, SGD and RMSprop momentum, Adam's β1 as betas[0]) and its framework. */
export type LandscapeOptimizer = OptimizerSettings & { framework: Framework };

/**
 * A schedule's values computed by `startRun` elsewhere: a panel whose schedule runs a Python function is stepped in
 * the sampling worker, which returns its curve. Value i is tick i's (an epoch's or a step's, as `tick` says). A
 * schedule that needs the loss (a plateau schedule) cannot be given this way: its values depend on the path.
 */
export interface SampledSchedule {
  kind: 'sampled';
  tick: 'epoch' | 'step';
  lr: readonly number[];
  /** Momentum (SGD, RMSprop) or β1 (Adam, AdamW) per tick, where the schedule cycles it. */
  momentum?: readonly number[] | undefined;
}

export interface PathOptions {
  surface: Surface;
  start: Point;
  /** The panel's optimizer; its framework decides the update rule (torch for torch, transformers, playground). */
  optimizer: LandscapeOptimizer;
  /**
   * The panel's schedule. A call's own `optimizer` is replaced by `optimizer` above, so the two cannot disagree;
   * a sampled schedule is read tick by tick.
   */
  schedule: FrameworkCall | SampledSchedule;
  steps: number;
  /** The standard deviation of Gaussian noise added to each gradient coordinate (default 0: exact gradients). */
  gradientNoise?: number;
  /** The noise's seed (default 0). */
  seed?: number;
  /** Every LR the schedule gives is multiplied by this on the surface (default 1; see SurfaceSpec.lrScale). */
  lrScale?: number;
  /**
   * Absent (the default): one schedule tick per step, whatever the family's own tick (a StepLR epoch is one step).
   * Given: the training loop's timing, so that step k gets the LR the schedule chart shows at step k: a schedule
   * stepped per epoch ticks after every `stepsPerEpoch` steps, one stepped per batch after every step.
   */
  stepsPerEpoch?: number;
}

export type PathEnd =
  | { kind: 'completed' }
  /** `step` is 1-based: the step whose update left the map or stopped being finite; `lr` is the LR it used. */
  | { kind: 'diverged'; step: number; lr: number; reason: 'off-map' | 'non-finite' };

export interface Path {
  /** points[0] is the start; points[k] is the point after k steps (only points that are finite and on the map). */
  points: Point[];
  /** loss[k] = f(points[k]). */
  loss: number[];
  /** lr[k]: the LR of step k + 1 (the schedule's value at tick k, times lrScale); one per step taken. */
  lr: number[];
  /** momentum[k] (SGD, RMSprop) or β1 (Adam, AdamW) of step k + 1, where the schedule cycles it. */
  momentum?: number[];
  end: PathEnd;
  /** The first k with loss[k] − minimum ≤ NEAR_MINIMUM, or undefined. */
  nearMinimumStep?: number;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function invalid(message: string, path: string): Result<never> {
  return fail({ message, path });
}

function check(options: PathOptions): Result<never> | undefined {
  if (!isSurface(options.surface)) return invalid(`Unknown surface ${JSON.stringify(options.surface)}`, 'surface');
  const start = options.start;
  if (!Array.isArray(start) || start.length !== 2 || !finite(start[0]) || !finite(start[1])) {
    return invalid('start must be two finite numbers [x, y]', 'start');
  }
  const { steps } = options;
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_PATH_STEPS) {
    return invalid(`steps must be a whole number from 0 to ${MAX_PATH_STEPS.toLocaleString('en-US')}, got ${String(steps)}`, 'steps');
  }
  const noise = options.gradientNoise ?? 0;
  if (!finite(noise) || noise < 0 || noise > MAX_GRADIENT_NOISE) {
    return invalid(`gradientNoise must be a number from 0 to ${MAX_GRADIENT_NOISE}, got ${String(noise)}`, 'gradientNoise');
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) return invalid(`seed must be a whole number from 0 to 2^32 − 1`, 'seed');
  const spe = options.stepsPerEpoch;
  if (spe !== undefined && (!Number.isInteger(spe) || spe < 1)) {
    return invalid(`stepsPerEpoch must be a whole number of steps from 1, got ${String(spe)}`, 'stepsPerEpoch');
  }
  const scale = options.lrScale ?? 1;
  if (!finite(scale) || scale <= 0) return invalid(`lrScale must be a positive number, got ${String(scale)}`, 'lrScale');
  const o = options.optimizer;
  if (!o || !finite(o.lr) || o.lr <= 0) return invalid('The optimizer needs a positive, finite lr', 'optimizer.lr');
  return undefined;
}

/** The panel's call with the path's optimizer (what the schedule scales: its lr, momentum or betas). */
function scheduleCall(call: FrameworkCall, o: LandscapeOptimizer): FrameworkCall {
  const adam = o.kind === 'Adam' || o.kind === 'AdamW';
  return {
    ...call,
    optimizer: {
      kind: o.kind,
      lr: o.lr,
      ...(adam ? { betas: o.betas ?? [0.9, 0.999] } : { momentum: o.momentum ?? 0 }),
    },
  };
}

/** What the path steps: a schedule run (startRun), or a sampled schedule read in the same order. */
interface Ticker {
  stepEvery: 'epoch' | 'batch';
  cyclesMomentum: boolean;
  needsMetric: boolean;
  current(): Result<{ lr: number; momentum?: number | undefined }>;
  step(metric?: number): Result<{ lr: number; momentum?: number | undefined }>;
}

function sampledTicker(sampled: SampledSchedule): Ticker {
  let tick = 0;
  const current = () => {
    const lr = sampled.lr[tick];
    if (lr === undefined) {
      return fail({ message: `The schedule's curve has ${sampled.lr.length} ticks; the path needs more`, path: 'schedule' });
    }
    if (!Number.isFinite(lr)) return fail({ message: `The LR became ${lr} at tick ${tick}`, path: 'schedule' });
    return ok({ lr, momentum: sampled.momentum?.[tick] });
  };
  return {
    stepEvery: sampled.tick === 'epoch' ? 'epoch' : 'batch',
    cyclesMomentum: sampled.momentum !== undefined,
    needsMetric: false,
    current,
    step: () => {
      tick++;
      return current();
    },
  };
}

function tickerOf(options: PathOptions): Result<Ticker> {
  if ('kind' in options.schedule && options.schedule.kind === 'sampled') return ok(sampledTicker(options.schedule));
  const built = fromFramework(scheduleCall(options.schedule as FrameworkCall, options.optimizer));
  if (!built.ok) return built;
  const schedule = built.value;
  const started = startRun(schedule);
  if (!started.ok) return started;
  const run = started.value;
  return ok({
    stepEvery: run.stepEvery,
    cyclesMomentum: schedule.cyclesMomentum,
    needsMetric: schedule.needsMetric,
    current: () => run.current(),
    step: (metric) => run.step(metric),
  });
}

/** Runs the optimizer for `steps` steps from `start`. Never throws; a bad option or schedule comes back as an error. */
export function optimizePath(options: PathOptions): Result<Path> {
  const refused = check(options);
  if (refused) return refused;
  const ticker = tickerOf(options);
  if (!ticker.ok) return ticker;
  const run = ticker.value;

  const surface = surfaceOf(options.surface);
  const limits = limitsOf(surface);
  const { framework, ...settings } = options.optimizer;
  const scale = options.lrScale ?? 1;
  const noise = options.gradientNoise ?? 0;
  const nextNoise = noise > 0 ? gaussian(options.seed ?? 0) : undefined;
  const configuredMomentum = initialMomentum(settings);

  // The point's two coordinates are the rule's two parameters, each a float64 number.
  const point: [number, number] = [options.start[0], options.start[1]];
  const parameters: Cell<number>[] = [0, 1].map((i) => ({ read: () => point[i] as number, write: (value) => (point[i] = value) }));
  const step = updateRule(settings, updateRuleFor(framework), 2, {
    arithmetic: FLOAT64,
    dtype: 'float64',
    zeros: () => {
      let value = 0;
      return { read: () => value, write: (next) => (value = next) };
    },
  });

  const points: Point[] = [[point[0], point[1]]];
  const loss: number[] = [surface.value(point[0], point[1])];
  const lr: number[] = [];
  const momentum: number[] | undefined = run.cyclesMomentum ? [] : undefined;
  let end: PathEnd = { kind: 'completed' };
  if (!Number.isFinite(loss[0] as number)) return invalid(`The surface is not finite at the start (${point[0]}, ${point[1]})`, 'start');

  const stepsEvery = options.stepsPerEpoch !== undefined && run.stepEvery === 'epoch' ? options.stepsPerEpoch : 1;
  let values = run.current();
  for (let k = 0; k < options.steps; k++) {
    if (!values.ok) return values;
    const stepLr = values.value.lr * scale;
    const stepMomentum = values.value.momentum ?? configuredMomentum;
    const [gx, gy] = surface.gradient(point[0], point[1]);
    const gradient = nextNoise ? [gx + noise * nextNoise(), gy + noise * nextNoise()] : [gx, gy];
    step(parameters, gradient, stepLr, stepMomentum);
    lr.push(stepLr);
    momentum?.push(stepMomentum);
    const [x, y] = point;
    const value = surface.value(x, y);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(value)) {
      end = { kind: 'diverged', step: k + 1, lr: stepLr, reason: 'non-finite' };
      break;
    }
    if (x < limits.x[0] || x > limits.x[1] || y < limits.y[0] || y > limits.y[1]) {
      end = { kind: 'diverged', step: k + 1, lr: stepLr, reason: 'off-map' };
      break;
    }
    points.push([x, y]);
    loss.push(value);
    // step() after this optimizer step (or, per epoch, after its last one); a plateau schedule is given the loss
    // at the new point.
    if (stepsEvery === 1 || (k + 1) % stepsEvery === 0) values = run.step(run.needsMetric ? value : undefined);
  }
  const near = loss.findIndex((l) => l - surface.minimum <= NEAR_MINIMUM);
  return ok({ points, loss, lr, ...(momentum ? { momentum } : {}), end, ...(near >= 0 ? { nearMinimumStep: near } : {}) });
}
