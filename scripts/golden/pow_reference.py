"""Python's own x ** y for src/training/exact-pow.test.ts, with the exact answer beside it.

Reads JSON on stdin: {"pairs": [[x, y], ...], "ratios": [[x, i, n], ...], "sweeps": [[start, end, n, d], ...]}.
- pairs: x ** y;
- ratios: x ** (i / n), Python computing i / n itself;
- sweeps: [start * (end / start) ** (i / d) for i in range(n)] (the LR range test's exponential sweep), and
  the pow cases (end / start) ** (i / d) appended to the ratios' answers as [end / start, i / d].
Writes JSON on stdout: {"pow": [[x, y, repr(x ** y), repr(correctly rounded x ** y), midpoint distance], ...],
"sweeps": [[repr(lr), ...], ...]}. The correctly rounded value comes from mpmath at 256 bits, rounded once to 53
bits (ties to even); the midpoint distance is |frac - 1/2| where frac is where the exact x ** y lies between its
two neighbouring doubles, in ulps (glibc's pow is within 0.52 ulp, so it can disagree with correct rounding only
where this is tiny). Not a fixture generator: the test runs it live.
"""

import json
import math
import sys

import mpmath as mp


def exact(x, y):
    with mp.workprec(256):
        ex = mp.power(mp.mpf(x), mp.mpf(y))
        rounded = float(mp.mpf(ex, prec=53, rounding="n"))
        below = float(mp.mpf(ex, prec=53, rounding="f"))
        frac = (ex - mp.mpf(below)) / mp.mpf(math.ulp(below))
        return rounded, float(abs(frac - mp.mpf(0.5)))


def main():
    data = json.loads(sys.stdin.read())
    pairs = [(float(x), float(y)) for x, y in data.get("pairs", [])]
    pairs += [(float(x), int(i) / int(n)) for x, i, n in data.get("ratios", [])]
    sweeps = []
    for start, end, n, d in data.get("sweeps", []):
        start, end, n, d = float(start), float(end), int(n), int(d)
        sweeps.append([repr(start * (end / start) ** (i / d)) for i in range(n)])
        pairs += [(end / start, i / d) for i in range(n)]
    out = []
    for x, y in pairs:
        rounded, dist = exact(x, y)
        out.append([x, y, repr(x**y), repr(rounded), dist])
    json.dump({"pow": out, "sweeps": sweeps}, sys.stdout)


if __name__ == "__main__":
    main()
