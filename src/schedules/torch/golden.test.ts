/** Every PyTorch family against real torch (scripts/golden/torch_golden.py, Debian's python3-torch). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromFramework } from '../index';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/torch.json', import.meta.url), 'utf8')) as {
  torch_version: string;
  cases: GoldenCase[];
};

const usesPythonFunction = (c: GoldenCase) => /"(lr_lambda|scale_fn)":"/.test(JSON.stringify(c.call));

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
  checkGoldenCases(fixture.cases.filter((c) => !usesPythonFunction(c)));
});

describe('Python-function fixtures before the expression language is wired in', () => {
  for (const c of fixture.cases.filter(usesPythonFunction)) {
    it(c.id, () => {
      const built = fromFramework(c.call);
      expect(built.ok).toBe(false);
      if (!built.ok) expect(built.error.message).toMatch(/not supported yet/);
    });
  }
});
