/**
 * A faithful model of torch.optim's scheduler protocol (torch/optim/lr_scheduler.py and swa_utils.py; written from
 * PyTorch 2.x main, commit 008f727ece1520e12c25089a7969d5b8fca75f8e, and checked against real torch 2.13 by
 * scripts/golden/torch_golden.py). Torch computes most schedules recursively from the LR it
 * left in the optimizer's param group, and composite schedulers (SequentialLR, ChainedScheduler) work by
 * several schedulers mutating that one group. To agree with torch to rounding error over long horizons, and in
 * every composition, we mirror that state machine operation by operation instead of using closed forms.
 * Only one param group is modelled: the playground plots one curve per scheduler.
 */
import type { Args } from '../args';
import type { FamilySpec } from '../family';
import { type Monitor, type OptimizerKind, ScheduleRuntimeError } from '../types';

/** The mutable state torch keeps in `optimizer.param_groups[0]`. */
export interface ParamGroup {
  lr: number;
  initial_lr?: number;
  momentum?: number;
  betas?: [number, number];
  // OneCycleLR and CyclicLR store their bounds in the group, as torch does.
  max_lr?: number;
  min_lr?: number;
  max_momentum?: number;
  base_momentum?: number;
  /** SWALR keeps its target in the group, as torch does. */
  swa_lr?: number;
}

/** Torch's default learning rates (torch.optim, 2.x signatures). */
export const TORCH_DEFAULT_LR: Readonly<Record<OptimizerKind, number>> = {
  SGD: 1e-3,
  Adam: 1e-3,
  AdamW: 1e-3,
  RMSprop: 1e-2,
};

export class TorchOptimizer {
  readonly group: ParamGroup;
  /** Adam-family optimizers have `betas` in their defaults: cycling then drives beta1 (torch 2.x). */
  readonly usesBetas: boolean;
  constructor(
    readonly kind: OptimizerKind,
    lr: number,
    momentum: number,
    betas: [number, number],
  ) {
    this.usesBetas = kind === 'Adam' || kind === 'AdamW';
    this.group = this.usesBetas ? { lr, betas: [...betas] } : { lr, momentum };
  }

  /** The momentum a cycling scheduler drives: `momentum`, or `betas[0]` for Adam-family optimizers. */
  get momentum(): number {
    return this.usesBetas ? (this.group.betas?.[0] ?? 0) : (this.group.momentum ?? 0);
  }

  set momentum(value: number) {
    if (this.usesBetas) {
      const beta2 = this.group.betas?.[1] ?? 0.999;
      this.group.betas = [value, beta2];
    } else {
      this.group.momentum = value;
    }
  }
}

/** torch's LRScheduler base class: `step()` bumps `last_epoch` and writes `get_lr()` into the group. */
export abstract class TorchScheduler {
  lastEpoch = -1;
  stepCount = 0;
  /** True during the step the constructor performs (torch's `_initial_mode`). */
  isInitial = false;
  baseLr = 0;
  /** Whether this scheduler (or a child) writes momentum / beta1. */
  cyclesMomentum = false;
  /** True for a training loop modelled as a scheduler (the SWA recipe): torch has no such object to nest. */
  readonly isTrainingLoop: boolean = false;
  /**
   * Where this scheduler's call sits in the top-level call ('' at the top, 'args.schedulers[1]' for a child),
   * set once it is built; a run-time error names its argument through it.
   */
  pathPrefix: string | undefined = undefined;

  /** A run-time error about one of this scheduler's arguments (relative while the constructor runs). */
  protected argumentError(message: string, argument: string): ScheduleRuntimeError {
    if (this.pathPrefix === undefined) return new ScheduleRuntimeError(message, `args.${argument}`);
    const path = this.pathPrefix ? `${this.pathPrefix}.args.${argument}` : `args.${argument}`;
    return new ScheduleRuntimeError(message, path, undefined, true);
  }
  readonly group: ParamGroup;

  constructor(readonly optimizer: TorchOptimizer) {
    this.group = optimizer.group;
  }

  /** `LRScheduler.__init__(optimizer, last_epoch=-1)`: setdefault initial_lr, base_lrs, then the initial step. */
  protected attach(): void {
    if (this.group.initial_lr === undefined) this.group.initial_lr = this.group.lr;
    this.baseLr = this.group.initial_lr;
    this.lastEpoch = -1;
    this.initialStep();
  }

  initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  step(): void {
    this.stepCount += 1;
    this.updateLr(undefined);
  }

  /** `_update_lr(epoch)`: with an explicit epoch, torch prefers the closed form where the class has one. */
  updateLr(epoch: number | undefined): void {
    let lr: number;
    if (epoch === undefined) {
      this.lastEpoch += 1;
      lr = this.getLr();
    } else {
      this.lastEpoch = epoch;
      lr = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.group.lr = lr;
  }

  /** `recursive_undo` in SequentialLR: containers recurse, plain schedulers step their epoch back. */
  undo(): void {
    this.lastEpoch -= 1;
  }

  abstract getLr(): number;
  closedFormLr?(): number;
}

/** Refuses a training loop (the SWA recipe) as a child: it is a loop around schedulers, not a torch scheduler. */
export function refuseTrainingLoops(children: readonly TorchScheduler[], container: string): void {
  children.forEach((child, i) => {
    if (child.isTrainingLoop) {
      throw new ScheduleRuntimeError(
        `${container} cannot hold SWARecipe: it is PyTorch's SWA training loop, not a scheduler; nest its schedulers instead`,
        `args.schedulers[${i}].name`,
      );
    }
  });
}

/** Python callables in lambdas (lr_lambda, scale_fn), compiled by the expression language. */
export type PyFunction = (...args: number[]) => number;

export interface BuildContext {
  /** Constructs a nested scheduler on the same optimizer, as the user's code would, in list order. */
  buildChild(child: { name: string; args: Record<string, unknown> }, path: string): TorchScheduler;
  /** Compiles Python source of a function argument taking `arity` positional arguments. */
  compile(source: string, path: string, arity: number): PyFunction;
}

/** ReduceLROnPlateau is not an LRScheduler in torch's protocol: its step takes a metric. */
export interface MetricScheduler {
  stepWithMetric(metric: number): void;
}

export interface TorchFamily {
  spec: FamilySpec;
  /** For plateau schedulers: the metric step() is given and its direction. */
  monitor?(args: Args): Monitor;
  build(args: Args, optimizer: TorchOptimizer, ctx: BuildContext): TorchScheduler | MetricScheduler;
}

export const TORCH_VERSION_LABEL = 'PyTorch 2.x';
