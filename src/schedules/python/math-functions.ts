/**
 * The `math` module (Modules/mathmodule.c of CPython 3.11): math raises ValueError ("math domain error") and
 * OverflowError ("math range error") where numpy returns nan/inf, and accepts ints of any size where it can.
 * JavaScript's Math functions can differ from glibc's by an ulp on transcendental functions; sqrt, floor and
 * the conversions are exact.
 */
import { arg, argCount, asDouble, type Builtin, DEG_TO_RAD, type PyModule, RAD_TO_DEG } from './builtin-args';
import { cPow } from './floats';
import { bitLength, floatToInt } from './numeric';
import { NpFloat, NpInt, PyError, type PyValue } from './value-types';

const domainError = (): PyError => new PyError('ValueError', 'math domain error');
const rangeError = (): PyError => new PyError('OverflowError', 'math range error');

/** math_1 in mathmodule.c: NaN from a non-NaN is a domain error; inf from a finite value overflows or is a domain error. */
function checked(x: number, r: number, canOverflow: boolean): number {
  if (Number.isNaN(r) && !Number.isNaN(x)) throw domainError();
  if ((r === Number.POSITIVE_INFINITY || r === Number.NEGATIVE_INFINITY) && Number.isFinite(x)) {
    throw canOverflow ? rangeError() : domainError();
  }
  return r;
}

function math1(name: string, fn: (x: number) => number, canOverflow: boolean): Builtin {
  const full = `math.${name}`;
  return {
    name: full,
    call(args) {
      argCount(full, args, 1, 1);
      const x = asDouble(arg(args, 0));
      return checked(x, fn(x), canOverflow);
    },
  };
}

/** _PyLong_Frexp: a huge positive int as m * 2**e with m in [0.5, 1), m correctly rounded to 53 bits. */
function bigFrexp(x: bigint): { m: number; e: number } {
  const bits = bitLength(x);
  const shift = bits - 60;
  let top = x >> BigInt(shift);
  if ((x & ((1n << BigInt(shift)) - 1n)) !== 0n) top |= 1n; // sticky bit
  const m = Number(top) / 2 ** 60;
  return m === 1 ? { m: 0.5, e: bits + 1 } : { m, e: bits };
}

/** loghelper in mathmodule.c: ints of any size are accepted; x <= 0 is a domain error. */
function logOf(v: PyValue, fn: (x: number) => number): number {
  if (typeof v === 'bigint' || typeof v === 'boolean') {
    const i = typeof v === 'bigint' ? v : v ? 1n : 0n;
    if (i <= 0n) throw domainError();
    const f = Number(i);
    if (Number.isFinite(f)) return fn(f);
    const { m, e } = bigFrexp(i);
    return fn(m) + fn(2.0) * e;
  }
  const x = asDouble(v);
  return checked(x, fn(x), false);
}

function toIntegral(name: string, v: PyValue, fn: (x: number) => number): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return floatToInt(fn(v));
    default:
      if (v instanceof NpFloat) return floatToInt(fn(v.v));
      if (v instanceof NpInt) return floatToInt(fn(Number(v.v)));
      throw new PyError('TypeError', `must be real number, not NoneType (in ${name})`);
  }
}

/** math.pow (math_pow in mathmodule.c): IEEE specials by hand, ValueError/OverflowError instead of nan/inf. */
function mathPow(x: number, y: number): number {
  let r: number;
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (Number.isNaN(x)) r = y === 0 ? 1 : x;
    else if (Number.isNaN(y)) r = x === 1 ? 1 : y;
    else if (!Number.isFinite(x)) {
      const oddY = Number.isFinite(y) && Math.abs(y) % 2 === 1;
      if (y > 0) r = oddY ? x : Math.abs(x);
      else if (y === 0) r = 1;
      else r = oddY ? (x < 0 ? -0 : 0) : 0;
    } else {
      if (Math.abs(x) === 1) r = 1;
      else if (y > 0 && Math.abs(x) > 1) r = y;
      else if (y < 0 && Math.abs(x) < 1) r = -y;
      else r = 0;
    }
    return r;
  }
  r = cPow(x, y);
  if (Number.isNaN(r)) throw domainError();
  if (!Number.isFinite(r)) throw x === 0 ? domainError() : rangeError();
  return r;
}

function mathIsclose(a: number, b: number): boolean {
  const relTol = 1e-9;
  if (a === b) return true;
  if (!Number.isFinite(a) && !Number.isNaN(a)) return false;
  if (!Number.isFinite(b) && !Number.isNaN(b)) return false;
  const diff = Math.abs(b - a);
  return diff <= Math.abs(relTol * b) || diff <= Math.abs(relTol * a) || diff <= 0;
}

function mathFunctions(): Builtin[] {
  const one = (name: string, fn: (x: PyValue) => PyValue): Builtin => {
    const full = `math.${name}`;
    return {
      name: full,
      call: (args) => {
        argCount(full, args, 1, 1);
        return fn(arg(args, 0));
      },
    };
  };
  const two = (name: string, fn: (x: PyValue, y: PyValue) => PyValue): Builtin => {
    const full = `math.${name}`;
    return {
      name: full,
      call: (args) => {
        argCount(full, args, 2, 2);
        return fn(arg(args, 0), arg(args, 1));
      },
    };
  };
  return [
    one('floor', (v) => toIntegral('math.floor', v, Math.floor)),
    one('ceil', (v) => toIntegral('math.ceil', v, Math.ceil)),
    one('trunc', (v) => toIntegral('math.trunc', v, Math.trunc)),
    math1('exp', Math.exp, true),
    math1('exp2', (x) => 2 ** x, true),
    math1('expm1', Math.expm1, true),
    math1('sqrt', Math.sqrt, false),
    math1('cbrt', Math.cbrt, false),
    math1('cos', Math.cos, false),
    math1('sin', Math.sin, false),
    math1('tan', Math.tan, false),
    math1('acos', Math.acos, false),
    math1('asin', Math.asin, false),
    math1('atan', Math.atan, false),
    math1('cosh', Math.cosh, true),
    math1('sinh', Math.sinh, true),
    math1('tanh', Math.tanh, false),
    math1('acosh', Math.acosh, false),
    math1('asinh', Math.asinh, false),
    math1('atanh', Math.atanh, false),
    math1('fabs', Math.abs, false),
    math1('log1p', Math.log1p, false),
    {
      name: 'math.log',
      call: (args) => {
        argCount('math.log', args, 1, 2);
        const num = logOf(arg(args, 0), Math.log);
        if (args.length === 1) return num;
        const den = logOf(arg(args, 1), Math.log);
        if (den === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
        return num / den;
      },
    },
    one('log2', (v) => logOf(v, Math.log2)),
    one('log10', (v) => logOf(v, Math.log10)),
    two('atan2', (y, x) => Math.atan2(asDouble(y), asDouble(x))),
    two('pow', (x, y) => mathPow(asDouble(x), asDouble(y))),
    two('fmod', (xv, yv) => {
      const x = asDouble(xv);
      const y = asDouble(yv);
      if (!Number.isFinite(y) && !Number.isNaN(y) && Number.isFinite(x)) return x;
      const r = x % y;
      if (Number.isNaN(r) && !Number.isNaN(x) && !Number.isNaN(y)) throw domainError();
      return r;
    }),
    two('copysign', (xv, yv) => {
      const x = Math.abs(asDouble(xv));
      const y = asDouble(yv);
      return y < 0 || Object.is(y, -0) ? -x : x;
    }),
    {
      name: 'math.hypot',
      call: (args) => Math.hypot(...args.map(asDouble)),
    },
    one('degrees', (v) => asDouble(v) * RAD_TO_DEG),
    one('radians', (v) => asDouble(v) * DEG_TO_RAD),
    two('isclose', (a, b) => mathIsclose(asDouble(a), asDouble(b))),
    one('isnan', (v) => Number.isNaN(asDouble(v))),
    one('isinf', (v) => {
      const x = asDouble(v);
      return x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY;
    }),
    one('isfinite', (v) => Number.isFinite(asDouble(v))),
  ];
}

export const MATH: PyModule = {
  functions: new Map(mathFunctions().map((b) => [b.name.slice('math.'.length), b])),
  constants: new Map<string, PyValue>([
    ['pi', Math.PI],
    ['e', Math.E],
    ['tau', 2 * Math.PI],
    ['inf', Number.POSITIVE_INFINITY],
    ['nan', Number.NaN],
  ]),
};
