/**
 * Stepping a schedule live: `startRun` is the one code path behind both the preview (`sample`) and a training
 * loop that gets its metric one epoch at a time.
 */
import {
  errorFromRuntime,
  fail,
  ok,
  type Result,
  type Schedule,
  type ScheduleError,
  type ScheduleRun,
  ScheduleRuntimeError,
  type Simulation,
  type StepEvery,
  type TickValues,
} from './types';

/** Where the loop calls a schedule's step(): its tick, in the loop's words. */
export function stepEveryOf(schedule: Pick<Schedule, 'tick'>): StepEvery {
  return schedule.tick === 'step' ? 'batch' : 'epoch';
}

function caught(err: unknown, tick: number): ScheduleError {
  if (err instanceof ScheduleRuntimeError) return errorFromRuntime(err, tick);
  return { message: `Internal error: ${err instanceof Error ? err.message : String(err)}`, tick };
}

/**
 * Starts a schedule at tick 0 (after the framework's constructor). Never throws: a failure to start comes back
 * as `{ ok: false }` with tick 0. `current()` reads tick t; `step(metric)` is one framework step() and returns
 * tick t + 1. A run-time failure, or an LR that is not finite, comes back with its tick, and from then on every
 * call returns that same error. Plateau schedules need a number at every step() (their `monitor` says which).
 */
export function startRun(schedule: Schedule): Result<ScheduleRun> {
  let sim: Simulation;
  try {
    sim = schedule.start();
  } catch (err) {
    return fail(caught(err, 0));
  }
  let tick = 0;
  let failed: ScheduleError | undefined;
  const stop = (error: ScheduleError): Result<TickValues> => {
    failed = error;
    return fail(error);
  };
  const read = (): Result<TickValues> => {
    if (failed) return fail(failed);
    let values: TickValues;
    try {
      values = sim.current();
    } catch (err) {
      return stop(caught(err, tick));
    }
    if (!Number.isFinite(values.lr)) return stop({ message: `The LR became ${values.lr} at tick ${tick}`, tick });
    return ok(values);
  };
  const run: ScheduleRun = {
    stepEvery: stepEveryOf(schedule),
    ...(schedule.monitor ? { monitor: { ...schedule.monitor } } : {}),
    current: read,
    step(metric?: number) {
      if (failed) return fail(failed);
      if (schedule.needsMetric && typeof metric !== 'number') {
        const what = schedule.monitor ? `the ${schedule.monitor.metric} value` : 'the monitored metric';
        return stop({
          message: `${schedule.name}.step() needs ${what} (a number), got ${metric === undefined ? 'nothing' : typeof metric}`,
          path: 'metric',
          tick: tick + 1,
        });
      }
      try {
        sim.advance(schedule.needsMetric ? metric : undefined);
      } catch (err) {
        return stop(caught(err, tick + 1));
      }
      tick += 1;
      return read();
    },
  };
  return ok(run);
}
