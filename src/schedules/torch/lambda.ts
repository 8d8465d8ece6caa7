import { str } from '../args';
import { OPTIMIZER } from '../family';
import { type PyFunction, TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';

const lambdaParam = (example: string, help: string) =>
  ({
    name: 'lr_lambda',
    label: 'lr_lambda',
    help,
    kind: 'function',
    required: true,
    default: example,
  }) as const;

/** LambdaLR: lr_t = lr_0 · f(t) (torch LambdaLR.get_lr; not chainable: it ignores the group's current LR). */
export class LambdaLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly fn: PyFunction,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    return this.baseLr * this.fn(this.lastEpoch);
  }
}

export const lambdaLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'LambdaLR',
    title: 'Lambda (custom factor)',
    description: 'LR = initial LR × f(epoch), for any Python function f you write.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, LambdaLR.__init__
    positional: [OPTIMIZER, 'lr_lambda', 'last_epoch', 'verbose'],
    params: [lambdaParam('lambda epoch: 0.95 ** epoch', 'Python function of the epoch giving the factor on the initial LR.')],
  },
  build: (args, optimizer, ctx) => new LambdaLR(optimizer, ctx.compile(str(args, 'lr_lambda'), 'args.lr_lambda', 1)),
};

/**
 * MultiplicativeLR: lr_t = lr_{t−1} · f(t) for t > 0 (torch MultiplicativeLR.get_lr). At a SequentialLR
 * milestone torch 2.x main also multiplies by f(0) (it checks `_is_initial`; 2.0-2.6 checked `last_epoch > 0`).
 */
export class MultiplicativeLR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    readonly fn: PyFunction,
  ) {
    super(optimizer);
    this.attach();
  }
  getLr(): number {
    if (this.isInitial) return this.group.lr;
    return this.group.lr * this.fn(this.lastEpoch);
  }
}

export const multiplicativeLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'MultiplicativeLR',
    title: 'Multiplicative (custom factor)',
    description: 'Each epoch multiplies the LR by f(epoch), for any Python function f you write.',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/lr_scheduler.py, MultiplicativeLR.__init__
    positional: [OPTIMIZER, 'lr_lambda', 'last_epoch', 'verbose'],
    params: [lambdaParam('lambda epoch: 0.95', 'Python function of the epoch giving the factor applied this epoch.')],
  },
  build: (args, optimizer, ctx) => new MultiplicativeLR(optimizer, ctx.compile(str(args, 'lr_lambda'), 'args.lr_lambda', 1)),
};
