import { trainingStepsPerEpoch } from './training';
import { describe, expect, it } from 'vitest';
import { defaultArgs, findFamily, MAX_TICKS } from '../schedules';
import { exampleMetric } from './example-metric';
import { createPlaygroundStore, getIn, MAX_PANELS, nextPanel, panelCall, selectData, setIn, tickCount } from './store';
import { DEFAULT_TRAINING } from './training';

const defaultsOf = (name: string) => {
  const spec = findFamily('torch', name);
  if (!spec) throw new Error(`no family ${name}`);
  return defaultArgs(spec);
};

const firstPanel = (store: ReturnType<typeof createPlaygroundStore>) => {
  const panel = store.getState().panels[0];
  if (!panel) throw new Error('no panel');
  return panel;
};

describe('createPlaygroundStore', () => {
  it('starts with StepLR at its defaults, SGD lr 0.1 momentum 0.9, and a 50 × 100 horizon', () => {
    const state = createPlaygroundStore().getState();
    expect(state.horizon).toEqual({ epochs: 50, stepsPerEpoch: 100 });
    expect(state.view).toEqual({ logScale: false, showValues: false, sideBySide: false, xAxis: 'epoch', theme: 'system', tab: 'schedule' });
    expect(state.panels).toHaveLength(1);
    expect(state.panels[0]).toEqual({
      framework: 'torch',
      name: 'StepLR',
      args: defaultsOf('StepLR'),
      optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 },
    });
  });

  it('takes initial data', () => {
    const state = createPlaygroundStore({ horizon: { epochs: 7, stepsPerEpoch: 3 } }).getState();
    expect(state.horizon).toEqual({ epochs: 7, stepsPerEpoch: 3 });
    expect(state.panels[0]?.name).toBe('StepLR');
  });

  it('setFamily switches the family and resets its args to the defaults', () => {
    const store = createPlaygroundStore();
    store.getState().setArg(0, ['gamma'], 0.5);
    store.getState().setFamily(0, 'CosineAnnealingLR');
    expect(firstPanel(store).name).toBe('CosineAnnealingLR');
    expect(firstPanel(store).args).toEqual(defaultsOf('CosineAnnealingLR'));
    store.getState().setFamily(0, 'StepLR');
    expect(firstPanel(store).args).toEqual(defaultsOf('StepLR'));
  });

  it('setFamily ignores unknown families and panels', () => {
    const store = createPlaygroundStore();
    const before = store.getState().panels;
    store.getState().setFamily(0, 'NoSuchLR');
    store.getState().setFamily(3, 'ExponentialLR');
    expect(store.getState().panels).toBe(before);
  });

  it('setArg sets a top-level argument without mutating the previous state', () => {
    const store = createPlaygroundStore();
    const previousArgs = firstPanel(store).args;
    store.getState().setArg(0, ['step_size'], 5);
    expect(firstPanel(store).args.step_size).toBe(5);
    expect(previousArgs.step_size).toBe(defaultsOf('StepLR').step_size);
  });

  it('setArg reaches into nested schedules', () => {
    const store = createPlaygroundStore();
    store.getState().setFamily(0, 'SequentialLR');
    const before = firstPanel(store).args;
    store.getState().setArg(0, ['schedulers', 1, 'args', 'T_max'], 12);
    const after = firstPanel(store).args;
    expect(getIn(after, ['schedulers', 1, 'args', 'T_max'])).toBe(12);
    expect(getIn(after, ['schedulers', 0])).toBe(getIn(before, ['schedulers', 0]));
    expect(getIn(before, ['schedulers', 1, 'args', 'T_max'])).not.toBe(12);
    expect(panelCall(firstPanel(store)).args).toBe(after);
  });

  it('setOptimizer patches the optimizer', () => {
    const store = createPlaygroundStore();
    store.getState().setOptimizer(0, { kind: 'Adam', lr: 0.003 });
    expect(firstPanel(store).optimizer).toEqual({ kind: 'Adam', lr: 0.003, momentum: 0.9 });
  });

  it('setHorizon keeps only positive whole numbers', () => {
    const store = createPlaygroundStore();
    store.getState().setHorizon({ epochs: 30 });
    expect(store.getState().horizon).toEqual({ epochs: 30, stepsPerEpoch: 100 });
    store.getState().setHorizon({ epochs: 0, stepsPerEpoch: 2.5 });
    store.getState().setHorizon({ epochs: Number.NaN, stepsPerEpoch: -3 });
    expect(store.getState().horizon).toEqual({ epochs: 30, stepsPerEpoch: 100 });
    store.getState().setHorizon({ stepsPerEpoch: 8 });
    expect(store.getState().horizon).toEqual({ epochs: 30, stepsPerEpoch: 8 });
  });

  it('resetPanel restores the family defaults and keeps the optimizer', () => {
    const store = createPlaygroundStore();
    store.getState().setArg(0, ['gamma'], 0.5);
    store.getState().setOptimizer(0, { lr: 0.02 });
    store.getState().resetPanel(0);
    expect(firstPanel(store).args).toEqual(defaultsOf('StepLR'));
    expect(firstPanel(store).optimizer.lr).toBe(0.02);
  });

  it('setView patches the view', () => {
    const store = createPlaygroundStore();
    store.getState().setView({ showValues: true });
    expect(store.getState().view).toEqual({
      logScale: false,
      showValues: true,
      sideBySide: false,
      xAxis: 'epoch',
      theme: 'system',
      tab: 'schedule',
    });
  });

  it('keeps two stores independent', () => {
    const a = createPlaygroundStore();
    const b = createPlaygroundStore();
    a.getState().setArg(0, ['gamma'], 0.5);
    a.getState().setHorizon({ epochs: 3 });
    a.getState().setView({ logScale: true });
    expect(firstPanel(b).args).toEqual(defaultsOf('StepLR'));
    expect(b.getState().horizon.epochs).toBe(50);
    expect(b.getState().view.logScale).toBe(false);
  });

  it('holds only serialisable data', () => {
    const store = createPlaygroundStore();
    store.getState().setFamily(0, 'SequentialLR');
    const data = selectData(store.getState());
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('helpers', () => {
  it('setIn copies containers along the path and creates missing ones', () => {
    const target = { a: [{ b: 1 }, { b: 2 }], c: { d: 3 } };
    const next = setIn(target, ['a', 1, 'b'], 9) as typeof target;
    expect(next).toEqual({ a: [{ b: 1 }, { b: 9 }], c: { d: 3 } });
    expect(next.c).toBe(target.c);
    expect(next.a[0]).toBe(target.a[0]);
    expect(target.a[1]?.b).toBe(2);
    expect(setIn(undefined, ['x', 0], 1)).toEqual({ x: [1] });
  });

  it('panelCall passes momentum to SGD and beta1 to Adam', () => {
    const panel = { framework: 'torch', name: 'StepLR', args: {}, optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.8 } } as const;
    expect(panelCall(panel).optimizer).toEqual({ kind: 'SGD', lr: 0.1, momentum: 0.8 });
    expect(panelCall({ ...panel, optimizer: { ...panel.optimizer, kind: 'AdamW' } }).optimizer).toEqual({
      kind: 'AdamW',
      lr: 0.1,
      betas: [0.8, 0.999],
    });
  });

  it('tickCount uses epochs or epochs × steps', () => {
    expect(tickCount('epoch', { epochs: 30, stepsPerEpoch: 10 })).toBe(30);
    expect(tickCount('step', { epochs: 30, stepsPerEpoch: 10 })).toBe(300);
  });
});

describe('exampleMetric', () => {
  it('is deterministic, finite, decreasing at first and flat later', () => {
    const loss = exampleMetric({ preset: 'early-plateau', custom: [] }, 100);
    expect(loss).toHaveLength(100);
    expect(exampleMetric({ preset: 'early-plateau', custom: [] }, 100)).toEqual(loss);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss[0]).toBeGreaterThan((loss[20] ?? 0) + 0.5);
    expect(Math.abs((loss[60] ?? 0) - (loss[70] ?? 0))).toBeLessThan(0.1);
    expect(exampleMetric({ preset: 'early-plateau', custom: [] }, 0)).toEqual([]);
  });
});

describe('exampleMetric presets', () => {
  it('gives each preset its shape, deterministically', () => {
    const steady = exampleMetric({ preset: 'steady', custom: [] }, 50);
    expect(steady.every((v, i) => i === 0 || v < (steady[i - 1] as number))).toBe(true);
    const noisy = exampleMetric({ preset: 'noisy', custom: [] }, 50);
    expect(noisy).toEqual(exampleMetric({ preset: 'noisy', custom: [] }, 50));
    expect(noisy.some((v, i) => i > 0 && v > (noisy[i - 1] as number))).toBe(true);
  });
  it('uses custom values, repeating the last, and falls back when there are none', () => {
    expect(exampleMetric({ preset: 'custom', custom: [3, 2, 1] }, 5)).toEqual([3, 2, 1, 1, 1]);
    expect(exampleMetric({ preset: 'custom', custom: [] }, 5)).toEqual(exampleMetric({ preset: 'early-plateau', custom: [] }, 5));
  });
});

describe('panels', () => {
  it('adds, duplicates and removes panels within bounds', () => {
    const store = createPlaygroundStore();
    const { addPanel, duplicatePanel, removePanel, setArg } = store.getState();
    setArg(0, ['step_size'], 7);
    expect(duplicatePanel(0)).toBe(true);
    expect(store.getState().panels[1]?.args.step_size).toBe(7);
    setArg(1, ['step_size'], 9);
    expect(store.getState().panels[0]?.args.step_size).toBe(7);
    while (store.getState().panels.length < MAX_PANELS) expect(addPanel()).toBe(true);
    expect(addPanel()).toBe(false);
    expect(duplicatePanel(0)).toBe(false);
    for (let i = 0; i < MAX_PANELS + 2; i++) removePanel(0);
    expect(store.getState().panels).toHaveLength(1);
  });
  it('switches framework with the family', () => {
    const store = createPlaygroundStore();
    store.getState().setFamily(0, 'CosineDecay', 'keras');
    expect(store.getState().panels[0]).toMatchObject({ framework: 'keras', name: 'CosineDecay' });
    store.getState().setFamily(0, 'NoSuchFamily', 'keras');
    expect(store.getState().panels[0]?.name).toBe('CosineDecay');
  });
});

describe('transformers families and the horizon', () => {
  it('setFamily and resetPanel fit num_training_steps (and warmup, decay) to the horizon', () => {
    const store = createPlaygroundStore({ horizon: { epochs: 3, stepsPerEpoch: 1000 } });
    store.getState().setFamily(0, 'get_linear_schedule_with_warmup', 'transformers');
    expect(store.getState().panels[0]?.args).toEqual({ num_warmup_steps: 300, num_training_steps: 3000 });
    store.getState().setArg(0, ['num_training_steps'], 10);
    store.getState().resetPanel(0);
    expect(store.getState().panels[0]?.args.num_training_steps).toBe(3000);
    store.getState().setHorizon({ epochs: 50, stepsPerEpoch: 100 });
    store.getState().setFamily(0, 'get_wsd_schedule', 'transformers');
    expect(store.getState().panels[0]?.args).toMatchObject({ num_warmup_steps: 500, num_decay_steps: 1000, num_training_steps: 5000 });
  });
});

describe('setStepEvery', () => {
  it('stores a torch panel stepped every batch, and the family default as absent', () => {
    const store = createPlaygroundStore();
    store.getState().setStepEvery(0, 'batch');
    expect(store.getState().panels[0]?.stepEvery).toBe('batch');
    // Kept across torch families that take it, dropped for one that does not.
    store.getState().setFamily(0, 'CosineAnnealingLR');
    expect(store.getState().panels[0]?.stepEvery).toBe('batch');
    store.getState().setFamily(0, 'ReduceLROnPlateau');
    expect(store.getState().panels[0]).not.toHaveProperty('stepEvery');
    store.getState().setFamily(0, 'StepLR');
    store.getState().setStepEvery(0, 'epoch');
    expect(store.getState().panels[0]).not.toHaveProperty('stepEvery');
    store.getState().setFamily(0, 'CosineDecay', 'keras');
    store.getState().setStepEvery(0, 'epoch');
    expect(store.getState().panels[0]).not.toHaveProperty('stepEvery');
  });
});

describe('the horizon is bounded by the engine', () => {
  it('refuses a horizon over MAX_TICKS optimizer steps from a field or a load, and keeps the last one', () => {
    const store = createPlaygroundStore();
    store.getState().setHorizon({ epochs: 1e308 });
    store.getState().setHorizon({ epochs: 10_001 }); // 10,001 × 100 steps > 1,000,000
    expect(store.getState().horizon).toEqual({ epochs: 50, stepsPerEpoch: 100 });
    store.getState().setHorizon({ epochs: 10_000 });
    expect(store.getState().horizon).toEqual({ epochs: 10_000, stepsPerEpoch: 100 });
    store.getState().load({ horizon: { epochs: 1e6, stepsPerEpoch: 1e6 } });
    expect(store.getState().horizon).toEqual({ epochs: 10_000, stepsPerEpoch: 100 });
    expect(MAX_TICKS).toBe(1_000_000);
  });
});

describe('Add schedule', () => {
  it('adds a family not on the page yet, with the first panel’s optimizer, never a copy on top of A', () => {
    const store = createPlaygroundStore();
    store.getState().setOptimizer(0, { lr: 0.05 });
    store.getState().addPanel();
    store.getState().addPanel();
    const [a, b, c] = store.getState().panels;
    expect(a?.name).toBe('StepLR');
    expect(b?.name).toBe('CosineAnnealingLR');
    expect(c?.name).toBe('OneCycleLR');
    expect(b?.optimizer.lr).toBe(0.05);
    expect(nextPanel(store.getState().panels).name).toBe('ExponentialLR');
  });
});

describe('training settings', () => {
  it('start at the defaults: the article’s MLP on the digits, batch 32, three seeds, Auto, a 95 % target', () => {
    const { training } = createPlaygroundStore().getState();
    expect(training).toEqual(DEFAULT_TRAINING);
    expect(training).toEqual({
      dataset: 'digits',
      hidden: [128, 64],
      activation: 'relu',
      batchSize: 32,
      seeds: 3,
      init: 'glorot_uniform',
      backend: 'auto',
      targetAccuracy: 0.95,
    });
    expect(training.hidden).not.toBe(DEFAULT_TRAINING.hidden);
    expect(selectData(createPlaygroundStore().getState()).training).toEqual(DEFAULT_TRAINING);
  });

  it('setTraining stores values of the right type even out of range (the control shows why), and ignores the rest', () => {
    const store = createPlaygroundStore();
    store.getState().setTraining({ batchSize: 0, seeds: 11, hidden: [128, 0], targetAccuracy: 2 });
    expect(store.getState().training).toMatchObject({ batchSize: 0, seeds: 11, hidden: [128, 0], targetAccuracy: 2 });
    const before = store.getState().training;
    const wrong = { batchSize: '64', dataset: 'mnist', activation: 'gelu', init: 'he', backend: 'tpu', hidden: ['1'], seeds: null };
    store.getState().setTraining(wrong as unknown as Parameters<ReturnType<typeof store.getState>['setTraining']>[0]);
    expect(store.getState().training).toBe(before);
    store.getState().setTraining({ batchSize: 0 });
    expect(store.getState().training).toBe(before); // nothing changed: the same object, so no undo step
  });

  it('a new dataset keeps the samples and noise that fit it; undefined goes back to the dataset’s default', () => {
    const store = createPlaygroundStore();
    store.getState().setTraining({ dataset: 'spiral', samples: 5000, noise: 0.5 });
    store.getState().setTraining({ dataset: 'moons' });
    expect(store.getState().training).toMatchObject({ dataset: 'moons', samples: 5000, noise: 0.5 });
    store.getState().setTraining({ dataset: 'digits' }); // 5,000 is over the digits' 1,797, and images take no noise
    expect(store.getState().training).not.toHaveProperty('samples');
    expect(store.getState().training).not.toHaveProperty('noise');
    store.getState().setTraining({ dataset: 'fashion-mnist', samples: 3000 });
    expect(store.getState().training.samples).toBe(3000);
    store.getState().setTraining({ samples: undefined });
    expect(store.getState().training).toEqual({ ...DEFAULT_TRAINING, dataset: 'fashion-mnist' });
  });

  it('syncHorizonToTraining sets the steps per epoch to what training runs and says whether it changed', () => {
    const store = createPlaygroundStore();
    const steps = () => {
      const r = trainingStepsPerEpoch(store.getState().training);
      return r.ok ? r.value : Number.NaN;
    };
    expect(steps()).toBe(45); // 1,438 digits train, batch 32
    expect(store.getState().syncHorizonToTraining(steps())).toBe(true);
    expect(store.getState().horizon).toEqual({ epochs: 50, stepsPerEpoch: 45 });
    expect(store.getState().syncHorizonToTraining(steps())).toBe(false);
    store.getState().setTraining({ dataset: 'moons', batchSize: 100 });
    expect(store.getState().syncHorizonToTraining(steps())).toBe(true);
    expect(store.getState().horizon.stepsPerEpoch).toBe(8); // 800 of 1,000 points train
    store.getState().setTraining({ batchSize: 0 });
    expect(trainingStepsPerEpoch(store.getState().training).ok).toBe(false);
    expect(store.getState().syncHorizonToTraining(steps())).toBe(false);
    expect(store.getState().horizon.stepsPerEpoch).toBe(8);
    // A horizon the engine cannot draw (10,000 epochs × 800 steps) is left alone.
    store.getState().setTraining({ batchSize: 1 });
    store.getState().setHorizon({ epochs: 10_000 });
    expect(store.getState().syncHorizonToTraining(steps())).toBe(false);
    expect(store.getState().horizon).toEqual({ epochs: 10_000, stepsPerEpoch: 8 });
  });

  it('load takes training settings (a link), and keeps them when it has none (a preset)', () => {
    const store = createPlaygroundStore();
    const training = { ...DEFAULT_TRAINING, dataset: 'xor' as const, seeds: 1 };
    store.getState().load({ training });
    expect(store.getState().training).toEqual(training);
    store.getState().load({ horizon: { epochs: 5, stepsPerEpoch: 5 } });
    expect(store.getState().training).toEqual(training);
    expect(createPlaygroundStore({ training }).getState().training).toEqual(training);
  });
});
