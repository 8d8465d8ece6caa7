/**
 * The exact text of "Copy as Keras", executed in real Keras 3 (3.15 on the torch backend, from the reference
 * environment) by scripts/golden/run_keras_snippets.py, one Python process for every snippet. Each snippet's
 * own `model.fit` runs; the runner only instruments it: it records the learning_rate every optimizer step
 * receives, puts the test's metric sequence into the logs for plateau callbacks, and sets floatx to float64
 * first, so Keras computes and stores the LR in float64 and the curve must match at relative 1e-12.
 * Where the optimizer holds a LearningRateSchedule (Keras's own or an exported subclass), the runner also saves
 * the compiled model (model.save('x.keras')), loads it back (keras.models.load_model) and evaluates the
 * reloaded schedule: it must give the same LRs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromFramework, sample } from '../index';
import { expectClose } from '../testing/golden';
import { REFERENCE_HOOK_TIMEOUT_MS, runReferencePython } from '../testing/reference-python';
import { toKerasCode } from './index';
import { type ExportCase, exampleMetric, exportCases } from './testing-cases';

const RUNNER = 'run_keras_snippets.py';

interface Prepared {
  c: ExportCase;
  code: string;
  n: number;
  tick: 'epoch' | 'step';
  metric?: number[];
}

interface Result {
  lr?: number[];
  reloaded?: number[];
  schedule_class?: string;
  error?: string;
}

const prepared: Prepared[] = [];
const unsupported: { c: ExportCase; text: string }[] = [];
for (const c of exportCases()) {
  const code = toKerasCode(c.call, c.horizon);
  if (code.startsWith('# The playground cannot write')) {
    unsupported.push({ c, text: code.trim() });
    continue;
  }
  const made = fromFramework(c.call);
  if (!made.ok) throw new Error(`${c.id}: ${made.error.message}`);
  const tick = made.value.tick;
  const n = tick === 'epoch' ? c.horizon.epochs : c.horizon.epochs * c.horizon.stepsPerEpoch;
  prepared.push({ c, code, n, tick, ...(made.value.needsMetric ? { metric: exampleMetric(n) } : {}) });
}

let results: Record<string, Result> = {};
let versions: Record<string, string> = {};
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
  const parsed = JSON.parse(stdout) as { versions: typeof versions; results: typeof results };
  results = parsed.results;
  versions = parsed.versions;
}, REFERENCE_HOOK_TIMEOUT_MS);

/** The LR of each optimizer step, from the curve (an epoch tick repeats for every step of its epoch). */
function perStep(p: Prepared, lr: readonly number[]): number[] {
  return p.tick === 'step' ? [...lr] : lr.flatMap((v) => Array<number>(p.c.horizon.stepsPerEpoch).fill(v));
}

describe('exported Keras code run in real Keras 3', () => {
  it('exports every case but a CyclicLR with a custom scale_fn (Python code that cannot run on Keras tensors)', () => {
    console.log(
      `real Keras ${versions.keras} (${versions.backend} ${versions.torch}): ${prepared.length} snippets in ${Math.round(elapsedMs)} ms`,
    );
    expect(versions.keras).toMatch(/^3\./);
    // Families added after the Keras exporter (SWALR and the SWA recipe, the transformers schedules) may not have a Keras form yet.
    const newer = (c: ExportCase): boolean => c.call.framework === 'transformers' || c.call.name.startsWith('SWA');
    for (const u of unsupported.filter((x) => newer(x.c))) console.log(`not exported to Keras: ${u.c.id}: ${u.text}`);
    expect(unsupported.filter((u) => !newer(u.c)).map((u) => u.c.id)).toEqual(['torch CyclicLR scale_fn']);
  });

  it('saves and reloads every exported LearningRateSchedule subclass', () => {
    const reloaded = new Set(Object.values(results).flatMap((r) => (r.schedule_class ? [r.schedule_class] : [])));
    const defined = new Set(
      prepared.flatMap((p) =>
        [...p.code.matchAll(/^class (\w+)\(keras\.optimizers\.schedules\.LearningRateSchedule\):/gm)].map((m) => m[1] as string),
      ),
    );
    expect(defined.size).toBeGreaterThan(4);
    for (const name of defined) {
      // Warmup wraps another schedule: it is the optimizer's, the one inside is reloaded through its config.
      expect(reloaded.has(name) || prepared.every((p) => !p.code.includes(`= ${name}(`)), name).toBe(true);
    }
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
      if (/^\w+ = keras\.optimizers\.\w+\(learning_rate=lr_schedule\b/m.test(p.code))
        expect(r?.reloaded, 'a reloaded schedule').toBeDefined();
      if (r?.reloaded) expectClose(r.reloaded, perStep(p, expected.value.lr), `the reloaded ${r.schedule_class}`);
    });
  }
});
