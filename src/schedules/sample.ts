import { errorFromRuntime, fail, ok, type Result, type Schedule, ScheduleRuntimeError } from './types';

/** The most ticks one `sample` call computes (a guard for the UI and hostile input). */
export const MAX_TICKS = 1_000_000;

/**
 * Runs a schedule for `n` ticks: `lr[i]` is the LR during tick i (torch: after the constructor and i calls of
 * `step()`; ReduceLROnPlateau: after `step(metric[0]) … step(metric[i−1])`). Never throws; never returns a
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
  const lr: number[] = new Array(n);
  const momentum: number[] | undefined = schedule.cyclesMomentum ? new Array(n) : undefined;
  let tick = 0;
  try {
    const sim = schedule.start();
    for (; tick < n; tick++) {
      if (tick > 0) sim.advance(metric?.[tick - 1]);
      const values = sim.current();
      if (!Number.isFinite(values.lr)) {
        return fail({ message: `The LR became ${values.lr} at tick ${tick}`, tick });
      }
      lr[tick] = values.lr;
      if (momentum) momentum[tick] = values.momentum ?? Number.NaN;
    }
  } catch (err) {
    if (err instanceof ScheduleRuntimeError) return fail(errorFromRuntime(err, tick));
    return fail({ message: `Internal error: ${err instanceof Error ? err.message : String(err)}`, tick });
  }
  return ok(momentum ? { lr, momentum } : { lr });
}
