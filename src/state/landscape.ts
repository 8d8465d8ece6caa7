/**
 * What the Landscape view runs for each panel: the panel's schedule and optimizer on the chosen surface, over
 * the horizon's optimizer steps with the training loop's timing (a per-epoch schedule steps after every
 * `stepsPerEpoch` steps), so the LR at step k is the one the schedule chart shows at step k.
 */
import {
  type LandscapeOptimizer,
  MAX_PATH_STEPS,
  optimizePath,
  type Path,
  type PathOptions,
  type SampledSchedule,
  surfaceOf,
} from '../landscape';
import type { Result } from '../schedules';
import { type Horizon, type LandscapeSettings, type Panel, panelCall, panelOptimizerOf } from './store';

export interface LandscapeSteps {
  /** The steps each path takes. */
  steps: number;
  /** The horizon's optimizer steps (more than `steps` where the horizon is longer than MAX_PATH_STEPS). */
  total: number;
}

export function landscapeSteps(horizon: Horizon): LandscapeSteps {
  const total = horizon.epochs * horizon.stepsPerEpoch;
  return { steps: Math.min(total, MAX_PATH_STEPS), total };
}

/** The panel's optimizer (panelOptimizerOf, as training takes it) with the framework whose update rule it follows. */
export function landscapeOptimizerOf(panel: Panel): LandscapeOptimizer {
  return { framework: panel.framework, ...panelOptimizerOf(panel) };
}

/**
 * The LR scale a panel runs with: the surface's (or the one set) for SGD, whose step grows with the gradient, and
 * 1 for Adam, AdamW and RMSprop, which divide the gradient by a running estimate of its size, so that their step is
 * about lr whatever the surface's steepness: scaling them for a steep surface would only stall them.
 */
export function lrScaleOf(panel: Panel, landscape: LandscapeSettings): number {
  return panel.optimizer.kind === 'SGD' ? (landscape.lrScale ?? surfaceOf(landscape.surface).lrScale) : 1;
}

/**
 * `sampled`: the panel's curve as the sampling worker computed it (startRun there), for a panel whose schedule
 * runs a Python function; the page runs no Python. Otherwise the panel's call is run here.
 */
export function pathOptionsOf(panel: Panel, landscape: LandscapeSettings, horizon: Horizon, sampled?: SampledSchedule): PathOptions {
  const spec = surfaceOf(landscape.surface);
  return {
    surface: landscape.surface,
    start: landscape.start ?? spec.start,
    optimizer: landscapeOptimizerOf(panel),
    schedule: sampled ?? panelCall(panel),
    steps: landscapeSteps(horizon).steps,
    gradientNoise: landscape.gradientNoise,
    seed: landscape.seed,
    lrScale: lrScaleOf(panel, landscape),
    stepsPerEpoch: horizon.stepsPerEpoch,
  };
}

interface CacheEntry {
  landscape: LandscapeSettings;
  horizon: Horizon;
  sampled: SampledSchedule | undefined;
  path: Result<Path>;
}

const sameSamples = (a: SampledSchedule | undefined, b: SampledSchedule | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.tick === b.tick && a.lr === b.lr && a.momentum === b.momentum);

/** Panels are immutable store values: an unchanged panel keeps its path while another panel's slider moves. */
const cache = new WeakMap<Panel, CacheEntry>();

/** The panel's path (cached while the panel, the landscape settings and the horizon stay the same). Never throws. */
export function panelPath(panel: Panel, landscape: LandscapeSettings, horizon: Horizon, sampled?: SampledSchedule): Result<Path> {
  const hit = cache.get(panel);
  if (hit && hit.landscape === landscape && hit.horizon === horizon && sameSamples(hit.sampled, sampled)) return hit.path;
  let path: Result<Path>;
  try {
    path = optimizePath(pathOptionsOf(panel, landscape, horizon, sampled));
  } catch (err) {
    path = {
      ok: false,
      error: { message: `The path could not be computed: ${err instanceof Error ? err.message : String(err)}`, path: '' },
    };
  }
  cache.set(panel, { landscape, horizon, sampled, path });
  return path;
}

export const LANDSCAPE_FILE_FORMAT = 'lr-playground-landscape';

/** The JSON file "Download paths" saves: the settings, and every panel's points, losses and LRs. */
export function landscapeExport(
  landscape: LandscapeSettings,
  horizon: Horizon,
  panels: readonly { letter: string; label: string; panel: Panel; path: Result<Path> }[],
): string {
  const spec = surfaceOf(landscape.surface);
  return JSON.stringify(
    {
      format: LANDSCAPE_FILE_FORMAT,
      version: 1,
      surface: landscape.surface,
      start: landscape.start ?? spec.start,
      sgdLrScale: landscape.lrScale ?? spec.lrScale,
      gradientNoise: landscape.gradientNoise,
      seed: landscape.seed,
      ...landscapeSteps(horizon),
      stepsPerEpoch: horizon.stepsPerEpoch,
      panels: panels.map(({ letter, label, panel, path }) => ({
        panel: letter,
        label,
        schedule: { framework: panel.framework, name: panel.name, args: panel.args },
        optimizer: landscapeOptimizerOf(panel),
        lrScale: lrScaleOf(panel, landscape),
        ...(path.ok
          ? {
              points: path.value.points,
              loss: path.value.loss,
              lr: path.value.lr,
              ...(path.value.momentum ? { momentum: path.value.momentum } : {}),
              end: path.value.end,
              ...(path.value.nearMinimumStep !== undefined ? { nearMinimumStep: path.value.nearMinimumStep } : {}),
            }
          : { error: path.error.message }),
      })),
    },
    null,
    1,
  );
}
