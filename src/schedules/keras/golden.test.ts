/**
 * Every Keras family against scripts/golden/keras_golden.py: an independent float64 transcription of the
 * Keras 3 source (Keras itself cannot be installed where fixtures are made), compared through the public API.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/keras.json', import.meta.url), 'utf8')) as {
  keras_source_commit: Record<string, string>;
  cases: GoldenCase[];
};

const commits = Object.values(fixture.keras_source_commit).map((c) => c.slice(0, 8)).join(', ');

describe(`Keras 3 fixtures (source ${commits})`, () => {
  it('covers every Keras family', () => {
    const names = new Set(fixture.cases.map((c) => c.call.name));
    for (const name of [
      'ExponentialDecay', 'PiecewiseConstantDecay', 'PolynomialDecay', 'InverseTimeDecay', 'CosineDecay',
      'CosineDecayRestarts', 'LearningRateScheduler', 'ReduceLROnPlateau',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });
  checkGoldenCases(fixture.cases);
});
