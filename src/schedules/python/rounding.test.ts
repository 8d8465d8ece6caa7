import { describe, expect, it } from 'vitest';
import { npRoundFloat, rint, roundFloat, roundFloatToInt, roundInt } from './rounding';

describe("Python's round()", () => {
  it("rounds half to even (banker's rounding)", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994].map(roundFloatToInt)).toEqual([0n, 2n, 2n, 0n, -2n, -2n, 0n]);
  });

  it('rounds the exact binary value to n digits, correctly', () => {
    expect(roundFloat(2.675, 2n)).toBe(2.67); // 2.675 is really 2.67499999999999982236431605997495353221893310546875
    expect(roundFloat(0.125, 2n)).toBe(0.12); // an exact tie: to even
    expect(roundFloat(0.375, 2n)).toBe(0.38);
    expect(roundFloat(1.005, 2n)).toBe(1.0);
    expect(roundFloat(1234.5678, -2n)).toBe(1200);
    expect(roundFloat(-0.001, 2n)).toBe(-0);
    expect(roundFloat(5e-324, 323n)).toBe(0);
    expect(roundFloat(1.0000000000000002, 16n)).toBe(1.0000000000000002);
    expect(roundFloat(123.456, 400n)).toBe(123.456);
    expect(roundFloat(123.456, -400n)).toBe(0);
    expect(() => roundFloat(1.5e308, -308n)).toThrow('OverflowError: rounded value too large to represent');
  });

  it('rounds ints to negative digits, ties to even', () => {
    expect(roundInt(125n, -1n)).toBe(120n);
    expect(roundInt(135n, -1n)).toBe(140n);
    expect(roundInt(-125n, -1n)).toBe(-120n);
    expect(roundInt(123456789n, -3n)).toBe(123457000n);
    expect(roundInt(7n, 2n)).toBe(7n);
  });
});

describe("numpy's round()", () => {
  it('scales, rints and scales back in floating point', () => {
    expect(npRoundFloat(2.675, 2)).toBe(2.68);
    expect(npRoundFloat(1234.5, -2)).toBe(1200);
    expect(npRoundFloat(2.5, 0)).toBe(2);
    expect(Object.is(npRoundFloat(-0.5, 0), -0)).toBe(true);
  });

  it('rint keeps the sign of zero', () => {
    expect(Object.is(rint(-0.4), -0)).toBe(true);
    expect(Object.is(rint(0.5), 0)).toBe(true);
    expect(rint(-1.5)).toBe(-2);
    expect(rint(2 ** 52 + 1)).toBe(2 ** 52 + 1);
  });
});
