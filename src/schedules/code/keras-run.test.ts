/**
 * The exact text of "Copy as Keras", executed in real Keras 3 (3.15 on the torch backend, from the reference
 * environment) by scripts/golden/run_keras_snippets.py, one Python process for every snippet. Each snippet's
 * own `model.fit` runs; the runner only instruments it: it records the learning_rate every optimizer step
 * receives, puts the test's metric sequence into the logs for plateau callbacks, and sets floatx to float64
 * first, so Keras computes and stores the LR in float64 and the curve must match at relative 1e-12.
 * Where the snippet holds a LearningRateSchedule (Keras's own or an exported subclass), the runner also saves it in
 * a model (the snippet's compiled model, or a tiny one compiled with an optimizer holding a schedule that a
 * callback evaluates), loads it back with keras.models.load_model and no custom_objects (the classes register
 * themselves), and evaluates the reloaded schedule: it must give the same LRs.
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
  /** What the reloaded schedule was evaluated at: each optimizer step (the optimizer's) or epoch (a callback's). */
  reloaded_tick?: 'step' | 'epoch';
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

  it('saves and reloads (model.save, load_model without custom_objects) every export that defines a LearningRateSchedule subclass', () => {
    const subclass = /^class (\w+)\(keras\.optimizers\.schedules\.LearningRateSchedule\):/gm;
    const defining = prepared.filter((p) => p.code.match(subclass) !== null);
    expect(defining.length).toBeGreaterThan(20);
    for (const p of defining) {
      const r = results[p.c.id];
      expect(r?.error, `${p.c.id}: ${r?.error}`).toBeUndefined();
      const defined = [...p.code.matchAll(subclass)].map((m) => m[1] as string);
      // The outermost schedule is reloaded; one nested in a Warmup comes back through Warmup's config.
      expect(defined, p.c.id).toContain(r?.schedule_class);
      expect(r?.reloaded?.length, p.c.id).toBeGreaterThan(0);
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
      if (/^lr_schedule = /m.test(p.code)) expect(r?.reloaded, 'a reloaded schedule').toBeDefined();
      if (r?.reloaded) {
        const want = r.reloaded_tick === 'epoch' ? expected.value.lr : perStep(p, expected.value.lr);
        expectClose(r.reloaded, want, `the reloaded ${r.schedule_class}`);
      }
    });
  }
});
