/**
 * The schedule engine's Result shape, reused so that the UI shows training errors the way it shows schedule
 * errors ({ message, path }). The index exports the types but not the ok/fail helpers, so these two are local
 * equivalents of src/schedules/types.ts's.
 */
import type { Result, ScheduleError } from '../schedules';

export type { Result, ScheduleError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: ScheduleError): Result<T> => ({ ok: false, error });
