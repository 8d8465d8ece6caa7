import { fromFramework, type ScheduleError, sample } from '../schedules';
import { exampleMetric } from '../state/example-metric';
import { type Horizon, type Panel, panelCall, tickCount } from '../state/store';

export interface PanelSamples {
  tick: 'epoch' | 'step';
  needsMetric: boolean;
  lr: readonly number[];
  momentum?: readonly number[] | undefined;
}

export type PanelOutcome = { ok: true; samples: PanelSamples } | { ok: false; error: ScheduleError };

/** Builds and samples a panel's schedule; never throws, so a bug in one family cannot blank the page. */
export function computeOutcome(panel: Panel, horizon: Horizon): PanelOutcome {
  try {
    const made = fromFramework(panelCall(panel));
    if (!made.ok) return made;
    const schedule = made.value;
    const n = tickCount(schedule.tick, horizon);
    const sampled = schedule.needsMetric ? sample(schedule, n, { metric: exampleMetric(n) }) : sample(schedule, n);
    if (!sampled.ok) return sampled;
    return {
      ok: true,
      samples: {
        tick: schedule.tick,
        needsMetric: schedule.needsMetric,
        lr: sampled.value.lr,
        momentum: sampled.value.momentum,
      },
    };
  } catch (err) {
    return { ok: false, error: { message: `Internal error: ${err instanceof Error ? err.message : String(err)}` } };
  }
}
