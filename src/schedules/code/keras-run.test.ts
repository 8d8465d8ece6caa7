/**
 * The exact text of "Copy as Keras", executed by Python against a stand-in `keras` module: Keras itself cannot be
 * installed where the tests run. scripts/golden/run_keras_snippets.py builds that module from
 * scripts/golden/keras_golden.py's independent float64 transcriptions of the Keras 3 source (schedules and
 * ReduceLROnPlateau), keras.ops as NumPy, and a `model.fit` loop in Keras's order of events. So this checks that
 * the exported code is valid Python that wires the schedule the way Keras runs it and computes the playground's
 * curve (relative 1e-12, float64); real Keras keeps the LR in float32 (about 1e-7 relative).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromFramework, sample } from '../index';
import { expectClose } from '../testing/golden';
import { runReferencePython } from '../testing/reference-python';
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

const prepared: Prepared[] = [];
const unsupported: string[] = [];
for (const c of exportCases()) {
  const code = toKerasCode(c.call, c.horizon);
  if (code.startsWith('# The playground cannot write')) {
    unsupported.push(`${c.id}: ${code.trim()}`);
    continue;
  }
  const made = fromFramework(c.call);
  if (!made.ok) throw new Error(`${c.id}: ${made.error.message}`);
  const tick = made.value.tick;
  const n = tick === 'epoch' ? c.horizon.epochs : c.horizon.epochs * c.horizon.stepsPerEpoch;
  prepared.push({ c, code, n, tick, ...(made.value.needsMetric ? { metric: exampleMetric(n) } : {}) });
}

let results: Record<string, { lr?: number[]; error?: string }> = {};
let elapsedMs = 0;

beforeAll(() => {
  const input = JSON.stringify({
    cases: prepared.map((p) => ({ id: p.c.id, code: p.code, tick: p.tick, steps_per_epoch: p.c.horizon.stepsPerEpoch, ...(p.metric ? { metric: p.metric } : {}) })),
  });
  const start = performance.now();
  const stdout = runReferencePython(RUNNER, input);
  elapsedMs = performance.now() - start;
  results = (JSON.parse(stdout) as { results: typeof results }).results;
}, 300_000);

describe('exported Keras code run against the stand-in keras module', () => {
  it('exports every case but a CyclicLR with a custom scale_fn (Python code that cannot run on Keras tensors)', () => {
    console.log(`stand-in Keras: ${prepared.length} snippets in ${Math.round(elapsedMs)} ms`);
    expect(unsupported.map((u) => u.split(':')[0])).toEqual(['torch CyclicLR scale_fn']);
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
    });
  }
});
