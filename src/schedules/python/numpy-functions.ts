/**
 * numpy's functions on scalars (numpy 1.24, with numpy 2's rules where they differ, noted at each): ufuncs never
 * raise for a domain error (nan/inf instead), and keep int64 inputs int64 where numpy has an integer loop.
 */
import {
  arg,
  argCount,
  asIndex,
  type Builtin,
  clampDecimals,
  DEG_TO_RAD,
  floatFromString,
  type PyModule,
  RAD_TO_DEG,
} from './builtin-args';
import { cPow } from './floats';
import { floatToInt, toFloat } from './numeric';
import { fitsInt64, npIntPow, npScalar, npToFloat, refuseWeakIntOverflow } from './numpy-scalars';
import { npRoundFloat, npRoundInt, rint } from './rounding';
import { NpFloat, NpFloatArray0d, NpInt, NpIntArray0d, PyError, type PyValue } from './value-types';
import { truthy } from './values';

/**
 * np.where(cond, x, y) on scalars. numpy evaluates both branches (they are arguments) and returns a 0-d array of
 * the promoted dtype of x and y (NEP 50: Python ints are weak, so int with int is int64, anything with a float
 * is float64), holding x where cond is true, else y. cond is read by its truth value (np.where(None, 1, 2) is 2).
 */
function where(args: readonly PyValue[]): PyValue {
  if (args.length === 1)
    throw new PyError('Not supported', 'np.where(cond) with one argument (it returns index arrays); write np.where(cond, x, y)');
  if (args.length === 2) throw new PyError('ValueError', 'either both or neither of x and y should be given');
  const [cond, x, y] = args as [PyValue, PyValue, PyValue];
  for (const v of [x, y]) {
    if (v === null) throw new PyError('Not supported', 'np.where with None as a value (numpy makes an object array)');
    if (typeof v === 'bigint' && !fitsInt64(v)) {
      // numpy 2 makes 2**63 .. 2**64 - 1 a uint64 first (and then wraps it); 2**64 and beyond do not convert.
      if (v >= 1n << 64n) throw new PyError('OverflowError', 'Python int too large to convert to C long');
      throw new PyError('Not supported', 'np.where with an int outside the int64 range');
    }
  }
  if (typeof x === 'boolean' && typeof y === 'boolean') {
    throw new PyError('Not supported', 'np.where with True/False in both branches (numpy bool arrays); use a conditional expression');
  }
  const chosen = truthy(cond) ? x : y;
  const a = npScalar(x, 'numpy.where');
  const b = npScalar(y, 'numpy.where');
  const c = npScalar(chosen, 'numpy.where');
  if (a.int && b.int) return new NpIntArray0d(c.v as bigint);
  return new NpFloatArray0d(npToFloat(c));
}

function numpyFunctions(): Builtin[] {
  const fn = (name: string, min: number, max: number, body: (args: readonly PyValue[]) => PyValue): Builtin => {
    const full = `numpy.${name}`;
    return {
      name: full,
      call: (args) => {
        argCount(full, args, min, max);
        return body(args);
      },
    };
  };
  /** A ufunc with only floating-point loops: ints become float64 (np.exp(0) is 1.0). */
  const floatUfunc = (name: string, f: (x: number) => number): Builtin =>
    fn(name, 1, 1, (args) => new NpFloat(f(npToFloat(npScalar(arg(args, 0), `numpy.${name}`)))));
  /**
   * A rounding ufunc: numpy 2 returns integer and bool inputs unchanged in their own type (np.floor(3) is
   * np.int64(3), np.floor(True) is np.True_); numpy 1.x made them float64.
   */
  const roundingUfunc = (name: string, f: (x: number) => number): Builtin =>
    fn(name, 1, 1, (args) => {
      const v = arg(args, 0);
      if (typeof v === 'boolean') return v;
      const s = npScalar(v, `numpy.${name}`);
      return s.int ? new NpInt(s.v) : new NpFloat(f(s.v));
    });
  /** A ufunc with int64 and float64 loops. */
  const mixedUfunc = (name: string, i: (x: bigint) => bigint, f: (x: number) => number): Builtin =>
    fn(name, 1, 1, (args) => {
      const s = npScalar(arg(args, 0), `numpy.${name}`);
      return s.int ? new NpInt(i(s.v)) : new NpFloat(f(s.v));
    });
  const binaryUfunc = (name: string, i: (x: bigint, y: bigint) => PyValue, f: (x: number, y: number) => number): Builtin =>
    fn(name, 2, 2, (args) => {
      refuseWeakIntOverflow(arg(args, 0), arg(args, 1));
      const x = npScalar(arg(args, 0), `numpy.${name}`);
      const y = npScalar(arg(args, 1), `numpy.${name}`);
      if (x.int && y.int) return i(x.v, y.v);
      return new NpFloat(f(npToFloat(x), npToFloat(y)));
    });
  const floatBinary = (name: string, f: (x: number, y: number) => number): Builtin =>
    fn(name, 2, 2, (args) => {
      const x = npToFloat(npScalar(arg(args, 0), `numpy.${name}`));
      const y = npToFloat(npScalar(arg(args, 1), `numpy.${name}`));
      return new NpFloat(f(x, y));
    });
  const maximum = (a: number, b: number): number => (a >= b || Number.isNaN(a) ? a : b);
  const minimum = (a: number, b: number): number => (a <= b || Number.isNaN(a) ? a : b);
  const bigMax = (a: bigint, b: bigint): NpInt => new NpInt(a >= b ? a : b);
  const bigMin = (a: bigint, b: bigint): NpInt => new NpInt(a <= b ? a : b);
  const round = (name: string): Builtin =>
    fn(name, 1, 2, (args) => {
      const s = npScalar(arg(args, 0), `numpy.${name}`);
      const decimals = args.length === 2 ? clampDecimals(asIndex(arg(args, 1))) : 0;
      return s.int ? npRoundInt(s.v, decimals) : new NpFloat(npRoundFloat(s.v, decimals));
    });
  const absolute = (name: string): Builtin => mixedUfunc(name, (x) => (x < 0n ? -x : x), Math.abs);
  const predicate = (name: string, p: (x: number) => boolean): Builtin =>
    fn(name, 1, 1, (args) => p(npToFloat(npScalar(arg(args, 0), `numpy.${name}`))));
  return [
    roundingUfunc('floor', Math.floor),
    roundingUfunc('ceil', Math.ceil),
    roundingUfunc('trunc', Math.trunc),
    roundingUfunc('fix', Math.trunc),
    floatUfunc('rint', rint),
    floatUfunc('exp', Math.exp),
    floatUfunc('exp2', (x) => 2 ** x),
    floatUfunc('expm1', Math.expm1),
    floatUfunc('log', Math.log),
    floatUfunc('log2', Math.log2),
    floatUfunc('log10', Math.log10),
    floatUfunc('log1p', Math.log1p),
    floatUfunc('sqrt', Math.sqrt),
    floatUfunc('cbrt', Math.cbrt),
    floatUfunc('cos', Math.cos),
    floatUfunc('sin', Math.sin),
    floatUfunc('tan', Math.tan),
    floatUfunc('arccos', Math.acos),
    floatUfunc('arcsin', Math.asin),
    floatUfunc('arctan', Math.atan),
    floatUfunc('cosh', Math.cosh),
    floatUfunc('sinh', Math.sinh),
    floatUfunc('tanh', Math.tanh),
    floatUfunc('arccosh', Math.acosh),
    floatUfunc('arcsinh', Math.asinh),
    floatUfunc('arctanh', Math.atanh),
    floatUfunc('fabs', Math.abs),
    floatUfunc('degrees', (x) => x * RAD_TO_DEG),
    floatUfunc('rad2deg', (x) => x * RAD_TO_DEG),
    floatUfunc('radians', (x) => x * DEG_TO_RAD),
    floatUfunc('deg2rad', (x) => x * DEG_TO_RAD),
    absolute('abs'),
    absolute('absolute'),
    mixedUfunc(
      'square',
      (x) => x * x,
      (x) => x * x,
    ),
    mixedUfunc(
      'sign',
      (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
      (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x),
    ),
    binaryUfunc('power', npIntPow, cPow),
    binaryUfunc('maximum', bigMax, maximum),
    binaryUfunc('minimum', bigMin, minimum),
    binaryUfunc('fmax', bigMax, (a, b) => (a >= b || Number.isNaN(b) ? a : b)),
    binaryUfunc('fmin', bigMin, (a, b) => (a <= b || Number.isNaN(b) ? a : b)),
    floatBinary('arctan2', Math.atan2),
    floatBinary('hypot', Math.hypot),
    fn('clip', 3, 3, (args) => {
      const [x, lo, hi] = [0, 1, 2].map((i) => npScalar(arg(args, i), 'numpy.clip')) as [
        ReturnType<typeof npScalar>,
        ReturnType<typeof npScalar>,
        ReturnType<typeof npScalar>,
      ];
      // numpy 2's clip: t = x >= lo ? x : lo, then t <= hi ? t : hi, a NaN x kept and a NaN bound taken. So
      // an equal bound keeps x's zero sign (np.clip(-0.0, 0, 0.0) is -0.0) and lo > hi gives hi.
      if (x.int && lo.int && hi.int) {
        let t = x.v;
        if (!(t >= lo.v)) t = lo.v;
        if (!(t <= hi.v)) t = hi.v;
        return new NpInt(t);
      }
      let t = npToFloat(x);
      const [flo, fhi] = [npToFloat(lo), npToFloat(hi)];
      if (!Number.isNaN(t) && !(t >= flo)) t = flo;
      if (!Number.isNaN(t) && !(t <= fhi)) t = fhi;
      return new NpFloat(t);
    }),
    round('round'),
    round('around'),
    {
      name: 'numpy.float64',
      call: (args) => {
        argCount('numpy.float64', args, 0, 1);
        if (args.length === 0) return new NpFloat(0);
        const v = arg(args, 0);
        if (v === null) return new NpFloat(Number.NaN);
        return new NpFloat(toFloat(v));
      },
      fromString: (s) => new NpFloat(floatFromString(s)),
    },
    {
      name: 'numpy.int64',
      call: (args) => {
        argCount('numpy.int64', args, 0, 1);
        if (args.length === 0) return new NpInt(0n);
        const v = arg(args, 0);
        const s = npScalar(v, 'numpy.int64');
        if (!s.int) return new NpInt(floatToInt(s.v));
        if (typeof v === 'bigint' && !fitsInt64(v)) throw new PyError('OverflowError', 'Python int too large to convert to C long');
        return new NpInt(s.v);
      },
    },
    fn('where', 1, 3, where),
    predicate('isnan', Number.isNaN),
    predicate('isinf', (x) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY),
    predicate('isfinite', Number.isFinite),
  ];
}

export const NUMPY: PyModule = {
  functions: new Map(numpyFunctions().map((b) => [b.name.slice('numpy.'.length), b])),
  constants: new Map<string, PyValue>([
    ['pi', Math.PI],
    ['e', Math.E],
    ['inf', Number.POSITIVE_INFINITY],
    ['Inf', Number.POSITIVE_INFINITY],
    ['infty', Number.POSITIVE_INFINITY],
    ['nan', Number.NaN],
    ['NaN', Number.NaN],
    ['euler_gamma', 0.5772156649015329],
  ]),
};
