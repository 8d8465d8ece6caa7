import type { ParamSpec } from './params';
import type { Framework, Monitor, Simulation } from './types';

/** The optimizer argument of a torch scheduler or transformers function, as a marker in `FamilySpec.positional`. */
export const OPTIMIZER = '<optimizer>';

/** Everything the UI, the worker and the code exporters need to know about one scheduler family. */
export interface FamilySpec {
  framework: Framework;
  /** The class name as the framework spells it ('StepLR', 'OneCycleLR'). */
  name: string;
  /** A short human title ('Step decay'). */
  title: string;
  /** One line on what it does. */
  description: string;
  /** The framework version whose source this family follows (shown in the UI). */
  frameworkVersion: string;
  /** What one tick is in the framework's own documentation. */
  tick: 'epoch' | 'step';
  needsMetric: boolean;
  /** False where the family ignores the optimizer's LR (OneCycleLR and CyclicLR set their own). */
  usesOptimizerLr: boolean;
  /** True where the family can cycle momentum (or Adam's beta1). */
  canCycleMomentum: boolean;
  params: readonly ParamSpec[];
  /**
   * The parameters of the framework's constructor (torch, Keras) or function (transformers) in the order its
   * signature declares them, for reading positional arguments in pasted code; OPTIMIZER marks where it takes the
   * optimizer. Names outside `params` are arguments validateArgs accepts and checks itself (`last_epoch`,
   * `verbose`, a Keras schedule's `name`). null where the framework has no such callable, so code cannot call it:
   * the playground's own families and torch's SWARecipe (the training loop of torch's SWA documentation).
   */
  positional: readonly string[] | null;
}

/**
 * A family that is not torch's shared-optimizer state machine (Keras schedules and callbacks, playground
 * families): validated arguments in, a fresh simulation out. Throw ScheduleRuntimeError for failures.
 */
export interface StandaloneFamily {
  spec: FamilySpec;
  /** For plateau schedules: the metric step() is given and its direction. */
  monitor?(args: Readonly<Record<string, unknown>>): Monitor;
  start(args: Readonly<Record<string, unknown>>, context: StandaloneContext): Simulation;
}

export interface StandaloneContext {
  /** The optimizer's starting LR (`optimizer.lr` / `learning_rate`, or the framework's default). */
  initialLr: number;
  /**
   * Compiles Python source (a lambda or a def) into a callable; `path` names the argument for errors.
   * `accepted` lists the argument counts the caller may use, most preferred first: the callable is invoked
   * with that many leading arguments (Keras calls `schedule(epoch, lr)` and falls back to `schedule(epoch)`).
   */
  compile(source: string, path: string, accepted: readonly number[]): (...args: number[]) => number;
  /** Builds a nested schedule of any framework (for wrappers such as playground's Warmup). */
  startNested(call: { framework: Framework; name: string; args: Record<string, unknown> }, path: string): NestedRun;
}

export interface NestedRun {
  simulation: Simulation;
  tick: 'epoch' | 'step';
  needsMetric: boolean;
  cyclesMomentum: boolean;
}
