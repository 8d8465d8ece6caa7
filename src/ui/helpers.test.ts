import { describe, expect, it } from 'vitest';
import { findFamily, type NumberListParam } from '../schedules';
import { defaultPanel } from '../state/store';
import {
  type ChartSeries,
  chartModel,
  exactValuesAt,
  formatAxisValue,
  formatX,
  lrAutoSafe,
  lrDomain,
  momentumDomain,
  seriesLabel,
} from './chartData';
import { claimingControl, controlPaths, describeError, formatPath } from './errorRouting';
import { parseNumberList } from './NumberListControl';

describe('chartModel', () => {
  const horizon = { epochs: 3, stepsPerEpoch: 2 };
  const series: ChartSeries[] = [
    { key: 'A', label: 'A', color: '#000', stale: false, samples: { tick: 'epoch', needsMetric: false, lr: [0.1, 0, 0.05] } },
  ];
  it('turns non-positive values into gaps only on a log axis', () => {
    expect(chartModel(series, horizon, 'epoch', false).rows.map((r) => r.A)).toEqual([0.1, 0, 0.05, 0.05]);
    expect(chartModel(series, horizon, 'epoch', true).rows.map((r) => r.A)).toEqual([0.1, null, 0.05, 0.05]);
  });
  it('puts epochs on a step axis, and steps on an epoch axis, without changing values', () => {
    // The closing row at the end of the horizon keeps the last epoch's level visible.
    expect(chartModel(series, horizon, 'step', false).rows.map((r) => r.x)).toEqual([0, 2, 4, 6]);
    const both: ChartSeries[] = [
      ...series,
      { key: 'B', label: 'B', color: '#111', stale: false, samples: { tick: 'step', needsMetric: false, lr: [1, 2, 3, 4, 5, 6] } },
    ];
    const model = chartModel(both, horizon, 'epoch', false);
    expect(model.rows.map((r) => r.x)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(model.rows.map((r) => r.A)).toEqual([0.1, 0.1, 0, 0, 0.05, 0.05, 0.05]);
    expect(exactValuesAt(both, model.align, 3).map((v) => [v.key, v.tick, v.lr])).toEqual([
      ['A', 1, 0],
      ['B', 3, 4],
    ]);
  });
  it('draws a long series at a few rows per pixel column, and hovers read the exact values', () => {
    const lr = Array.from({ length: 10_000 }, (_, i) => (0.1 * (1 + Math.cos((Math.PI * i) / 2_500))) / 2);
    const long: ChartSeries[] = [{ key: 'A', label: 'A', color: '#000', stale: false, samples: { tick: 'step', needsMetric: false, lr } }];
    const model = chartModel(long, { epochs: 100, stepsPerEpoch: 100 }, 'step', false, 700);
    // 700 columns, each kept at its first and last step (the cosine is monotone within one), plus the closing row.
    expect(model.rows.length).toBeLessThanOrEqual(700 * 4 + 1);
    expect(model.rows.length).toBeGreaterThan(700);
    for (const row of model.rows.slice(0, -1)) expect(row.A).toBe(lr[row.i as number]);
    expect(model.rows.map((r) => r.x)).toEqual([...model.rows.map((r) => r.x)].sort((a, b) => (a as number) - (b as number)));
    expect(exactValuesAt(long, model.align, 1234)[0]?.lr).toBe(lr[1234]);
    // Where every position fits, nothing is left out.
    expect(chartModel(long, { epochs: 100, stepsPerEpoch: 100 }, 'step', false, 2_500).rows.length).toBe(10_001);
  });
  it('checks each value array for the axis once, and a new one again', () => {
    const safe: ChartSeries = {
      key: 'A',
      label: 'A',
      color: '#000',
      stale: false,
      samples: { tick: 'epoch', needsMetric: false, lr: [0.1] },
    };
    const tiny: ChartSeries = { ...safe, samples: { ...safe.samples, lr: [5e-324] } };
    expect(lrAutoSafe([safe])).toBe(true);
    expect(lrAutoSafe([safe, tiny])).toBe(false);
    expect(lrAutoSafe([safe])).toBe(true);
  });
  it('shares one y domain between small charts', () => {
    const two: ChartSeries[] = [
      ...series,
      { key: 'B', label: 'B', color: '#111', stale: false, samples: { tick: 'epoch', needsMetric: false, lr: [0.3, 0.2] } },
    ];
    expect(lrDomain(two, false)).toEqual([0, 0.3 * 1.05]);
    const [lo, hi] = lrDomain(two, true);
    // Padded by 6 % of the decades shown, so the lowest level does not sit on the x axis.
    expect(lo).toBeLessThan(0.05);
    expect(lo).toBeGreaterThan(0.04);
    expect(hi).toBeGreaterThan(0.3);
  });
  it('gives every value a drawable axis: denormals, near-overflow, nothing finite', () => {
    const only = (lr: number[], momentum?: number[]): ChartSeries[] => [
      {
        key: 'A',
        label: 'A',
        color: '#000',
        stale: false,
        samples: { tick: 'epoch', needsMetric: false, lr, ...(momentum ? { momentum } : {}) },
      },
    ];
    for (const lr of [[5e-324], [0], [1.7976931348623157e308, 1], [Number.NaN], [], [-1, 1]]) {
      for (const log of [false, true]) {
        const [lo, hi] = lrDomain(only(lr), log);
        expect(Number.isFinite(lo) && Number.isFinite(hi), `${lr} log=${log}`).toBe(true);
        if (log) {
          expect(lo).toBeGreaterThan(1e-302);
          expect(hi / lo).toBeGreaterThan(1.1);
        } else expect(hi - lo, `${lr}`).toBeGreaterThanOrEqual(1e-300);
      }
    }
    const [mlo, mhi] = momentumDomain(only([0.1], [1.7976931348623157e308, 0.9]));
    expect(Number.isFinite(mlo) && Number.isFinite(mhi)).toBe(true);
    expect(momentumDomain(only([0.1], [0.9, 0.9]))[0]).toBeLessThan(0.9);
  });
  it('formats axis ticks briefly', () => {
    expect(formatAxisValue(0.1)).toBe('0.1');
    for (const x of [0, 7, 999, 1000, 12_500, 1_000_000, -4321, 2 ** 53 - 1, 1e21, -0]) expect(formatX(x)).toBe(x.toLocaleString('en-US'));
    expect(formatX(2.345)).toBe('2.35');
    expect(formatAxisValue(0.031622776)).toBe('0.0316');
    expect(formatAxisValue(0.00001)).toBe('1e-5');
  });
});

describe('error routing', () => {
  it('formats paths like the engine', () => {
    expect(formatPath(['args', 'schedulers', 1, 'args', 'gamma'])).toBe('args.schedulers[1].args.gamma');
  });
  it('routes an error to the most specific shown control', () => {
    const panel = defaultPanel('SequentialLR');
    const paths = controlPaths(panel, findFamily('torch', 'SequentialLR'));
    expect(paths).toContain('args.schedulers[1].args.T_max');
    expect(claimingControl('args.schedulers[1].args.T_max', paths)).toBe('args.schedulers[1].args.T_max');
    expect(claimingControl('args.schedulers[1].name', paths)).toBe('args.schedulers[1]');
    expect(claimingControl('args.milestones[0]', paths)).toBe('args.milestones');
    expect(claimingControl('metric', paths)).toBeUndefined();
    expect(claimingControl(undefined, paths)).toBeUndefined();
  });
  it('hides optimizer controls the family does not use', () => {
    const panel = { ...defaultPanel('OneCycleLR'), optimizer: { kind: 'Adam' as const, lr: 0.1, momentum: 0.9 } };
    const paths = controlPaths(panel, findFamily('torch', 'OneCycleLR'));
    expect(paths).not.toContain('optimizer.lr');
    expect(paths).toContain('optimizer.momentum');
  });
  it('says where an error happened', () => {
    expect(describeError({ message: 'bad', line: 1, column: 8 })).toBe('bad (line 1, column 8)');
    expect(describeError({ message: 'bad', tick: 3 })).toBe('bad (at tick 3)');
  });
});

describe('parseNumberList', () => {
  const param: NumberListParam = {
    name: 'milestones',
    label: 'Milestones',
    help: '',
    kind: 'numberList',
    default: [],
    integer: true,
    order: 'nondecreasing',
    min: 0,
  };
  it('accepts comma-separated numbers and the empty list', () => {
    expect(parseNumberList(' 10, 20,30 ', param)).toEqual({ ok: true, value: [10, 20, 30] });
    expect(parseNumberList('10, 10', param)).toEqual({ ok: true, value: [10, 10] });
    expect(parseNumberList('', param)).toEqual({ ok: true, value: [] });
  });
  it('explains what is wrong', () => {
    expect(parseNumberList('10, x', param)).toEqual({ ok: false, problem: 'Item 2 ("x") is not a number.' });
    expect(parseNumberList('10,', param).ok).toBe(false);
    expect(parseNumberList('1.5', param).ok).toBe(false);
    expect(parseNumberList('-1', param).ok).toBe(false);
    expect(parseNumberList('20, 10', param).ok).toBe(false);
    expect(parseNumberList('10, 10', { ...param, order: 'increasing' }).ok).toBe(false);
  });
});

describe('seriesLabel', () => {
  it('names the scheduler and the settings that differ from its defaults, short enough for a legend', () => {
    expect(seriesLabel('A', { name: 'StepLR', args: { step_size: 10, gamma: 0.5 } }, { step_size: 10, gamma: 0.1 })).toBe(
      'A: StepLR(γ=0.5)',
    );
    expect(seriesLabel('B', { name: 'StepLR', args: { step_size: 10, gamma: 0.1 } }, { step_size: 10, gamma: 0.1 })).toBe(
      'B: StepLR(step_size=10, γ=0.1)',
    );
    const long = seriesLabel('C', {
      name: 'OneCycleLR',
      args: { max_lr: 0.1, total_steps: 5000, pct_start: 0.3, div_factor: 25, final_div_factor: 1e4 },
    });
    expect(long.length).toBeLessThanOrEqual(46);
    expect(long).toMatch(/^C: OneCycleLR\(max_lr=0\.1, .*…\)$/);
    expect(seriesLabel('D', { name: 'LambdaLR', args: { lr_lambda: 'lambda epoch: 0.95 ** epoch' } })).toBe('D: LambdaLR(lr_lambda=…)');
  });
});
