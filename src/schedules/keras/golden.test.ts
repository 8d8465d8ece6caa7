/**
 * Every Keras family against real Keras 3 (scripts/golden/keras_golden.py: Keras 3.15 on its torch backend with
 * floatx float64, schedules called through a real optimizer, callbacks driven by a real `model.fit` with the LR
 * recorded inside the optimizer's update step), through the public API at relative 1e-12. The generator checks
 * that Keras computed and stored every LR in float64, so the engine's float64 must agree to rounding.
 * The fixture's "float32_default" entry records how far Keras's default float32 is from these values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/keras.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  cases: GoldenCase[];
};

const v = fixture.versions;

describe(`Keras ${v.keras} (${v.backend} ${v.torch}, floatx ${v.floatx}) fixtures`, () => {
  it('come from real Keras 3 in float64 and cover every Keras family', () => {
    expect(v.keras).toMatch(/^3\./);
    expect(v.floatx).toBe('float64');
    const names = new Set(fixture.cases.map((c) => c.call.name));
    for (const name of [
      'ExponentialDecay',
      'PiecewiseConstantDecay',
      'PolynomialDecay',
      'InverseTimeDecay',
      'CosineDecay',
      'CosineDecayRestarts',
      'LearningRateScheduler',
      'ReduceLROnPlateau',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });
  checkGoldenCases(fixture.cases);
});
