import { describe, expect, it } from 'vitest';
import { buildCsv } from './csv';

const lines = (csv: string) => csv.split('\n');

describe('buildCsv', () => {
  it('writes one row per optimizer step, expanding epoch-ticked series over their epoch', () => {
    const csv = buildCsv(
      [
        { name: 'A', tick: 'epoch', lr: [0.1, 0.05, 0.025] },
        { name: 'B', tick: 'step', lr: [1, 2, 3, 4, 5, 6] },
      ],
      { epochs: 3, stepsPerEpoch: 2 },
    );
    expect(csv).toBe(['step,epoch,A,B', '0,0,0.1,1', '1,0,0.1,2', '2,1,0.05,3', '3,1,0.05,4', '4,2,0.025,5', '5,2,0.025,6', ''].join('\n'));
  });

  it('ends with exactly one newline and uses \\n line endings', () => {
    const csv = buildCsv([{ name: 'A', tick: 'step', lr: [1, 2] }], { epochs: 1, stepsPerEpoch: 2 });
    expect(csv.endsWith('2\n')).toBe(true);
    expect(csv.endsWith('\n\n')).toBe(false);
    expect(csv).not.toContain('\r');
  });

  it('keeps a failed panel as an empty column named by its letter', () => {
    const csv = buildCsv([{ name: 'A', tick: 'epoch', lr: [0.1, 0.2] }, null, { name: 'C', tick: 'epoch', lr: [3, 4] }], {
      epochs: 2,
      stepsPerEpoch: 1,
    });
    expect(lines(csv)).toEqual(['step,epoch,A,B,C', '0,0,0.1,,3', '1,1,0.2,,4', '']);
  });

  it('leaves the cells past the end of a short series empty', () => {
    const csv = buildCsv(
      [
        { name: 'A', tick: 'step', lr: [1, 2, 3] },
        { name: 'B', tick: 'epoch', lr: [9] },
      ],
      { epochs: 2, stepsPerEpoch: 3 },
    );
    expect(lines(csv)).toEqual(['step,epoch,A,B', '0,0,1,9', '1,0,2,9', '2,0,3,9', '3,1,,', '4,1,,', '5,1,,', '']);
  });

  it('adds momentum columns after the LR columns, only for panels that cycle it', () => {
    const csv = buildCsv(
      [
        { name: 'A', tick: 'step', lr: [0.1, 0.2, 0.3, 0.4], momentum: [0.95, 0.9, 0.85, 0.9] },
        { name: 'B', tick: 'epoch', lr: [1, 2] },
        null,
        { name: 'D', tick: 'epoch', lr: [5, 6], momentum: [0.8, 0.7] },
      ],
      { epochs: 2, stepsPerEpoch: 2 },
    );
    expect(lines(csv)).toEqual([
      'step,epoch,A,B,C,D,A_momentum,D_momentum',
      '0,0,0.1,1,,5,0.95,0.8',
      '1,0,0.2,1,,5,0.9,0.8',
      '2,1,0.3,2,,6,0.85,0.7',
      '3,1,0.4,2,,6,0.9,0.7',
      '',
    ]);
  });

  it('prints every double so that it reads back exactly', () => {
    const tricky = [0.1 + 0.2, 1e-7, 5e-324, 1 / 3, 2 ** -1074 * 3, 1.7976931348623157e308, 0.0006987712429686843, 123456789.123, 0];
    const csv = buildCsv([{ name: 'A', tick: 'step', lr: tricky }], { epochs: 1, stepsPerEpoch: tricky.length });
    const cells = lines(csv)
      .slice(1, -1)
      .map((line) => line.split(',')[2] as string);
    expect(cells).toEqual(tricky.map((x) => String(x)));
    cells.forEach((c, i) => {
      expect(Number(c)).toBe(tricky[i]);
    });
    expect(cells[0]).toBe('0.30000000000000004');
    expect(cells[1]).toBe('1e-7');
    expect(cells[2]).toBe('5e-324');
  });

  it('leaves non-finite values empty', () => {
    const csv = buildCsv([{ name: 'A', tick: 'step', lr: [Number.NaN, Number.POSITIVE_INFINITY, 1] }], {
      epochs: 1,
      stepsPerEpoch: 3,
    });
    expect(lines(csv)).toEqual(['step,epoch,A', '0,0,', '1,0,', '2,0,1', '']);
  });

  it('with no panels, still writes the step and epoch columns', () => {
    expect(buildCsv([], { epochs: 1, stepsPerEpoch: 2 })).toBe('step,epoch\n0,0\n1,0\n');
  });
});
