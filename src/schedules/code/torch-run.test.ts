/**
 * The exact text of "Copy as PyTorch", executed by real PyTorch (Debian's /usr/bin/python3 with python3-torch;
 * `npm test` installs it through scripts/ensure-python-torch.mjs). One Python process runs every snippet
 * (scripts/golden/run_torch_snippets.py records the LR at every optimizer step) and the LRs must equal the
 * playground's curve at relative 1e-12.
 *
 * Left out, because Debian's torch 1.13 differs from the torch 2.x the engine follows (scripts/golden/torch_golden.py
 * leaves the same cases out of the fixtures): cycle_momentum on Adam-family optimizers (1.13 refuses it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromFramework, sample } from '../index';
import { expectClose } from '../testing/golden';
import { runReferencePython } from '../testing/reference-python';
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

/** Torch 1.13 cannot run these (see the file comment). */
function runsOnTorch113(c: ExportCase): boolean {
  const adam = c.call.optimizer?.kind === 'Adam' || c.call.optimizer?.kind === 'AdamW';
  const cycles = (c.call.name === 'CyclicLR' || c.call.name === 'OneCycleLR') && c.call.args.cycle_momentum !== false;
  return !(adam && cycles);
}

const prepared: Prepared[] = [];
for (const c of exportCases()) {
  const code = toPyTorchCode(c.call, c.horizon);
  if (code.startsWith('# The playground cannot write') || !runsOnTorch113(c)) continue;
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
  const parsed = JSON.parse(stdout) as { torch_version: string; results: typeof results };
  results = parsed.results;
  torchVersion = parsed.torch_version;
}, 300_000);

describe('exported PyTorch code run by real PyTorch', () => {
  it('covers every torch family and the Keras and playground families that export to PyTorch', () => {
    const covered = new Set(prepared.map((p) => `${p.c.call.framework} ${p.c.call.name}`));
    for (const name of [
      'torch StepLR', 'torch MultiStepLR', 'torch ExponentialLR', 'torch CosineAnnealingLR', 'torch CosineAnnealingWarmRestarts',
      'torch CyclicLR', 'torch OneCycleLR', 'torch ReduceLROnPlateau', 'torch LinearLR', 'torch ConstantLR', 'torch PolynomialLR',
      'torch LambdaLR', 'torch MultiplicativeLR', 'torch SequentialLR', 'torch ChainedScheduler',
      'keras ExponentialDecay', 'keras PiecewiseConstantDecay', 'keras PolynomialDecay', 'keras InverseTimeDecay',
      'keras CosineDecay', 'keras CosineDecayRestarts', 'keras LearningRateScheduler', 'keras ReduceLROnPlateau',
      'playground Warmup', 'playground WarmupStableDecay', 'playground InverseSqrt',
    ]) {
      expect(covered.has(name), name).toBe(true);
    }
    console.log(`real PyTorch ${torchVersion}: ${prepared.length} snippets in ${Math.round(elapsedMs)} ms`);
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
