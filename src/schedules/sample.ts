import { startRun } from './run';
import { fail, ok, type Result, type Schedule } from './types';

/** The most ticks one `sample` call computes (a guard for the UI and hostile input). */
export const MAX_TICKS = 1_000_000;

/**
 * Runs a schedule for `n` ticks through `startRun` (the path a training loop takes): `lr[i]` is the LR during
 * tick i (torch: after the constructor and i calls of `step()`; ReduceLROnPlateau: after `step(metric[0]) …
 * step(metric[i−1])`). Never throws; never returns a
 * NaN or infinite LR: a failure comes back as `{ ok: false }` with the tick where it happened.
 */
export function sample(
  schedule: Schedule,
  n: number,
  options?: { metric?: readonly number[] },
): Result<{ lr: number[]; momentum?: number[] }> {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_TICKS) {
    return fail({ message: `n must be a whole number of ticks between 0 and ${MAX_TICKS.toLocaleString('en-US')}, got ${String(n)}` });
  }
  const metric = options?.metric;
  if (schedule.needsMetric) {
    if (!metric) return fail({ message: `${schedule.name} needs a metric value per tick (options.metric)`, path: 'metric' });
    if (!Array.isArray(metric) || metric.length < n) {
      return fail({ message: `${schedule.name} needs a metric value for each of the ${n} ticks, got ${metric.length}`, path: 'metric' });
    }
    for (let i = 0; i < n; i++) {
      if (typeof metric[i] !== 'number') return fail({ message: `metric[${i}] must be a number`, path: `metric[${i}]` });
    }
  }
  const run = startRun(schedule);
  if (!run.ok) return run;
  const lr: number[] = new Array(n);
  const momentum: number[] | undefined = schedule.cyclesMomentum ? new Array(n) : undefined;
  for (let tick = 0; tick < n; tick++) {
    const values = tick === 0 ? run.value.current() : run.value.step(metric?.[tick - 1]);
    if (!values.ok) return values;
    lr[tick] = values.value.lr;
    if (momentum) momentum[tick] = values.value.momentum ?? Number.NaN;
  }
  return ok(momentum ? { lr, momentum } : { lr });
}
