/** Every PyTorch family against real torch (scripts/golden/torch_golden.py, Debian's python3-torch). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/torch.json', import.meta.url), 'utf8')) as {
  torch_version: string;
  cases: GoldenCase[];
};

describe(`PyTorch fixtures (torch ${fixture.torch_version})`, () => {
  it('covers every torch family', () => {
    const names = new Set(fixture.cases.map((c) => c.call.name));
    for (const name of [
      'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'ExponentialLR', 'PolynomialLR', 'CosineAnnealingLR',
      'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR', 'ReduceLROnPlateau', 'LambdaLR', 'MultiplicativeLR',
      'SequentialLR', 'ChainedScheduler',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });
  checkGoldenCases(fixture.cases);
});
