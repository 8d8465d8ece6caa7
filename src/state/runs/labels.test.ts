import { describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../training/types';
import { describeDifference, differences, familyOf, filterRuns, finalValAccuracy, runLabel } from './labels';
import { sampleConfig, sampleRun } from './test-fixtures';

const withConfig = (overrides: Partial<TrainingConfig>) => ({ config: sampleConfig(overrides) });
const base = { config: sampleConfig() };
const schedule = (args: Record<string, unknown>, name = 'CosineAnnealingLR', framework: 'torch' | 'keras' = 'torch') => ({
  schedule: { framework, name, args, optimizer: { kind: 'SGD' as const, lr: 0.1, momentum: 0.9 } },
});

describe('describeDifference', () => {
  it('same settings', () => {
    expect(describeDifference(base, { config: sampleConfig() })).toBe('same settings');
  });

  it('one schedule argument, and a default filled in', () => {
    expect(describeDifference(withConfig(schedule({ T_max: 90 })), base)).toBe('T_max 50 → 90');
    // eta_min left out is torch's default 0: the same as eta_min=0 written out.
    expect(describeDifference(withConfig(schedule({ T_max: 50, eta_min: 0 })), base)).toBe('same settings');
    expect(describeDifference(withConfig(schedule({ T_max: 50, eta_min: 0.001 })), base)).toBe('eta_min 0 → 0.001');
  });

  it('the seed, the optimizer, the lr, the dataset, the model, the batch', () => {
    expect(describeDifference(withConfig({ seed: 2 }), base)).toBe('seed 2');
    expect(describeDifference(withConfig({ optimizer: { kind: 'Adam', lr: 0.1, betas: [0.9, 0.999] } }), base)).toBe(
      'optimizer SGD → Adam',
    );
    expect(describeDifference(withConfig({ optimizer: { kind: 'Adam', lr: 0.001 } }), base)).toBe('optimizer SGD → Adam, lr 0.1 → 0.001');
    expect(describeDifference(withConfig({ optimizer: { kind: 'SGD', lr: 0.1 } }), base)).toBe('momentum 0.9 → default');
    expect(describeDifference(withConfig({ optimizer: { kind: 'SGD', lr: 0.01, momentum: 0.9 } }), base)).toBe('lr 0.1 → 0.01');
    expect(describeDifference(withConfig({ dataset: { name: 'moons' } }), base)).toBe('dataset digits → moons');
    expect(describeDifference(withConfig({ dataset: { name: 'digits', samples: 500 } }), base)).toBe('samples 1797 → 500');
    expect(describeDifference(withConfig({ model: { kind: 'mlp', hidden: [64], activation: 'relu' } }), base)).toBe('hidden 128,64 → 64');
    expect(describeDifference(withConfig({ model: { kind: 'mlp', hidden: [], activation: 'tanh' } }), base)).toBe(
      'hidden 128,64 → none, activation relu → tanh',
    );
    expect(describeDifference(withConfig({ batchSize: 64 }), base)).toBe('batch 32 → 64');
  });

  it('another family, another framework', () => {
    expect(describeDifference(withConfig(schedule({ step_size: 30 }, 'StepLR')), base)).toBe('CosineAnnealingLR → StepLR');
    expect(describeDifference(withConfig(schedule({}, 'ReduceLROnPlateau', 'keras')), withConfig(schedule({}, 'ReduceLROnPlateau')))).toBe(
      'torch.ReduceLROnPlateau → keras.ReduceLROnPlateau',
    );
  });

  it('nested schedules, compared by path', () => {
    const seq = (gamma: number, second = 'ExponentialLR') =>
      withConfig(
        schedule(
          {
            schedulers: [
              { name: 'LinearLR', args: { start_factor: 0.1, total_iters: 5 } },
              { name: second, args: second === 'ExponentialLR' ? { gamma } : { step_size: 10 } },
            ],
            milestones: [5],
          },
          'SequentialLR',
        ),
      );
    expect(describeDifference(seq(0.5), seq(0.9))).toBe('schedulers[1].gamma 0.9 → 0.5');
    expect(describeDifference(seq(0.5, 'StepLR'), seq(0.9))).toBe('schedulers[1] ExponentialLR → StepLR');
  });

  it('at most three differences, then a count', () => {
    const many = withConfig({ dataset: { name: 'moons' }, batchSize: 64, epochs: 10, seed: 1, init: 'torch_default' });
    expect(differences(many, base)).toEqual([
      'dataset digits → moons',
      'init glorot_uniform → torch_default',
      'batch 32 → 64',
      'epochs 5 → 10',
      'seed 1',
    ]);
    expect(describeDifference(many, base)).toBe('dataset digits → moons, init glorot_uniform → torch_default, batch 32 → 64, +2 more');
  });

  it('long text (a Python function) is not spelled out', () => {
    const fn = (source: string) => withConfig(schedule({ lr_lambda: source }, 'LambdaLR'));
    expect(describeDifference(fn('lambda epoch: 0.95 ** epoch if epoch > 10 else 1.0'), fn('lambda epoch: 0.9 ** epoch'))).toBe(
      'lr_lambda changed',
    );
  });

  it('the requested backend, where both sides have settings', () => {
    const a = sampleRun();
    const b = { ...sampleRun(), settings: { ...a.settings, backend: 'cpu' as const } };
    expect(describeDifference(b, a)).toBe('backend auto → cpu');
  });
});

describe('list helpers', () => {
  it('label, final validation accuracy, family and filters', () => {
    const run = sampleRun({ panel: { letter: 'B', index: 1 }, config: sampleConfig(schedule({ T_max: 90 })) });
    expect(runLabel(run, base)).toBe('B: T_max 50 → 90');
    expect(finalValAccuracy(run)).toBe(run.epochs[2]?.val_accuracy);
    expect(finalValAccuracy(sampleRun({ epochs: [] }))).toBeUndefined();
    expect(familyOf(run)).toBe('torch.CosineAnnealingLR');
    const moons = sampleRun({ config: sampleConfig({ dataset: { name: 'moons' }, ...schedule({ step_size: 3 }, 'StepLR') }) });
    const runs = [run, moons];
    expect(filterRuns(runs, { dataset: 'moons' })).toEqual([moons]);
    expect(filterRuns(runs, { family: 'torch.CosineAnnealingLR' })).toEqual([run]);
    expect(filterRuns(runs, { dataset: 'digits', family: 'torch.StepLR' })).toEqual([]);
    expect(filterRuns(runs, {})).toEqual(runs);
  });
});
