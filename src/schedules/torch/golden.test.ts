/**
 * Every PyTorch family against real torch 2.13 (scripts/golden/torch_golden.py, run in the reference environment
 * .venv-ref; the fixture records the torch, Python and NumPy versions that produced it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/torch.json', import.meta.url), 'utf8')) as {
  torch_version: string;
  versions: { torch: string; python: string; numpy: string };
  cases: GoldenCase[];
};

describe(`PyTorch fixtures (torch ${fixture.versions.torch}, Python ${fixture.versions.python})`, () => {
  it('comes from torch 2.13', () => {
    expect(fixture.versions.torch).toMatch(/^2\.13\./);
    expect(fixture.torch_version).toBe(fixture.versions.torch);
  });
  it('covers every torch family', () => {
    const names = new Set(fixture.cases.map((c) => c.call.name));
    for (const name of [
      'StepLR',
      'MultiStepLR',
      'ConstantLR',
      'LinearLR',
      'ExponentialLR',
      'PolynomialLR',
      'CosineAnnealingLR',
      'CosineAnnealingWarmRestarts',
      'CyclicLR',
      'OneCycleLR',
      'ReduceLROnPlateau',
      'LambdaLR',
      'MultiplicativeLR',
      'SequentialLR',
      'ChainedScheduler',
      'SWALR',
      'SWARecipe',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });
  checkGoldenCases(fixture.cases);
});
