/**
 * The functions a schedule may call: a few Python builtins, the `math` module and numpy's scalar functions.
 * Each follows CPython 3.11 (Modules/mathmodule.c, Python/bltinmodule.c) or numpy 1.24 on scalars, including
 * which errors they raise: math raises ValueError/OverflowError where numpy returns nan/inf.
 *
 * Tables are Maps (never plain objects), so a user-written name like `constructor` or `__proto__` finds nothing.
 * JavaScript's Math functions can differ from glibc's by an ulp on transcendental functions; arithmetic,
 * sqrt, floor, rounding and conversions are exact.
 */
import { npRoundFloat, rint, roundFloat, roundFloatToInt, roundInt } from './rounding';
import {
  bigMod,
  binop,
  bitLength,
  compare,
  cPow,
  floatToInt,
  fitsInt64,
  NpFloat,
  NpInt,
  npIntPow,
  npScalar,
  refuseWeakIntOverflow,
  npToFloat,
  PyError,
  type PyValue,
  toFloat,
  truthy,
  typeName,
} from './values';

export interface Builtin {
  /** The name Python shows in messages: 'abs', 'math.floor', 'numpy.floor'. */
  readonly name: string;
  readonly call: (args: readonly PyValue[]) => PyValue;
  /** Present where one string literal may be the argument (float('inf')); folded when the code is compiled. */
  readonly fromString?: (s: string) => PyValue;
}

export type ModuleName = 'math' | 'numpy';

export interface PyModule {
  readonly functions: ReadonlyMap<string, Builtin>;
  readonly constants: ReadonlyMap<string, PyValue>;
}

// ------------------------------------------------------------------------------------------------ helpers

function argCount(name: string, args: readonly PyValue[], min: number, max: number): void {
  const n = args.length;
  if (n >= min && n <= max) return;
  if (min === max) {
    const what = min === 1 ? 'exactly one argument' : `exactly ${min} arguments`;
    throw new PyError('TypeError', `${name}() takes ${what} (${n} given)`);
  }
  if (n < min) throw new PyError('TypeError', `${name}() takes at least ${min} argument${min === 1 ? '' : 's'} (${n} given)`);
  throw new PyError('TypeError', `${name}() takes at most ${max} arguments (${n} given)`);
}

function arg(args: readonly PyValue[], i: number): PyValue {
  return args[i] as PyValue;
}

/** PyFloat_AsDouble, as the math module converts its arguments. */
function asDouble(v: PyValue): number {
  if (v === null) throw new PyError('TypeError', 'must be real number, not NoneType');
  return toFloat(v);
}

/** An integer argument (ndigits, exponents): bool and numpy ints count, floats do not. */
function asIndex(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v instanceof NpInt) return v.v;
  throw new PyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`);
}

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

const PI = Math.PI;
const RAD_TO_DEG = 180.0 / PI;
const DEG_TO_RAD = PI / 180.0;

/** float('...'): Python's float() syntax for strings (underscores between digits, inf/infinity/nan). */
export function floatFromString(s: string): number {
  const t = s.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (special) {
    const word = (special[2] as string).toLowerCase();
    if (word === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const digits = '[0-9](?:_?[0-9])*';
  const re = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  if (!re.test(t)) throw new PyError('ValueError', `could not convert string to float: ${pyStr(s)}`);
  return Number(t.replace(/_/g, ''));
}

/** int('...') in base 10. */
function intFromString(s: string): bigint {
  const t = s.trim();
  if (!/^[+-]?[0-9](?:_?[0-9])*$/.test(t) || t.length > 5000) {
    throw new PyError('ValueError', `invalid literal for int() with base 10: ${pyStr(s)}`);
  }
  return BigInt(t.replace(/_/g, ''));
}

function pyStr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// ------------------------------------------------------------------------------------------------ builtins

function minMax(name: 'min' | 'max', args: readonly PyValue[]): PyValue {
  if (args.length === 0) throw new PyError('TypeError', `${name} expected at least 1 argument, got 0`);
  if (args.length === 1) throw new PyError('TypeError', `'${typeName(arg(args, 0))}' object is not iterable`);
  const op = name === 'min' ? '<' : '>';
  let best = arg(args, 0);
  for (let i = 1; i < args.length; i++) {
    const item = arg(args, i);
    if (compare(op, item, best)) best = item;
  }
  return best;
}

function pyAbs(v: PyValue): PyValue {
  switch (typeof v) {
    case 'bigint':
      return v < 0n ? -v : v;
    case 'number':
      return Math.abs(v);
    case 'boolean':
      return v ? 1n : 0n;
    default:
      if (v instanceof NpFloat) return new NpFloat(Math.abs(v.v));
      if (v instanceof NpInt) return new NpInt(v.v < 0n ? -v.v : v.v);
      throw new PyError('TypeError', "bad operand type for abs(): 'NoneType'");
  }
}

function pyRound(args: readonly PyValue[]): PyValue {
  argCount('round', args, 1, 2);
  const x = arg(args, 0);
  const nd = args.length === 2 ? arg(args, 1) : null;
  if (nd === null) {
    switch (typeof x) {
      case 'bigint':
        return x;
      case 'boolean':
        return x ? 1n : 0n;
      case 'number':
        return roundFloatToInt(x);
      default:
        if (x instanceof NpFloat) return roundFloatToInt(x.v);
        if (x instanceof NpInt) return x;
        throw new PyError('TypeError', "type NoneType doesn't define __round__ method");
    }
  }
  const n = asIndex(nd);
  switch (typeof x) {
    case 'bigint':
      return roundInt(x, n);
    case 'boolean':
      return roundInt(x ? 1n : 0n, n);
    case 'number':
      return roundFloat(x, n);
    default:
      if (x instanceof NpFloat) return new NpFloat(npRoundFloat(x.v, clampDecimals(n)));
      if (x instanceof NpInt) return npRoundInt(x.v, clampDecimals(n));
      throw new PyError('TypeError', "type NoneType doesn't define __round__ method");
  }
}

function clampDecimals(n: bigint): number {
  if (n > 100000n) return 100000;
  if (n < -100000n) return -100000;
  return Number(n);
}

function npRoundInt(i: bigint, decimals: number): NpInt {
  if (decimals >= 0) return new NpInt(i);
  const r = npRoundFloat(Number(i), decimals);
  return new NpInt(Number.isFinite(r) ? BigInt(r) : 0n);
}

function pyFloat(args: readonly PyValue[]): PyValue {
  argCount('float', args, 0, 1);
  if (args.length === 0) return 0.0;
  const v = arg(args, 0);
  if (v === null) throw new PyError('TypeError', "float() argument must be a string or a real number, not 'NoneType'");
  return toFloat(v);
}

function pyInt(args: readonly PyValue[]): PyValue {
  argCount('int', args, 0, 1);
  if (args.length === 0) return 0n;
  const v = arg(args, 0);
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return floatToInt(v);
    default:
      if (v instanceof NpFloat) return floatToInt(v.v);
      if (v instanceof NpInt) return v.v;
      throw new PyError('TypeError', "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
  }
}

/** Modular inverse of a modulo m (m > 0), or a ValueError as in Python 3.8+. */
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [bigMod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new PyError('ValueError', 'base is not invertible for the given modulus');
  return bigMod(s0, m);
}

function pyPow(args: readonly PyValue[]): PyValue {
  argCount('pow', args, 2, 3);
  const base = arg(args, 0);
  const exp = arg(args, 1);
  if (args.length === 2) return binop('**', base, exp);
  const mod = arg(args, 2);
  const isInt = (v: PyValue): v is bigint | boolean => typeof v === 'bigint' || typeof v === 'boolean';
  if (!isInt(base) || !isInt(exp) || !isInt(mod)) {
    throw new PyError('TypeError', 'pow() 3rd argument not allowed unless all arguments are integers');
  }
  const [b, e, m] = [base, exp, mod].map((v) => (typeof v === 'bigint' ? v : v ? 1n : 0n)) as [bigint, bigint, bigint];
  if (m === 0n) throw new PyError('ValueError', 'pow() 3rd argument cannot be 0');
  const am = m < 0n ? -m : m;
  let x = bigMod(b, am);
  let n = e;
  if (n < 0n) {
    x = modInverse(x, am);
    n = -n;
  }
  let result = 1n % am;
  while (n > 0n) {
    if (n & 1n) result = (result * x) % am;
    x = (x * x) % am;
    n >>= 1n;
  }
  return m < 0n && result !== 0n ? result + m : result;
}

const builtinList: Builtin[] = [
  {
    name: 'abs',
    call: (args) => {
      argCount('abs', args, 1, 1);
      return pyAbs(arg(args, 0));
    },
  },
  { name: 'min', call: (args) => minMax('min', args) },
  { name: 'max', call: (args) => minMax('max', args) },
  { name: 'round', call: pyRound },
  { name: 'float', call: pyFloat, fromString: floatFromString },
  { name: 'int', call: pyInt, fromString: intFromString },
  { name: 'pow', call: pyPow },
  {
    name: 'bool',
    call: (args) => {
      argCount('bool', args, 0, 1);
      return args.length === 1 && truthy(arg(args, 0));
    },
  },
];

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(builtinList.map((b) => [b.name, b]));

/** Real Python builtins that exist but are refused here, for a clearer message than NameError. */
export const REFUSED_BUILTINS: ReadonlySet<string> = new Set([
  '__import__',
  'eval',
  'exec',
  'compile',
  'open',
  'input',
  'print',
  'getattr',
  'setattr',
  'delattr',
  'hasattr',
  'globals',
  'locals',
  'vars',
  'dir',
  'type',
  'object',
  'super',
  'id',
  'hash',
  'help',
  'breakpoint',
  'exit',
  'quit',
  'isinstance',
  'issubclass',
  'callable',
  'iter',
  'next',
  'len',
  'range',
  'sum',
  'sorted',
  'reversed',
  'enumerate',
  'zip',
  'map',
  'filter',
  'list',
  'tuple',
  'dict',
  'set',
  'frozenset',
  'str',
  'repr',
  'format',
  'chr',
  'ord',
  'bytes',
  'bytearray',
  'memoryview',
  'complex',
  'divmod',
  'hex',
  'oct',
  'bin',
  'any',
  'all',
  'classmethod',
  'staticmethod',
  'property',
  'slice',
  'ascii',
  'aiter',
  'anext',
  '__build_class__',
  '__builtins__',
  '__name__',
  '__file__',
  '__loader__',
  '__spec__',
  '__debug__',
]);

// ------------------------------------------------------------------------------------------------ math

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

const MATH: PyModule = {
  functions: new Map(mathFunctions().map((b) => [b.name.slice('math.'.length), b])),
  constants: new Map<string, PyValue>([
    ['pi', Math.PI],
    ['e', Math.E],
    ['tau', 2 * Math.PI],
    ['inf', Number.POSITIVE_INFINITY],
    ['nan', Number.NaN],
  ]),
};

// ------------------------------------------------------------------------------------------------ numpy

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
    predicate('isnan', Number.isNaN),
    predicate('isinf', (x) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY),
    predicate('isfinite', Number.isFinite),
  ];
}

const NUMPY: PyModule = {
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

export const MODULES: ReadonlyMap<ModuleName, PyModule> = new Map<ModuleName, PyModule>([
  ['math', MATH],
  ['numpy', NUMPY],
]);
