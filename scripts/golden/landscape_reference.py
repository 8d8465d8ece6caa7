"""Reference fixture for the Landscape engine (src/landscape): surfaces, noise and optimizer paths, recomputed in
NumPy float64 and run through REAL torch.optim and REAL keras.optimizers (float64).

Writes src/landscape/__fixtures__/landscape.json, which src/landscape/reference.test.ts checks `surfaceOf`,
`gaussian` and `optimizePath` against (relative error 1e-12). Nothing here reads our TypeScript: the surfaces are
written from their published formulas, the update rules from the torch.optim / keras.optimizers documentation and
source, the LR (and momentum / beta1) of every step comes from the real library schedulers, and the optimizers'
defaults (eps, AdamW's weight decay, RMSprop's alpha / rho) are read from the real optimizer objects.

What is recorded:
  surfaces  for each surface: value and analytic gradient at a 4 x 4 grid over its map, its start and its minima
            (NumPy), the same gradient from real torch float64 autograd of the same function, and every listed
            minimum refined by Newton's method on the gradient (analytic Hessian, scipy.optimize.root polished by
            Newton steps) from the literature's rounded coordinates, checked against mpmath at 50 digits and
            recorded correctly rounded, with the global minimum's value there.
  noise     the first 50 draws of the seeded Gaussian stream for 3 seeds: mulberry32 (Tommy Ettinger's 32-bit
            generator, uint32 arithmetic) uniforms r, Box-Muller z = sqrt(-2 ln(1 - r1)) cos(2 pi r2), two uniforms
            per draw, no spare.
  cases     one optimizer path each (surface, start, optimizer, schedule, steps, noise, seed, lrScale,
            stepsPerEpoch):
              numpy  the path from the NumPy update rules: every point, loss and LR (and the cycled momentum /
                     beta1), how it ended (diverged: off the map, i.e. outside the map widened by its own width on
                     each side, or non-finite; the bad point is not kept but recorded as `divergedAt`) and the
                     first step within 1e-3 of the global minimum;
              real   the same path from the real library optimizer (torch.optim.<Kind>(foreach=False), float64
                     tensors; or keras.optimizers.<Kind> on the torch backend with floatx float64 and a float64
                     variable), whose .grad / gradient is the NumPy analytic gradient (plus the same noise) and
                     whose param group / learning_rate is set to the same LR and momentum before each step.
            The schedule of each run is a fresh real scheduler: torch.optim.lr_scheduler.<Name> on a dummy
            optimizer of the same kind (param_groups[0]['lr'] and 'momentum' / 'betas'[0] read before each step,
            step() after it, ReduceLROnPlateau given the loss at the new point), or keras.optimizers.schedules.<Name>
            handed to a real keras SGD whose `iterations` is set to the step (as keras_golden.py reads it). The LR of a
            step is the schedule's times lrScale. With stepsPerEpoch a torch scheduler is stepped after every
            stepsPerEpoch steps (the training loop's per-epoch timing), otherwise after every step.

Deterministic: fixed inputs, json.dumps(sort_keys=True), floats as repr, one case per line.
Run: node scripts/golden/run-all.mjs landscape_reference.py
"""

import json
import math
import os
import platform
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")

import mpmath  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.optimize  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

import keras  # noqa: E402

keras.config.set_floatx("float64")
warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "landscape", "__fixtures__", "landscape.json")

NEAR_MINIMUM = 1e-3  # "reached the minimum": loss within this of the global minimum's value


# ---------------------------------------------------------------- surfaces
# Each surface: f(x, y) in NumPy and its gradient by hand from the formula; `torch_f` is the same formula on torch
# tensors for autograd; `hess` is the analytic Hessian for Newton's method. Domains, starts and the literature's
# minima (rounded, as published) are the inputs the cases use.

def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(x, y):
    r = y - x**2
    return np.array([-2 * (1 - x) - 400 * x * r, 200 * r])


def rosenbrock_hess(x, y):
    return np.array([[2 - 400 * (y - x**2) + 800 * x**2, -400 * x], [-400 * x, 200.0]])


def beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def beale_grad(x, y):
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    return np.array([
        2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1),
        2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y**2),
    ])


def beale_hess(x, y):
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    ax, bx, cx = y - 1, y**2 - 1, y**3 - 1
    ay, by, cy = x, 2 * x * y, 3 * x * y**2
    fxx = 2 * (ax * ax + bx * bx + cx * cx)
    fxy = 2 * (ax * ay + a + bx * by + b * 2 * y + cx * cy + c * 3 * y**2)
    fyy = 2 * (ay * ay + by * by + b * 2 * x + cy * cy + c * 6 * x * y)
    return np.array([[fxx, fxy], [fxy, fyy]])


def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def himmelblau_grad(x, y):
    a, b = x**2 + y - 11, x + y**2 - 7
    return np.array([2 * a * (2 * x) + 2 * b, 2 * a + 2 * b * (2 * y)])


def himmelblau_hess(x, y):
    a, b = x**2 + y - 11, x + y**2 - 7
    return np.array([[12 * x**2 + 4 * y - 42, 4 * x + 4 * y], [4 * x + 4 * y, 4 * x + 12 * y**2 - 26]])


def quadratic(x, y):
    # 1/2 (u^2 + 50 v^2) with u = (x + y)/sqrt 2, v = (x - y)/sqrt 2.
    return 0.25 * ((x + y) ** 2 + 50 * (x - y) ** 2)


def quadratic_grad(x, y):
    return np.array([0.5 * ((x + y) + 50 * (x - y)), 0.5 * ((x + y) - 50 * (x - y))])


def quadratic_hess(x, y):
    return np.array([[25.5, -24.5], [-24.5, 25.5]])


def saddle(x, y):
    return x**2 / 2 + y**4 / 4 - y**2 / 2


def saddle_grad(x, y):
    return np.array([x, y**3 - y])


def saddle_hess(x, y):
    return np.array([[1.0, 0.0], [0.0, 3 * y**2 - 1]])


def camel(x, y):
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


def camel_grad(x, y):
    return np.array([8 * x - 8.4 * x**3 + 2 * x**5 + y, x - 8 * y + 16 * y**3])


def camel_hess(x, y):
    return np.array([[8 - 25.2 * x**2 + 10 * x**4, 1.0], [1.0, -8 + 48 * y**2]])


SURFACES = {
    "rosenbrock": dict(f=rosenbrock, grad=rosenbrock_grad, hess=rosenbrock_hess,
                       domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.0), minima=[(1.0, 1.0)]),
    "beale": dict(f=beale, grad=beale_grad, hess=beale_hess,
                  domain=((-4.5, 4.5), (-4.5, 4.5)), start=(1.0, 1.75), minima=[(3.0, 0.5)]),
    # Himmelblau (1972): (3, 2) and three more, published to 6 decimals.
    "himmelblau": dict(f=himmelblau, grad=himmelblau_grad, hess=himmelblau_hess,
                       domain=((-5.0, 5.0), (-5.0, 5.0)), start=(0.0, 0.0),
                       minima=[(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]),
    "ill-conditioned-quadratic": dict(f=quadratic, grad=quadratic_grad, hess=quadratic_hess,
                                      domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, -1.5), minima=[(0.0, 0.0)]),
    "saddle": dict(f=saddle, grad=saddle_grad, hess=saddle_hess,
                   domain=((-2.0, 2.0), (-2.0, 2.0)), start=(-1.8, 0.001), minima=[(0.0, 1.0), (0.0, -1.0)]),
    # Dixon & Szego (1978), as listed by Surjanovic & Bingham: (0.0898, -0.7126) and (-0.0898, 0.7126).
    "six-hump-camel": dict(f=camel, grad=camel_grad, hess=camel_hess,
                           domain=((-2.0, 2.0), (-1.2, 1.2)), start=(-1.5, -1.0),
                           minima=[(0.0898, -0.7126), (-0.0898, 0.7126)]),
}


def torch_f(surface, x, y):
    """The same formulas on torch tensors (float64), for autograd."""
    if surface == "rosenbrock":
        return (1 - x) ** 2 + 100 * (y - x**2) ** 2
    if surface == "beale":
        return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2
    if surface == "himmelblau":
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
    if surface == "ill-conditioned-quadratic":
        return 0.25 * ((x + y) ** 2 + 50 * (x - y) ** 2)
    if surface == "saddle":
        return x**2 / 2 + y**4 / 4 - y**2 / 2
    if surface == "six-hump-camel":
        return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2
    raise KeyError(surface)


def autograd(surface, x, y):
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    torch_f(surface, tx, ty).backward()
    return [float(tx.grad), float(ty.grad)]


def limits(surface):
    """The map widened by its own width (height) on each side: leaving it is divergence."""
    (x0, x1), (y0, y1) = SURFACES[surface]["domain"]
    return (x0 - (x1 - x0), x1 + (x1 - x0)), (y0 - (y1 - y0), y1 + (y1 - y0))


def refine_minimum(surface, guess):
    """Newton's method on grad f = 0 in float64 (scipy.optimize.root, hybr, analytic Jacobian, then Newton steps until
    the point stops changing), checked against mpmath.findroot at 50 digits rounded once to the nearest double: the
    minimum recorded is the correctly rounded one, and float64 Newton must be within 2 ulp of it."""
    s = SURFACES[surface]
    grad = lambda p: s["grad"](p[0], p[1])  # noqa: E731
    hess = lambda p: s["hess"](p[0], p[1])  # noqa: E731
    sol = scipy.optimize.root(grad, np.array(guess, dtype=np.float64), jac=hess, method="hybr", tol=1e-15)
    p = np.array(sol.x, dtype=np.float64)
    for _ in range(50):
        nxt = p - np.linalg.solve(hess(p), grad(p))
        if np.array_equal(nxt, p):
            break
        p = nxt
    if not np.all(np.linalg.eigvalsh(hess(p)) > 0):
        raise RuntimeError(f"{surface}: {p} is not a minimum")
    with mpmath.workdps(50):
        # The same gradient in exact decimal constants (1.5 is exact; 2.1 and 8.4 are the decimals, not their doubles).
        exact = mpmath.findroot(lambda x, y: mp_grad(surface, x, y), (mpmath.mpf(p[0]), mpmath.mpf(p[1])))
        rounded = [float(exact[0]), float(exact[1])]
        value = float(mp_f(surface, exact[0], exact[1]))
    for a, b in zip(p, rounded):
        if abs(a - b) > 2 * np.spacing(max(abs(b), 1e-300)) and abs(a - b) > 1e-300:
            raise RuntimeError(f"{surface}: float64 Newton {p} is not within 2 ulp of {rounded}")
    return rounded, value


def mp_f(surface, x, y):
    c = mpmath.mpf
    if surface == "six-hump-camel":
        return (4 - c("2.1") * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2
    if surface == "beale":
        return (c("1.5") - x + x * y) ** 2 + (c("2.25") - x + x * y**2) ** 2 + (c("2.625") - x + x * y**3) ** 2
    return SURFACES[surface]["f"](x, y)


def mp_grad(surface, x, y):
    c = mpmath.mpf
    if surface == "six-hump-camel":
        return [8 * x - c("8.4") * x**3 + 2 * x**5 + y, x - 8 * y + 16 * y**3]
    if surface == "beale":
        a, b, d = c("1.5") - x + x * y, c("2.25") - x + x * y**2, c("2.625") - x + x * y**3
        return [2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * d * (y**3 - 1), 2 * a * x + 4 * b * x * y + 6 * d * x * y**2]
    g = {"rosenbrock": lambda: [-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)],
         "himmelblau": lambda: [4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7), 2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7)],
         "ill-conditioned-quadratic": lambda: [(x + y) / 2 + 25 * (x - y), (x + y) / 2 - 25 * (x - y)],
         "saddle": lambda: [x, y**3 - y]}[surface]
    return g()


def surface_records():
    out = {}
    for name, s in SURFACES.items():
        (x0, x1), (y0, y1) = s["domain"]
        pts = [(float(x), float(y)) for x in np.linspace(x0, x1, 4) for y in np.linspace(y0, y1, 4)]
        pts += [s["start"]] + list(s["minima"])
        refined = [refine_minimum(name, m) for m in s["minima"]]
        minima = [m for m, _ in refined]
        pts += [tuple(m) for m in minima]
        samples = []
        for x, y in pts:
            g = s["grad"](x, y)
            samples.append({"point": [x, y], "value": float(s["f"](x, y)), "gradient": [float(g[0]), float(g[1])],
                            "autograd": autograd(name, x, y)})
        values = [v for _, v in refined]
        out[name] = {"domain": [list(s["domain"][0]), list(s["domain"][1])], "start": list(s["start"]),
                     "limits": [list(limits(name)[0]), list(limits(name)[1])], "samples": samples,
                     "minima": minima, "minimum": min(values), "minimumValues": values,
                     "literatureMinima": [list(m) for m in s["minima"]]}
    return out


# ---------------------------------------------------------------- noise

def mulberry32(seed):
    """Tommy Ettinger's mulberry32 in uint32 arithmetic: state += 0x6D2B79F5, then two multiply-xorshift rounds."""
    mask = 0xFFFFFFFF
    state = seed & mask

    def imul(a, b):
        return (a * b) & mask

    def next_uniform():
        nonlocal state
        state = (state + 0x6D2B79F5) & mask
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & mask)) & mask
        return ((t ^ (t >> 14)) & mask) / 4294967296.0

    return next_uniform


def gaussian(seed):
    """Box-Muller, cosine branch only: each draw uses two fresh uniforms (u1 = 1 - r1 in (0, 1], u2 = r2)."""
    uniform = mulberry32(seed)

    def draw():
        u1 = 1.0 - uniform()
        u2 = uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    return draw


NOISE_SEEDS = [0, 7, 4294967295]


def noise_records():
    out = []
    for seed in NOISE_SEEDS:
        draw = gaussian(seed)
        out.append({"seed": seed, "draws": [draw() for _ in range(50)]})
    return out


# ---------------------------------------------------------------- library defaults (read from the real objects)

def torch_defaults(kind):
    p = torch.zeros(2, dtype=torch.float64)
    return dict(getattr(torch.optim, kind)([p]).defaults)


def keras_defaults(kind):
    o = getattr(keras.optimizers, kind)()
    out = {"weight_decay": o.weight_decay}
    for attr in ("momentum", "nesterov", "beta_1", "beta_2", "epsilon", "rho"):
        if hasattr(o, attr):
            out[attr] = getattr(o, attr)
    return out


def resolved(opt):
    """The optimizer's hyperparameters with the library's defaults filled in (the case's own values win)."""
    kind = opt["kind"]
    if opt["framework"] == "keras":
        d = keras_defaults(kind)
        return {
            "momentum": opt.get("momentum", d.get("momentum", 0.0)),
            "nesterov": opt.get("nesterov", d.get("nesterov", False)),
            "beta1": (opt.get("betas") or [d.get("beta_1", 0.9)])[0],
            "beta2": (opt.get("betas") or [None, d.get("beta_2", 0.999)])[1],
            "eps": opt.get("eps", d.get("epsilon")),
            "rho": d.get("rho"),
            "weight_decay": opt.get("weight_decay", d["weight_decay"]) or 0.0,
        }
    d = torch_defaults(kind)
    betas = opt.get("betas") or list(d.get("betas", (0.9, 0.999)))
    return {
        "momentum": opt.get("momentum", d.get("momentum", 0.0)),
        "nesterov": opt.get("nesterov", d.get("nesterov", False)),
        "dampening": d.get("dampening", 0.0),
        "beta1": betas[0],
        "beta2": betas[1],
        "eps": opt.get("eps", d.get("eps")),
        "alpha": d.get("alpha"),
        "weight_decay": opt.get("weight_decay", d.get("weight_decay", 0.0)),
    }


# ---------------------------------------------------------------- update rules in NumPy (float64, elementwise)

class TorchSGD:
    """torch.optim.SGD: g += wd p; with momentum, b = g on the first step, then b = mu b + (1 - dampening) g;
    nesterov: g = g + mu b, else g = b; p = p - lr g."""

    def __init__(self, h):
        self.h, self.buf = h, None

    def step(self, p, g, lr, mu):
        h = self.h
        if h["weight_decay"] != 0:
            g = g + h["weight_decay"] * p
        if mu != 0:
            self.buf = g.copy() if self.buf is None else mu * self.buf + (1 - h["dampening"]) * g
            g = g + mu * self.buf if h["nesterov"] else self.buf
        return p - lr * g


def torch_lerp(start, end, weight):
    """torch.lerp (ATen's formula: the form taken depends on which side of 1/2 the weight is)."""
    return start + weight * (end - start) if abs(weight) < 0.5 else end - (end - start) * (1 - weight)


class TorchAdam:
    """torch.optim.Adam / AdamW (Kingma & Ba 2015; Loshchilov & Hutter 2019): AdamW first p *= 1 - lr wd (Adam: g +=
    wd p); m = lerp(m, g, 1 - b1); v = b2 v + (1 - b2) g g; step = lr / (1 - b1^t);
    p = p - step m / (sqrt(v) / sqrt(1 - b2^t) + eps), with the b1 of this step."""

    def __init__(self, h, decoupled):
        self.h, self.decoupled = h, decoupled
        self.m = np.zeros(2)
        self.v = np.zeros(2)
        self.t = 0

    def step(self, p, g, lr, beta1):
        h = self.h
        self.t += 1
        wd = h["weight_decay"]
        if wd != 0:
            if self.decoupled:
                p = p * (1 - lr * wd)
            else:
                g = g + wd * p
        beta2 = h["beta2"]
        self.m = torch_lerp(self.m, g, 1 - beta1)
        self.v = self.v * beta2 + (1 - beta2) * g * g
        step_size = lr / (1 - beta1 ** float(self.t))
        denom = np.sqrt(self.v) / math.sqrt(1 - beta2 ** float(self.t)) + h["eps"]
        return p + (-step_size) * (self.m / denom)


class TorchRMSprop:
    """torch.optim.RMSprop (Hinton's lecture 6e, torch's form): s = alpha s + (1 - alpha) g g; a = sqrt(s) + eps;
    momentum > 0: b = mu b + g / a, p = p - lr b; else p = p - lr g / a."""

    def __init__(self, h):
        self.h = h
        self.s = np.zeros(2)
        self.b = np.zeros(2)

    def step(self, p, g, lr, mu):
        h = self.h
        if h["weight_decay"] != 0:
            g = g + h["weight_decay"] * p
        alpha = h["alpha"]
        self.s = self.s * alpha + (1 - alpha) * g * g
        avg = np.sqrt(self.s) + h["eps"]
        if mu > 0:
            self.b = self.b * mu + g / avg
            return p - lr * self.b
        return p - lr * (g / avg)


class KerasSGD:
    """keras.optimizers.SGD: m = mu m - lr g; nesterov: p = p + mu m - lr g, else p = p + m; no momentum: p -= lr g."""

    def __init__(self, h):
        self.h = h
        self.m = np.zeros(2)

    def step(self, p, g, lr, mu):
        if mu != 0:
            self.m = self.m * mu - g * lr
            return p + (self.m * mu - g * lr) if self.h["nesterov"] else p + self.m
        return p - g * lr


class KerasAdam:
    """keras.optimizers.Adam / AdamW: alpha = lr sqrt(1 - b2^t) / (1 - b1^t) in the variable's dtype (float64 here);
    m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); p -= m alpha / (sqrt(v) + eps)."""

    def __init__(self, h):
        self.h = h
        self.m = np.zeros(2)
        self.v = np.zeros(2)
        self.t = 0

    def step(self, p, g, lr, beta1):
        self.t += 1
        beta2 = self.h["beta2"]
        alpha = lr * math.sqrt(1 - np.power(beta2, float(self.t))) / (1 - np.power(beta1, float(self.t)))
        self.m = self.m + (g - self.m) * (1 - beta1)
        self.v = self.v + (g * g - self.v) * (1 - beta2)
        return p - (self.m * alpha) / (np.sqrt(self.v) + self.h["eps"])


class KerasRMSprop:
    """keras.optimizers.RMSprop: s = rho s + (1 - rho) g^2; d = lr g / sqrt(s + eps); momentum > 0: b = mu b + d,
    p -= b; else p -= d."""

    def __init__(self, h):
        self.h = h
        self.s = np.zeros(2)
        self.b = np.zeros(2)

    def step(self, p, g, lr, mu):
        rho = self.h["rho"]
        self.s = rho * self.s + (1 - rho) * (g * g)
        inc = (lr * g) / np.sqrt(self.s + self.h["eps"])
        if mu > 0:
            self.b = mu * self.b + inc
            return p - self.b
        return p - inc


class KerasDecay:
    """Keras 3 weight decay (BaseOptimizer._apply_weight_decay, every optimizer): p = p - p wd lr, before the update."""

    def __init__(self, inner, wd):
        self.inner, self.wd = inner, wd

    def step(self, p, g, lr, mu):
        if self.wd > 0:
            p = p - p * self.wd * lr
        return self.inner.step(p, g, lr, mu)


def numpy_rule(opt):
    h = resolved(opt)
    kind = opt["kind"]
    if opt["framework"] == "keras":
        inner = {"SGD": KerasSGD, "Adam": KerasAdam, "AdamW": KerasAdam, "RMSprop": KerasRMSprop}[kind](h)
        return KerasDecay(inner, h["weight_decay"])
    if kind == "SGD":
        return TorchSGD(h)
    if kind in ("Adam", "AdamW"):
        return TorchAdam(h, decoupled=kind == "AdamW")
    return TorchRMSprop(h)


# ---------------------------------------------------------------- real library optimizers

class RealTorch:
    """The real torch.optim optimizer on a float64 2-vector; LR and momentum / beta1 set in the group each step."""

    def __init__(self, opt, start):
        kind = opt["kind"]
        self.param = torch.tensor(start, dtype=torch.float64)
        kwargs = {"lr": opt["lr"], "foreach": False}
        for key in ("momentum", "nesterov", "weight_decay", "eps"):
            if key in opt:
                kwargs[key] = opt[key]
        if "betas" in opt:
            kwargs["betas"] = tuple(opt["betas"])
        self.opt = getattr(torch.optim, kind)([self.param], **kwargs)
        self.adam = kind in ("Adam", "AdamW")
        self.library = f"torch {torch.__version__}: torch.optim.{kind}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"

    def step(self, g, lr, mu):
        group = self.opt.param_groups[0]
        group["lr"] = lr
        if self.adam:
            group["betas"] = (mu, group["betas"][1])
        else:
            group["momentum"] = mu
        self.param.grad = torch.tensor(g, dtype=torch.float64)
        self.opt.step()
        return self.param.detach().numpy().copy()


class RealKeras:
    """The real keras optimizer (torch backend, floatx float64) on a float64 variable; learning_rate set each step."""

    def __init__(self, opt, start):
        kind = opt["kind"]
        self.var = keras.Variable(np.array(start, dtype=np.float64), dtype="float64")
        kwargs = {"learning_rate": opt["lr"]}
        if "momentum" in opt:
            kwargs["momentum"] = opt["momentum"]
        if "nesterov" in opt:
            kwargs["nesterov"] = opt["nesterov"]
        if "betas" in opt:
            kwargs["beta_1"], kwargs["beta_2"] = opt["betas"]
        if "eps" in opt:
            kwargs["epsilon"] = opt["eps"]
        if "weight_decay" in opt:
            kwargs["weight_decay"] = opt["weight_decay"]
        self.opt = getattr(keras.optimizers, kind)(**kwargs)
        self.opt.build([self.var])
        if keras.backend.standardize_dtype(self.opt._learning_rate.dtype) != "float64":
            raise RuntimeError("keras learning_rate is not float64")
        self.library = (f"keras {keras.__version__} ({keras.backend.backend()} backend, floatx "
                        f"{keras.config.floatx()}): keras.optimizers.{kind}"
                        f"({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})")

    def step(self, g, lr, mu):
        self.opt.learning_rate = lr
        self.opt.apply_gradients([(torch.tensor(g, dtype=torch.float64), self.var)])
        value = keras.ops.convert_to_numpy(self.var.value)
        if value.dtype != np.float64:
            raise RuntimeError("keras variable is not float64")
        return value.copy()


# ---------------------------------------------------------------- schedules (real library schedulers)

class TorchSchedule:
    """A real torch scheduler on a dummy optimizer of the case's kind: current() reads param_groups[0], step()."""

    def __init__(self, opt, call):
        dummy = torch.zeros(2, dtype=torch.float64, requires_grad=True)
        kwargs = {"lr": opt["lr"]}
        if opt["kind"] in ("Adam", "AdamW"):
            kwargs["betas"] = tuple(opt.get("betas", (0.9, 0.999)))
        else:
            kwargs["momentum"] = opt.get("momentum", 0.0)
        self.optimizer = getattr(torch.optim, opt["kind"])([dummy], **kwargs)
        self.adam = opt["kind"] in ("Adam", "AdamW")
        self.plateau = call["name"] == "ReduceLROnPlateau"
        self.scheduler = getattr(torch.optim.lr_scheduler, call["name"])(self.optimizer, **call["args"])
        self.cycles = call["name"] in ("OneCycleLR", "CyclicLR") and call["args"].get("cycle_momentum", True)

    def current(self):
        group = self.optimizer.param_groups[0]
        return float(group["lr"]), float(group["betas"][0] if self.adam else group["momentum"])

    def step(self, metric):
        if self.plateau:
            self.scheduler.step(metric)
        else:
            self.scheduler.step()


class KerasSchedule:
    """A real keras.optimizers.schedules.<Name>, read through a real optimizer at iterations = k (the k-th update)."""

    def __init__(self, opt, call):
        schedule = getattr(keras.optimizers.schedules, call["name"])(**call["args"])
        self.optimizer = keras.optimizers.SGD(learning_rate=schedule)
        self.k = 0
        self.momentum = resolved(opt)["beta1" if opt["kind"] in ("Adam", "AdamW") else "momentum"]
        self.cycles = False

    def current(self):
        self.optimizer.iterations.assign(self.k)
        value = self.optimizer.learning_rate
        if keras.backend.standardize_dtype(value.dtype) != "float64":
            raise RuntimeError("keras schedule is not float64")
        return float(keras.ops.convert_to_numpy(value)), self.momentum

    def step(self, metric):
        self.k += 1


def schedule_of(case):
    opt, call = case["optimizer"], case["schedule"]
    return (KerasSchedule if call["framework"] == "keras" else TorchSchedule)(opt, call)


# ---------------------------------------------------------------- paths

def run_path(case, stepper):
    """One path: `stepper(p, g, lr, mu)` returns the new point. Returns points, loss, lr, momentum, end."""
    name = case["surface"]
    s = SURFACES[name]
    (xl, xh), (yl, yh) = limits(name)
    schedule = schedule_of(case)
    scale = case.get("lrScale", 1.0)
    noise = case.get("gradientNoise", 0.0)
    draw = gaussian(case.get("seed", 0)) if noise > 0 else None
    every = case.get("stepsPerEpoch", 1)
    p = np.array(case["start"], dtype=np.float64)
    points, loss, lrs, moms = [p.tolist()], [float(s["f"](p[0], p[1]))], [], []
    end = {"kind": "completed"}
    for k in range(case["steps"]):
        lr, mu = schedule.current()
        lr = lr * scale
        g = s["grad"](p[0], p[1])
        if draw is not None:
            g = g + noise * np.array([draw(), draw()])
        p = np.asarray(stepper(p, g, lr, mu), dtype=np.float64)
        lrs.append(lr)
        moms.append(mu)
        with np.errstate(all="ignore"):
            value = float(s["f"](p[0], p[1]))
        if not (np.all(np.isfinite(p)) and math.isfinite(value)):
            end = {"kind": "diverged", "step": k + 1, "lr": lr, "reason": "non-finite"}
        elif not (xl <= p[0] <= xh and yl <= p[1] <= yh):
            end = {"kind": "diverged", "step": k + 1, "lr": lr, "reason": "off-map"}
        if end["kind"] == "diverged":
            return points, loss, lrs, moms, end, [float(v) if math.isfinite(v) else repr(float(v)) for v in p]
        points.append(p.tolist())
        loss.append(value)
        if (k + 1) % every == 0:
            schedule.step(value)
    return points, loss, lrs, moms, end, None


def numpy_path(case):
    rule = numpy_rule(case["optimizer"])
    minimum = min(refine_minimum(case["surface"], m)[1] for m in SURFACES[case["surface"]]["minima"])
    points, loss, lrs, moms, end, bad = run_path(case, rule.step)
    out = {"points": points, "loss": loss, "lr": lrs, "end": end}
    if schedule_of(case).cycles:
        out["momentum"] = moms
    if bad is not None:
        out["divergedAt"] = bad
    near = next((k for k, v in enumerate(loss) if v - minimum <= NEAR_MINIMUM), None)
    if near is not None:
        out["nearMinimumStep"] = near
    return out


def real_path(case):
    opt = case["optimizer"]
    real = (RealKeras if opt["framework"] == "keras" else RealTorch)(opt, case["start"])
    points, _, _, _, end, _ = run_path(case, lambda p, g, lr, mu: real.step(g, lr, mu))
    return {"library": real.library, "points": points, "end": end}


# ---------------------------------------------------------------- cases

TORCH_OPTIMIZERS = {
    "sgd": {"kind": "SGD", "lr": 0.1},
    "sgd-momentum": {"kind": "SGD", "lr": 0.1, "momentum": 0.9},
    "sgd-nesterov": {"kind": "SGD", "lr": 0.1, "momentum": 0.9, "nesterov": True},
    "adam": {"kind": "Adam", "lr": 0.001},
    "adamw": {"kind": "AdamW", "lr": 0.001, "weight_decay": 0.05},
    "adamw-default-decay": {"kind": "AdamW", "lr": 0.001},
    "rmsprop": {"kind": "RMSprop", "lr": 0.001},
    "rmsprop-momentum": {"kind": "RMSprop", "lr": 0.001, "momentum": 0.9},
}
KERAS_OPTIMIZERS = {
    "sgd": {"kind": "SGD", "lr": 0.01},
    "sgd-momentum": {"kind": "SGD", "lr": 0.01, "momentum": 0.9},
    "sgd-nesterov": {"kind": "SGD", "lr": 0.01, "momentum": 0.9, "nesterov": True},
    "adam": {"kind": "Adam", "lr": 0.001},
    "adamw": {"kind": "AdamW", "lr": 0.001, "weight_decay": 0.05},
    "adamw-default-decay": {"kind": "AdamW", "lr": 0.001},
    "rmsprop": {"kind": "RMSprop", "lr": 0.001},
    "rmsprop-momentum": {"kind": "RMSprop", "lr": 0.001, "momentum": 0.9},
}
# The LR multiplier per optimizer family on each surface (the panels' LRs are set for training a network).
ADAPTIVE = ("Adam", "AdamW", "RMSprop")


def step_lr(step_size=50, gamma=0.5):
    return {"framework": "torch", "name": "StepLR", "args": {"step_size": step_size, "gamma": gamma}}


def one_cycle(max_lr, total_steps, **extra):
    return {"framework": "torch", "name": "OneCycleLR", "args": {"max_lr": max_lr, "total_steps": total_steps, **extra}}


def exp_decay(lr, decay_steps=100, decay_rate=0.5, **extra):
    return {"framework": "keras", "name": "ExponentialDecay",
            "args": {"initial_learning_rate": lr, "decay_steps": decay_steps, "decay_rate": decay_rate, **extra}}


def cosine_decay(lr, decay_steps, **extra):
    return {"framework": "keras", "name": "CosineDecay",
            "args": {"initial_learning_rate": lr, "decay_steps": decay_steps, **extra}}


def case(cid, surface, optimizer, schedule, steps, **extra):
    c = {"id": cid, "surface": surface, "start": list(extra.pop("start", SURFACES[surface]["start"])),
         "optimizer": optimizer, "schedule": schedule, "steps": steps}
    c.update(extra)
    return c


def torch_opt(key, **over):
    return {"framework": "torch", **TORCH_OPTIMIZERS[key], **over}


def keras_opt(key, **over):
    return {"framework": "keras", **KERAS_OPTIMIZERS[key], **over}


def cases():
    out = []
    # Rosenbrock: every optimizer, torch under StepLR and OneCycleLR, keras under ExponentialDecay. OneCycleLR
    # cycles the momentum of every torch optimizer that has one (plain SGD and RMSprop too, as their momentum is 0
    # rather than absent): plain SGD and RMSprop are run with cycle_momentum=False.
    ros = "rosenbrock"
    for key, o in TORCH_OPTIMIZERS.items():
        scale = 50.0 if o["kind"] in ADAPTIVE else 0.01
        out.append(case(f"rosenbrock/torch-{key}/StepLR", ros, torch_opt(key), step_lr(100, 0.5), 250, lrScale=scale))
        if key in ("sgd-nesterov", "adamw-default-decay"):
            continue
        max_lr = 0.002 if o["kind"] in ADAPTIVE else 0.15
        extra = {} if o.get("momentum") or o["kind"] in ("Adam", "AdamW") else {"cycle_momentum": False}
        out.append(case(f"rosenbrock/torch-{key}/OneCycleLR", ros, torch_opt(key), one_cycle(max_lr, 250, **extra),
                        250, lrScale=scale))
    for key, o in KERAS_OPTIMIZERS.items():
        scale = 50.0 if o["kind"] in ADAPTIVE else 0.1
        out.append(case(f"rosenbrock/keras-{key}/ExponentialDecay", ros, keras_opt(key), exp_decay(o["lr"], 100), 250,
                        lrScale=scale))
    # A representative subset on the other surfaces.
    out += [
        case("beale/torch-adam/StepLR", "beale", torch_opt("adam"), step_lr(100, 0.5), 250, lrScale=20.0),
        case("beale/torch-sgd-momentum/OneCycleLR", "beale", torch_opt("sgd-momentum"), one_cycle(0.1, 250), 250,
             lrScale=0.01),
        case("beale/keras-rmsprop/CosineDecay", "beale", keras_opt("rmsprop"), cosine_decay(0.001, 250), 250,
             lrScale=10.0),
        case("himmelblau/torch-sgd/StepLR", "himmelblau", torch_opt("sgd"), step_lr(), 200, lrScale=0.1),
        case("himmelblau/torch-rmsprop-momentum/OneCycleLR", "himmelblau", torch_opt("rmsprop-momentum"),
             one_cycle(0.01, 200), 200, lrScale=5.0),
        case("himmelblau/keras-sgd-nesterov/ExponentialDecay", "himmelblau", keras_opt("sgd-nesterov"),
             exp_decay(0.01), 200, lrScale=0.1),
        case("himmelblau/torch-sgd/ReduceLROnPlateau", "himmelblau", torch_opt("sgd", lr=0.25),
             {"framework": "torch", "name": "ReduceLROnPlateau", "args": {"factor": 0.5, "patience": 3}}, 200,
             lrScale=0.1),
        case("ill-conditioned-quadratic/torch-sgd/StepLR", "ill-conditioned-quadratic", torch_opt("sgd"),
             step_lr(), 200, lrScale=0.3),
        case("ill-conditioned-quadratic/torch-sgd-nesterov/StepLR", "ill-conditioned-quadratic",
             torch_opt("sgd-nesterov"), step_lr(), 200, lrScale=0.1),
        case("ill-conditioned-quadratic/keras-adamw/ExponentialDecay", "ill-conditioned-quadratic",
             keras_opt("adamw"), exp_decay(0.001), 200, lrScale=30.0),
        case("ill-conditioned-quadratic/keras-sgd-momentum/CosineDecay-warmup", "ill-conditioned-quadratic",
             keras_opt("sgd-momentum"), cosine_decay(0.0, 150, warmup_target=0.05, warmup_steps=50), 200,
             lrScale=1.0),
        case("saddle/torch-sgd/StepLR", "saddle", torch_opt("sgd"), step_lr(), 200, lrScale=1.0),
        case("saddle/torch-adam/OneCycleLR", "saddle", torch_opt("adam"), one_cycle(0.01, 200), 200, lrScale=5.0),
        case("saddle/keras-sgd/ExponentialDecay", "saddle", keras_opt("sgd"), exp_decay(0.1), 200, lrScale=1.0),
        case("six-hump-camel/torch-sgd-momentum/StepLR", "six-hump-camel", torch_opt("sgd-momentum"), step_lr(),
             200, lrScale=0.1),
        case("six-hump-camel/torch-adamw/OneCycleLR", "six-hump-camel", torch_opt("adamw"), one_cycle(0.01, 200),
             200, lrScale=3.0),
        case("six-hump-camel/keras-adam/ExponentialDecay", "six-hump-camel", keras_opt("adam"), exp_decay(0.001),
             200, lrScale=10.0),
        # Seeded gradient noise (minibatch noise stand-in).
        case("rosenbrock/torch-sgd-momentum/StepLR/noise", ros, torch_opt("sgd-momentum"), step_lr(100, 0.5), 250,
             lrScale=0.01, gradientNoise=5.0, seed=42),
        case("himmelblau/torch-adam/OneCycleLR/noise", "himmelblau", torch_opt("adam"), one_cycle(0.01, 200), 200,
             lrScale=10.0, gradientNoise=2.0, seed=7),
        case("ill-conditioned-quadratic/keras-rmsprop-momentum/ExponentialDecay/noise", "ill-conditioned-quadratic",
             keras_opt("rmsprop-momentum"), exp_decay(0.001), 200, lrScale=10.0, gradientNoise=1.0,
             seed=4294967295),
        case("saddle/keras-sgd-momentum/ExponentialDecay/noise", "saddle", keras_opt("sgd-momentum"),
             exp_decay(0.01), 200, lrScale=1.0, gradientNoise=0.5, seed=3),
        # The training loop's timing: StepLR ticks per epoch of 10 steps.
        case("rosenbrock/torch-sgd-momentum/StepLR/stepsPerEpoch", ros, torch_opt("sgd-momentum"), step_lr(3, 0.5),
             250, lrScale=0.01, stepsPerEpoch=20),
        # Divergence: plain SGD on the quadratic leaves the map once OneCycleLR's warm-up takes the LR above 2 / 50;
        # Keras SGD with momentum on Rosenbrock under a growing ExponentialDecay (decay_rate > 1); an LR so large
        # that the first step lands where the loss overflows (non-finite).
        case("ill-conditioned-quadratic/torch-sgd/OneCycleLR/diverges", "ill-conditioned-quadratic",
             torch_opt("sgd"), one_cycle(0.7, 200, cycle_momentum=False, div_factor=2.0), 200, lrScale=0.1,
             start=[-1.5, 1.0]),
        case("rosenbrock/keras-sgd-momentum/ExponentialDecay/diverges", ros, keras_opt("sgd-momentum"),
             exp_decay(0.01, 20, 2.0), 250, lrScale=0.1),
        case("rosenbrock/torch-sgd/StepLR/non-finite", ros, torch_opt("sgd", lr=1e300), step_lr(), 10, lrScale=1.0),
    ]
    # What e2e/landscape.spec.ts drives in the page: the default panel (torch SGD, lr 0.1, momentum 0.9) with
    # StepLR(step_size=3, gamma=0.5), then step_size 4 (one ArrowRight on its slider), 20 epochs x 10 steps, on
    # Rosenbrock from its own start at its SGD LR scale 0.01.
    for step_size in (3, 4):
        out.append(case(f"e2e/rosenbrock/torch-sgd-momentum/StepLR-{step_size}", ros, torch_opt("sgd-momentum"),
                        step_lr(step_size, 0.5), 200, lrScale=0.01, stepsPerEpoch=10))
    return out


def versions():
    return {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mpmath.__version__,
            "torch": torch.__version__, "keras": keras.__version__, "keras_backend": keras.backend.backend(),
            "floatx": keras.config.floatx()}


def main():
    all_cases = []
    for c in cases():
        c = dict(c)
        c["numpy"] = numpy_path(c)
        c["real"] = real_path(c)
        all_cases.append(c)
    head = {"generator": "scripts/golden/landscape_reference.py", "versions": versions(),
            "nearMinimum": NEAR_MINIMUM, "surfaces": surface_records(), "noise": noise_records()}
    text = (json.dumps(head, sort_keys=True, allow_nan=False)[:-1] + ', "cases": [\n'
            + ",\n".join(json.dumps(c, sort_keys=True, allow_nan=False) for c in all_cases) + "\n]}\n")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    diverged = sum(1 for c in all_cases if c["numpy"]["end"]["kind"] == "diverged")
    worst, worst_abs = 0.0, 0.0
    for c in all_cases:
        a, b = np.array(c["numpy"]["points"]), np.array(c["real"]["points"])
        if a.shape != b.shape:
            print(f"{c['id']}: numpy {len(a)} points, real {len(b)}", file=sys.stderr)
            continue
        # As the test compares: relative, a coordinate below 0.1 in magnitude compared at 0.1.
        worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 0.1))))
        worst_abs = max(worst_abs, float(np.max(np.abs(a - b))))
    print(f"wrote {os.path.relpath(OUT, ROOT)}: {len(all_cases)} cases ({diverged} diverge), {len(text)} bytes; "
          f"numpy vs real library points: relative {worst:.2g} (floor 0.1), absolute {worst_abs:.2g}", file=sys.stderr)

if __name__ == "__main__":
    main()
