/**
 * Stochastic Weight Averaging's LR schedule (Izmailov et al., "Averaging Weights Leads to Wider Optima and Better
 * Generalization", https://arxiv.org/abs/1803.05407) as torch implements it in torch.optim.swa_utils.SWALR, and the
 * training loop of PyTorch's SWA documentation that combines it with another scheduler.
 */
import { childCalls, choice, num } from '../args';
import { OPTIMIZER } from '../family';
import { pyDiv } from '../pymath';
import { ScheduleRuntimeError } from '../types';
import { refuseTrainingLoops, TORCH_VERSION_LABEL, type TorchFamily, type TorchOptimizer, TorchScheduler } from './base';

type AnnealStrategy = 'cos' | 'linear';

/** The share of the way from the starting LR to swa_lr at progress p ∈ [0, 1]: cos ½(1 − cos πp), or p. */
function annealShare(strategy: AnnealStrategy, progress: number): number {
  return strategy === 'cos' ? (1 - Math.cos(Math.PI * progress)) / 2 : progress;
}

const clampUnit = (x: number): number => Math.max(0, Math.min(1, x));

/**
 * SWALR: anneals the LR from where it is when the scheduler starts stepping to swa_lr over anneal_epochs steps,
 * then holds swa_lr. A = anneal_epochs, k = the number of step() calls so far (torch counts `_step_count`, not
 * `last_epoch`, so a restart inside SequentialLR, which does not count as a step, holds the LR for one tick):
 *   α(k) = share(clamp(k / max(1, A))),  η_k = swa_lr · α(k) + η_start · (1 − α(k)).
 * Torch keeps no η_start: each step recovers it from the current LR, η_start = (η − α(k−1) · swa_lr) / (1 − α(k−1))
 * (swa_lr itself where α(k−1) = 1), and the engine repeats that arithmetic. With A = 0 the first step counted is 1,
 * so the constructor already sets the LR to swa_lr. swa_lr is stored in the param group, as torch does (a second
 * SWALR on the same optimizer replaces it for both).
 */
export class SWALR extends TorchScheduler {
  constructor(
    optimizer: TorchOptimizer,
    swaLr: number,
    readonly annealEpochs: number,
    readonly annealStrategy: AnnealStrategy,
  ) {
    super(optimizer);
    this.group.swa_lr = swaLr;
    this.attach();
  }

  getLr(): number {
    const swaLr = this.group.swa_lr ?? 0;
    let k = this.stepCount - 1;
    if (this.annealEpochs === 0) k = Math.max(1, k);
    const period = Math.max(1, this.annealEpochs);
    const previousShare = annealShare(this.annealStrategy, clampUnit((k - 1) / period));
    const start = previousShare === 1 ? swaLr : pyDiv(this.group.lr - previousShare * swaLr, 1 - previousShare);
    const share = annealShare(this.annealStrategy, clampUnit(k / period));
    return swaLr * share + start * (1 - share);
  }
}

/**
 * The SWA recipe of PyTorch's documentation (torch.optim, "Stochastic Weight Averaging"): `scheduler` and
 * `swa_scheduler` are built on one optimizer, in that order, and after epoch e the loop calls
 *   swa_scheduler.step() if e > swa_start, else scheduler.step().
 * Not a torch class but that loop: it cannot be nested in a SequentialLR or ChainedScheduler.
 */
export class SWARecipe extends TorchScheduler {
  private epoch = 0;
  override readonly isTrainingLoop = true;
  constructor(
    optimizer: TorchOptimizer,
    readonly scheduler: TorchScheduler,
    readonly swaScheduler: TorchScheduler,
    readonly swaStart: number,
  ) {
    super(optimizer);
    this.cyclesMomentum = scheduler.cyclesMomentum || swaScheduler.cyclesMomentum;
  }
  override step(): void {
    if (this.epoch > this.swaStart) this.swaScheduler.step();
    else this.scheduler.step();
    this.epoch += 1;
  }
  getLr(): number {
    return this.group.lr;
  }
}

export const swaLRFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'SWALR',
    title: 'SWA learning rate (SWALR)',
    description: 'Anneals the LR to a constant swa_lr over anneal_epochs epochs, then holds it (torch.optim.swa_utils).',
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // torch/optim/swa_utils.py, SWALR.__init__
    positional: [OPTIMIZER, 'swa_lr', 'anneal_epochs', 'anneal_strategy', 'last_epoch'],
    params: [
      {
        name: 'swa_lr',
        label: 'SWA LR',
        help: 'The LR held once the annealing is over.',
        kind: 'number',
        required: true,
        default: 0.05,
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 1e-5,
        sliderMax: 1,
        step: 0.0001,
        log: true,
      },
      {
        name: 'anneal_epochs',
        label: 'Anneal epochs',
        help: 'Epochs from the current LR to swa_lr (0: swa_lr at once, already when the scheduler is built).',
        kind: 'integer',
        default: 10,
        unit: 'epochs',
        min: 0,
        max: Number.POSITIVE_INFINITY,
        sliderMax: 100,
        step: 1,
        rangeMessage: 'anneal_epochs must be equal or greater than 0',
      },
      {
        name: 'anneal_strategy',
        label: 'Anneal strategy',
        help: 'Shape of the annealing: cosine or linear.',
        kind: 'choice',
        default: 'cos',
        choices: ['cos', 'linear'],
      },
    ],
  },
  build: (args, optimizer) =>
    new SWALR(optimizer, num(args, 'swa_lr'), num(args, 'anneal_epochs'), choice<AnnealStrategy>(args, 'anneal_strategy')),
};

export const swaRecipeFamily: TorchFamily = {
  spec: {
    framework: 'torch',
    name: 'SWARecipe',
    title: 'SWA recipe (a schedule, then SWALR)',
    description: "PyTorch's SWA loop: one scheduler until swa_start, then SWALR (both built on one optimizer).",
    frameworkVersion: TORCH_VERSION_LABEL,
    tick: 'epoch',
    needsMetric: false,
    usesOptimizerLr: true,
    canCycleMomentum: false,
    // Not a torch class but the loop of torch's SWA documentation: pasted code cannot construct it.
    positional: null,
    params: [
      {
        name: 'schedulers',
        label: 'Schedulers',
        help: '[scheduler, swa_scheduler]: the schedule before SWA, then the one stepped after swa_start (an SWALR).',
        kind: 'schedules',
        required: true,
        default: [
          { name: 'CosineAnnealingLR', args: { T_max: 100, eta_min: 0 } },
          { name: 'SWALR', args: { swa_lr: 0.05, anneal_epochs: 10, anneal_strategy: 'cos' } },
        ],
        exclude: ['ReduceLROnPlateau'],
      },
      {
        name: 'swa_start',
        label: 'SWA start',
        help: 'The loop steps swa_scheduler after epochs > swa_start, the first scheduler before.',
        kind: 'integer',
        default: 75,
        unit: 'epochs',
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        sliderMin: 0,
        sliderMax: 300,
        step: 1,
      },
    ],
  },
  build: (args, optimizer, ctx) => {
    const calls = childCalls(args, 'schedulers');
    if (calls.length !== 2) {
      throw new ScheduleRuntimeError(`SWARecipe takes two schedulers, [scheduler, swa_scheduler], got ${calls.length}`, 'args.schedulers');
    }
    const [scheduler, swaScheduler] = calls.map((c, i) => ctx.buildChild(c, `args.schedulers[${i}]`)) as [TorchScheduler, TorchScheduler];
    refuseTrainingLoops([scheduler, swaScheduler], 'SWARecipe');
    return new SWARecipe(optimizer, scheduler, swaScheduler, num(args, 'swa_start'));
  },
};
