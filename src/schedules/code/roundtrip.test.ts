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
import { exampleMetric, exportCases, NAME_CLASHES } from './testing-cases';

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

describe('user function names in the exports', () => {
  const byId = (id: string) => {
    const c = exportCases().find((x) => x.id === id);
    if (!c) throw new Error(`no case ${id}`);
    return c;
  };

  it("keeps the article's step_decay as step_decay (torch LambdaLR, Keras LearningRateScheduler)", () => {
    const c = byId('keras LearningRateScheduler step_decay');
    const torch = toPyTorchCode(c.call, c.horizon);
    expect(torch).toMatch(/^def step_decay\(epoch, lr=None\):$/m);
    expect(torch).toContain('scheduler = LambdaLR(optimizer, lr_lambda=step_decay)');
    const keras = toKerasCode(c.call, c.horizon);
    expect(keras).toMatch(/^def step_decay\(epoch, lr\):$/m);
    expect(keras).toContain('keras.callbacks.LearningRateScheduler(step_decay)');
    for (const code of [torch, keras]) expect(code).not.toMatch(/step_decay_|was renamed/);
  });

  it('keeps a LambdaLR def name in both exports where nothing else takes it', () => {
    const c = byId('torch LambdaLR def');
    expect(toPyTorchCode(c.call, c.horizon)).toContain('LambdaLR(optimizer, lr_lambda=lr_lambda)');
    expect(toKerasCode(c.call, c.horizon)).toMatch(/^def lr_lambda\(epoch\):$/m);
  });

  it('renames a function named like a class the script imports, with a comment saying so', () => {
    const c = byId(NAME_CLASHES.importedClass);
    const torch = toPyTorchCode(c.call, c.horizon);
    expect(torch).toContain(
      '# LambdaLR was renamed LambdaLR_2: the name is taken by LambdaLR, which the script imports from torch.optim.lr_scheduler.\ndef LambdaLR_2(epoch):',
    );
    expect(torch).toContain('scheduler = LambdaLR(optimizer, lr_lambda=LambdaLR_2)');
    // Keras's export imports no LambdaLR: the name stays.
    const keras = toKerasCode(c.call, c.horizon);
    expect(keras).toMatch(/^def LambdaLR\(epoch\):$/m);
    expect(keras).not.toContain('was renamed');
  });

  it("renames the second of two functions with one name, and a function named like another function's constant", () => {
    const two = toPyTorchCode(byId(NAME_CLASHES.twoFunctions).call);
    expect(two).toMatch(/^f = lambda e: 1 \/ \(1 \+ e\)$/m);
    expect(two).toContain('# f was renamed f_2: the name is taken by another function of this schedule.\nf_2 = lambda e:');
    expect(two).toMatch(/LambdaLR\(optimizer, lr_lambda=f\)[\s\S]*MultiplicativeLR\(optimizer, lr_lambda=f_2\)/);
    const constant = toPyTorchCode(byId(NAME_CLASHES.preludeConstant).call);
    expect(constant).toMatch(/^warm = 5$/m);
    expect(constant).toContain(
      '# warm was renamed warm_2: the name is taken by what another function of this schedule reads (a constant of its prelude, or a builtin).\nwarm_2 = lambda e: 0.9',
    );
  });

  it('renames a function named like a module the script imports (ops in Keras only)', () => {
    const c = byId(NAME_CLASHES.module);
    const keras = toKerasCode(c.call, c.horizon);
    expect(keras).toContain('# ops was renamed ops_2: the name is taken by the module ops, which the script imports.\ndef ops_2(epoch):');
    expect(keras).toContain('keras.callbacks.LearningRateScheduler(ops_2)');
    const torch = toPyTorchCode(c.call, c.horizon);
    expect(torch).toMatch(/^def ops\(epoch\):$/m);
    expect(torch).not.toContain('was renamed');
  });
});
