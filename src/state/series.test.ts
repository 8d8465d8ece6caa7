import { describe, expect, it } from 'vitest';
import { alignment, firstDivergence, valueAt, xOf } from './series';

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

describe('firstDivergence', () => {
  it('finds where two curves part, ignoring rounding noise', () => {
    const align = { unit: 'epoch' as const, length: 4, stepsPerEpoch: 1 };
    expect(firstDivergence({ tick: 'epoch', lr: [1, 0.1 + 0.2, 3, 4] }, { tick: 'epoch', lr: [1, 0.3, 3, 4] }, align)).toBe(-1);
    expect(firstDivergence({ tick: 'epoch', lr: [1, 1, 3, 4] }, { tick: 'epoch', lr: [1, 1, 2, 4] }, align)).toBe(2);
    expect(firstDivergence({ tick: 'epoch', lr: [1, 1] }, { tick: 'epoch', lr: [1, 1, 2, 4] }, align)).toBe(2);
  });
});
