import type { ComponentType } from 'react';
import type { ParamSpec } from '../schedules';
import type { ArgPath } from '../state/store';

export interface ParamControlProps {
  param: ParamSpec;
  /** Where the argument lives inside the panel's args, e.g. ['schedulers', 1, 'args', 'gamma']. */
  path: ArgPath;
  value: unknown;
}

/**
 * ParamControl's type. The nested-schedule controls (SchedulesControl, NestedScheduleControl) render ParamControl
 * for their children's arguments and get it as a prop, so that no module imports ParamControl back: the import
 * graph has no cycle (Biome's noImportCycles), not even through types.
 */
export type ParamControlComponent = ComponentType<ParamControlProps>;
