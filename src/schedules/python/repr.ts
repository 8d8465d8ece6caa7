/** Python's repr() of the interpreter's values, for results shown to the user and for error messages. */
import { NpFloat, type PyValue } from './value-types';

/** Python's repr() of a float (shortest round-trip digits, exponent outside 1e-4 <= |x| < 1e16). */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const negative = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Python's repr() of any value, for messages. */
export function repr(v: PyValue): string {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return reprFloat(v);
    case 'boolean':
      return v ? 'True' : 'False';
    default:
      return v instanceof NpFloat ? reprFloat(v.v) : v.v.toString();
  }
}
