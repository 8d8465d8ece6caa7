/**
 * Round trip: every family (defaults and variants) exported with toPyTorchCode and toKerasCode, read back with
 * parseScheduleCode, gives the same curve (relative 1e-12) and the same horizon. Exports that are a class of our
 * own (a Keras LearningRateSchedule or Callback subclass, a torch LRScheduler subclass) are not read back by the
 * paste reader, which runs only the frameworks' own schedulers and functions: those must fail with its message, and
 * are checked by running them instead (torch-run.test.ts, keras-run.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fromFramework, sample } from '../index';
import { expectClose } from '../testing/golden';
import { parseScheduleCode, toKerasCode, toPyTorchCode } from './index';
import { exampleMetric, exportCases } from './testing-cases';

const exporters = { PyTorch: toPyTorchCode, Keras: toKerasCode } as const;

describe.each(Object.entries(exporters))('%s export read back', (label, exporter) => {
  for (const c of exportCases()) {
    it(c.id, () => {
      const code = exporter(c.call, c.horizon);
      if (code.startsWith('# The playground cannot write')) {
        // A custom scale_fn is Python, not keras.ops; the SWA recipe around a per-step scheduler has no Keras schedule.
        expect(['Keras torch CyclicLR scale_fn', 'Keras torch SWARecipe per step']).toContain(`${label} ${c.id}`);
        return;
      }
      const parsed = parseScheduleCode(code);
      const usesOwnClass =
        /^class \w+\((?:LRScheduler|keras\.optimizers\.schedules\.LearningRateSchedule|keras\.callbacks\.Callback)\)/m.test(code);
      if (usesOwnClass) {
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error.message).toMatch(/^Not supported: the custom scheduler class/);
        return;
      }
      if (
        !parsed.ok &&
        c.call.framework === 'playground' &&
        (c.call.args.schedule as { framework?: string }).framework === 'transformers' &&
        label === 'PyTorch'
      ) {
        // Warmup around a transformers schedule exports as SequentialLR([LambdaLR, get_...(optimizer)]), which real
        // torch runs (torch-run.test.ts); the engine's SequentialLR nests torch schedulers only, so it is not read back.
        expect(parsed.error.message).toMatch(/SequentialLR: schedulers\[1\] must be a torch scheduler/);
        return;
      }
      if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.line}:${parsed.error.column}\n${code}`);
      expect(parsed.value.schedules).toHaveLength(1);
      expect(parsed.value.horizon).toEqual(c.horizon);
      const original = fromFramework(c.call);
      if (!original.ok) throw new Error(original.error.message);
      const back = parsed.value.schedules[0];
      if (!back) throw new Error('no schedule');
      expect(back.tick).toBe(original.value.tick);
      const n = original.value.tick === 'epoch' ? c.horizon.epochs : c.horizon.epochs * c.horizon.stepsPerEpoch;
      const options = original.value.needsMetric ? { metric: exampleMetric(n) } : undefined;
      const a = sample(original.value, n, options);
      const b = sample(back, n, options);
      if (!a.ok) throw new Error(a.error.message);
      if (!b.ok) throw new Error(`${b.error.message}\n${code}`);
      expectClose(b.value.lr, a.value.lr, 'lr');
      if (a.value.momentum && back.framework === 'torch') expectClose(b.value.momentum ?? [], a.value.momentum, 'momentum');
    });
  }
});
