/** Unit checks of the number layer; the exhaustive comparison with real Python is golden.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  binop,
  bitLength,
  compare,
  decompose,
  intTrueDiv,
  NpFloat,
  NpInt,
  negate,
  PyError,
  pow2,
  powInteger,
  ratioToDouble,
  reprFloat,
  truthy,
} from './values';

function pyError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PyError) return e.message;
    throw e;
  }
  throw new Error('expected a PyError');
}

describe('floats', () => {
  it('builds exact powers of two, including subnormals', () => {
    expect(pow2(0)).toBe(1);
    expect(pow2(-1074)).toBe(Number.MIN_VALUE);
    expect(pow2(-1023)).toBe(2 ** -1023);
    expect(pow2(-1043)).toBe(2 ** -1043);
    expect(pow2(1023)).toBe(2 ** 1023);
  });

  it('decomposes doubles exactly', () => {
    expect(decompose(1)).toEqual({ m: 2n ** 52n, e: -52 });
    expect(decompose(Number.MIN_VALUE)).toEqual({ m: 1n, e: -1074 });
    expect(decompose(-0.5)).toEqual({ m: 2n ** 52n, e: -53 });
  });

  it('prints like Python repr', () => {
    expect([1, 0.1, 1e16, 1e-5, 123.456, -0, 1e22, 5e-324, 1.5e300, Infinity, Number.NaN].map(reprFloat)).toEqual([
      '1.0',
      '0.1',
      '1e+16',
      '1e-05',
      '123.456',
      '-0.0',
      '1e+22',
      '5e-324',
      '1.5e+300',
      'inf',
      'nan',
    ]);
    expect(reprFloat(1234567890123456.8)).toBe('1234567890123456.8');
    expect(reprFloat(0.0001)).toBe('0.0001');
  });
});

describe('ints', () => {
  it('knows bit lengths', () => {
    expect([0n, 1n, -1n, 255n, 256n, 2n ** 53n - 1n, 2n ** 1000n].map(bitLength)).toEqual([0, 1, 1, 8, 9, 53, 1001]);
  });

  it('divides correctly rounded, also beyond 2**53 and into subnormals', () => {
    expect(intTrueDiv(1n, 3n)).toBe(1 / 3);
    expect(intTrueDiv(2n ** 1024n, 2n ** 1000n)).toBe(2 ** 24);
    expect(intTrueDiv(10n ** 400n, 10n ** 399n)).toBe(10);
    expect(intTrueDiv(2n ** 53n + 1n, 1n)).toBe(2 ** 53); // tie to even
    expect(intTrueDiv(2n ** 53n + 3n, 1n)).toBe(2 ** 53 + 4);
    expect(intTrueDiv(1n, 2n ** 1074n)).toBe(Number.MIN_VALUE);
    expect(intTrueDiv(1n, 2n ** 1075n)).toBe(0); // exactly half the smallest subnormal: ties to even (0)
    expect(intTrueDiv(3n, 2n ** 1076n)).toBe(Number.MIN_VALUE);
    expect(intTrueDiv(-(10n ** 30n), 3n)).toBe(-(10 ** 30) / 3);
    expect(pyError(() => intTrueDiv(2n ** 1024n, 1n))).toBe('OverflowError: integer division result too large for a float');
    expect(pyError(() => intTrueDiv(1n, 0n))).toBe('ZeroDivisionError: division by zero');
  });

  it('floors division and takes the sign of the divisor for modulo', () => {
    expect(binop('//', -7n, 2n)).toBe(-4n);
    expect(binop('%', -7n, 3n)).toBe(2n);
    expect(binop('%', 7n, -3n)).toBe(-2n);
    expect(binop('//', 7.0, 2n)).toBe(3);
    expect(binop('%', -7.5, 2n)).toBe(0.5);
    expect(binop('%', 1.0, -0.0 + 1e300)).toBe(1);
  });

  it('treats bools as ints and None as an error', () => {
    expect(binop('+', true, 1n)).toBe(2n);
    expect(binop('*', true, 2.5)).toBe(2.5);
    expect(negate(true)).toBe(-1n);
    expect(pyError(() => binop('+', null, 1n))).toBe("TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'");
    expect(pyError(() => binop('**', 2n, null))).toBe("TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'NoneType'");
  });
});

describe('comparisons and truth', () => {
  it('compares ints and floats exactly', () => {
    expect(compare('==', 2n ** 53n + 1n, 2 ** 53)).toBe(false);
    expect(compare('<', 2 ** 53, 2n ** 53n + 1n)).toBe(true);
    expect(compare('==', 1n, 1.0)).toBe(true);
    expect(compare('==', true, 1.0)).toBe(true);
    expect(compare('<', Number.NaN, 1n)).toBe(false);
    expect(compare('!=', Number.NaN, Number.NaN)).toBe(true);
    expect(compare('==', null, null)).toBe(true);
    expect(compare('==', null, 0n)).toBe(false);
    expect(pyError(() => compare('<', null, 1n))).toBe("TypeError: '<' not supported between instances of 'NoneType' and 'int'");
  });

  it('compares numpy values as numpy does', () => {
    expect(compare('==', new NpFloat(2 ** 53), 2n ** 53n + 1n)).toBe(true);
    expect(compare('==', new NpInt(3n), 3.0)).toBe(true);
  });

  it('knows what is falsy', () => {
    expect([0n, 0, -0, false, null, new NpFloat(0), new NpInt(0n)].map(truthy)).toEqual(Array(7).fill(false));
    expect([1n, Number.NaN, 1e-300, true, new NpFloat(Number.NaN), new NpInt(-1n)].map(truthy)).toEqual(Array(6).fill(true));
  });
});

describe('numpy scalars', () => {
  it('wraps int64 and never raises ZeroDivisionError', () => {
    expect(binop('*', new NpInt(2n ** 62n), 4n)).toEqual(new NpInt(0n));
    expect(binop('//', new NpInt(7n), 0n)).toEqual(new NpInt(0n));
    expect(binop('/', new NpFloat(1), 0n)).toEqual(new NpFloat(Infinity));
    expect(binop('**', new NpFloat(-8), 0.5)).toEqual(new NpFloat(Number.NaN));
    expect(pyError(() => binop('**', new NpInt(2n), -1n))).toBe('ValueError: Integers to negative integer powers are not allowed.');
  });
});

describe('integer powers of floats', () => {
  it('are correctly rounded (JavaScript ** is not; glibc pow nearly always is)', () => {
    // Correct values from exact rational arithmetic (Python fractions).
    expect(powInteger(0.95, -173)).toBe(7141.941442209701);
    expect(powInteger(1.1, 284)).toBe(569537841453.8108);
    expect(powInteger(0.46000709329037126, 100)).toBe(1.8899610486038042e-34);
    expect(powInteger(0.5, 1074)).toBe(Number.MIN_VALUE);
    expect(powInteger(0.5, 1075)).toBe(0);
    expect(powInteger(2, 1023)).toBe(2 ** 1023);
    expect(powInteger(2, 1024)).toBe(Infinity);
    expect(powInteger(3, 33)).toBe(5559060566555523); // 3**33 = 5559060566555523 exactly (< 2**53)
    expect(powInteger(3, 34)).toBe(16677181699666568); // 16677181699666569 rounds to even
    expect(powInteger(1 + 2 ** -52, 2 ** 20)).toBeCloseTo(Math.exp(2 ** 20 * Math.log1p(2 ** -52)), 15);
  });

  it('match 0.95 ** epoch for the first 300 epochs against an exact computation', () => {
    // 0.95 = m * 2**e exactly; m**n is exact in BigInt; ratioToDouble rounds once.
    const { m, e } = decompose(0.95);
    for (let n = 0; n <= 300; n++) {
      expect(binop('**', 0.95, BigInt(n))).toBe(ratioToDouble(m ** BigInt(n), 1n, e * n));
    }
  });
});
