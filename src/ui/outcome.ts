import { fromFramework, type Schedule, type ScheduleError, sample } from '../schedules';
import { exampleMetric } from '../state/example-metric';
import { type ExampleMetricSettings, type Horizon, type Panel, panelCall, tickCount } from '../state/store';

export interface PanelSamples {
  tick: 'epoch' | 'step';
  needsMetric: boolean;
  lr: readonly number[];
  momentum?: readonly number[] | undefined;
}

export type PanelOutcome =
  | { ok: true; samples: PanelSamples; schedule: Schedule }
  /** `pending`: a Python panel whose curve the sampling worker has not returned yet (not an error). */
  | { ok: false; error: ScheduleError; schedule?: Schedule; pending?: true };

interface CacheEntry {
  horizon: Horizon;
  metric: ExampleMetricSettings;
  outcome: PanelOutcome;
}

/** Panels are immutable store values: an unchanged panel keeps its samples while another one is dragged. */
const cache = new WeakMap<Panel, CacheEntry>();

/**
 * Builds and samples a panel's schedule; never throws, so a bug in one family cannot blank the page. The page
 * calls it for panels without Python (see pythonSampler.ts for the others); the sampling worker for those.
 */
export function computeOutcome(panel: Panel, horizon: Horizon, metric: ExampleMetricSettings): PanelOutcome {
  const hit = cache.get(panel);
  if (hit && hit.horizon === horizon && hit.metric === metric) return hit.outcome;
  const outcome = computeUncached(panel, horizon, metric);
  cache.set(panel, { horizon, metric, outcome });
  return outcome;
}

function computeUncached(panel: Panel, horizon: Horizon, metric: ExampleMetricSettings): PanelOutcome {
  try {
    const made = fromFramework(panelCall(panel));
    if (!made.ok) return made;
    const schedule = made.value;
    const n = tickCount(schedule.tick, horizon);
    const sampled = schedule.needsMetric ? sample(schedule, n, { metric: exampleMetric(metric, n) }) : sample(schedule, n);
    if (!sampled.ok) return { ok: false, error: sampled.error, schedule };
    return {
      ok: true,
      schedule,
      samples: { tick: schedule.tick, needsMetric: schedule.needsMetric, lr: sampled.value.lr, momentum: sampled.value.momentum },
    };
  } catch (err) {
    return { ok: false, error: { message: `Internal error: ${err instanceof Error ? err.message : String(err)}` } };
  }
}
