/**
 * Test data for the exporters (round trip through parseScheduleCode, and real PyTorch running the exported code):
 * every family with its defaultArgs and a few non-default settings, each with a short horizon. Imported by tests
 * only.
 */
import { defaultArgs, families, findFamily } from '../registry';
import type { FrameworkCall, OptimizerSpec } from '../types';

export interface ExportCase {
  id: string;
  call: FrameworkCall;
  horizon: { epochs: number; stepsPerEpoch: number };
}

/** A loss that improves, stalls, improves a little and stalls again (plateau schedulers reduce several times). */
export function exampleMetric(n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const trend = 1 / (1 + 0.25 * Math.min(i, 6)) - (i > 25 ? 0.05 * Math.min(i - 25, 3) : 0);
    return trend + 0.002 * ((i * 7) % 5);
  });
}

const SGD: OptimizerSpec = { kind: 'SGD', lr: 0.1, momentum: 0.9 };
const EPOCHS = { epochs: 40, stepsPerEpoch: 2 };
const STEPS = { epochs: 8, stepsPerEpoch: 50 };

function call(
  framework: FrameworkCall['framework'],
  name: string,
  args: Record<string, unknown>,
  optimizer: OptimizerSpec = SGD,
): FrameworkCall {
  return { framework, name, args, optimizer };
}

/**
 * User functions whose names clash with a name the exported script needs (renamed there, with a comment): a class
 * torch's export imports, another function of the same schedule, a constant another function's prelude defines, a
 * builtin the scripts call.
 */
export const NAME_CLASHES = {
  importedClass: 'torch LambdaLR def named LambdaLR',
  twoFunctions: 'torch ChainedScheduler two lambdas named f',
  preludeConstant: 'torch ChainedScheduler def named like a constant',
  module: 'keras LearningRateScheduler def named ops',
} as const;

const VARIANTS: readonly ExportCase[] = [
  { id: 'torch StepLR 7 0.5', call: call('torch', 'StepLR', { step_size: 7, gamma: 0.5 }), horizon: EPOCHS },
  { id: 'torch MultiStepLR repeated', call: call('torch', 'MultiStepLR', { milestones: [3, 3, 10, 25], gamma: 0.3 }), horizon: EPOCHS },
  {
    id: 'torch ExponentialLR Adam',
    call: call('torch', 'ExponentialLR', { gamma: 0.9 }, { kind: 'Adam', lr: 0.003, betas: [0.95, 0.99] }),
    horizon: EPOCHS,
  },
  { id: 'torch CosineAnnealingLR past T_max', call: call('torch', 'CosineAnnealingLR', { T_max: 10, eta_min: 0.001 }), horizon: EPOCHS },
  {
    id: 'torch CosineAnnealingWarmRestarts T_mult 2',
    call: call('torch', 'CosineAnnealingWarmRestarts', { T_0: 3, T_mult: 2, eta_min: 1e-4 }),
    horizon: { epochs: 60, stepsPerEpoch: 1 },
  },
  {
    id: 'torch CosineAnnealingWarmRestarts T_mult 3',
    call: call('torch', 'CosineAnnealingWarmRestarts', { T_0: 2, T_mult: 3 }),
    horizon: { epochs: 90, stepsPerEpoch: 1 },
  },
  {
    id: 'torch CyclicLR triangular2',
    call: call('torch', 'CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 20, step_size_down: 10, mode: 'triangular2' }),
    horizon: STEPS,
  },
  {
    id: 'torch CyclicLR exp_range',
    call: call('torch', 'CyclicLR', { base_lr: 0.001, max_lr: 0.05, step_size_up: 15, mode: 'exp_range', gamma: 0.99 }),
    horizon: STEPS,
  },
  {
    id: 'torch CyclicLR scale_fn',
    call: call('torch', 'CyclicLR', {
      base_lr: 0.001,
      max_lr: 0.05,
      step_size_up: 10,
      scale_fn: 'lambda x: 1 / (1.0 + x / 50)',
      scale_mode: 'iterations',
      cycle_momentum: false,
    }),
    horizon: STEPS,
  },
  {
    id: 'torch OneCycleLR three phase linear',
    call: call('torch', 'OneCycleLR', { max_lr: 0.2, total_steps: 400, three_phase: true, anneal_strategy: 'linear' }),
    horizon: STEPS,
  },
  {
    id: 'torch OneCycleLR epochs x steps',
    call: call('torch', 'OneCycleLR', { max_lr: 0.05, epochs: 8, steps_per_epoch: 50, pct_start: 0.25 }),
    horizon: STEPS,
  },
  {
    id: 'torch OneCycleLR Adam no momentum',
    call: call(
      'torch',
      'OneCycleLR',
      { max_lr: 0.01, total_steps: 400, cycle_momentum: false, div_factor: 10.0, final_div_factor: 100.0 },
      { kind: 'Adam', lr: 0.001 },
    ),
    horizon: STEPS,
  },
  {
    id: 'torch ReduceLROnPlateau abs',
    call: call('torch', 'ReduceLROnPlateau', { patience: 2, cooldown: 1, factor: 0.5, threshold: 0.01, threshold_mode: 'abs' }),
    horizon: EPOCHS,
  },
  {
    id: 'torch ReduceLROnPlateau max',
    call: call('torch', 'ReduceLROnPlateau', { mode: 'max', patience: 0, factor: 0.7, min_lr: 0.02 }),
    horizon: EPOCHS,
  },
  { id: 'torch LinearLR down', call: call('torch', 'LinearLR', { start_factor: 0.25, end_factor: 0.75, total_iters: 8 }), horizon: EPOCHS },
  { id: 'torch ConstantLR', call: call('torch', 'ConstantLR', { factor: 0.5, total_iters: 4 }), horizon: EPOCHS },
  { id: 'torch PolynomialLR', call: call('torch', 'PolynomialLR', { total_iters: 20, power: 2.0 }), horizon: EPOCHS },
  {
    id: 'torch LambdaLR def',
    call: call('torch', 'LambdaLR', {
      lr_lambda:
        'import math\nwarm = 5\ndef lr_lambda(epoch):\n    if epoch < warm:\n        return (epoch + 1) / warm\n    return 0.5 * (1 + math.cos(math.pi * (epoch - warm) / 30))',
    }),
    horizon: EPOCHS,
  },
  {
    id: 'torch MultiplicativeLR',
    call: call('torch', 'MultiplicativeLR', { lr_lambda: 'lambda epoch: 0.9 if epoch < 10 else 1.0' }),
    horizon: EPOCHS,
  },
  {
    id: 'torch SequentialLR doc example',
    call: call(
      'torch',
      'SequentialLR',
      {
        schedulers: [
          { name: 'ConstantLR', args: { factor: 0.1, total_iters: 2 } },
          { name: 'ExponentialLR', args: { gamma: 0.9 } },
        ],
        milestones: [2],
      },
      { lr: 1.0 },
    ),
    horizon: EPOCHS,
  },
  {
    id: 'torch SequentialLR three',
    call: call('torch', 'SequentialLR', {
      schedulers: [
        { name: 'LinearLR', args: { start_factor: 0.2, total_iters: 5 } },
        { name: 'StepLR', args: { step_size: 4, gamma: 0.7 } },
        { name: 'CosineAnnealingLR', args: { T_max: 15, eta_min: 0.001 } },
      ],
      milestones: [5, 20],
    }),
    horizon: EPOCHS,
  },
  {
    id: 'torch ChainedScheduler',
    call: call('torch', 'ChainedScheduler', {
      schedulers: [
        { name: 'LinearLR', args: { start_factor: 0.5, total_iters: 4 } },
        { name: 'StepLR', args: { step_size: 6, gamma: 0.5 } },
      ],
    }),
    horizon: EPOCHS,
  },
  {
    id: 'torch ChainedScheduler lambda',
    call: call('torch', 'ChainedScheduler', {
      schedulers: [
        { name: 'LambdaLR', args: { lr_lambda: 'lambda e: 1 / (1 + e)' } },
        { name: 'ExponentialLR', args: { gamma: 0.95 } },
      ],
    }),
    horizon: EPOCHS,
  },
  {
    id: 'torch CyclicLR Adam beta1',
    call: call('torch', 'CyclicLR', { base_lr: 1e-4, max_lr: 1e-3, step_size_up: 25 }, { kind: 'Adam', lr: 0.001 }),
    horizon: STEPS,
  },
  {
    id: 'torch OneCycleLR AdamW beta1',
    call: call(
      'torch',
      'OneCycleLR',
      { max_lr: 0.003, total_steps: 400, three_phase: true },
      { kind: 'AdamW', lr: 0.001, betas: [0.95, 0.98] },
    ),
    horizon: STEPS,
  },
  {
    id: 'torch OneCycleLR max_momentum 22',
    call: call('torch', 'OneCycleLR', {
      max_lr: 25,
      final_div_factor: 2,
      base_momentum: 1,
      max_momentum: 22,
      total_steps: 400,
      anneal_strategy: 'linear',
    }),
    horizon: STEPS,
  },
  {
    id: 'torch SWALR linear',
    call: call('torch', 'SWALR', { swa_lr: 0.01, anneal_epochs: 5, anneal_strategy: 'linear' }),
    horizon: EPOCHS,
  },
  { id: 'torch SWALR anneal 0', call: call('torch', 'SWALR', { swa_lr: 0.02, anneal_epochs: 0 }), horizon: EPOCHS },
  {
    id: 'torch SequentialLR then SWALR',
    call: call('torch', 'SequentialLR', {
      schedulers: [
        { name: 'CosineAnnealingLR', args: { T_max: 30 } },
        { name: 'SWALR', args: { swa_lr: 0.02, anneal_epochs: 5 } },
      ],
      milestones: [20],
    }),
    horizon: EPOCHS,
  },
  {
    id: 'torch SWARecipe docs',
    call: call('torch', 'SWARecipe', {
      schedulers: [
        { name: 'MultiplicativeLR', args: { lr_lambda: 'lambda epoch: 0.9' } },
        { name: 'SWALR', args: { anneal_strategy: 'linear', anneal_epochs: 20, swa_lr: 0.05 } },
      ],
      swa_start: 10,
    }),
    horizon: EPOCHS,
  },
  {
    id: 'torch SWARecipe per step',
    call: call('torch', 'SWARecipe', {
      schedulers: [
        { name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 400 } },
        { name: 'SWALR', args: { swa_lr: 0.01, anneal_epochs: 30 } },
      ],
      swa_start: 300,
    }),
    horizon: STEPS,
  },
  {
    id: 'keras ExponentialDecay staircase',
    call: call('keras', 'ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 30, decay_rate: 0.5, staircase: true }),
    horizon: STEPS,
  },
  {
    id: 'keras PiecewiseConstantDecay',
    call: call('keras', 'PiecewiseConstantDecay', { boundaries: [50, 120, 300], values: [0.1, 0.05, 0.01, 0.001] }),
    horizon: STEPS,
  },
  {
    id: 'keras PiecewiseConstantDecay unsorted',
    call: call('keras', 'PiecewiseConstantDecay', { boundaries: [120, 50], values: [0.1, 0.05, 0.01] }),
    horizon: STEPS,
  },
  {
    id: 'keras PiecewiseConstantDecay float boundaries',
    call: call('keras', 'PiecewiseConstantDecay', { boundaries: [50.7, 120.2], values: [0.1, 0.05, 0.01] }),
    horizon: STEPS,
  },
  {
    id: 'keras PolynomialDecay cycle',
    call: call('keras', 'PolynomialDecay', {
      initial_learning_rate: 0.1,
      decay_steps: 60,
      end_learning_rate: 0.001,
      power: 0.5,
      cycle: true,
    }),
    horizon: STEPS,
  },
  {
    id: 'keras InverseTimeDecay staircase',
    call: call('keras', 'InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 1.0, decay_rate: 0.5, staircase: true }),
    horizon: STEPS,
  },
  {
    id: 'keras CosineDecay warmup',
    call: call('keras', 'CosineDecay', { initial_learning_rate: 0.0, decay_steps: 200, warmup_target: 0.1, warmup_steps: 100, alpha: 0.1 }),
    horizon: STEPS,
  },
  {
    id: 'keras CosineDecayRestarts t_mul 1.5',
    call: call('keras', 'CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 20, t_mul: 1.5, m_mul: 0.8, alpha: 0.05 }),
    horizon: STEPS,
  },
  {
    id: 'keras CosineDecayRestarts t_mul 1',
    call: call('keras', 'CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 40, t_mul: 1.0 }),
    horizon: STEPS,
  },
  {
    id: 'keras LearningRateScheduler step_decay',
    call: call(
      'keras',
      'LearningRateScheduler',
      {
        schedule:
          'import numpy as np\ndef step_decay(epoch, lr):\n   initial_lr = 0.1\n   drop_factor = 0.5\n   epochs_drop = 10\n   new_lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))\n   return new_lr',
      },
      { kind: 'SGD', lr: 0.1 },
    ),
    horizon: EPOCHS,
  },
  {
    id: 'keras LearningRateScheduler one arg',
    call: call('keras', 'LearningRateScheduler', { schedule: 'lambda epoch: 1e-3 * 10 ** (epoch / 20)' }, { kind: 'Adam' }),
    horizon: EPOCHS,
  },
  {
    id: 'keras LearningRateScheduler exp',
    call: call(
      'keras',
      'LearningRateScheduler',
      { schedule: 'lambda epoch, lr: lr * math.exp(-0.1) if epoch >= 5 else lr' },
      { kind: 'SGD', lr: 0.05 },
    ),
    horizon: EPOCHS,
  },
  {
    id: 'keras ReduceLROnPlateau',
    call: call(
      'keras',
      'ReduceLROnPlateau',
      { factor: 0.5, patience: 2, cooldown: 2, min_lr: 0.02, min_delta: 0.01 },
      { kind: 'SGD', lr: 0.1 },
    ),
    horizon: EPOCHS,
  },
  {
    id: 'keras ReduceLROnPlateau accuracy',
    call: call('keras', 'ReduceLROnPlateau', { monitor: 'val_accuracy', factor: 0.2, patience: 0 }, { kind: 'Adam', lr: 0.01 }),
    horizon: EPOCHS,
  },
  {
    id: 'playground Warmup StepLR',
    call: call('playground', 'Warmup', {
      warmup: 4,
      start_factor: 0.1,
      schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 5, gamma: 0.5 } },
    }),
    horizon: EPOCHS,
  },
  {
    id: 'playground Warmup OneCycleLR',
    call: call('playground', 'Warmup', {
      warmup: 30,
      start_factor: 0.0,
      schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 0.1, total_steps: 400 } },
    }),
    horizon: STEPS,
  },
  {
    id: 'playground Warmup CosineDecay',
    call: call('playground', 'Warmup', {
      warmup: 25,
      start_factor: 0.2,
      schedule: { framework: 'keras', name: 'CosineDecay', args: { initial_learning_rate: 0.05, decay_steps: 300 } },
    }),
    horizon: STEPS,
  },
  {
    id: 'playground Warmup InverseSqrt',
    call: call('playground', 'Warmup', {
      warmup: 10,
      start_factor: 0.5,
      schedule: { framework: 'playground', name: 'InverseSqrt', args: { warmup_steps: 20 } },
    }),
    horizon: STEPS,
  },
  ...nameVariants(),
  ...transformersVariants(),
  { id: 'playground InverseSqrt', call: call('playground', 'InverseSqrt', { warmup_steps: 30 }), horizon: STEPS },
  ...perBatchVariants(),
];

/** step() every batch: torch schedulers that count epochs, stepped inside the batch loop (ticks: optimizer steps). */
function perBatchVariants(): ExportCase[] {
  const perBatch = (c: FrameworkCall): FrameworkCall => ({ ...c, stepEvery: 'batch' });
  const small = { epochs: 6, stepsPerEpoch: 10 };
  return [
    { id: 'per batch torch StepLR', call: perBatch(call('torch', 'StepLR', { step_size: 7, gamma: 0.5 })), horizon: small },
    {
      id: 'per batch torch LinearLR 1000',
      call: perBatch(call('torch', 'LinearLR', { start_factor: 0.1, total_iters: 1000 })),
      horizon: { epochs: 12, stepsPerEpoch: 100 },
    },
    {
      id: 'per batch torch CosineAnnealingLR',
      call: perBatch(call('torch', 'CosineAnnealingLR', { T_max: 45, eta_min: 0.001 })),
      horizon: small,
    },
    {
      id: 'per batch torch ExponentialLR Adam',
      call: perBatch(call('torch', 'ExponentialLR', { gamma: 0.97 }, { kind: 'Adam', lr: 0.003 })),
      horizon: small,
    },
    {
      id: 'per batch torch LambdaLR',
      call: perBatch(call('torch', 'LambdaLR', { lr_lambda: 'lambda step: 0.9 ** (step // 4)' })),
      horizon: small,
    },
    {
      id: 'per batch torch SequentialLR',
      call: perBatch(
        call('torch', 'SequentialLR', {
          schedulers: [
            { name: 'LinearLR', args: { start_factor: 0.1, total_iters: 15 } },
            { name: 'CosineAnnealingLR', args: { T_max: 45 } },
          ],
          milestones: [15],
        }),
      ),
      horizon: small,
    },
    {
      id: 'per batch torch SWARecipe',
      call: perBatch(
        call('torch', 'SWARecipe', {
          schedulers: [
            { name: 'CosineAnnealingLR', args: { T_max: 40 } },
            { name: 'SWALR', args: { swa_lr: 0.05, anneal_epochs: 5, anneal_strategy: 'cos' } },
          ],
          swa_start: 40,
        }),
      ),
      horizon: small,
    },
    {
      id: 'per batch playground Warmup StepLR',
      call: perBatch(
        call('playground', 'Warmup', {
          warmup: 12,
          start_factor: 0.1,
          schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 9, gamma: 0.5 } },
        }),
      ),
      horizon: small,
    },
    {
      id: 'per epoch torch OneCycleLR',
      call: { ...call('torch', 'OneCycleLR', { max_lr: 0.1, total_steps: 40 }), stepEvery: 'epoch' },
      horizon: EPOCHS,
    },
  ];
}

function nameVariants(): ExportCase[] {
  return [
    {
      id: NAME_CLASHES.importedClass,
      call: call('torch', 'LambdaLR', { lr_lambda: 'def LambdaLR(epoch):\n    return 0.9 ** epoch' }),
      horizon: EPOCHS,
    },
    {
      id: NAME_CLASHES.twoFunctions,
      call: call('torch', 'ChainedScheduler', {
        schedulers: [
          { name: 'LambdaLR', args: { lr_lambda: 'f = lambda e: 1 / (1 + e)' } },
          { name: 'MultiplicativeLR', args: { lr_lambda: 'f = lambda e: 0.95 if e < 20 else 1.0' } },
        ],
      }),
      horizon: EPOCHS,
    },
    {
      id: NAME_CLASHES.preludeConstant,
      call: call('torch', 'ChainedScheduler', {
        schedulers: [
          { name: 'LambdaLR', args: { lr_lambda: 'warm = 5\nf = lambda e: min(1.0, (e + 1) / warm)' } },
          { name: 'MultiplicativeLR', args: { lr_lambda: 'warm = lambda e: 0.9' } },
        ],
      }),
      horizon: EPOCHS,
    },
    {
      id: NAME_CLASHES.module,
      call: call(
        'keras',
        'LearningRateScheduler',
        { schedule: 'def ops(epoch):\n    return 0.1 * 0.5 ** (epoch // 10)' },
        { kind: 'SGD', lr: 0.1 },
      ),
      horizon: EPOCHS,
    },
  ];
}

/** Hugging Face transformers' schedules: every family with a few settings, AdamW as in the Trainer. */
function transformersVariants(): ExportCase[] {
  const adamw: OptimizerSpec = { kind: 'AdamW', lr: 5e-4 };
  const hf = (id: string, name: string, args: Record<string, unknown>, optimizer: OptimizerSpec = adamw): ExportCase => ({
    id: `transformers ${name} ${id}`,
    call: call('transformers', name, args, optimizer),
    horizon: STEPS,
  });
  return [
    hf('adamw', 'get_constant_schedule', {}),
    hf('W40', 'get_constant_schedule_with_warmup', { num_warmup_steps: 40 }),
    hf('W40 T300', 'get_linear_schedule_with_warmup', { num_warmup_steps: 40, num_training_steps: 300 }),
    hf(
      'W0 T500',
      'get_linear_schedule_with_warmup',
      { num_warmup_steps: 0, num_training_steps: 500 },
      { kind: 'SGD', lr: 0.1, momentum: 0.9 },
    ),
    hf('cycles 1.5', 'get_cosine_schedule_with_warmup', { num_warmup_steps: 30, num_training_steps: 350, num_cycles: 1.5 }),
    hf('3 restarts', 'get_cosine_with_hard_restarts_schedule_with_warmup', {
      num_warmup_steps: 20,
      num_training_steps: 380,
      num_cycles: 3,
    }),
    hf('power 2', 'get_polynomial_decay_schedule_with_warmup', { num_warmup_steps: 25, num_training_steps: 300, lr_end: 1e-5, power: 2.0 }),
    hf('timescale 80', 'get_inverse_sqrt_schedule', { num_warmup_steps: 50, timescale: 80 }),
    hf('min_lr_rate', 'get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 40, num_training_steps: 300, min_lr_rate: 0.1 }),
    hf('min_lr', 'get_cosine_with_min_lr_schedule_with_warmup', { num_warmup_steps: 40, num_training_steps: 300, min_lr: 2e-5 }),
    hf('warmup_lr_rate', 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate', {
      num_warmup_steps: 40,
      num_training_steps: 300,
      min_lr_rate: 0.05,
      warmup_lr_rate: 0.1,
    }),
    hf('cosine 1-sqrt', 'get_wsd_schedule', {
      num_warmup_steps: 40,
      num_decay_steps: 120,
      num_stable_steps: 150,
      warmup_type: 'cosine',
      decay_type: '1-sqrt',
      min_lr_ratio: 0.1,
    }),
    hf('1-sqrt linear training', 'get_wsd_schedule', {
      num_warmup_steps: 30,
      num_decay_steps: 200,
      num_training_steps: 330,
      warmup_type: '1-sqrt',
      decay_type: 'linear',
    }),
    hf('cosine cycles', 'get_wsd_schedule', {
      num_warmup_steps: 10,
      num_decay_steps: 100,
      num_training_steps: 400,
      num_cycles: 1.0,
      min_lr_ratio: 0.05,
    }),
    {
      id: 'playground Warmup transformers get_cosine_schedule_with_warmup',
      call: call(
        'playground',
        'Warmup',
        {
          warmup: 20,
          start_factor: 0.1,
          schedule: {
            framework: 'transformers',
            name: 'get_cosine_schedule_with_warmup',
            args: { num_warmup_steps: 0, num_training_steps: 380 },
          },
        },
        adamw,
      ),
      horizon: STEPS,
    },
  ];
}

/** Every family at its defaultArgs, then the variants above. */
export function exportCases(): ExportCase[] {
  const defaults = families.map((f) => {
    const optimizer: OptimizerSpec = f.framework === 'torch' ? SGD : { kind: 'SGD', lr: 0.1 };
    const horizon = f.tick === 'step' || f.name === 'Warmup' ? (f.name === 'Warmup' ? EPOCHS : STEPS) : EPOCHS;
    return { id: `${f.framework} ${f.name} defaults`, call: call(f.framework, f.name, defaultArgs(f), optimizer), horizon };
  });
  for (const v of VARIANTS) {
    if (!findFamily(v.call.framework, v.call.name)) throw new Error(`unknown family in ${v.id}`);
  }
  return [...defaults, ...VARIANTS];
}
