import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph } from '../training/testing/imports';
import { describe, expect, it } from 'vitest';
import { MAX_TICKS } from '../schedules';
import { seededRandom } from '../schedules/random';
import { validateConfig } from '../training/config';
import { splitSizes } from '../training/data/sizes';
import { DATASET_LIMITS, DATASET_NAMES, MAX_EPOCHS } from '../training/types';
import { defaultPanel, type Horizon, type Panel, panelCall } from './store';
import {
  DEFAULT_TRAINING,
  estimateTrainingSeconds,
  MAX_SEEDS,
  panelTrainingIssue,
  type TrainingSettings,
  trainingConfigOf,
  trainingIssues,
  trainingStepsPerEpoch,
  WORKLOAD_WARN_SECONDS,
} from './training';

const HORIZON: Horizon = { epochs: 50, stepsPerEpoch: 100 };
const settings = (patch: Partial<TrainingSettings> = {}): TrainingSettings => ({ ...DEFAULT_TRAINING, ...patch });
const withOptimizer = (optimizer: Partial<Panel['optimizer']>, panel: Panel = defaultPanel()): Panel => ({
  ...panel,
  optimizer: { ...panel.optimizer, ...optimizer },
});

describe('trainingStepsPerEpoch', () => {
  it('is ceil(n_train / batch) of the split train runs on', () => {
    const digits = splitSizes({ name: 'digits' });
    if (!digits.ok) throw new Error(digits.error.message);
    expect(digits.value.train).toBe(1438);
    expect(trainingStepsPerEpoch(settings())).toEqual({ ok: true, value: 45 });
    expect(trainingStepsPerEpoch(settings({ batchSize: 1438 }))).toEqual({ ok: true, value: 1 });
    expect(trainingStepsPerEpoch(settings({ batchSize: 4096 }))).toEqual({ ok: true, value: 1 });
    expect(trainingStepsPerEpoch(settings({ dataset: 'fashion-mnist' }))).toEqual({ ok: true, value: 250 });
    expect(trainingStepsPerEpoch(settings({ dataset: 'spiral', samples: 100, batchSize: 10 }))).toEqual({ ok: true, value: 8 });
  });

  it('is an error, with the field, for a bad batch size or dataset setting', () => {
    for (const batchSize of [0, -1, 2.5, 5000, Number.NaN]) {
      const steps = trainingStepsPerEpoch(settings({ batchSize }));
      expect(steps.ok ? 'ok' : steps.error.path, String(batchSize)).toBe('batchSize');
    }
    const empty = trainingStepsPerEpoch(settings({ dataset: 'moons', samples: 0 }));
    expect(empty.ok ? 'ok' : empty.error.path).toBe('dataset.samples');
    const noisyDigits = trainingStepsPerEpoch(settings({ noise: 0.1 }));
    expect(noisyDigits.ok).toBe(false);
  });
});

describe('trainingIssues', () => {
  it('none for the defaults, with one panel or six', () => {
    expect(trainingIssues(DEFAULT_TRAINING, HORIZON, 1)).toEqual({ errors: {} });
    expect(trainingIssues(DEFAULT_TRAINING, HORIZON, 6)).toEqual({ errors: {} });
  });

  it.each<[string, Partial<TrainingSettings>, Partial<Horizon>, keyof ReturnType<typeof trainingIssues>['errors'], RegExp]>([
    ['batch size 0', { batchSize: 0 }, {}, 'batchSize', /^Batch size must be a whole number from 1 to 4,096\.$/],
    ['batch size 2.5', { batchSize: 2.5 }, {}, 'batchSize', /whole number/],
    ['batch size 5,000', { batchSize: 5000 }, {}, 'batchSize', /1 to 4,096/],
    ['no seed', { seeds: 0 }, {}, 'seeds', /^Seeds must be a whole number from 1 to 10\.$/],
    ['11 seeds', { seeds: 11 }, {}, 'seeds', /1 to 10/],
    [
      'an empty 2-D set',
      { dataset: 'spiral', samples: 0 },
      {},
      'samples',
      /^A dataset needs points: samples for spiral must be a whole number from 20 to 10,000\.$/,
    ],
    ['too many digits', { samples: 5000 }, {}, 'samples', /^Samples for digits must be a whole number from 100 to 1,797\.$/],
    [
      'noise on the digits',
      { noise: 0.1 },
      {},
      'noise',
      /^digits takes no noise \(it is an image set\); noise is for spiral, moons, circles, xor, blobs\.$/,
    ],
    ['noise 2', { dataset: 'moons', noise: 2 }, {}, 'noise', /^Noise for moons must be a number from 0 to 1\.$/],
    ['five hidden layers', { hidden: [8, 8, 8, 8, 8] }, {}, 'hidden', /at most 4 widths, each a whole number from 1 to 512/],
    ['a layer of 0', { hidden: [128, 0] }, {}, 'hidden', /at most 4 widths/],
    ['a layer of 1,000', { hidden: [1000] }, {}, 'hidden', /at most 4 widths/],
    ['target 0', { targetAccuracy: 0 }, {}, 'targetAccuracy', /above 0 % and at most 100 %/],
    ['target 1.5', { targetAccuracy: 1.5 }, {}, 'targetAccuracy', /above 0 % and at most 100 %/],
    ['an unknown dataset', { dataset: 'mnist' as TrainingSettings['dataset'] }, {}, 'dataset', /^Choose a dataset: digits, fashion-mnist/],
    ['an unknown backend', { backend: 'tpu' as TrainingSettings['backend'] }, {}, 'backend', /auto, fused, webgpu, webgl, wasm, cpu/],
    ['an unknown activation', { activation: 'gelu' as TrainingSettings['activation'] }, {}, 'activation', /relu, tanh/],
    ['an unknown init', { init: 'he' as TrainingSettings['init'] }, {}, 'init', /glorot_uniform, torch_default/],
    ['2,000 epochs', {}, { epochs: 2000 }, 'epochs', /^Training runs 1 to 1,000 epochs; the horizon has 2,000: shorten it to train\.$/],
    [
      'more steps than a schedule is drawn for',
      { batchSize: 1 },
      { epochs: 1000 },
      'batchSize',
      /With batch size 1 an epoch is 1,438 steps, and 1,000 epochs would be over the 1,000,000 steps/,
    ],
  ])('%s: a message next to that control, and none elsewhere', (_label, patch, horizon, field, pattern) => {
    const { errors, workload } = trainingIssues(settings(patch), { ...HORIZON, ...horizon }, 2);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(pattern);
    expect(workload).toBeUndefined();
  });

  it('every bad setting at once: a message for each', () => {
    const bad = settings({ samples: 0, noise: 5, hidden: [0], batchSize: 0, seeds: 0, targetAccuracy: -1 });
    expect(Object.keys(trainingIssues(bad, { epochs: 1001, stepsPerEpoch: 1 }, 1).errors).sort()).toEqual(
      ['batchSize', 'epochs', 'hidden', 'noise', 'samples', 'seeds', 'targetAccuracy'].sort(),
    );
  });

  it('warns (to ask first) when the comparison is more than a few minutes of training', () => {
    const long = trainingIssues(settings({ seeds: MAX_SEEDS }), { epochs: 1000, stepsPerEpoch: 45 }, 6);
    expect(long.errors).toEqual({});
    expect(long.workload).toMatch(
      /^This is about 46 minutes of training \(6 schedules × 10 seeds × 1,000 epochs × 45 steps, estimated\)\. Fewer seeds, epochs or schedules/,
    );
    const fashion = trainingIssues(settings({ dataset: 'fashion-mnist' }), { epochs: 100, stepsPerEpoch: 250 }, 2);
    expect(fashion.workload).toMatch(/^This is about \d+ minutes of training \(2 schedules × 3 seeds × 100 epochs × 250 steps/);
    expect(trainingIssues(settings({ dataset: 'fashion-mnist' }), { epochs: 100, stepsPerEpoch: 250 }, 1).workload).toBeUndefined();
    // The article's setup, and a full page of six schedules with three seeds each: quick enough to just start.
    expect(trainingIssues(DEFAULT_TRAINING, HORIZON, 6).workload).toBeUndefined();
    expect(trainingIssues(settings({ dataset: 'moons' }), { epochs: 200, stepsPerEpoch: 25 }, 6).workload).toBeUndefined();
  });

  it('the estimate matches the measured digits epoch (WASM 39 ms, the CPU backend 171–189 ms) within a factor of 1.5', () => {
    const one = settings({ seeds: 1 });
    const epoch = { epochs: 1, stepsPerEpoch: 45 };
    const wasm = estimateTrainingSeconds(one, epoch, 1) ?? 0;
    const cpu = estimateTrainingSeconds({ ...one, backend: 'cpu' }, epoch, 1) ?? 0;
    expect(wasm).toBeGreaterThan(0.039 / 1.5);
    expect(wasm).toBeLessThan(0.039 * 1.5);
    expect(cpu).toBeGreaterThan(0.18 / 1.5);
    expect(cpu).toBeLessThan(0.18 * 1.5);
    // Linear in panels × seeds × epochs.
    expect(estimateTrainingSeconds(settings({ seeds: 3 }), { epochs: 10, stepsPerEpoch: 45 }, 2)).toBeCloseTo(wasm * 60, 10);
    expect(WORKLOAD_WARN_SECONDS).toBe(180);
    expect(estimateTrainingSeconds(settings({ batchSize: 0 }), epoch, 1)).toBeUndefined();
  });

  it('agrees with the engine: no error exactly when validateConfig takes the run and its horizon can be drawn', () => {
    const random = seededRandom(0x7a1e);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const panel = defaultPanel();
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 400; i++) {
      const dataset = pick(DATASET_NAMES);
      const limits = DATASET_LIMITS[dataset];
      const sometimes = <T>(good: readonly T[], bad: readonly T[]): T => (random() < 0.85 ? pick(good) : pick(bad));
      const s = settings({
        dataset,
        hidden: Array.from({ length: sometimes([0, 1, 2, 3, 4], [5, 6]) }, () => sometimes([1, 16, 128, 512], [0, 513, 2.5])),
        batchSize: sometimes([1, 7, 32, 4096], [0, 4097, 1.5]),
        seeds: sometimes([1, 3, 10], [0, 11]),
        activation: pick(['relu', 'tanh']),
        init: pick(['glorot_uniform', 'torch_default']),
      });
      const { min, max } = limits.samples;
      if (random() < 0.5) s.samples = sometimes([min, max, Math.round((min + max) / 2)], [0, min - 1, max + 1, min + 0.5]);
      if (random() < 0.4) s.noise = sometimes([0, 0.3, 1], [-0.1, 1.5]);
      const horizon = { epochs: sometimes([1, 50, MAX_EPOCHS], [MAX_EPOCHS + 1]), stepsPerEpoch: 1 };
      const { errors } = trainingIssues(s, horizon, 1);
      const steps = trainingStepsPerEpoch(s);
      const seedsOk = s.seeds >= 1 && s.seeds <= MAX_SEEDS;
      const engineOk =
        validateConfig(trainingConfigOf(panel, s, horizon, 0)).ok && steps.ok && horizon.epochs * steps.value <= MAX_TICKS && seedsOk;
      expect(Object.keys(errors).length === 0, JSON.stringify({ s, horizon, errors })).toBe(engineOk);
      // Every message is the page's own (what is allowed), not the engine's fallback (`…, got …`).
      for (const message of Object.values(errors)) expect(message, JSON.stringify(s)).not.toMatch(/, got /);
      if (engineOk) valid++;
      else invalid++;
    }
    expect(valid).toBeGreaterThan(20);
    expect(invalid).toBeGreaterThan(100);
  });
});

describe('trainingConfigOf', () => {
  it('is the panel’s call and optimizer, the settings and the horizon’s epochs, for one seed', () => {
    const panel = defaultPanel();
    const config = trainingConfigOf(panel, DEFAULT_TRAINING, HORIZON, 2);
    expect(config).toEqual({
      dataset: { name: 'digits' },
      model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
      init: 'glorot_uniform',
      optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 },
      schedule: panelCall(panel),
      epochs: 50,
      batchSize: 32,
      seed: 2,
    });
    expect(config.model.hidden).not.toBe(DEFAULT_TRAINING.hidden);
    expect(validateConfig(config).ok).toBe(true);
  });

  it('Adam and AdamW take the momentum as beta1, RMSprop as its momentum; the engine takes each', () => {
    for (const kind of ['SGD', 'Adam', 'AdamW', 'RMSprop'] as const) {
      for (const panel of [
        defaultPanel(),
        defaultPanel('CosineDecay', 'keras'),
        defaultPanel('get_linear_schedule_with_warmup', 'transformers'),
      ]) {
        const config = trainingConfigOf(withOptimizer({ kind, lr: 0.01, momentum: 0.8 }, panel), DEFAULT_TRAINING, HORIZON, 0);
        expect(config.optimizer).toEqual(
          kind === 'Adam' || kind === 'AdamW' ? { kind, lr: 0.01, betas: [0.8, 0.999] } : { kind, lr: 0.01, momentum: 0.8 },
        );
        const checked = validateConfig(config);
        expect(checked.ok ? 'ok' : checked.error.message, `${panel.framework}.${panel.name} ${kind}`).toBe('ok');
      }
    }
  });

  it('carries the samples and noise given, and leaves the rest to the dataset’s defaults', () => {
    const config = trainingConfigOf(defaultPanel(), settings({ dataset: 'spiral', samples: 300, noise: 0.4 }), HORIZON, 0);
    expect(config.dataset).toEqual({ name: 'spiral', samples: 300, noise: 0.4 });
    expect(trainingConfigOf(defaultPanel(), settings({ dataset: 'circles' }), HORIZON, 0).dataset).toEqual({ name: 'circles' });
  });
});

describe('panelTrainingIssue', () => {
  it('says why a panel’s optimizer cannot train, and nothing for a panel that can', () => {
    expect(panelTrainingIssue(defaultPanel(), DEFAULT_TRAINING, HORIZON)).toBeUndefined();
    expect(panelTrainingIssue(withOptimizer({ lr: 0 }), DEFAULT_TRAINING, HORIZON)).toMatch(/optimizer\.lr must be a number in \(0, 100\]/);
    expect(panelTrainingIssue(withOptimizer({ momentum: 1 }), DEFAULT_TRAINING, HORIZON)).toMatch(
      /optimizer\.momentum must be a number in \[0, 1\)/,
    );
    expect(panelTrainingIssue(withOptimizer({ kind: 'Adam', momentum: 1 }), DEFAULT_TRAINING, HORIZON)).toMatch(/betas\[0\]/);
    // Bad settings are trainingIssues' to report, next to their controls.
    expect(panelTrainingIssue(defaultPanel(), settings({ batchSize: 0 }), HORIZON)).toBeUndefined();
  });
});

describe('the state stays free of tfjs', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  it('store.ts, training.ts and the link codec reach neither tfjs nor the engine’s runner (type-only imports included)', () => {
    const { files, packages } = importGraph(...['store.ts', 'training.ts', 'permalink/index.ts'].map((f) => join(here, f)));
    const training = join(here, '..', 'training');
    const runner = ['index.ts', 'train.ts', 'model.ts', 'backends.ts', 'optimizers.ts', 'training.worker.ts'].map((f) => join(training, f));
    expect([...files].filter((f) => runner.includes(f))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@tensorflow'))).toEqual([]);
    expect(files.has(join(training, 'data', 'sizes.ts'))).toBe(true);
  });
});
