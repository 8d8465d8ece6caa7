/**
 * Public types of the schedule engine. Pure TypeScript: no React, DOM or tfjs
 * (src/schedules/tsconfig.json has no DOM lib, and Biome forbids those imports here).
 */

/**
 * 'playground': families that exist in no framework (warmup wrapper, inverse square root); 'transformers':
 * Hugging Face transformers' schedule functions (torch LambdaLRs named as the library names them).
 */
export const FRAMEWORKS = ['torch', 'keras', 'playground', 'transformers'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** The optimizers a schedule can wrap (and, later, train with): one list for the engine, codec, presets and UI. */
export const OPTIMIZER_KINDS = ['SGD', 'Adam', 'AdamW', 'RMSprop'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** The optimizer a scheduler wraps. `lr` and `learning_rate` are aliases; `kind` defaults to 'SGD'. */
export interface OptimizerSpec {
  kind?: OptimizerKind;
  lr?: number;
  learning_rate?: number;
  momentum?: number;
  betas?: [number, number];
}

/** When the training loop calls the scheduler's step(): after every epoch, or after every optimizer step (batch). */
export type StepEvery = 'epoch' | 'batch';

/** A scheduler constructor call, with keyword arguments under the framework's own names. */
export interface FrameworkCall {
  framework: Framework;
  name: string;
  args: Record<string, unknown>;
  optimizer?: OptimizerSpec;
  /**
   * Where the loop calls step(). Defaults to the family's documented tick ('step' families: 'batch'; 'epoch'
   * families: 'epoch'; a container: the tick its children give). Any torch scheduler but ReduceLROnPlateau may
   * be stepped either way (its tick then counts what the loop counts); ReduceLROnPlateau, Keras callbacks,
   * Keras LearningRateSchedules and transformers schedules take only their own. For a container (SequentialLR,
   * ChainedScheduler, SWARecipe, playground Warmup) it is the container the loop steps: its children advance
   * once per container step.
   */
  stepEvery?: StepEvery;
}

/** What a plateau schedule's step() must be given, and whether lower or higher is better. */
export interface Monitor {
  metric: 'val_loss' | 'loss' | 'val_accuracy' | 'accuracy';
  mode: 'min' | 'max';
}

/**
 * `path` points into the call (e.g. 'args.step_size', 'args.schedulers[1].args.gamma');
 * `line`/`column` are 1-based character positions in Python source, where the error came from code;
 * `tick` is the 0-based tick at which a runtime error happened while sampling.
 */
export interface ScheduleError {
  message: string;
  path?: string;
  line?: number;
  column?: number;
  tick?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ScheduleError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: ScheduleError): Result<T> => ({ ok: false, error });

/** What one tick of a running schedule exposes: the optimizer's LR and, where cycled, momentum (or Adam's beta1). */
export interface TickValues {
  lr: number;
  momentum?: number;
}

/**
 * A live simulation of the framework's scheduler object. `current()` reads the optimizer state now;
 * `advance(metric)` is one call of the framework's step (torch: `scheduler.step()` / `step(metric)`).
 * Errors inside `advance` are thrown as ScheduleRuntimeError and turned into a Result by `sample`.
 */
export interface Simulation {
  current(): TickValues;
  advance(metric: number | undefined): void;
}

export interface Schedule {
  /** What one tick is: 'epoch' when the loop calls step() after every epoch, 'step' when after every batch. */
  readonly tick: 'epoch' | 'step';
  readonly needsMetric: boolean;
  /** For plateau schedules: the metric step() is given and its direction. */
  readonly monitor?: Monitor;
  /** Whether `sample` returns a momentum (or beta1) series. */
  readonly cyclesMomentum: boolean;
  readonly framework: Framework;
  readonly name: string;
  /** The call as validated, with every default filled in. */
  readonly call: FrameworkCall;
  /** Starts a fresh simulation at tick 0 (after the constructor). */
  start(): Simulation;
}

/** A schedule being stepped live, one framework step() at a time (see `startRun`). */
export interface ScheduleRun {
  /** When the training loop calls step(): after every epoch, or after every optimizer step (batch). */
  readonly stepEvery: StepEvery;
  /** For plateau schedules: what step() must be given, and whether lower or higher is better. */
  readonly monitor?: Monitor;
  /** The values the optimizer uses for the next tick: LR and, where cycled, momentum (Adam: beta1). */
  current(): Result<TickValues>;
  /** One call of the framework's step(); `metric` is the monitored value for plateau schedules. */
  step(metric?: number): Result<TickValues>;
}

/** Thrown inside a simulation for a failure at run time (division by zero, stepping past total_steps, ...). */
export class ScheduleRuntimeError extends Error {
  readonly path: string | undefined;
  /** 1-based position in the Python source the error came from, where it came from user code. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** True when `path` is already absolute from the top-level call (set where nested calls are resolved). */
  readonly absolute: boolean;
  constructor(message: string, path?: string, position?: { line: number; column: number }, absolute = false) {
    super(message);
    this.name = 'ScheduleRuntimeError';
    this.path = path;
    this.line = position?.line;
    this.column = position?.column;
    this.absolute = absolute;
  }
}

/** The ScheduleError a runtime failure reports: its message, path and source position where known. */
export function errorFromRuntime(err: ScheduleRuntimeError, tick?: number): ScheduleError {
  return {
    message: err.message,
    ...(err.path !== undefined ? { path: err.path } : {}),
    ...(err.line !== undefined ? { line: err.line } : {}),
    ...(err.column !== undefined ? { column: err.column } : {}),
    ...(tick !== undefined ? { tick } : {}),
  };
}
