import type { ScheduleError } from '../schedules';
import type { ExampleMetricSettings, Horizon, Panel } from '../state/store';

/** Page → sampling worker: one panel to sample over the horizon. */
export interface SamplingJob {
  id: number;
  panel: Panel;
  horizon: Horizon;
  metric: ExampleMetricSettings;
}

/** Sampling worker → page: the curve (transferred), or the engine's error. */
export type SamplingReply =
  | { id: number; ok: true; tick: 'epoch' | 'step'; needsMetric: boolean; lr: Float64Array; momentum?: Float64Array }
  | { id: number; ok: false; error: ScheduleError };
