import { describe, expect, it } from 'vitest';
import { alignment, firstDivergence, pointsToDraw, valueAt, xOf } from './series';

const horizon = { epochs: 3, stepsPerEpoch: 4 };

describe('alignment', () => {
  it('aligns per epoch when every series is per epoch', () => {
    const a = alignment([{ tick: 'epoch', lr: [1, 2, 3] }], horizon);
    expect(a).toEqual({ unit: 'epoch', length: 3, stepsPerEpoch: 4 });
    expect(xOf(a, 2, 'step')).toBe(8);
  });
  it('holds an epoch value over every step of its epoch when another series is per step', () => {
    const epochSeries = { tick: 'epoch' as const, lr: [1, 2, 3] };
    const a = alignment([epochSeries, { tick: 'step', lr: [] }], horizon);
    expect(a.unit).toBe('step');
    expect(a.length).toBe(12);
    expect(Array.from({ length: 12 }, (_, i) => valueAt(epochSeries.lr, epochSeries, a, i))).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(xOf(a, 6, 'epoch')).toBe(1.5);
  });
});

describe('pointsToDraw', () => {
  it('keeps every point of a short series', () => {
    expect(pointsToDraw([{ tick: 'epoch', lr: [1, 2, 3] }], alignment([], horizon))).toEqual([0, 1, 2]);
  });
  it('keeps the exact tick of every drop of a long step function', () => {
    const n = 100_000;
    const lr = Array.from({ length: n }, (_, i) => 0.1 * 0.5 ** Math.floor(i / 7_001));
    const align = { unit: 'step' as const, length: n, stepsPerEpoch: 1 };
    const kept = pointsToDraw([{ tick: 'step', lr }], align, 500);
    expect(kept.length).toBeLessThan(2_100);
    for (let drop = 7_001; drop < n; drop += 7_001) expect(kept).toContain(drop);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
  });
});

describe('firstDivergence', () => {
  it('finds where two curves part, ignoring rounding noise', () => {
    const align = { unit: 'epoch' as const, length: 4, stepsPerEpoch: 1 };
    expect(firstDivergence({ tick: 'epoch', lr: [1, 0.1 + 0.2, 3, 4] }, { tick: 'epoch', lr: [1, 0.3, 3, 4] }, align)).toBe(-1);
    expect(firstDivergence({ tick: 'epoch', lr: [1, 1, 3, 4] }, { tick: 'epoch', lr: [1, 1, 2, 4] }, align)).toBe(2);
    expect(firstDivergence({ tick: 'epoch', lr: [1, 1] }, { tick: 'epoch', lr: [1, 1, 2, 4] }, align)).toBe(2);
  });
});
