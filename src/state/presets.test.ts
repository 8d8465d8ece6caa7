import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFamily, fromFramework, sample } from '../schedules';
import { buildCsv } from './csv';
import { PRESETS } from './presets';
import { panelCall, tickCount } from './store';

const LABELS = [
  'Keras article: step decay',
  'ResNet step schedule',
  'Transformer warmup + inverse sqrt',
  'One-cycle (fast.ai)',
  'Cosine with warm restarts (SGDR)',
  'LLM warmup-stable-decay',
  'BERT fine-tuning (linear warmup/decay)',
  'LLM pre-training (cosine with min LR)',
];

/** Cells that differ beyond `relTol` (both sides parsed as numbers: Python writes 1e-05, JavaScript 1e-5). */
function csvMismatches(got: string, want: string, relTol = 1e-12): string[] {
  const g = got.split('\n');
  const w = want.split('\n');
  if (g[0] !== w[0]) return [`header: got ${g[0]}, want ${w[0]}`];
  if (g.length !== w.length) return [`got ${g.length} lines, want ${w.length}`];
  const out: string[] = [];
  for (let r = 1; r < w.length && out.length < 10; r++) {
    const gc = (g[r] as string).split(',');
    const wc = (w[r] as string).split(',');
    if (gc.length !== wc.length) out.push(`line ${r}: ${gc.length} cells, want ${wc.length}`);
    wc.forEach((cell, c) => {
      const a = Number(gc[c]);
      const b = Number(cell);
      const same =
        c < 2
          ? gc[c] === cell
          : (gc[c] === '') === (cell === '') && (a === b || Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b)));
      if (!same) out.push(`line ${r}, column ${c}: got ${gc[c]}, want ${cell}`);
    });
  }
  return out;
}

function byLabel(label: string) {
  const preset = PRESETS.find((p) => p.label === label);
  if (!preset) throw new Error(`no preset labelled ${label}`);
  return preset;
}

/** Samples a preset's only panel over its horizon. */
function run(label: string) {
  const preset = byLabel(label);
  const panel = preset.data.panels[0];
  if (!panel) throw new Error(`${label} has no panel`);
  const schedule = fromFramework(panelCall(panel));
  if (!schedule.ok) throw new Error(schedule.error.message);
  const result = sample(schedule.value, tickCount(schedule.value.tick, preset.data.horizon));
  if (!result.ok) throw new Error(result.error.message);
  return { preset, panel, schedule: schedule.value, ...result.value };
}

describe('PRESETS', () => {
  it('has exactly the labels tests and tutorials use, in menu order, with unique file-safe ids', () => {
    expect(PRESETS.map((p) => p.label)).toEqual(LABELS);
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  describe.each(PRESETS.map((p) => [p.label, p] as const))('%s', (_label, preset) => {
    it('builds and samples every panel over the whole horizon without error', () => {
      const { horizon, panels } = preset.data;
      expect(Number.isInteger(horizon.epochs) && horizon.epochs >= 1).toBe(true);
      expect(Number.isInteger(horizon.stepsPerEpoch) && horizon.stepsPerEpoch >= 1).toBe(true);
      expect(horizon.epochs * horizon.stepsPerEpoch).toBeLessThanOrEqual(20_000);
      expect(panels.length).toBeGreaterThanOrEqual(1);
      for (const panel of panels) {
        const schedule = fromFramework(panelCall(panel));
        if (!schedule.ok) throw new Error(`${panel.name}: ${schedule.error.message}`);
        expect(schedule.value.needsMetric).toBe(false);
        const n = tickCount(schedule.value.tick, horizon);
        const result = sample(schedule.value, n);
        if (!result.ok) throw new Error(`${panel.name}: ${result.error.message}`);
        expect(result.value.lr).toHaveLength(n);
        for (const lr of result.value.lr) expect(Number.isFinite(lr) && lr >= 0).toBe(true);
        for (const m of result.value.momentum ?? []) expect(Number.isFinite(m)).toBe(true);
      }
    });

    it('spells out every argument of its family, so the controls show what the curve uses', () => {
      for (const panel of preset.data.panels) {
        const spec = findFamily(panel.framework, panel.name);
        expect(spec, `${panel.framework} ${panel.name}`).toBeDefined();
        expect(Object.keys(panel.args).sort()).toEqual(spec?.params.map((p) => p.name).sort());
      }
    });

    it('exports a CSV with a value in every cell, matching the reference CSV', () => {
      const { horizon, panels } = preset.data;
      const series = panels.map((panel, i) => {
        const schedule = fromFramework(panelCall(panel));
        if (!schedule.ok) return null;
        const result = sample(schedule.value, tickCount(schedule.value.tick, horizon));
        if (!result.ok) return null;
        return { name: 'ABCDEF'[i] as string, tick: schedule.value.tick, ...result.value };
      });
      const csv = buildCsv(series, horizon);
      const rows = csv.trimEnd().split('\n');
      expect(rows).toHaveLength(horizon.epochs * horizon.stepsPerEpoch + 1);
      for (const row of rows) expect(row.split(',').every((cell) => cell !== '')).toBe(true);
      // The reference computed by real PyTorch / Python (scripts/golden/presets_golden.py); e2e checks the download.
      const want = readFileSync(new URL(`../../e2e/fixtures/presets/${preset.id}.csv`, import.meta.url), 'utf8');
      expect(csvMismatches(csv, want)).toEqual([]);
    });
  });

  it("Keras article: the article's step_decay drops at index 9 and reaches a sixth level at index 49", () => {
    const { preset, schedule, lr } = run('Keras article: step decay');
    expect(schedule.tick).toBe('epoch');
    expect(preset.data.horizon.epochs).toBe(50);
    expect(preset.data.panels[0]?.args.schedule).toMatch(/^def step_decay\(epoch/);
    expect(lr.slice(0, 9)).toEqual(Array(9).fill(0.1));
    expect(lr[9]).toBe(0.05);
    expect(lr[39]).toBe(0.00625);
    expect(lr[48]).toBe(0.00625);
    expect(lr[49]).toBe(0.003125);
    expect(preset.note).toMatch(/index 9/);
    expect(preset.note).toMatch(/0\.003125/);
    expect(preset.note).toMatch(/index 49/);
  });

  it('ResNet: 0.1, then ÷10 at epochs 30 and 60, over 90 epochs', () => {
    const { preset, lr } = run('ResNet step schedule');
    expect(preset.data.horizon.epochs).toBe(90);
    expect(preset.data.panels[0]?.optimizer).toEqual({ kind: 'SGD', lr: 0.1, momentum: 0.9 });
    expect([lr[0], lr[29], lr[30], lr[59], lr[60], lr[89]]).toEqual([
      0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002,
    ]);
  });

  it('Transformer: peak (512·4000)^-0.5 at step 4000, Adam beta1 0.9, about 20,000 steps', () => {
    const { preset, panel, lr } = run('Transformer warmup + inverse sqrt');
    const peak = (512 * 4000) ** -0.5;
    expect(Math.abs(panel.optimizer.lr - peak)).toBeLessThanOrEqual(Number.EPSILON * peak);
    expect(panel.optimizer.kind).toBe('Adam');
    expect(panel.optimizer.momentum).toBe(0.9);
    expect(panel.args.warmup_steps).toBe(4000);
    expect(Math.max(...lr)).toBe(lr[3999]);
    expect(lr[3999]).toBeCloseTo(peak, 15);
    const steps = preset.data.horizon.epochs * preset.data.horizon.stepsPerEpoch;
    expect(steps).toBeGreaterThanOrEqual(15_000);
    expect(steps).toBeLessThanOrEqual(20_000);
  });

  it("One-cycle: fastai's defaults, epochs × steps_per_epoch equal to the horizon, beta1 cycled", () => {
    const { preset, panel, momentum, lr } = run('One-cycle (fast.ai)');
    const { args } = panel;
    expect(args.epochs).toBe(preset.data.horizon.epochs);
    expect(args.steps_per_epoch).toBe(preset.data.horizon.stepsPerEpoch);
    expect(args.total_steps).toBeNull();
    expect([args.pct_start, args.div_factor, args.final_div_factor]).toEqual([0.25, 25, 1e5]);
    expect([args.max_momentum, args.base_momentum, args.cycle_momentum]).toEqual([0.95, 0.85, true]);
    expect(panel.optimizer.kind).toBe('AdamW');
    expect(momentum?.[0]).toBe(0.95);
    const peakAt = lr.indexOf(Math.max(...lr));
    expect(momentum?.[peakAt]).toBeCloseTo(0.85, 12);
    expect(momentum?.at(-1)).toBeCloseTo(0.95, 12);
  });

  it('SGDR: restarts at epochs 10, 30 and 70; 150 epochs end the fourth cycle', () => {
    const { preset, panel, lr } = run('Cosine with warm restarts (SGDR)');
    expect(preset.data.horizon.epochs).toBe(10 + 20 + 40 + 80);
    expect([panel.args.T_0, panel.args.T_mult]).toEqual([10, 2]);
    expect(panel.optimizer.lr).toBe(0.05);
    for (const restart of [0, 10, 30, 70]) expect(lr[restart]).toBe(0.05);
    expect(lr[149]).toBeLessThan(0.0001);
  });

  it('WSD: about 10 % warmup and 10 % 1-sqrt decay over the whole horizon, AdamW 3e-4', () => {
    const { preset, panel, lr } = run('LLM warmup-stable-decay');
    const steps = preset.data.horizon.epochs * preset.data.horizon.stepsPerEpoch;
    const { num_warmup_steps: W, num_decay_steps: D, num_training_steps: T } = panel.args as Record<string, number>;
    expect([panel.framework, panel.name]).toEqual(['transformers', 'get_wsd_schedule']);
    expect(T).toBe(steps);
    expect((W as number) / steps).toBeCloseTo(0.1, 2);
    expect((D as number) / steps).toBeCloseTo(0.1, 2);
    expect(panel.args.decay_type).toBe('1-sqrt');
    expect(panel.optimizer).toMatchObject({ kind: 'AdamW', lr: 3e-4 });
    expect(Math.max(...lr)).toBe(3e-4);
    expect(lr.at(-1)).toBeLessThan(3e-4 * 0.05);
  });

  it('BERT fine-tuning: AdamW 2e-5, 10 % linear warmup, linear decay to 0 at the last step of 3 epochs', () => {
    const { preset, panel, lr, schedule } = run('BERT fine-tuning (linear warmup/decay)');
    const steps = preset.data.horizon.epochs * preset.data.horizon.stepsPerEpoch;
    expect([panel.framework, panel.name, schedule.tick]).toEqual(['transformers', 'get_linear_schedule_with_warmup', 'step']);
    expect(preset.data.horizon.epochs).toBe(3);
    expect(panel.args).toEqual({ num_warmup_steps: steps / 10, num_training_steps: steps });
    expect(panel.optimizer).toMatchObject({ kind: 'AdamW', lr: 2e-5 });
    expect(Math.max(...lr)).toBe(2e-5);
    expect(lr[0]).toBe(0);
  });

  it('LLM pre-training: cosine from 3e-4 down to 10 % of it at the last step, after 2,000 warmup steps', () => {
    const { preset, panel, lr } = run('LLM pre-training (cosine with min LR)');
    const steps = preset.data.horizon.epochs * preset.data.horizon.stepsPerEpoch;
    expect([panel.framework, panel.name]).toEqual(['transformers', 'get_cosine_with_min_lr_schedule_with_warmup']);
    expect(panel.args).toMatchObject({ num_warmup_steps: 2000, num_training_steps: steps, min_lr_rate: 0.1 });
    expect(Math.max(...lr)).toBe(3e-4);
    expect(Math.abs((lr.at(-1) as number) / 3e-5 - 1)).toBeLessThan(1e-6);
  });
});
