import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { families, findFamily } from '../schedules';
import { importGraph } from '../training/testing/imports';
import { createHistory } from './history';
import { applyLrSuggestion, lrTargetOf, lrTestKey } from './lr-finder';
import { encodePermalink } from './permalink';
import { createPlaygroundStore, defaultPanel, type Horizon, type Panel, selectData } from './store';
import { DEFAULT_TRAINING, type TrainingSettings, trainingConfigOf } from './training';

const HORIZON: Horizon = { epochs: 10, stepsPerEpoch: 45 };
const keyOf = (panel: Panel, settings: Partial<TrainingSettings> = {}, horizon: Horizon = HORIZON) =>
  lrTestKey(trainingConfigOf(panel, { ...DEFAULT_TRAINING, ...settings }, horizon, 0));

describe('lrTargetOf', () => {
  it.each([
    ['torch', 'OneCycleLR', { kind: 'arg', name: 'max_lr', label: 'max_lr' }],
    ['torch', 'CyclicLR', { kind: 'arg', name: 'max_lr', label: 'max_lr' }],
    ['keras', 'ExponentialDecay', { kind: 'arg', name: 'initial_learning_rate', label: 'initial LR' }],
    ['keras', 'CosineDecay', { kind: 'arg', name: 'initial_learning_rate', label: 'initial LR' }],
    ['torch', 'StepLR', { kind: 'optimizer', label: 'initial LR' }],
    ['torch', 'ReduceLROnPlateau', { kind: 'optimizer', label: 'initial LR' }],
    ['keras', 'LearningRateScheduler', { kind: 'optimizer', label: 'initial LR' }],
    ['transformers', 'get_linear_schedule_with_warmup', { kind: 'optimizer', label: 'initial LR' }],
    // Wrappers: no max_lr of their own, so the optimizer's LR.
    ['torch', 'SequentialLR', { kind: 'optimizer', label: 'initial LR' }],
    ['torch', 'ChainedScheduler', { kind: 'optimizer', label: 'initial LR' }],
    ['torch', 'SWARecipe', { kind: 'optimizer', label: 'initial LR' }],
    ['playground', 'Warmup', { kind: 'optimizer', label: 'initial LR' }],
  ] as const)('%s %s', (framework, name, expected) => {
    expect(lrTargetOf({ framework, name })).toEqual(expected);
  });

  it('has no target where the family sets every LR itself, or does not exist', () => {
    expect(lrTargetOf({ framework: 'keras', name: 'PiecewiseConstantDecay' })).toMatchObject({ kind: 'none' });
    expect(lrTargetOf({ framework: 'torch', name: 'NoSuchLR' })).toMatchObject({ kind: 'none', reason: expect.stringMatching(/NoSuchLR/) });
  });

  it('agrees with every family spec: an argument it names is a number param; the optimizer only where the family scales it', () => {
    for (const spec of families) {
      const target = lrTargetOf(spec);
      if (target.kind === 'arg') expect(spec.params.find((p) => p.name === target.name)?.kind, spec.name).toBe('number');
      else if (target.kind === 'optimizer') {
        expect(spec.usesOptimizerLr, spec.name).toBe(true);
        expect(
          spec.params.some((p) => p.name === 'max_lr' || p.name === 'initial_learning_rate'),
          spec.name,
        ).toBe(false);
      } else expect(spec.usesOptimizerLr, spec.name).toBe(false);
      if (spec.params.some((p) => p.name === 'max_lr')) expect(target, spec.name).toMatchObject({ kind: 'arg', name: 'max_lr' });
    }
  });
});

describe('applyLrSuggestion', () => {
  const LR = 0.0030199517204020187;

  it("writes the exact number into OneCycleLR's max_lr (not the optimizer's LR), one undo step, in the link", () => {
    const store = createPlaygroundStore({ panels: [defaultPanel('OneCycleLR'), defaultPanel('StepLR')] });
    const history = createHistory(store);
    const before = store.getState().panels[0] as Panel;
    expect(applyLrSuggestion(store, 0, LR)).toBe(true);
    const after = store.getState().panels[0] as Panel;
    expect(after.args.max_lr).toBe(LR);
    expect(after.optimizer).toEqual(before.optimizer);
    expect(encodePermalink(selectData(store.getState()))).toContain(`A.max_lr=${LR}`);
    expect(history.getState().canUndo).toBe(true);
    history.getState().undo();
    expect(store.getState().panels[0]).toEqual(before);
  });

  it("writes the optimizer's LR for StepLR and a Keras schedule's initial_learning_rate", () => {
    const store = createPlaygroundStore({ panels: [defaultPanel('StepLR'), defaultPanel('CosineDecay', 'keras')] });
    applyLrSuggestion(store, 0, LR);
    applyLrSuggestion(store, 1, 0.25);
    expect(store.getState().panels[0]?.optimizer.lr).toBe(LR);
    expect(store.getState().panels[1]?.args.initial_learning_rate).toBe(0.25);
    expect(store.getState().panels[1]?.optimizer.lr).toBe(0.1);
  });

  it('writes nothing for a missing panel, a family without a target, or a value that is no LR', () => {
    const store = createPlaygroundStore({ panels: [defaultPanel('PiecewiseConstantDecay', 'keras'), defaultPanel('StepLR')] });
    const data = store.getState().panels;
    expect(applyLrSuggestion(store, 0, LR)).toBe(false);
    expect(applyLrSuggestion(store, 5, LR)).toBe(false);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(applyLrSuggestion(store, 1, bad)).toBe(false);
    expect(store.getState().panels).toBe(data);
  });
});

describe('lrTestKey', () => {
  const base = defaultPanel('OneCycleLR');
  const key = keyOf(base);

  it("ignores what the test sweeps or does not use: the LR, the schedule's arguments and family, the epochs", () => {
    expect(keyOf({ ...base, optimizer: { ...base.optimizer, lr: 0.5 } })).toBe(key);
    expect(keyOf({ ...base, args: { ...base.args, max_lr: 0.003 } })).toBe(key);
    expect(keyOf(defaultPanel('StepLR'))).toBe(key);
    expect(keyOf(base, {}, { epochs: 99, stepsPerEpoch: 7 })).toBe(key);
    expect(keyOf(base, { seeds: 5, targetAccuracy: 0.5, backend: 'cpu' })).toBe(key);
  });

  it('changes with the data, the model, the batches and the optimizer (kind, momentum, update rule)', () => {
    const changed = [
      keyOf(base, { dataset: 'moons' }),
      keyOf(base, { hidden: [32] }),
      keyOf(base, { activation: 'tanh' }),
      keyOf(base, { batchSize: 64 }),
      keyOf(base, { init: 'torch_default' }),
      keyOf({ ...base, optimizer: { ...base.optimizer, kind: 'Adam' } }),
      keyOf({ ...base, optimizer: { ...base.optimizer, momentum: 0.5 } }),
      keyOf(defaultPanel('CosineDecay', 'keras')),
    ];
    for (const k of changed) expect(k).not.toBe(key);
    expect(new Set(changed).size).toBe(changed.length);
    expect(lrTestKey({ ...trainingConfigOf(base, DEFAULT_TRAINING, HORIZON, 0), seed: 1 })).not.toBe(key);
  });

  it('keeps the families it reads in the registry (a renamed param would silently change the target)', () => {
    expect(findFamily('torch', 'OneCycleLR')?.params.some((p) => p.name === 'max_lr')).toBe(true);
    expect(findFamily('keras', 'ExponentialDecay')?.params.some((p) => p.name === 'initial_learning_rate')).toBe(true);
  });
});

describe('purity', () => {
  it('the LR finder state and view import no tfjs and no training runner', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const training = join(here, '..', 'training');
    const { files, packages } = importGraph(join(here, 'lr-finder.ts'), join(here, '..', 'ui', 'training', 'LrFinder.tsx'));
    const runner = ['index.ts', 'train.ts', 'model.ts', 'backends.ts', 'optimizers.ts', 'training.worker.ts', 'lr-finder.ts'].map((f) =>
      join(training, f),
    );
    expect([...files].filter((f) => runner.includes(f))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@tensorflow'))).toEqual([]);
    expect(files.has(join(training, 'lr-range.ts'))).toBe(true);
  });
});
