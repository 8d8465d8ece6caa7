"""Golden fixtures for the Python interpreter in src/schedules/python, recorded from REAL CPython and numpy.

The TypeScript interpreter must evaluate learning-rate functions exactly as CPython 3 does (int vs float,
floor division and modulo signs, banker's rounding, correctly rounded round(x, n), math domain errors, numpy's
scalar rules). This script evaluates several hundred small lambdas and a few dozen complete functions with the
real interpreter and writes what Python produced to src/schedules/__fixtures__/python.json. It never computes an
expected value itself: every number and every error comes from Python.

Run it in the Python reference environment (scripts/ensure-python-ref.mjs makes .venv-ref; numpy 2):
    .venv-ref/bin/python scripts/golden/python_semantics.py   (or: npm run golden)
It is deterministic: the same Python and numpy give a byte-identical file on every run.

Fixture format: {"generator", "python_version", "numpy_version", "cases": [CASE, ...]}, one case per line.
CASE = {"source": program text (a lambda, or imports/constants and one def),
        "args": [ARG, ...], "arg_types": ["int" | "float" | "bool", ...],
        then either "result": VALUE, "type": "int" | "float" | "bool" | "float64" | "int64" | "NoneType",
                    "approx": true when the value involves a transcendental function or a float power
                              (JavaScript's Math.* may differ from glibc by an ulp: compared with rtol 1e-15),
        or          "error": the exception class ("ZeroDivisionError", ...) or "complex" (Python returned a
                              complex number, which the playground refuses), "message": str(exception)}
ARG / VALUE = a JSON number, {"special": "inf" | "-inf" | "nan"}, or {"int": "digits"} beyond 2**53.
In lambdas, math, np and numpy are available as globals (the playground provides them without an import).
"""

import json
import math
import os
import platform
import types
import warnings

import numpy as np

np.seterr(all="ignore")
warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "schedules", "__fixtures__", "python.json")

INF = float("inf")
NAN = float("nan")

APPROX_MARKERS = (
    "exp", "log", "sin", "cos", "tan", "cbrt", "hypot", "**", "pow", "power", "atan", "arctan", "acos", "asin",
    "arccos", "arcsin",
)

# ------------------------------------------------------------------------------------------------ encoding


def encode(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        v = int(v)
        return v if abs(v) <= 2**53 else {"int": str(v)}
    v = float(v)
    if math.isnan(v):
        return {"special": "nan"}
    if math.isinf(v):
        return {"special": "inf" if v > 0 else "-inf"}
    return v


def type_of(v):
    if v is None:
        return "NoneType"
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, np.float64):
        return "float64"
    if isinstance(v, np.int64):
        return "int64"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    raise TypeError("unexpected result type %r" % type(v))


def arg_type(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    raise TypeError("unexpected argument type %r" % type(v))


def load(source):
    """The function a source defines: a lambda expression, or the one def / lambda assignment of a program."""
    env = {"math": math, "np": np, "numpy": np}
    if source.lstrip().startswith("lambda"):
        return eval(source, env)
    exec(source, env)
    fns = [v for v in env.values() if isinstance(v, types.FunctionType)]
    assert len(fns) == 1, source
    return fns[0]


CASES = []
SEEN = set()


def case(source, args=(), approx=None):
    key = (source, tuple((type(a), repr(a)) for a in args))
    if key in SEEN:
        return
    SEEN.add(key)
    out = {"source": source, "args": [encode(a) for a in args], "arg_types": [arg_type(a) for a in args]}
    try:
        result = load(source)(*args)
        if isinstance(result, np.ndarray) and result.ndim == 0:
            # np.where returns a 0-d array; the playground computes with it as the numpy scalar of its dtype.
            result = result[()]
    except Exception as e:  # every Python error is a fixture too
        out["error"] = type(e).__name__
        out["message"] = str(e)
    else:
        if isinstance(result, complex):
            out["error"] = "complex"
            out["message"] = repr(result)
        else:
            out["result"] = None if result is None else encode(result)
            out["type"] = type_of(result)
            if approx is None:
                approx = any(m in source for m in APPROX_MARKERS)
            if approx and out["type"] in ("float", "float64"):
                out["approx"] = True
    CASES.append(out)


def binary(template, pairs):
    for x, y in pairs:
        case("lambda x, y: " + template, (x, y))


def unary(template, values):
    for x in values:
        case("lambda x: " + template, (x,))


# ------------------------------------------------------------------------------------------------ expressions

PAIRS = [
    (7, 2), (-7, 2), (7, -2), (-7, -2), (7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (5, 0), (0, 0), (1, 3),
    (2, -1), (2, -2), (0, -1), (3, 1), (7.0, 2), (-7.0, 2), (7.5, -2.0), (-7.5, 2), (7.5, 2.0), (-7.5, -2.0),
    (2, 0.5), (-8.0, 0.5), (-8.0, 3), (-8.0, -3), (0.0, -1), (0.0, 0.0), (-0.0, 1.0), (1.0, -0.0), (1e308, 10.0),
    (1e308, 1e308), (1e-308, 1e10), (5e-324, 0.5), (INF, 2.0), (-INF, 3), (INF, INF), (2.0, INF), (NAN, 1.0),
    (1.0, NAN), (2.0, 1024), (10, -400), (2**53 + 1, 1.0), (2**53, 3), (10**20, 7), (-(10**20), 7),
    (2**1030, 2**1020), (2**1030, 3), (1, 2**1030), (3**100, 7**50), (True, 2), (3, True), (1.1, 0.1),
    (0.3, 0.1), (1, 10), (-1, 10), (1e-300, 1e300), (0.1, 3), (1e16, 3), (-1e-320, 7.0), (2.5, 1.5),
]

for op in ["+", "-", "*", "/", "//", "%"]:
    binary("x %s y" % op, PAIRS)
binary("x ** y", [(x, y) for x, y in PAIRS
                  if not (isinstance(y, int) and not isinstance(y, bool) and abs(y) > 2000)
                  and not (isinstance(x, int) and abs(x) > 10**30 and isinstance(y, int) and y > 4)])

COMPARE_PAIRS = [
    (1, 2), (2, 1), (2, 2), (2, 2.0), (-1, -1.0), (0.1 + 0.2, 0.3), (2**53 + 1, float(2**53)),
    (2**53, float(2**53)), (10**400, INF), (-(10**400), -INF), (NAN, NAN), (NAN, 1), (1, NAN), (0.0, -0.0),
    (True, 1), (True, 1.0), (False, 0.0), (INF, INF), (-INF, 1e308), (3, 5.5),
]
for op in ["<", "<=", "==", "!=", ">", ">="]:
    binary("x %s y" % op, COMPARE_PAIRS)
for t in ["x < y < 10", "0 <= x < y", "x == y == x", "x < y > 0", "1 < x != y", "x <= y <= x <= y",
          "-1 < x < y < 3"]:
    binary(t, [(1, 2), (2, 1), (2, 2.0), (0, 1), (NAN, 1), (-1, 0.5), (1.5, 2)])

BOOL_PAIRS = [(0, 5), (0.0, -1), (3, 0), (NAN, 0), (2, 3.5), (0, 0.0), (-0.0, 7), (True, False), (False, 2)]
for t in ["x and y", "x or y", "not x", "not x or y", "not x and y", "x and not y", "not x == y",
          "x if y else -x", "x or y and 0", "(x or y) and 0", "not not x", "0 or x", "x and y or 5",
          "not x < y", "x if x > y else y", "1 if x else 2 if y else 3"]:
    binary(t, BOOL_PAIRS)

VALUES = [0, 1, -1, 7, -7, 2**53 + 1, 10**20, True, False, 0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.7, -3.7, 0.1,
          1e-300, 5e-324, 1e16, 4503599627370497.0, 1e300, INF, -INF, NAN, 0.49999999999999994, -1.5]
for t in ["-x", "+x", "-x ** 2", "(-x) ** 2", "- - x", "-x // 2", "not -x", "x * 1", "x + 0.0", "x - x",
          "abs(x)", "round(x)", "float(x)", "int(x)", "bool(x)", "math.floor(x)", "math.ceil(x)", "math.trunc(x)",
          "x / 3", "x // 1", "x % 1", "x // 0.25", "x % 0.25", "2 ** x", "x ** 0", "x ** 0.5", "x ** 3"]:
    unary(t, [v for v in VALUES if not (t == "2 ** x" and isinstance(v, int) and v > 1000)])

ROUND_PAIRS = [
    (2.675, 2), (0.125, 2), (0.375, 2), (2.5, 0), (-2.5, 0), (1.5, 0), (0.5, 0), (1234.5678, -2), (1250.0, -2),
    (1e300, -300), (5e-324, 323), (5e-324, 324), (1.5e308, -308), (1.7e308, -308), (1e-5, 3), (-0.001, 2),
    (123456789, -3), (125, -1), (135, -1), (-125, -1), (15, -1), (5, -1), (7, 2), (0.1, 1), (2.05, 1),
    (1.0000000000000002, 15), (1.0000000000000002, 16), (1e22, -22), (123.456, 400), (123.456, -400), (INF, 2),
    (NAN, 2), (-INF, -2), (0.0, 3), (-0.0, 3), (2.675, 2.0), (True, 2), (2**70, -5), (0.5, True),
    (1.23456789e-10, 12), (9.995, 2), (1.005, 2), (4.35, 1), (-4.35, 1), (0.285, 2),
]
binary("round(x, y)", ROUND_PAIRS)
unary("round(x)", [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 1e300, 2**80 + 0.0, 4503599627370495.5, 0.49999999999999994])

for t in ["min(x, y)", "max(x, y)", "max(x, y, 0)", "min(x, y, 0.0)", "max(x, 1.0)", "min(1, x)", "pow(x, y)",
          "abs(x - y)", "float(x) / y"]:
    binary(t, [(1, 2), (2, 1), (1, 1.0), (1.0, 1), (-0.0, 0), (NAN, 1), (1, NAN), (3, 2.5), (True, 1), (0, -1),
               (2**60, 2.0**60), (-7, 2)])
binary("pow(x, y, 7)", [(2, 10), (3, -1), (-3, 5), (2, 0), (0, 0), (10**30, 10**20), (True, 5)])
binary("pow(x, y, -7)", [(2, 10), (3, 4), (7, 2)])
binary("pow(x, y, 0)", [(2, 3)])
binary("pow(x, y, 5)", [(2.0, 3), (2, 0.5), (2, -2), (5, -1)])

for src in ["float('inf')", "float('-inf')", "float('nan')", "float(' 1_000.5 ')", "float('abc')", "float('1e5')",
            "float('-Infinity')", "int('42')", "int(' -7 ')", "int('4.2')", "np.float64('inf')", "float()",
            "int()", "bool()", "math.pi", "math.e", "math.tau", "math.inf", "-math.inf", "math.nan", "np.pi",
            "np.e", "np.inf", "np.euler_gamma", "7 // 2", "7.0 // 2", "2 ** -1", "2 ** 3", "-2 ** 2",
            "2 ** 3 ** 2", "-7 // 2", "-7 % 3", "7 % -3", "-7.5 % 2", "True + True", "True * 2.5", "-True",
            "0 or 5", "0.0 or None", "None", "1 if None else 2", "int(float('inf'))",
            "int(float('nan'))", "0.1 + 0.2", "1 / 3", "10 ** 400 / 10 ** 399", "2 ** 1024 / 2 ** 1000",
            "2 ** 1024 / 1", "float(2 ** 1024)", "1e308 * 10", "-1e308 * 10", "1e308 + 1e308", "2.0 ** 10000",
            "(-2.0) ** 0.5", "0.0 ** -1", "0 ** -1", "0 ** 0", "0.0 ** 0.0", "(-1) ** 0.5", "(-8) ** (1/3)",
            "10 ** -400", "4 ** 0.5", "(-2) ** 3", "(-2.0) ** 3", "(-2) ** -3", "2 ** 0.5 ** 2", "max(1, 1.0)",
            "min(1.0, 1)", "max(5)", "max()", "abs(None)", "None + 1", "None < 1", "-None", "None == None",
            "None != 0", "None is None", "1 is not None", "not None", "round(None)", "math.floor(None)",
            "math.log(8, 2)", "math.log(8, 1)", "math.log(0)", "math.log(-1)", "math.log(2 ** 2000)",
            "math.log2(2 ** 2000)", "math.log10(10 ** 400)", "math.log(10 ** 400, 10)", "math.log(True)",
            "math.log(False)", "math.sqrt(10 ** 400)", "math.exp(1000)", "math.exp(-1000)", "math.pow(0.0, -1)",
            "math.pow(-8, 1/3)", "math.pow(2, 1024)", "math.pow(float('nan'), 0)", "math.pow(1, float('nan'))",
            "math.pow(-1, float('inf'))", "math.pow(float('inf'), -3)", "math.pow(float('-inf'), 3)",
            "math.pow(0.5, float('-inf'))", "math.fmod(5, 0)", "math.fmod(-5, 3)", "math.fmod(5, float('inf'))",
            "math.fmod(float('inf'), 2)", "math.copysign(1, -0.0)", "math.copysign(-2, 3)", "math.hypot(3, 4)",
            "math.hypot(1e308, 1e308)", "math.isclose(1, 1.0000000001)", "math.isclose(1, 1.00001)",
            "math.isclose(float('inf'), float('inf'))", "math.isnan(float('nan'))", "math.isinf(-math.inf)",
            "math.isfinite(1e308)", "math.degrees(math.pi)", "math.radians(180)", "math.degrees(1)",
            "math.floor(float('nan'))", "math.ceil(float('inf'))", "math.trunc(-2.5)", "math.floor(-0.5)",
            "math.ceil(-0.5)", "math.floor(10 ** 30 + 0.5)", "math.floor(1e30)", "math.atan2(0.0, -0.0)",
            "math.atan2(-0.0, -1)", "math.atan2(1, 0)", "math.cos(float('inf'))", "math.sin(float('inf'))",
            "math.acos(2)", "math.asin(-2)", "math.atanh(1)", "math.acosh(0.5)", "math.log1p(-1)",
            "math.log1p(-2)", "math.expm1(1000)", "math.cosh(1000)", "math.sinh(-1000)", "math.tanh(1000)",
            "math.sqrt(-0.0)", "math.sqrt(-1)", "math.sqrt(float('inf'))", "math.exp(float('-inf'))",
            "math.exp(float('nan'))", "math.floor(2.5) + 0.5", "math.floor(np.float64(2.5))",
            "math.floor(np.int64(3))", "math.exp2(3)", "math.cbrt(-27)",
            "np.floor(3)", "np.floor(-0.5)", "np.ceil(-0.5)", "np.trunc(-2.5)", "np.rint(2.5)", "np.rint(-0.5)",
            "np.round(2.5)", "np.round(3)", "np.round(-0.5)", "np.round(2.675, 2)", "np.round(1.005, 2)",
            "np.round(1234, -2)", "np.round(1250, -2)", "np.round(1234.5, -2)", "np.round(0.125, 2)",
            "np.round(1e300, 2)", "np.around(2.5)", "np.round_(3.5)", "round(np.float64(2.5))",
            "round(np.float64(2.675), 2)", "round(np.int64(25), -1)", "np.power(2, 3)", "np.power(2, -1)",
            "np.power(2.0, -1)", "np.power(0.0, -1)", "np.power(-8.0, 1/3)", "np.power(2, 0.5)",
            "np.power(2, 63)", "np.power(3, 40)", "np.power(10.0, 400)", "np.exp(1000)", "np.exp(-1000)",
            "np.log(0)", "np.log(-1)", "np.log2(0.5)", "np.log10(1000)", "np.log1p(-1)", "np.sqrt(-1)",
            "np.sqrt(2)", "np.arccos(2)", "np.arcsin(1)", "np.tanh(1000)", "np.maximum(1, 2)",
            "np.maximum(1, 2.5)", "np.maximum(np.nan, 1)", "np.maximum(1, np.nan)", "np.minimum(np.nan, 1)",
            "np.fmax(np.nan, 1)", "np.fmin(1, np.nan)", "np.abs(-3)", "np.abs(-3.5)", "np.absolute(-2**63)",
            "np.fabs(-3)", "np.sign(-2)", "np.sign(-2.5)", "np.sign(0.0)", "np.sign(np.nan)", "np.clip(5, 0, 3)",
            "np.clip(5.0, 0, 3)", "np.clip(-1, 0, 3.5)", "np.clip(np.nan, 0, 1)", "np.clip(0.5, 0, 1)",
            "np.clip(2, 3, 1)", "np.clip(2.0, 3.0, 1.0)", "np.clip(1.0, 0.0, -0.0)", "np.clip(0.5, np.nan, 1.0)",
            "np.floor(True)", "np.trunc(False)", "np.fix(3)", "np.rint(3)", "np.maximum(np.int64(1), 2 ** 63)",
            "np.int64(1) * 2 ** 63", "2 ** 63 - np.int64(1)", "np.int64(1) < 2 ** 63", "np.float64(1) + 2 ** 63",
            "np.square(3)", "np.square(1.5)", "np.square(2 ** 40)", "np.float64(1) / 0", "np.float64(-1) / 0",
            "np.float64(0) / 0", "np.float64(7) // 0", "np.float64(7) % 0", "np.float64(-7) // 2",
            "np.float64(-7) % 2", "np.float64(7.5) % -2", "np.float64(0.0) ** -1", "np.float64(-8) ** 0.5",
            "np.float64(2) ** 10000", "np.float64(1e308) * 10", "0.1 * np.float64(2)", "1 + np.float64(0.5)",
            "np.float64(3) > 2", "np.float64(2 ** 53) == 2 ** 53 + 1", "np.int64(7) // 0", "np.int64(7) % 0",
            "np.int64(-7) // 2", "np.int64(-7) % 3", "np.int64(2) ** -1", "np.int64(2) ** 62",
            "np.int64(2) ** 64", "np.int64(2 ** 62) * 4", "np.int64(3) / np.int64(2)", "np.int64(1) + 2 ** 63",
            "np.int64(3) + 0.5", "np.int64(3) == 3.0", "True + np.int64(2)", "-np.int64(-2 ** 63)",
            "abs(np.int64(-3))", "abs(np.float64(-3))", "float(np.int64(3))", "int(np.float64(2.7))",
            "np.int64(2.7)", "np.int64(-2.7)", "np.float64(3)", "np.float64()", "np.floor(np.int64(3))",
            "np.exp(np.float64(1)) > 2", "1 if np.float64(0) else 2", "max(np.float64(1), 2)",
            "min(np.int64(5), 2.5)", "math.exp(np.float64(1))", "np.float64(2.5) // 1", "np.degrees(np.pi)",
            "np.radians(180)", "np.deg2rad(90)", "np.exp2(3)", "np.cbrt(27)", "np.isnan(np.nan)",
            "np.isinf(1.0)", "np.isfinite(np.inf)", "np.arctan2(1, 1)", "np.hypot(3, 4)"]:
    case("lambda: " + src)

MATH1 = ["exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cos", "sin", "tan", "acos", "asin", "atan",
         "cosh", "sinh", "tanh", "fabs", "acosh", "asinh", "atanh", "exp2", "cbrt"]
MATH_VALUES = [0, 1, -1, 0.5, -0.5, 2, 10, 1e-10, 100.0, 710, -745.5, 1e308, INF, -INF, NAN, 3.141592653589793]
for fn in MATH1:
    unary("math.%s(x)" % fn, MATH_VALUES)
NP1 = ["floor", "ceil", "trunc", "rint", "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cos", "sin",
       "tan", "arccos", "arcsin", "arctan", "cosh", "sinh", "tanh", "abs", "absolute", "fabs", "sign", "round",
       "around", "float64", "degrees", "radians", "exp2", "cbrt", "square"]
NP_VALUES = [0, 3, -3, 0.5, -0.5, 2.5, -2.5, 1e-10, 100.0, 710, 1e308, INF, -INF, NAN, -0.0]
for fn in NP1:
    unary("np.%s(x)" % fn, NP_VALUES)
    case("lambda x: numpy.%s(x)" % fn, (0.75,))

PAIRS2 = [(8, 2), (2, 8), (0, 1), (1, 0), (-1, 2), (2.5, -1.5), (100, 10), (0.5, 0.5), (INF, 2), (NAN, 1),
          (-0.0, 0.0), (3, -0.0), (1e308, 1e-308)]
for t in ["math.log(x, y)", "math.atan2(x, y)", "math.pow(x, y)", "math.fmod(x, y)", "math.copysign(x, y)",
          "math.hypot(x, y)", "math.isclose(x, y)", "np.power(x, y)", "np.maximum(x, y)", "np.minimum(x, y)",
          "np.fmax(x, y)", "np.fmin(x, y)", "np.arctan2(x, y)", "np.clip(x, 0, y)", "np.float64(x) / y",
          "np.float64(x) // y", "np.float64(x) % y", "np.float64(x) ** y", "x ** np.float64(y)",
          "np.float64(x) - y"]:
    # numpy's SIMD maximum/minimum may pick either zero of (-0.0, 0.0): not a semantic the playground promises.
    both_zero = ("maximum", "minimum", "fmax", "fmin")
    binary(t, [(x, y) for x, y in PAIRS2 if not (any(b in t for b in both_zero) and x == 0 and y == 0)])
binary("np.int64(x) // y", [(7, 2), (-7, 2), (7, 0), (7, -2), (7, 2.0), (2**62, 3)])
binary("np.int64(x) % y", [(7, 2), (-7, 2), (7, 0), (7, -2), (7, 2.5)])
binary("np.int64(x) ** y", [(2, 10), (2, 63), (3, 50), (2, -1), (-2, 3), (2, 0.5)])
binary("np.int64(x) * y", [(2**62, 2), (2**62, 4), (-(2**63), -1), (3, 2.5), (3, True)])
binary("np.round(x, y)", [(2.675, 2), (1.005, 2), (1234.5, -2), (1250, -2), (2.5, 0), (0.125, 2), (123.456, 25),
                          (1e-320, 5), (3, 2), (-0.5, 0)])
unary("np.power(x, 2)", [3, -3, 0.5, 2**40, 2**32])
unary("np.round(x)", [0.5, 1.5, 2.5, -0.5, -1.5, 3, 1e20])

# Names, calls and errors at run time.
case("lambda x: x + undefined_name", (1,))
case("lambda x: x if x > 0 else undefined_name", (1,))
case("lambda x: x if x > 0 else undefined_name", (-1,))
case("lambda x: x", (1, 2))
case("lambda x, y: x", (1,))
case("lambda x, y=2: x * y", (3,))
case("lambda x, y=2: x * y", (3, 4))
case("lambda x, y=2: x * y", (1, 2, 3))
case("lambda: 1", (5,))
case("lambda epoch: 0.95 ** epoch", (0,))

# Lists and tuples that are indexed (the documented `[0.1, 0.01, 0.001][epoch // 30]` schedules), and np.where.
for i in (0, 1, 2, 29, 30, 59, 60, 89, 90, -1, -3, -4, True, False):
    case("lambda epoch: [0.1, 0.01, 0.001][epoch // 30]", (i,))
for i in (0, 1, 2, -1, -2, -3, 3, True):
    case("lambda i: (0.1, 0.01)[i]", (i,))
    case("lambda i: [0.1, 0.01][i]", (i,))
for i in (0.0, 1.5):
    case("lambda i: [0.1, 0.01][i]", (i,))
    case("lambda i: (0.1, 0.01)[i]", (i,))
for i, j in ((0, 0), (0, 1), (1, 0), (1, 1), (-1, -1), (2, 0), (0, 2), (1, True)):
    case("lambda i, j: [[1, 2], [3, 4]][i][j]", (i, j))
    case("lambda i, j: ([1, 2], (3.5, 4))[i][j] * 2", (i, j))
for i in (0, 1, 2, 3):
    case("lambda i: [1, 1 / i, 3][0]", (i,))
    case("lambda i: [1, 2, 3][i] ** 2 + 0.5", (i,))
    case("lambda i: -[1, 2, 3][-i]", (i,))
    case("lambda i: [1, 2][np.int64(i)]", (i,))
    case("lambda i: [1, 2][np.where(i > 0, 1, 0)]", (i,))
    case("lambda i: [0.5, 0.25][np.where(i > 0, 1.0, 0.0)]", (i,))
    case("lambda i: [1, 2][np.float64(i)]", (i,))
    case("lambda i: [1, 2][None]", (i,))
    case("lambda i: (i)[0]", (i,))
    case("lambda i: None[0]", (i,))
    case("lambda i: [1, 2] - i", (i,))
    case("lambda i: i / [1, 2]", (i,))
    case("lambda i: -[1, 2]", (i,))
    case("lambda i: [1, 2] < i", (i,))
    case("lambda i: [1, 2] == i", (i,))
    case("lambda i: (1, 2) != i", (i,))
    case("lambda i: len([1, 2, 3]) + i", (i,))
    case("lambda i: len((i,)) * 0.5", (i,))
    case("lambda i: len(i)", (i,))
    case("lambda i: 0.1 if [] else 0.2", (i,))
    case("lambda i: 0.1 if [0] else 0.2", (i,))
    case("lambda i: ([] or [i, 2])[1]", (i,))
    case("lambda i: [1, 2][10 ** 30]", (i,))
    case("lambda i: [1, 2][-(10 ** 30)]", (i,))
    case("lambda i: [1, 2][2 ** 63 - 1]", (i,))
    case("lambda i: (1.5 + i, 2)[0]", (i,))
for epoch in (0, 1, 9, 10, 11, 30, 31, 59, 60, 61, 90):
    case("""lrs = [0.1, 0.01, 0.001]
def f(epoch):
    return lrs[min(epoch // 30, 2)]
""", (epoch,))
    case("""def f(epoch, lrs=(0.1, 0.01, 0.001), steps=[30, 60]):
    if epoch < steps[0]:
        return lrs[0]
    elif epoch < steps[-1]:
        return lrs[1]
    return lrs[len(lrs) - 1]
""", (epoch,))
    case("lambda epoch: 0.1 * np.where(epoch < 10, 1.0, 0.1)", (epoch,))
    case("lambda epoch: np.where(epoch < 10, 1, 2)", (epoch,))
    case("lambda epoch: np.where(epoch < 10, 1, 2.5)", (epoch,))
    case("lambda epoch: np.where(epoch < 10, True, 2)", (epoch,))
    case("lambda epoch: np.where(epoch < 10, np.float64(epoch), 2)", (epoch,))
    case("lambda epoch: np.where(epoch < 10, np.int64(epoch), 2)", (epoch,))
    case("lambda epoch: numpy.where(epoch % 2, epoch * 0.5, -epoch) * 2", (epoch,))
    case("lambda epoch: np.where(epoch - 10, epoch // 2, 7) // 0", (epoch,))
    case("lambda epoch: np.where(epoch > 30, 1 / (epoch - 60), 0.0)", (epoch,))
    case("lambda epoch: np.where(epoch > 30, 2, 3) ** -1", (epoch,))
    case("lambda epoch: np.where(epoch > 30, 2, 3) + 2 ** 63", (epoch,))
    case("lambda epoch: round(np.where(epoch > 30, 2.5, 3.5))", (epoch,))
    case("lambda epoch: math.floor(np.where(epoch > 30, 2.5, 3.5)) + int(np.where(epoch > 30, 2, 3))", (epoch,))
    case("lambda epoch: min(np.where(epoch > 30, 2.5, 3.5), 3)", (epoch,))
    case("lambda epoch: np.where(epoch > 30, 2.5, 3.5) < 3", (epoch,))
    case("lambda epoch: np.where(None, 1, epoch)", (epoch,))
    case("lambda epoch: np.where(epoch > 30, 1)", (epoch,))
    case("lambda epoch: np.where(epoch > 30, 2 ** 70, 1)", (epoch,))

# ------------------------------------------------------------------------------------------------ functions

STEP_DECAY = """import numpy as np

def step_decay(epoch):
    initial_lr = 0.1
    drop_factor = 0.5
    epochs_drop = 10
    lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))
    return lr
"""
for epoch in range(61):
    case(STEP_DECAY, (epoch,))
for epoch in range(61):
    case("lambda epoch: 0.5 ** math.floor((1 + epoch) / 10)", (epoch,))
for epoch in range(0, 61, 3):
    case("lambda epoch: 0.95 ** epoch", (epoch,))

KERAS_SCHEDULE = """import math

def schedule(epoch, lr):
    if epoch < 10:
        return lr
    else:
        return lr * math.exp(-0.1)
"""
for epoch, lr in [(0, 0.01), (9, 0.01), (10, 0.01), (11, 0.009048374180359595), (30, 0.001), (12, 1.0)]:
    case(KERAS_SCHEDULE, (epoch, lr))

FUNCTIONS = [
    ("""import math
initial_lr = 0.1
epochs = 50

def cosine(epoch):
    \"\"\"Cosine annealing from initial_lr to 0.\"\"\"
    return 0.5 * initial_lr * (1 + math.cos(math.pi * epoch / epochs))
""", [(e,) for e in range(0, 55, 5)]),
    ("""def warmup(epoch, lr=0.1):
    # linear warmup, then constant, then decay
    if epoch < 5:
        return lr * (epoch + 1) / 5
    elif epoch < 20:
        return lr
    elif epoch < 30:
        return lr * 0.1
    return lr * 0.01
""", [(0,), (4,), (5,), (19,), (20,), (29,), (30,), (100,), (3, 1.0), (3, 0.5)]),
    ("""def poly(step, total=100, power=2.0, base_lr=0.01, end_lr=0.0001):
    frac = min(step, total) / total
    return (base_lr - end_lr) * (1 - frac) ** power + end_lr
""", [(0,), (10,), (50,), (99,), (100,), (150,)]),
    ("""from math import exp, floor
def f(epoch):
    lr = 1e-3
    lr *= exp(-0.05 * epoch)
    lr += 0
    if floor(epoch / 7) % 2 == 1:
        lr /= 2
    return lr
""", [(e,) for e in (0, 6, 7, 13, 14, 21, 50)]),
    ("""def no_return(epoch):
    lr = 0.1 * epoch
""", [(1,)]),
    ("""def maybe(epoch):
    if epoch > 5:
        return 0.1
""", [(10,), (1,)]),
    ("""def unbound(epoch):
    if epoch > 5:
        lr = 0.1
    return lr
""", [(10,), (1,)]),
    ("""def shadow(epoch):
    lr = base
    base = 2
    return lr
base = 0.5
""", [(1,)]),
    ("""base = 0.5
def reads_global(epoch):
    return base * epoch
base = 0.25
""", [(2,), (3,)]),
    ("""def div(epoch):
    return 1 / (epoch - 3)
""", [(3,), (4,), (1,)]),
    ("""def int_div(epoch):
    return epoch // 3 * 0.1
""", [(0,), (2,), (3,), (10,), (-1,)]),
    ("""import numpy as np
def np_mix(epoch, lr):
    a = np.float64(lr) / epoch
    b = np.maximum(a, 1e-4)
    return b if epoch % 2 else -b
""", [(0, 0.1), (1, 0.1), (2, 0.1), (3, 0.0)]),
    ("""import math
def domain(epoch):
    return math.log(epoch) * 0.01
""", [(0,), (1,), (10,)]),
    ("""import numpy as np
def np_domain(epoch):
    return np.log(epoch) * 0.01
""", [(0,), (1,), (10,)]),
    ("""def chained(epoch):
    lr = 0.1
    if 0 <= epoch < 10 and not epoch == 5:
        lr = 0.05
    elif 10 <= epoch < 20 or epoch == 5:
        lr = 0.01
    else:
        pass
    return lr
""", [(0,), (5,), (9,), (10,), (25,), (-1,)]),
    ("""def aug(epoch):
    x = epoch
    x += 1
    x -= 0.5
    x *= 2
    x /= 3
    x //= 1
    x %= 5
    x **= 2
    return x
""", [(0,), (1,), (7,), (-4,)]),
    ("""def ints(epoch):
    return epoch * 10 ** 20 // 3
""", [(1,), (7,)]),
    ("""def boolean(epoch):
    return epoch > 3
""", [(1,), (5,)]),
    ("""warmup_steps = 4000
d_model = 512
def noam(step):
    step = max(step, 1)
    return d_model ** -0.5 * min(step ** -0.5, step * warmup_steps ** -1.5)
""", [(0,), (1,), (100,), (4000,), (10000,)]),
    ("""x = 1 / 0
def bad_constant(epoch):
    return x
""", [(1,)]),
    ("""def f(epoch, lr=1 / 4):
    return lr * round(epoch / 2)
""", [(1,), (3,), (5,), (4, 1.0)]),
    ("""f = lambda epoch, gamma=0.9: gamma ** (epoch // 3)""", [(0,), (3,), (10,), (7, 0.5)]),
]
for source, arglist in FUNCTIONS:
    for args in arglist:
        case(source, args)


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        head = {"generator": "scripts/golden/python_semantics.py",
                "python_version": platform.python_version(), "numpy_version": np.__version__}
        fh.write(json.dumps(head)[:-1] + ', "cases": [\n')
        fh.write(",\n".join(json.dumps(c, allow_nan=False) for c in CASES))
        fh.write("\n]}\n")
    print("wrote %d cases to %s" % (len(CASES), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()
