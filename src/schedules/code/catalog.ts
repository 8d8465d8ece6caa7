/**
 * What the paste reader knows about the frameworks' APIs: where the classes live (after canonicalising import
 * paths), and each constructor's positional parameter order. The schedulers' orders are their families'
 * `positional` (each cites its framework source); the optimizers' are below, from
 *   torch/optim/{sgd,adam,adamw,rmsprop}.py (PyTorch 2.13) and keras/src/optimizers/*.py.
 */
import { families } from '../registry';
import { GET_SCHEDULER_POSITIONAL } from '../transformers';
import type { Framework, OptimizerKind } from '../types';

export { OPTIMIZER } from '../family';

/** The families of `framework` that code can call (positional not null), by name, in the registry's order. */
function positionalTable(framework: Framework): Readonly<Record<string, readonly string[]>> {
  const table: Record<string, readonly string[]> = {};
  for (const family of families) {
    if (family.framework === framework && family.positional) table[family.name] = family.positional;
  }
  return table;
}

/** Torch schedulers' positional parameters, in order (`last_epoch` and `verbose` are accepted and checked later). */
export const TORCH_SCHEDULER_POSITIONAL: Readonly<Record<string, readonly string[]>> = positionalTable('torch');

/** Keras 3 schedules' and LR callbacks' positional parameters. */
export const KERAS_POSITIONAL: Readonly<Record<string, readonly string[]>> = positionalTable('keras');

/**
 * Hugging Face transformers' schedule functions' positional parameters (`last_epoch` is accepted and checked
 * later). `get_scheduler` takes the schedule's name first, then the optimizer.
 */
export const TRANSFORMERS_POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  ...positionalTable('transformers'),
  get_scheduler: GET_SCHEDULER_POSITIONAL,
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
