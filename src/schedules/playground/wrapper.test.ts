import { describe, expect, it } from 'vitest';
import { fromFramework, sample } from '../index';

describe('Warmup wraps any schedule', () => {
  it('points errors into the wrapped call', () => {
    const r = fromFramework({
      framework: 'playground',
      name: 'Warmup',
      args: { warmup: 3, schedule: { framework: 'torch', name: 'StepLR', args: { step_size: 1.5 } } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('args.schedule.args.step_size');
    const unknown = fromFramework({
      framework: 'playground',
      name: 'Warmup',
      args: { schedule: { framework: 'torch', name: 'Nope', args: {} } },
    });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.path).toBe('args.schedule.name');
  });
  it('takes the tick, metric need and momentum of the wrapped schedule', () => {
    const onecycle = fromFramework({
      framework: 'playground',
      name: 'Warmup',
      args: { warmup: 4, start_factor: 0.5, schedule: { framework: 'torch', name: 'OneCycleLR', args: { max_lr: 1, total_steps: 20 } } },
      optimizer: { momentum: 0.9 },
    });
    expect(onecycle.ok).toBe(true);
    if (!onecycle.ok) return;
    expect(onecycle.value.tick).toBe('step');
    const r = sample(onecycle.value, 10);
    expect(r.ok && r.value.momentum?.length).toBe(10);
    if (r.ok) {
      // During warmup the LR ramps from half of OneCycleLR's first LR (max_lr / 25) and momentum holds its first value.
      expect(r.value.lr[0]).toBeCloseTo(0.5 * 0.04, 15);
      expect(r.value.momentum?.[0]).toBe(0.95);
    }
    const plateau = fromFramework({
      framework: 'playground',
      name: 'Warmup',
      args: { warmup: 2, start_factor: 0.5, schedule: { framework: 'torch', name: 'ReduceLROnPlateau', args: { patience: 0 } } },
      optimizer: { lr: 1 },
    });
    expect(plateau.ok && plateau.value.needsMetric).toBe(true);
    if (!plateau.ok) return;
    // Ticks 0-1 warm up; the plateau scheduler's first step sees the metric of tick 2.
    const p = sample(plateau.value, 5, { metric: [5, 5, 1, 2, 2] });
    expect(p.ok && p.value.lr).toEqual([0.5, 0.75, 1, 1, 0.1]);
  });
});
