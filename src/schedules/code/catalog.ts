/**
 * What the paste reader knows about the frameworks' APIs: where the classes live (after canonicalising import
 * paths), and each constructor's positional parameter order, from the frameworks' own signatures:
 *   torch/optim/lr_scheduler.py, torch/optim/swa_utils.py (SWALR) and torch/optim/{sgd,adam,adamw,rmsprop}.py
 *   (PyTorch 2.13);
 *   keras/src/optimizers/schedules/learning_rate_schedule.py, keras/src/callbacks/*.py, keras/src/optimizers/*.py;
 *   transformers/optimization.py (Hugging Face transformers 5.24.0) for the get_*_schedule* functions.
 */
import type { OptimizerKind } from '../types';

/** The optimizer argument of a torch scheduler (a marker in the positional lists below). */
export const OPTIMIZER = '<optimizer>';

/** Torch schedulers' positional parameters, in order (`last_epoch` and `verbose` are accepted and checked later). */
export const TORCH_SCHEDULER_POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  StepLR: [OPTIMIZER, 'step_size', 'gamma', 'last_epoch', 'verbose'],
  MultiStepLR: [OPTIMIZER, 'milestones', 'gamma', 'last_epoch', 'verbose'],
  ExponentialLR: [OPTIMIZER, 'gamma', 'last_epoch', 'verbose'],
  CosineAnnealingLR: [OPTIMIZER, 'T_max', 'eta_min', 'last_epoch', 'verbose'],
  CosineAnnealingWarmRestarts: [OPTIMIZER, 'T_0', 'T_mult', 'eta_min', 'last_epoch', 'verbose'],
  CyclicLR: [
    OPTIMIZER,
    'base_lr',
    'max_lr',
    'step_size_up',
    'step_size_down',
    'mode',
    'gamma',
    'scale_fn',
    'scale_mode',
    'cycle_momentum',
    'base_momentum',
    'max_momentum',
    'last_epoch',
    'verbose',
  ],
  OneCycleLR: [
    OPTIMIZER,
    'max_lr',
    'total_steps',
    'epochs',
    'steps_per_epoch',
    'pct_start',
    'anneal_strategy',
    'cycle_momentum',
    'base_momentum',
    'max_momentum',
    'div_factor',
    'final_div_factor',
    'three_phase',
    'last_epoch',
    'verbose',
  ],
  ReduceLROnPlateau: [OPTIMIZER, 'mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps', 'verbose'],
  LinearLR: [OPTIMIZER, 'start_factor', 'end_factor', 'total_iters', 'last_epoch', 'verbose'],
  ConstantLR: [OPTIMIZER, 'factor', 'total_iters', 'last_epoch', 'verbose'],
  PolynomialLR: [OPTIMIZER, 'total_iters', 'power', 'last_epoch', 'verbose'],
  LambdaLR: [OPTIMIZER, 'lr_lambda', 'last_epoch', 'verbose'],
  MultiplicativeLR: [OPTIMIZER, 'lr_lambda', 'last_epoch', 'verbose'],
  SequentialLR: [OPTIMIZER, 'schedulers', 'milestones', 'last_epoch', 'verbose'],
  // torch >= 2.2 adds a keyword `optimizer` after the list; earlier versions take the list only.
  ChainedScheduler: ['schedulers', OPTIMIZER],
  // torch.optim.swa_utils.SWALR
  SWALR: [OPTIMIZER, 'swa_lr', 'anneal_epochs', 'anneal_strategy', 'last_epoch'],
};

/** Keras 3 schedules' and LR callbacks' positional parameters. */
export const KERAS_POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  ExponentialDecay: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
  PiecewiseConstantDecay: ['boundaries', 'values', 'name'],
  PolynomialDecay: ['initial_learning_rate', 'decay_steps', 'end_learning_rate', 'power', 'cycle', 'name'],
  InverseTimeDecay: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
  CosineDecay: ['initial_learning_rate', 'decay_steps', 'alpha', 'name', 'warmup_target', 'warmup_steps'],
  CosineDecayRestarts: ['initial_learning_rate', 'first_decay_steps', 't_mul', 'm_mul', 'alpha', 'name'],
  LearningRateScheduler: ['schedule', 'verbose'],
  ReduceLROnPlateau: ['monitor', 'factor', 'patience', 'verbose', 'mode', 'min_delta', 'cooldown', 'min_lr'],
};

/**
 * Hugging Face transformers' schedule functions' positional parameters (`last_epoch` is accepted and checked
 * later). `get_scheduler` takes the schedule's name first, then the optimizer.
 */
export const TRANSFORMERS_POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  get_constant_schedule: [OPTIMIZER, 'last_epoch'],
  get_constant_schedule_with_warmup: [OPTIMIZER, 'num_warmup_steps', 'last_epoch'],
  get_linear_schedule_with_warmup: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'last_epoch'],
  get_cosine_schedule_with_warmup: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch'],
  get_cosine_with_hard_restarts_schedule_with_warmup: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch'],
  get_polynomial_decay_schedule_with_warmup: [OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'lr_end', 'power', 'last_epoch'],
  get_inverse_sqrt_schedule: [OPTIMIZER, 'num_warmup_steps', 'timescale', 'last_epoch'],
  get_cosine_with_min_lr_schedule_with_warmup: [
    OPTIMIZER,
    'num_warmup_steps',
    'num_training_steps',
    'num_cycles',
    'last_epoch',
    'min_lr',
    'min_lr_rate',
  ],
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: [
    OPTIMIZER,
    'num_warmup_steps',
    'num_training_steps',
    'num_cycles',
    'last_epoch',
    'min_lr',
    'min_lr_rate',
    'warmup_lr_rate',
  ],
  get_wsd_schedule: [
    OPTIMIZER,
    'num_warmup_steps',
    'num_decay_steps',
    'num_training_steps',
    'num_stable_steps',
    'warmup_type',
    'decay_type',
    'min_lr_ratio',
    'num_cycles',
    'last_epoch',
  ],
  get_scheduler: ['name', OPTIMIZER, 'num_warmup_steps', 'num_training_steps', 'scheduler_specific_kwargs'],
};

export const KERAS_SCHEDULES = [
  'ExponentialDecay',
  'PiecewiseConstantDecay',
  'PolynomialDecay',
  'InverseTimeDecay',
  'CosineDecay',
  'CosineDecayRestarts',
] as const;
export const KERAS_CALLBACKS = ['LearningRateScheduler', 'ReduceLROnPlateau'] as const;

export interface OptimizerInfo {
  /** The engine's kind; optimizers it does not model drive the LR like SGD (only the LR is read). */
  kind: OptimizerKind;
  /** Exact class name in the framework. */
  name: string;
  defaultLr: number;
  positional: readonly string[];
  /** Whether the engine models this optimizer itself (momentum / betas included). */
  modelled: boolean;
}

const torchOptimizer = (
  name: string,
  kind: OptimizerKind,
  defaultLr: number,
  positional: readonly string[],
  modelled: boolean,
): OptimizerInfo => ({
  kind,
  name,
  defaultLr,
  positional,
  modelled,
});

/** torch.optim optimizers (2.x defaults; SGD's lr has defaulted to 1e-3 since 2.0). */
export const TORCH_OPTIMIZERS: ReadonlyMap<string, OptimizerInfo> = new Map([
  ['SGD', torchOptimizer('SGD', 'SGD', 1e-3, ['params', 'lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'], true)],
  ['Adam', torchOptimizer('Adam', 'Adam', 1e-3, ['params', 'lr', 'betas', 'eps', 'weight_decay', 'amsgrad'], true)],
  ['AdamW', torchOptimizer('AdamW', 'AdamW', 1e-3, ['params', 'lr', 'betas', 'eps', 'weight_decay', 'amsgrad'], true)],
  ['RMSprop', torchOptimizer('RMSprop', 'RMSprop', 1e-2, ['params', 'lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered'], true)],
  ['Adagrad', torchOptimizer('Adagrad', 'SGD', 1e-2, ['params', 'lr'], false)],
  ['Adadelta', torchOptimizer('Adadelta', 'SGD', 1.0, ['params', 'lr'], false)],
  ['Adamax', torchOptimizer('Adamax', 'SGD', 2e-3, ['params', 'lr'], false)],
  ['NAdam', torchOptimizer('NAdam', 'SGD', 2e-3, ['params', 'lr'], false)],
  ['RAdam', torchOptimizer('RAdam', 'SGD', 1e-3, ['params', 'lr'], false)],
  ['ASGD', torchOptimizer('ASGD', 'SGD', 1e-2, ['params', 'lr'], false)],
  ['Rprop', torchOptimizer('Rprop', 'SGD', 1e-2, ['params', 'lr'], false)],
  ['SparseAdam', torchOptimizer('SparseAdam', 'SGD', 1e-3, ['params', 'lr'], false)],
  ['LBFGS', torchOptimizer('LBFGS', 'SGD', 1, ['params', 'lr'], false)],
]);

/** keras.optimizers (Keras 3 defaults: 0.01 for SGD, 0.001 for the others). */
export const KERAS_OPTIMIZERS: ReadonlyMap<string, OptimizerInfo> = new Map([
  ['SGD', torchOptimizer('SGD', 'SGD', 0.01, ['learning_rate', 'momentum', 'nesterov'], true)],
  ['Adam', torchOptimizer('Adam', 'Adam', 0.001, ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'], true)],
  ['AdamW', torchOptimizer('AdamW', 'AdamW', 0.001, ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'], true)],
  ['RMSprop', torchOptimizer('RMSprop', 'RMSprop', 0.001, ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered'], true)],
  ['Adagrad', torchOptimizer('Adagrad', 'SGD', 0.001, ['learning_rate'], false)],
  ['Adadelta', torchOptimizer('Adadelta', 'SGD', 0.001, ['learning_rate'], false)],
  ['Adamax', torchOptimizer('Adamax', 'SGD', 0.001, ['learning_rate'], false)],
  ['Nadam', torchOptimizer('Nadam', 'SGD', 0.001, ['learning_rate'], false)],
  ['Ftrl', torchOptimizer('Ftrl', 'SGD', 0.001, ['learning_rate'], false)],
  ['Lion', torchOptimizer('Lion', 'SGD', 0.001, ['learning_rate'], false)],
  ['Lamb', torchOptimizer('Lamb', 'SGD', 0.001, ['learning_rate'], false)],
  ['Adafactor', torchOptimizer('Adafactor', 'SGD', 0.001, ['learning_rate'], false)],
]);

/** `model.compile(optimizer='adam')`: Keras's string identifiers. */
export const KERAS_OPTIMIZER_STRINGS: ReadonlyMap<string, string> = new Map([
  ['sgd', 'SGD'],
  ['adam', 'Adam'],
  ['adamw', 'AdamW'],
  ['rmsprop', 'RMSprop'],
  ['adagrad', 'Adagrad'],
  ['adadelta', 'Adadelta'],
  ['adamax', 'Adamax'],
  ['nadam', 'Nadam'],
  ['ftrl', 'Ftrl'],
  ['lion', 'Lion'],
  ['lamb', 'Lamb'],
  ['adafactor', 'Adafactor'],
]);

/**
 * Names a snippet uses without importing them, as if imported the usual way (`torch.optim.lr_scheduler.StepLR`
 * pasted without `import torch`, `tf.keras...` without `import tensorflow as tf`).
 */
export const DEFAULT_MODULES: ReadonlyMap<string, string> = new Map([
  ['torch', 'torch'],
  ['optim', 'torch.optim'],
  ['lr_scheduler', 'torch.optim.lr_scheduler'],
  ['swa_utils', 'torch.optim.swa_utils'],
  ['tf', 'tensorflow'],
  ['tensorflow', 'tensorflow'],
  ['keras', 'keras'],
  ['transformers', 'transformers'],
  ['tf_keras', 'keras'],
  ['math', 'math'],
  ['np', 'numpy'],
  ['numpy', 'numpy'],
]);

/** Canonical dotted path: tf.keras / tensorflow.keras / tf_keras / keras.src / legacy and experimental paths to keras. */
export function canonical(path: string): string {
  let p = path;
  p = p.replace(/^tensorflow\.(?:python\.)?keras(?=\.|$)/, 'keras');
  p = p.replace(/^tf_keras(?=\.|$)/, 'keras');
  p = p.replace(/^keras\.src(?=\.)/, 'keras');
  p = p.replace(/^keras\.api(?:\._v2)?\.keras(?=\.|$)/, 'keras');
  p = p.replace(/^keras\.optimizers\.schedules\.learning_rate_schedule(?=\.)/, 'keras.optimizers.schedules');
  p = p.replace(/^keras\.optimizers\.(?:legacy|experimental)(?=\.)/, 'keras.optimizers');
  // TF 2.x's tf.keras.experimental.CosineDecay(Restarts): the same classes before they moved to schedules.
  p = p.replace(/^keras\.experimental\.(?=CosineDecay(?:Restarts)?$)/, 'keras.optimizers.schedules.');
  p = p.replace(/^keras\.callbacks\.(?:learning_rate_scheduler|reduce_lr_on_plateau)(?=\.)/, 'keras.callbacks');
  p = p.replace(/^torch\.optim\.lr_scheduler\.(?:lr_scheduler)(?=\.)/, 'torch.optim.lr_scheduler');
  p = p.replace(/^transformers\.(?:optimization|trainer_utils)(?=\.)/, 'transformers');
  p = p.replace(/^torch\.optim\.(?:sgd|adam|adamw|rmsprop)(?=\.)/, 'torch.optim');
  return p;
}
