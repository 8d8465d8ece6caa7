/** Runs for the tests of src/state/runs (not imported by the app). */
import type { EpochMetrics, TrainingConfig } from '../../training/types';
import { defaultTraining } from '../training-settings';
import { RECORD_VERSION, type StoredRun } from './record';

export function sampleConfig(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return {
    dataset: { name: 'digits' },
    model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
    init: 'glorot_uniform',
    optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 },
    schedule: { framework: 'torch', name: 'CosineAnnealingLR', args: { T_max: 50 }, optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 } },
    epochs: 5,
    batchSize: 32,
    seed: 0,
    ...overrides,
  };
}

export function sampleEpochs(n: number): EpochMetrics[] {
  return Array.from({ length: n }, (_, epoch) => ({
    epoch,
    loss: 2 / (epoch + 1),
    accuracy: 1 - 0.5 / (epoch + 1),
    val_loss: 2.1 / (epoch + 1),
    val_accuracy: 1 - 0.55 / (epoch + 1),
    lr: 0.1 * 0.9 ** epoch,
    seconds: 0.04 * (epoch + 1),
  }));
}

let counter = 0;

export function sampleRun(overrides: Partial<StoredRun> = {}): StoredRun {
  counter += 1;
  const epochs = sampleEpochs(3);
  return {
    v: RECORD_VERSION,
    id: `run-${counter}`,
    savedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, counter)).toISOString(),
    appVersion: '0.1.0',
    wallSeconds: 0.12,
    panel: { letter: 'A', index: 0 },
    config: sampleConfig(),
    settings: defaultTraining(),
    backend: 'cpu',
    status: 'done',
    epochs,
    appliedLr: Array.from({ length: 3 * 45 }, (_, i) => 0.1 * 0.999 ** i),
    ...overrides,
  };
}
