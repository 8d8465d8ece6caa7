import { type ChildCall, childCalls, list } from '../args';
import { OPTIMIZER } from '../family';
import { ScheduleRuntimeError } from '../types';
import { refuseTrainingLoops, TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';

/** Containers hold other schedulers; torch's `recursive_undo` and `_update_lr` treat them specially. */
abstract class ContainerScheduler extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly children: readonly TorchScheduler[],
    private readonly className: string,
  ) {
    super(optimizer);
    this.cyclesMomentum = children.some((c) => c.cyclesMomentum);
  }
  override undo(): void {
    for (const child of this.children) child.undo();
  }
  getLr(): number {
    // torch: LRScheduler.get_lr raises NotImplementedError; only reached when a SequentialLR milestone
    // restarts a container child through `_update_lr(0)`.
    throw new ScheduleRuntimeError(`NotImplementedError: torch cannot restart a ${this.className} at a SequentialLR milestone`);
  }
}

/**
 * Python's bisect.bisect_right, as SequentialLR calls it on the milestones as given: a binary search that assumes
 * a sorted list, so an unsorted one gives the index that search lands on (torch does not sort them).
 */
export function bisectRight(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (x < (list[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * SequentialLR: runs children one after another, switching at the milestones (torch SequentialLR).
 * Its constructor resets the LR to initial_lr, steps every child's epoch back by one and redoes only the
 * first child's initial step. At a milestone the next child is restarted with `_update_lr(0)`: its closed
 * form at epoch 0 where it has one (so it restarts from the initial LR, not from where the last child left it).
 */
export class SequentialLR extends ContainerScheduler {
  constructor(
    optimizer: TorchOptimizer,
    children: readonly TorchScheduler[],
    readonly milestones: readonly number[],
  ) {
    super(optimizer, children, 'SequentialLR');
    this.lastEpoch = 0;
    this.group.lr = this.group.initial_lr ?? this.group.lr;
    for (const child of children) child.undo();
    // torch redoes the initial step of the child active at epoch 0 (not always the first: milestones [0]).
    children[bisectRight(milestones, 0)]?.initialStep();
  }
  override step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const child = this.children[idx] as TorchScheduler;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) child.updateLr(0);
    else child.step();
  }
}

/** ChainedScheduler: every step calls step() of each child in order, on the same optimizer. */
export class ChainedScheduler extends ContainerScheduler {
  constructor(optimizer: TorchOptimizer, children: readonly TorchScheduler[]) {
    super(optimizer, children, 'ChainedScheduler');
  }
  override step(): void {
    for (const child of this.children) child.step();
  }
}

const schedulesParam = (defaults: readonly ChildCall[]) =>
  ({
    name: 'schedulers',
    label: 'Schedulers',
    help: 'The schedulers, each built on the same optimizer in this order.',
    kind: 'schedules',
    required: true,
    default: defaults,
    exclude: ['ReduceLROnPlateau'],
  }) as const;

export const sequentialLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'SequentialLR',
    title: 'Sequential',
    description: 'Runs schedulers one after another, switching at the milestone epochs (e.g. warmup then cosine).',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, SequentialLR.__init__
    positional: [OPTIMIZER, 'schedulers', 'milestones', 'last_epoch', 'verbose'],
    params: [
      schedulesParam([
        { name: 'LinearLR', args: { start_factor: 0.1, end_factor: 1.0, total_iters: 5 } },
        { name: 'CosineAnnealingLR', args: { T_max: 45, eta_min: 0 } },
      ]),
      {
        name: 'milestones',
        label: 'Milestones',
        help: 'Epochs at which the next scheduler takes over (one fewer than the schedulers).',
        kind: 'numberList',
        required: true,
        default: [5],
        // torch checks neither order nor sign: it bisects the list as given (see bisectRight).
        integer: true,
        unit: 'epochs',
      },
    ],
  },
  build: (args, optimizer, ctx) => {
    const children = childCalls(args, 'schedulers').map((c, i) => ctx.buildChild(c, `args.schedulers[${i}]`));
    const milestones = list(args, 'milestones');
    refuseTrainingLoops(children, 'SequentialLR');
    if (children.length < 1) {
      throw new ScheduleRuntimeError('ValueError: SequentialLR expects at least one scheduler, but got no scheduler.', 'args.schedulers');
    }
    if (milestones.length !== children.length - 1) {
      throw new ScheduleRuntimeError(
        `ValueError: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${children.length} and the number of milestones to be equal to ${milestones.length}`,
        'args.milestones',
      );
    }
    return new SequentialLR(optimizer, children, milestones);
  },
};

export const chainedSchedulerFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'ChainedScheduler',
    title: 'Chained',
    description: 'Steps several schedulers together each epoch; their factors multiply.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, ChainedScheduler.__init__: torch >= 2.2 adds a keyword `optimizer` after the list; earlier versions take the list only
    positional: ['schedulers', OPTIMIZER],
    params: [
      schedulesParam([
        { name: 'ConstantLR', args: { factor: 0.1, total_iters: 2 } },
        { name: 'ExponentialLR', args: { gamma: 0.9 } },
      ]),
    ],
  },
  build: (args, optimizer, ctx) => {
    const children = childCalls(args, 'schedulers').map((c, i) => ctx.buildChild(c, `args.schedulers[${i}]`));
    refuseTrainingLoops(children, 'ChainedScheduler');
    if (children.length < 1) {
      throw new ScheduleRuntimeError(
        'ValueError: ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.',
        'args.schedulers',
      );
    }
    return new ChainedScheduler(optimizer, children);
  },
};
