/**
 * The functions a schedule may call: a few Python builtins (here), the `math` module (math-functions.ts) and
 * numpy's scalar functions (numpy-functions.ts). Each follows CPython 3.11 (Modules/mathmodule.c,
 * Python/bltinmodule.c) or numpy 1.24 on scalars, including which errors they raise: math raises
 * ValueError/OverflowError where numpy returns nan/inf.
 *
 * Tables are Maps (never plain objects), so a user-written name like `constructor` or `__proto__` finds nothing.
 * JavaScript's Math functions can differ from glibc's by an ulp on transcendental functions; arithmetic,
 * sqrt, floor, rounding and conversions are exact.
 */
import {
  arg,
  argCount,
  asIndex,
  type Builtin,
  clampDecimals,
  floatFromString,
  intFromString,
  type ModuleName,
  type PyModule,
} from './builtin-args';
import { MATH } from './math-functions';
import { NUMPY } from './numpy-functions';
import { npRoundFloat, npRoundInt, roundFloat, roundFloatToInt, roundInt } from './rounding';
import { divisionSteps, linearSteps, productSteps } from './cost';
import { charge } from './frame';
import { bigMod } from './ints';
import { bitLength, floatToInt, toFloat } from './numeric';
import { NpFloat, NpFloatArray0d, NpInt, NpIntArray0d, PyError, type PyValue, typeName } from './value-types';
import { binop, compare, truthy } from './values';

export { type Builtin, floatFromString, type ModuleName, type PyModule } from './builtin-args';

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
  // np.where's result is a 0-d ndarray, and ndarray has no __round__ (only its scalars do).
  if (x instanceof NpFloatArray0d || x instanceof NpIntArray0d)
    throw new PyError('TypeError', "type numpy.ndarray doesn't define __round__ method");
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
  // Euclid takes at most ~1.44 * bits(m) + 2 rounds (Lamé), each a division and two products and differences of
  // numbers of m's size or less, plus the round's own BigInt operations: priced before it starts.
  const bits = bitLength(m);
  charge(Math.ceil(1.45 * bits + 2) * (1 + 4 * linearSteps(bits)));
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
  // Square-and-multiply: per bit of the exponent a squaring and (at most) a product, each reduced mod m, plus the
  // loop's own BigInt operations (one step). Priced in full before it starts: pow(3, 2**8000 - 1, 2**8000 - 7)
  // is refused at once instead of running for half a minute.
  const mBits = bitLength(am);
  const perBit = 1 + 2 * (productSteps(mBits, mBits) + divisionSteps(2 * mBits, mBits));
  charge(bitLength(e) * perBit + divisionSteps(bitLength(b), mBits));
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
    // evaluate.ts answers len() of a list or tuple itself; every number reaching here has no len().
    name: 'len',
    call: (args) => {
      argCount('len', args, 1, 1);
      throw new PyError('TypeError', `object of type '${typeName(arg(args, 0))}' has no len()`);
    },
  },
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

export const MODULES: ReadonlyMap<ModuleName, PyModule> = new Map<ModuleName, PyModule>([
  ['math', MATH],
  ['numpy', NUMPY],
]);
