/** Hugging Face transformers schedules against the real library (scripts/golden/transformers_golden.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { families, fromFramework, sample } from '../index';
import { checkGoldenCases, type GoldenCase } from '../testing/golden';

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/transformers.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  cases: GoldenCase[];
};

describe('transformers fixtures', () => {
  it('come from the real library, and cover every transformers family and get_scheduler', () => {
    expect(fixture.versions.transformers).toMatch(/^\d+\.\d+/);
    expect(fixture.versions.torch).toMatch(/^\d+\.\d+/);
    const names = new Set(fixture.cases.map((c) => c.call.name));
    for (const f of families.filter((x) => x.framework === 'transformers')) expect(names.has(f.name), f.name).toBe(true);
    expect(names.has('get_scheduler')).toBe(true);
    for (const type of ['linear', 'cosine', '1-sqrt']) {
      const wsd = fixture.cases.filter((c) => c.call.name === 'get_wsd_schedule' && !c.error);
      expect(
        wsd.some((c) => c.call.args.warmup_type === type),
        `warmup_type ${type}`,
      ).toBe(true);
      expect(
        wsd.some((c) => c.call.args.decay_type === type),
        `decay_type ${type}`,
      ).toBe(true);
    }
  });
  checkGoldenCases(fixture.cases);
});

describe('get_scheduler', () => {
  it('normalises onto the function its name selects, with the kwargs as that function’s arguments', () => {
    const s = fromFramework({
      framework: 'transformers',
      name: 'get_scheduler',
      args: { name: 'cosine', num_warmup_steps: 10, num_training_steps: 100, scheduler_specific_kwargs: { num_cycles: 1 } },
      optimizer: { kind: 'AdamW', lr: 1e-4 },
    });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.name).toBe('get_cosine_schedule_with_warmup');
    expect(s.value.call.args).toEqual({ num_warmup_steps: 10, num_training_steps: 100, num_cycles: 1 });
    expect(s.value.tick).toBe('step');
  });
  it('maps reduce_lr_on_plateau onto torch’s ReduceLROnPlateau', () => {
    const s = fromFramework({
      framework: 'transformers',
      name: 'get_scheduler',
      args: { name: 'reduce_lr_on_plateau', scheduler_specific_kwargs: { patience: 2 } },
    });
    expect(s.ok && s.value.framework === 'torch' && s.value.name === 'ReduceLROnPlateau').toBe(true);
  });
  it('points errors in a kwarg into scheduler_specific_kwargs', () => {
    const s = fromFramework({
      framework: 'transformers',
      name: 'get_scheduler',
      args: { name: 'cosine', num_warmup_steps: 10, num_training_steps: 100, scheduler_specific_kwargs: { num_cycles: 'x' } },
    });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.path).toBe('args.scheduler_specific_kwargs.num_cycles');
  });
  it('refuses greedy (GreedyLR is not modelled) and says so', () => {
    const s = fromFramework({ framework: 'transformers', name: 'get_scheduler', args: { name: 'greedy' } });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.message).toMatch(/greedy/);
  });
});

describe('transformers families', () => {
  it('tick per optimizer step, follow transformers 5.24, and run at their UI defaults', () => {
    for (const f of families.filter((x) => x.framework === 'transformers')) {
      expect(f.tick, f.name).toBe('step');
      expect(f.frameworkVersion, f.name).toBe('transformers 5.24');
      const s = fromFramework({
        framework: 'transformers',
        name: f.name,
        args: Object.fromEntries(f.params.map((p) => [p.name, p.example ?? p.default])),
      });
      expect(s.ok, `${f.name}: ${s.ok ? '' : s.error.message}`).toBe(true);
      if (s.ok) expect(sample(s.value, 5000).ok, f.name).toBe(true);
    }
  });
});
