import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { publicDatasets } from '../testing/reference';
import { loadTrainingData } from '../train';
import { DATASET_LIMITS, DATASET_NAMES, type DatasetName, type TrainingConfig } from '../types';
import { IMAGE_DATASETS, subsetClassCounts } from './images';
import { splitSizes, stepsPerEpoch } from './sizes';

function configOf(dataset: TrainingConfig['dataset'], seed: number): TrainingConfig {
  const checked = validateConfig({
    dataset,
    optimizer: { kind: 'SGD', lr: 0.1 },
    schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 1 } },
    epochs: 1,
    batchSize: 32,
    seed,
  });
  if (!checked.ok) throw new Error(`${checked.error.path}: ${checked.error.message}`);
  return checked.value;
}

/** What train really loads. */
async function loaded(dataset: TrainingConfig['dataset'], seed: number) {
  const data = await loadTrainingData(configOf(dataset, seed), publicDatasets);
  if (!data.ok) throw new Error(data.error.message);
  const { train, validation } = data.value;
  return {
    total: train.y.length + validation.y.length,
    train: train.y.length,
    validation: validation.y.length,
    classes: train.classes,
    features: train.features,
  };
}

const SAMPLES: Record<DatasetName, (number | undefined)[]> = {
  digits: [undefined, 100, 555, 1001],
  'fashion-mnist': [undefined, 1000, 2345],
  spiral: [undefined, 20, 333],
  moons: [undefined, 21, 1001],
  circles: [undefined, 20, 777],
  xor: [undefined, 20, 555],
  blobs: [undefined, 20, 1000, 3001],
};
const FRACTIONS = [undefined, 0.05, 0.37, 0.5];

describe('splitSizes equals what train loads', () => {
  const cases = DATASET_NAMES.flatMap((name) =>
    (SAMPLES[name] ?? []).flatMap((samples, i) =>
      // Every fraction at the first two sample counts, one fraction (in turn) at the others: quick but covering.
      (i < 2 ? FRACTIONS : [FRACTIONS[i % FRACTIONS.length]]).map((validationFraction) => {
        const dataset: TrainingConfig['dataset'] = {
          name,
          ...(samples === undefined ? {} : { samples }),
          ...(validationFraction === undefined ? {} : { validationFraction }),
        };
        return [`${name} samples ${samples ?? 'default'} fraction ${validationFraction ?? 'default'}`, dataset] as const;
      }),
    ),
  );

  it.each(cases)('%s', async (_name, dataset) => {
    const seed = 11;
    const sizes = splitSizes(dataset, seed);
    if (!sizes.ok) throw new Error(sizes.error.message);
    expect(sizes.value).toEqual(await loaded(dataset, seed));
    expect(sizes.value.total).toBe(dataset.samples ?? DATASET_LIMITS[dataset.name].samples.default);
  });

  it("takes xor's seed and noise into account (its class balance is random)", async () => {
    const seen = new Set<number>();
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      for (const noise of [0, 0.6]) {
        const dataset: TrainingConfig['dataset'] = { name: 'xor', samples: 101, noise, validationFraction: 0.25 };
        const sizes = splitSizes(dataset, seed);
        if (!sizes.ok) throw new Error(sizes.error.message);
        expect(sizes.value).toEqual(await loaded(dataset, seed));
        seen.add(sizes.value.validation);
      }
    }
    // The rounding per class does move xor's validation count with the balance.
    expect(seen.size).toBeGreaterThan(1);
    expect(splitSizes({ name: 'xor', samples: 101 })).toEqual(splitSizes({ name: 'xor', samples: 101 }, 0));
  });

  it('hand-checked counts', () => {
    // blobs: 3 classes of 334, 333, 333; round(0.2 n) = 67, 67, 67.
    expect(splitSizes({ name: 'blobs' })).toEqual({
      ok: true,
      value: { total: 1000, train: 799, validation: 201, classes: 3, features: 2 },
    });
    // moons of 21: 10 and 11 points; round(10 · 0.5) = 5, round(11 · 0.5) = 6 → clamped to 1…n − 1 = 6.
    expect(splitSizes({ name: 'moons', samples: 21, validationFraction: 0.5 })).toEqual({
      ok: true,
      value: { total: 21, train: 10, validation: 11, classes: 2, features: 2 },
    });
    // fashion-mnist's 1,000 per class, subset of 1,000: 100 each, 20 of each to validation.
    expect(splitSizes({ name: 'fashion-mnist', samples: 1000 })).toEqual({
      ok: true,
      value: { total: 1000, train: 800, validation: 200, classes: 10, features: 196 },
    });
  });

  it('subsetClassCounts follows the file: all of it, or shares by largest remainder', () => {
    expect(subsetClassCounts(IMAGE_DATASETS.digits.classCounts, 1797)).toEqual(IMAGE_DATASETS.digits.classCounts);
    expect(subsetClassCounts([3, 1], 2)).toEqual([2, 0]);
    // Exact shares 1.5 and 1.5: floors 1 and 1, the remainder to the lower class.
    expect(subsetClassCounts([5, 5], 3)).toEqual([2, 1]);
    expect(subsetClassCounts(IMAGE_DATASETS.digits.classCounts, 100).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('splitSizes refuses bad settings with the path validateConfig uses', () => {
  it.each([
    ['an unknown dataset', { name: 'mnist' }, undefined, 'dataset.name'],
    ['too few samples', { name: 'digits', samples: 99 }, undefined, 'dataset.samples'],
    ['fractional samples', { name: 'moons', samples: 100.5 }, undefined, 'dataset.samples'],
    ['a zero validation fraction', { name: 'moons', validationFraction: 0 }, undefined, 'dataset.validationFraction'],
    ['a validation fraction above 0.5', { name: 'moons', validationFraction: 0.6 }, undefined, 'dataset.validationFraction'],
    ['noise on an image set', { name: 'digits', noise: 0.1 }, undefined, 'dataset.noise'],
    ['noise above 1', { name: 'spiral', noise: 2 }, undefined, 'dataset.noise'],
    ['an unknown key', { name: 'spiral', sample: 10 }, undefined, 'dataset.sample'],
    ['a negative seed', { name: 'spiral' }, -1, 'seed'],
    ['a fractional seed', { name: 'xor' }, 1.5, 'seed'],
    ['not an object', null, undefined, 'dataset'],
  ] as const)('%s', (_what, dataset, seed, path) => {
    const r = splitSizes(dataset as unknown as TrainingConfig['dataset'], seed);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe(path);
    expect(r.error.message.length).toBeGreaterThan(0);
  });
});

describe('stepsPerEpoch', () => {
  it('counts the last, partial batch', () => {
    expect(stepsPerEpoch(160, 32)).toBe(5);
    expect(stepsPerEpoch(161, 32)).toBe(6);
    expect(stepsPerEpoch(1, 4096)).toBe(1);
    expect(stepsPerEpoch(1437, 1)).toBe(1437);
  });
});
