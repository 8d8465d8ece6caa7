/**
 * The exact text of "Copy as PyTorch", executed by real PyTorch 2.13 (the reference environment .venv-ref, which
 * `npm test` builds through scripts/ensure-python-ref.mjs). One Python process runs every snippet
 * (scripts/golden/run_torch_snippets.py records the LR, and momentum or Adam's beta1, at every optimizer step)
 * and they must equal the playground's curve at relative 1e-12. Every export runs, Adam beta1 cycling included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { families, fromFramework, sample } from '../index';
import { expectClose } from '../testing/golden';
import { REFERENCE_HOOK_TIMEOUT_MS, runReferencePython } from '../testing/reference-python';
import { toPyTorchCode } from './index';
import { type ExportCase, exampleMetric, exportCases } from './testing-cases';

const RUNNER = 'run_torch_snippets.py';

interface Prepared {
  c: ExportCase;
  code: string;
  n: number;
  tick: 'epoch' | 'step';
  metric?: number[];
  cyclesMomentum: boolean;
}

const prepared: Prepared[] = [];
for (const c of exportCases()) {
  const code = toPyTorchCode(c.call, c.horizon);
  if (code.startsWith('# The playground cannot write')) continue;
  const made = fromFramework(c.call);
  if (!made.ok) throw new Error(`${c.id}: ${made.error.message}`);
  const tick = made.value.tick;
  const n = tick === 'epoch' ? c.horizon.epochs : c.horizon.epochs * c.horizon.stepsPerEpoch;
  prepared.push({
    c,
    code,
    n,
    tick,
    ...(made.value.needsMetric ? { metric: exampleMetric(n) } : {}),
    cyclesMomentum: made.value.cyclesMomentum,
  });
}

let results: Record<string, { lr?: number[]; momentum?: number[]; error?: string }> = {};
let torchVersion = '';
let pythonVersion = '';
let elapsedMs = 0;

beforeAll(() => {
  const input = JSON.stringify({
    cases: prepared.map((p) => ({
      id: p.c.id,
      code: p.code,
      tick: p.tick,
      steps_per_epoch: p.c.horizon.stepsPerEpoch,
      ...(p.metric ? { metric: p.metric } : {}),
    })),
  });
  const start = performance.now();
  const stdout = runReferencePython(RUNNER, input);
  elapsedMs = performance.now() - start;
  const parsed = JSON.parse(stdout) as { torch_version: string; python_version: string; results: typeof results };
  results = parsed.results;
  torchVersion = parsed.torch_version;
  pythonVersion = parsed.python_version;
}, REFERENCE_HOOK_TIMEOUT_MS);

describe('exported PyTorch code run by real PyTorch', () => {
  it('covers every torch family and the Keras and playground families that export to PyTorch', () => {
    const covered = new Set(prepared.map((p) => `${p.c.call.framework} ${p.c.call.name}`));
    for (const name of [
      'torch StepLR',
      'torch MultiStepLR',
      'torch ExponentialLR',
      'torch CosineAnnealingLR',
      'torch CosineAnnealingWarmRestarts',
      'torch CyclicLR',
      'torch OneCycleLR',
      'torch ReduceLROnPlateau',
      'torch LinearLR',
      'torch ConstantLR',
      'torch PolynomialLR',
      'torch LambdaLR',
      'torch MultiplicativeLR',
      'torch SequentialLR',
      'torch ChainedScheduler',
      'torch SWALR',
      'torch SWARecipe',
      'keras ExponentialDecay',
      'keras PiecewiseConstantDecay',
      'keras PolynomialDecay',
      'keras InverseTimeDecay',
      'keras CosineDecay',
      'keras CosineDecayRestarts',
      'keras LearningRateScheduler',
      'keras ReduceLROnPlateau',
      'playground Warmup',
      'playground InverseSqrt',
      ...families.filter((f) => f.framework === 'transformers').map((f) => `transformers ${f.name}`),
    ]) {
      expect(covered.has(name), name).toBe(true);
    }
    expect(torchVersion).toMatch(/^2\.13\./);
    console.log(`real PyTorch ${torchVersion} (Python ${pythonVersion}): ${prepared.length} snippets in ${Math.round(elapsedMs)} ms`);
  });

  for (const p of prepared) {
    it(p.c.id, () => {
      const r = results[p.c.id];
      expect(r, 'no result').toBeDefined();
      expect(r?.error, r?.error).toBeUndefined();
      const made = fromFramework(p.c.call);
      if (!made.ok) throw new Error(made.error.message);
      const expected = sample(made.value, p.n, p.metric ? { metric: p.metric } : undefined);
      if (!expected.ok) throw new Error(expected.error.message);
      expectClose(r?.lr ?? [], expected.value.lr, 'lr');
      if (p.cyclesMomentum) expectClose(r?.momentum ?? [], expected.value.momentum ?? [], 'momentum');
    });
  }
});
