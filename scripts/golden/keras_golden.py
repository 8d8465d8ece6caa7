"""Golden fixtures for the Keras 3 families: an independent float64 transcription of the Keras source.

Keras cannot be installed where the fixtures are made, so this script re-derives every
schedule and callback from the Keras 3 source code (not from its docstrings, which are
wrong in places, and not from our TypeScript), evaluates it in float64 with NumPy, and
writes the results to src/schedules/__fixtures__/keras.json for the unit tests:

  keras/src/optimizers/schedules/learning_rate_schedule.py  @ 5d24952b083cb11f87abadacc886ddb3bdb63a03
  keras/src/callbacks/learning_rate_scheduler.py            @ b4f00e7eaffe9532adb521a36809587a5998cbbb
  keras/src/callbacks/reduce_lr_on_plateau.py               @ ac2ee342b119221090e464edc0d3344289f48741

Precision: Keras computes a schedule in the dtype of `initial_learning_rate` (float32 by
default) and keeps the optimizer's LR in a float32 variable. Here everything is float64,
as if floatx were 'float64'; real default Keras differs by ~1e-8 relative.

One deliberate choice: CosineDecayRestarts' restart index floor(log(x) / log(t_mul)) is a
floating-point coin toss where x is exactly t_mul**k (glibc float64 gives
log(243)/log(3) = 4.999999999999999). This script decides it exactly, comparing x with
t_mul**k in rational arithmetic (fractions.Fraction), i.e. period k starts at that step.

LearningRateScheduler's `schedule` is Python source text; this trusted dev script runs it
with Python itself (eval/exec), with `math` and `np` in scope.

Run it with Debian's system interpreter (NumPy only):
    /usr/bin/python3 scripts/golden/keras_golden.py
It is deterministic: byte-identical output on every run.

Fixture format: {"generator", "keras_source_commit", "cases": [CASE, ...]}, one case per line.
CASE = {"id", "call": {"framework": "keras", "name", "args", "optimizer"?}, "n",
        "metric"?  (ReduceLROnPlateau only; n values, metric[i] is epoch i's, the last unused),
        "lr"       (schedules: lr[i] = schedule(i), the LR of the (i+1)-th optimizer update;
                    callbacks: lr[i] = the optimizer's LR during epoch i),
        "error"?   ({"type", "tick", "message"}; tick null = raised by the constructor, else
                    raised (or the LR became NaN/inf) at tick K and lr holds ticks 0..K-1)}
"""

import ast
import json
import math
import os
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "schedules", "__fixtures__", "keras.json")

SOURCE_COMMITS = {
    "keras/src/optimizers/schedules/learning_rate_schedule.py": "5d24952b083cb11f87abadacc886ddb3bdb63a03",
    "keras/src/callbacks/learning_rate_scheduler.py": "b4f00e7eaffe9532adb521a36809587a5998cbbb",
    "keras/src/callbacks/reduce_lr_on_plateau.py": "ac2ee342b119221090e464edc0d3344289f48741",
}

# Keras 3 optimizers' default learning_rate.
DEFAULT_LR = {"SGD": 0.01, "Adam": 0.001, "AdamW": 0.001, "RMSprop": 0.001}

F = np.float64


# ---------------------------------------------------------------- schedules (per optimizer step)

def _check_positive(name, value):
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


class ExponentialDecay:
    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        _check_positive("decay_steps", decay_steps)
        self.lr0, self.steps, self.rate, self.staircase = F(initial_learning_rate), F(decay_steps), F(decay_rate), staircase

    def __call__(self, step):
        exponent = F(step) / self.steps
        if self.staircase:
            exponent = np.floor(exponent)
        return self.lr0 * np.power(self.rate, exponent)


class PiecewiseConstantDecay:
    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, "
                f"and values={values} of length {len(values)}."
            )
        self.bounds = [int(b) for b in boundaries]
        self.values = [F(v) for v in values]

    def __call__(self, step):
        # An indicator-weighted sum: below-or-at the first boundary, above the last, then each middle interval.
        total = F(0.0)
        total += F(step <= self.bounds[0]) * self.values[0]
        total += F(step > self.bounds[-1]) * self.values[-1]
        for j in range(len(self.bounds) - 1):
            inside = self.bounds[j] < step <= self.bounds[j + 1]
            total += F(inside) * self.values[j + 1]
        return total


class PolynomialDecay:
    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False, name=None):
        _check_positive("decay_steps", decay_steps)
        self.lr0, self.steps = F(initial_learning_rate), F(decay_steps)
        self.end, self.power, self.cycle = F(end_learning_rate), F(power), cycle

    def __call__(self, step):
        s = F(step)
        horizon = self.steps
        if self.cycle:
            # the first multiple of decay_steps at or above the step; step 0 uses one decay_steps
            mult = F(1.0) if s == 0 else np.ceil(s / self.steps)
            horizon = horizon * mult
        else:
            s = np.minimum(s, horizon)
        frac = s / horizon
        return (self.lr0 - self.end) * np.power(1 - frac, self.power) + self.end


class InverseTimeDecay:
    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        _check_positive("decay_steps", decay_steps)
        self.lr0, self.steps, self.rate, self.staircase = F(initial_learning_rate), F(decay_steps), F(decay_rate), staircase

    def __call__(self, step):
        ratio = F(step) / self.steps
        if self.staircase:
            ratio = np.floor(ratio)
        return self.lr0 / (F(1) + self.rate * ratio)


class CosineDecay:
    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name=None, warmup_target=None, warmup_steps=0):
        _check_positive("decay_steps", decay_steps)
        self.lr0, self.steps, self.alpha = F(initial_learning_rate), F(decay_steps), alpha
        self.target = None if warmup_target is None else F(warmup_target)
        self.warm = F(warmup_steps)

    def _cosine(self, s, start_lr):
        phase = np.multiply(F(math.pi), s / self.steps)
        half_cos = 0.5 * (1.0 + np.cos(phase))
        return start_lr * ((1 - self.alpha) * half_cos + self.alpha)

    def __call__(self, step):
        s = F(step)
        if self.target is None:
            return self._cosine(np.minimum(s, self.steps), self.lr0)
        s = np.minimum(s, self.steps + self.warm)
        if s < self.warm:
            # linear ramp from initial_learning_rate to warmup_target (the code adds the start; the docstring forgets it)
            return (self.target - self.lr0) * (s / self.warm) + self.lr0
        return self._cosine(s - self.warm, self.target)


def exact_restart_index(x, t):
    """floor(log_t(x)) decided exactly: the largest k with t**k <= x (t > 1) or t**k >= x (t < 1).

    Non-positive or NaN x follows Keras's float path (inf / NaN)."""
    if not (x > 0):
        with np.errstate(all="ignore"):
            return np.floor(np.log(F(x)) / np.log(F(t)))
    X, T = Fraction(float(x)), Fraction(float(t))
    k = 0
    if t > 1:
        while T ** (k + 1) <= X:
            k += 1
        while T ** k > X:
            k -= 1
    else:
        while T ** (k + 1) >= X:
            k += 1
        while T ** k < X:
            k -= 1
    return F(k)


class CosineDecayRestarts:
    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None):
        _check_positive("first_decay_steps", first_decay_steps)
        self.lr0, self.first = F(initial_learning_rate), F(first_decay_steps)
        self.t, self.m, self.alpha = F(t_mul), F(m_mul), F(alpha)

    def __call__(self, step):
        done = F(step) / self.first
        with np.errstate(all="ignore"):
            if self.t == 1.0:
                period = np.floor(done)
                within = done - period
            else:
                period = exact_restart_index(1.0 - done * (1.0 - self.t), self.t)
                scale = np.power(self.t, period)
                elapsed = (1.0 - scale) / (1.0 - self.t)
                within = (done - elapsed) / scale
            peak = np.power(self.m, period)
            wave = 0.5 * peak * (1.0 + np.cos(np.multiply(F(math.pi), within)))
            return self.lr0 * ((1 - self.alpha) * wave + self.alpha)


SCHEDULES = {
    "ExponentialDecay": ExponentialDecay,
    "PiecewiseConstantDecay": PiecewiseConstantDecay,
    "PolynomialDecay": PolynomialDecay,
    "InverseTimeDecay": InverseTimeDecay,
    "CosineDecay": CosineDecay,
    "CosineDecayRestarts": CosineDecayRestarts,
}


# ---------------------------------------------------------------- callbacks (per epoch)

class Optimizer:
    """The one thing the callbacks touch: a learning_rate attribute (float64 here, float32 in Keras)."""

    def __init__(self, learning_rate):
        self.learning_rate = float(learning_rate)


def compile_source(src):
    """Python source text -> function: a lambda expression, or the last `def` of a block."""
    ns = {"math": math, "np": np}
    tree = ast.parse(src)
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        return eval(compile(ast.Expression(tree.body[0].value), "<schedule>", "eval"), ns)
    exec(compile(tree, "<schedule>", "exec"), ns)
    names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    return ns[names[-1]]


class LearningRateScheduler:
    def __init__(self, schedule, verbose=0):
        self.fn = compile_source(schedule)

    def on_epoch_begin(self, epoch, optimizer):
        current = float(optimizer.learning_rate)
        try:
            new = self.fn(epoch, current)
        except TypeError:  # a one-argument schedule
            new = self.fn(epoch)
        if not isinstance(new, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {new}")
        optimizer.learning_rate = float(new)

    def on_epoch_end(self, epoch, optimizer, value):
        pass


class ReduceLROnPlateau:
    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0.0):
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}")
        self.factor, self.patience, self.min_delta = factor, patience, min_delta
        self.cooldown, self.min_lr = cooldown, min_lr
        maximize = mode == "max" or (mode == "auto" and "acc" in monitor)
        if maximize:
            self.better = lambda value, best: np.greater(value, best + self.min_delta)
            self.best = -np.inf
        else:
            self.better = lambda value, best: np.less(value, best - self.min_delta)
            self.best = np.inf
        self.cooling = 0
        self.wait = 0

    def on_epoch_begin(self, epoch, optimizer):
        pass

    def on_epoch_end(self, epoch, optimizer, value):
        if self.cooling > 0:
            self.cooling -= 1
            self.wait = 0
        if self.better(value, self.best):
            self.best = value
            self.wait = 0
            return
        if self.cooling > 0:
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        lr = float(optimizer.learning_rate)
        if lr > np.float32(self.min_lr):
            optimizer.learning_rate = max(lr * self.factor, self.min_lr)
            self.cooling = self.cooldown
            self.wait = 0


CALLBACKS = {"LearningRateScheduler": LearningRateScheduler, "ReduceLROnPlateau": ReduceLROnPlateau}


# ---------------------------------------------------------------- running

def run_case(cid, name, args, n, optimizer=None, metric=None):
    call = {"framework": "keras", "name": name, "args": args}
    if optimizer is not None:
        call["optimizer"] = optimizer
    case = {"id": cid, "call": call, "n": n}
    if metric is not None:
        assert len(metric) == n, cid
        case["metric"] = [float(m) for m in metric]
    cls = SCHEDULES.get(name) or CALLBACKS[name]
    try:
        obj = cls(**args)
    except Exception as exc:  # constructor error
        case["error"] = {"type": type(exc).__name__, "tick": None, "message": str(exc)}
        return case

    lrs, error = [], None
    if name in SCHEDULES:
        for i in range(n):
            try:
                with np.errstate(all="ignore"):
                    value = float(obj(i))
            except Exception as exc:
                error = {"type": type(exc).__name__, "tick": i, "message": str(exc)}
                break
            if not math.isfinite(value):
                error = {"type": "NonFiniteLR", "tick": i, "message": f"the LR became {value}"}
                break
            lrs.append(value)
    else:
        spec = optimizer or {}
        opt = Optimizer(spec.get("lr", DEFAULT_LR[spec.get("kind", "SGD")]))
        for epoch in range(n):
            try:
                obj.on_epoch_begin(epoch, opt)
            except Exception as exc:
                error = {"type": type(exc).__name__, "tick": epoch, "message": str(exc)}
                break
            lrs.append(float(opt.learning_rate))
            obj.on_epoch_end(epoch, opt, None if metric is None else metric[epoch])
    case["lr"] = lrs
    if error is not None:
        case["error"] = error
    return case


def metric_seq(kind, n):
    """Deterministic metric sequences (inputs, not expected values)."""
    out = []
    for i in range(n):
        if kind == "decrease":
            v = 1.0 / (1.0 + 0.05 * i)
        elif kind == "plateau":
            v = max(1.0 - 0.1 * i, 0.5)
        elif kind == "noisy":
            v = 1.0 / (1.0 + 0.1 * i) + 0.05 * math.sin(i * 1.7)
        elif kind == "tiny":
            v = 1.0 - 5e-5 * i
        elif kind == "accuracy":
            v = min(0.9 * (1.0 - math.exp(-0.05 * i)), 0.8) + 0.01 * math.sin(i * 2.3)
        elif kind == "stepwise":
            v = 1.0 - 0.1 * (i // 15)
        elif kind == "bumpy":
            v = 1.0 - 0.2 * (i // 7) + (0.3 if i % 7 == 3 else 0.0)
        else:
            raise ValueError(kind)
        out.append(v)
    return out


STEP_DECAY = (
    "def step_decay(epoch):\n"
    "    initial_lr = 0.1\n"
    "    drop_factor = 0.5\n"
    "    epochs_drop = 10\n"
    "    lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))\n"
    "    return lr\n"
)

KERAS_DOC_SCHEDULER = (
    "def scheduler(epoch, lr):\n"
    "    if epoch < 10:\n"
    "        return lr\n"
    "    else:\n"
    "        return lr * math.exp(-0.1)\n"
)


def build_cases():
    C = []

    def add(cid, name, args, n, optimizer=None, metric=None):
        C.append(run_case(cid, name, args, n, optimizer, metric))

    # ExponentialDecay
    add("ExponentialDecay/smooth-0.96-1000", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 1000, "decay_rate": 0.96}, 5000)
    add("ExponentialDecay/staircase-0.5-100", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 100, "decay_rate": 0.5, "staircase": True}, 1000)
    add("ExponentialDecay/staircase-0.9-7", "ExponentialDecay",
        {"initial_learning_rate": 0.01, "decay_steps": 7, "decay_rate": 0.9, "staircase": True}, 200)
    add("ExponentialDecay/smooth-0.9-7", "ExponentialDecay",
        {"initial_learning_rate": 0.01, "decay_steps": 7, "decay_rate": 0.9, "staircase": False}, 200)
    add("ExponentialDecay/growth-1.01", "ExponentialDecay",
        {"initial_learning_rate": 1e-4, "decay_steps": 10, "decay_rate": 1.01}, 300)
    add("ExponentialDecay/float-decay-steps-2.5", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 2.5, "decay_rate": 0.8, "staircase": True}, 60)
    add("ExponentialDecay/rate0", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.0}, 10)
    add("ExponentialDecay/decay_steps0-error", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 0, "decay_rate": 0.9}, 10)

    # PiecewiseConstantDecay (a step equal to a boundary keeps the lower interval's value)
    add("PiecewiseConstantDecay/100-200", "PiecewiseConstantDecay",
        {"boundaries": [100, 200], "values": [1.0, 0.5, 0.1]}, 300)
    add("PiecewiseConstantDecay/boundary0", "PiecewiseConstantDecay",
        {"boundaries": [0], "values": [0.5, 0.1]}, 5)
    add("PiecewiseConstantDecay/single-10", "PiecewiseConstantDecay",
        {"boundaries": [10], "values": [0.01, 0.001]}, 25)
    add("PiecewiseConstantDecay/five-boundaries-long", "PiecewiseConstantDecay",
        {"boundaries": [100, 250, 500, 750, 1000], "values": [0.1, 0.05, 0.02, 0.01, 0.005, 0.001]}, 1200)
    add("PiecewiseConstantDecay/rising", "PiecewiseConstantDecay",
        {"boundaries": [5, 10], "values": [0.001, 0.01, 0.1]}, 15)
    add("PiecewiseConstantDecay/unsorted-sums", "PiecewiseConstantDecay",
        {"boundaries": [20, 10], "values": [1.0, 0.5, 0.25]}, 30)
    add("PiecewiseConstantDecay/length-mismatch-error", "PiecewiseConstantDecay",
        {"boundaries": [100, 200], "values": [1.0, 0.5]}, 10)
    add("PiecewiseConstantDecay/empty-boundaries-error", "PiecewiseConstantDecay",
        {"boundaries": [], "values": [0.1]}, 10)

    # PolynomialDecay
    add("PolynomialDecay/default-end-power1-long", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 1000}, 1500)
    add("PolynomialDecay/power0.5", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.01, "power": 0.5}, 250)
    add("PolynomialDecay/power2", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.0, "power": 2.0}, 250)
    add("PolynomialDecay/cycle-power1", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.001, "cycle": True}, 1000)
    add("PolynomialDecay/cycle-power2", "PolynomialDecay",
        {"initial_learning_rate": 0.05, "decay_steps": 64, "end_learning_rate": 0.01, "power": 2.0, "cycle": True}, 500)
    add("PolynomialDecay/cycle-power0.5-7", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 7, "power": 0.5, "cycle": True}, 60)
    add("PolynomialDecay/rising-to-end", "PolynomialDecay",
        {"initial_learning_rate": 0.001, "decay_steps": 50, "end_learning_rate": 0.1, "power": 1.0}, 80)
    add("PolynomialDecay/decay_steps-negative-error", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": -5}, 10)

    # InverseTimeDecay
    add("InverseTimeDecay/smooth-1-0.5", "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 1.0, "decay_rate": 0.5}, 1000)
    add("InverseTimeDecay/staircase-100-0.5", "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 100, "decay_rate": 0.5, "staircase": True}, 1000)
    add("InverseTimeDecay/staircase-7-2", "InverseTimeDecay",
        {"initial_learning_rate": 0.01, "decay_steps": 7, "decay_rate": 2.0, "staircase": True}, 100)
    add("InverseTimeDecay/smooth-7-2", "InverseTimeDecay",
        {"initial_learning_rate": 0.01, "decay_steps": 7, "decay_rate": 2.0}, 100)

    # CosineDecay
    add("CosineDecay/1000-past-end", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 1000}, 1500)
    add("CosineDecay/alpha0.1", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 500, "alpha": 0.1}, 1200)
    add("CosineDecay/warmup-from-0", "CosineDecay",
        {"initial_learning_rate": 0.0, "decay_steps": 1000, "warmup_target": 0.1, "warmup_steps": 100}, 1500)
    add("CosineDecay/warmup-alpha", "CosineDecay",
        {"initial_learning_rate": 1e-4, "decay_steps": 500, "alpha": 0.05, "warmup_target": 1e-3,
         "warmup_steps": 50}, 700)
    add("CosineDecay/warmup-target-no-warmup-steps", "CosineDecay",
        {"initial_learning_rate": 0.5, "decay_steps": 100, "warmup_target": 0.1}, 150)
    add("CosineDecay/warmdown", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 40, "warmup_target": 0.02, "warmup_steps": 10}, 60)
    add("CosineDecay/odd-7", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 7, "alpha": 0.2}, 20)
    add("CosineDecay/decay_steps0-error", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 0}, 10)

    # CosineDecayRestarts (restart boundaries: first_decay_steps * (t_mul**k - 1) / (t_mul - 1))
    add("CosineDecayRestarts/t_mul1-100-long", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 100, "t_mul": 1.0}, 1200)
    add("CosineDecayRestarts/t_mul2-default-long", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 100}, 3200)
    add("CosineDecayRestarts/t_mul2-first1", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 1}, 1100)
    add("CosineDecayRestarts/t_mul3-first1-knife-edges", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 1, "t_mul": 3.0}, 1200)
    add("CosineDecayRestarts/t_mul3-first10-alpha", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 3.0, "alpha": 0.1}, 1300)
    add("CosineDecayRestarts/t_mul1.5-first128", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 128, "t_mul": 1.5}, 4200)
    add("CosineDecayRestarts/t_mul1.5-m0.8-alpha0.05", "CosineDecayRestarts",
        {"initial_learning_rate": 0.05, "first_decay_steps": 20, "t_mul": 1.5, "m_mul": 0.8, "alpha": 0.05}, 1200)
    add("CosineDecayRestarts/t_mul2-m0.5-alpha0.1", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 50, "t_mul": 2.0, "m_mul": 0.5, "alpha": 0.1}, 1600)
    add("CosineDecayRestarts/t_mul1-m0.9-alpha0.2", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 30, "t_mul": 1.0, "m_mul": 0.9, "alpha": 0.2}, 1000)
    add("CosineDecayRestarts/t_mul0.5-runs-out", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 0.5}, 30)
    add("CosineDecayRestarts/first_decay_steps0-error", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 0}, 10)

    # LearningRateScheduler (lr[0] = schedule(0, optimizer lr): the function applies from epoch 0)
    sgd = {"kind": "SGD", "lr": 0.1}
    add("LearningRateScheduler/lr-times-0.1", "LearningRateScheduler",
        {"schedule": "lambda epoch, lr: lr * 0.1"}, 10, sgd)
    add("LearningRateScheduler/lr-times-0.9-compounds", "LearningRateScheduler",
        {"schedule": "lambda epoch, lr: lr * 0.9"}, 100, sgd)
    add("LearningRateScheduler/keras-doc-example", "LearningRateScheduler",
        {"schedule": KERAS_DOC_SCHEDULER}, 15, {"kind": "SGD"})
    add("LearningRateScheduler/one-argument", "LearningRateScheduler",
        {"schedule": "lambda epoch: 0.1 * 0.5 ** (epoch // 10)"}, 50, sgd)
    add("LearningRateScheduler/seed-article-step-decay", "LearningRateScheduler",
        {"schedule": STEP_DECAY}, 50, sgd)
    add("LearningRateScheduler/warmup-then-hold-adam", "LearningRateScheduler",
        {"schedule": "lambda epoch, lr: 1e-3 * (epoch + 1) / 5 if epoch < 5 else lr"}, 20, {"kind": "Adam"})

    # ReduceLROnPlateau (metric[i] is epoch i's value; lr[i] is the LR during epoch i)
    N = 120
    add("ReduceLROnPlateau/default-noisy", "ReduceLROnPlateau", {}, N, sgd, metric_seq("noisy", N))
    add("ReduceLROnPlateau/patience0-plateau", "ReduceLROnPlateau",
        {"patience": 0, "factor": 0.5}, N, sgd, metric_seq("plateau", N))
    add("ReduceLROnPlateau/patience1-plateau", "ReduceLROnPlateau",
        {"patience": 1, "factor": 0.5}, N, sgd, metric_seq("plateau", N))
    add("ReduceLROnPlateau/patience2-plateau", "ReduceLROnPlateau",
        {"patience": 2, "factor": 0.5}, N, sgd, metric_seq("plateau", N))
    add("ReduceLROnPlateau/patience5-plateau", "ReduceLROnPlateau",
        {"patience": 5, "factor": 0.5}, N, sgd, metric_seq("plateau", N))
    for cooldown in (0, 1, 3):
        add(f"ReduceLROnPlateau/patience2-cooldown{cooldown}", "ReduceLROnPlateau",
            {"patience": 2, "factor": 0.5, "cooldown": cooldown}, N, sgd, metric_seq("plateau", N))
        add(f"ReduceLROnPlateau/bumpy-patience2-cooldown{cooldown}", "ReduceLROnPlateau",
            {"patience": 2, "factor": 0.7, "cooldown": cooldown}, N, sgd, metric_seq("bumpy", N))
    add("ReduceLROnPlateau/below-min-delta", "ReduceLROnPlateau",
        {"patience": 5, "factor": 0.5}, N, sgd, metric_seq("tiny", N))
    add("ReduceLROnPlateau/min-delta-large", "ReduceLROnPlateau",
        {"patience": 3, "factor": 0.5, "min_delta": 0.05}, N, sgd, metric_seq("decrease", N))
    add("ReduceLROnPlateau/min_lr-reached", "ReduceLROnPlateau",
        {"patience": 2, "factor": 0.5, "min_lr": 0.01}, N, sgd, metric_seq("plateau", N))
    add("ReduceLROnPlateau/min_lr-not-a-power", "ReduceLROnPlateau",
        {"patience": 1, "factor": 0.3, "min_lr": 0.0007}, N, {"kind": "Adam", "lr": 0.01}, metric_seq("plateau", N))
    add("ReduceLROnPlateau/mode-max-accuracy", "ReduceLROnPlateau",
        {"monitor": "val_accuracy", "mode": "max", "patience": 3, "factor": 0.2}, N, sgd, metric_seq("accuracy", N))
    add("ReduceLROnPlateau/mode-auto-val_accuracy", "ReduceLROnPlateau",
        {"monitor": "val_accuracy", "patience": 3, "factor": 0.2}, N, sgd, metric_seq("accuracy", N))
    add("ReduceLROnPlateau/mode-auto-accuracy-cooldown2", "ReduceLROnPlateau",
        {"monitor": "accuracy", "patience": 2, "factor": 0.5, "cooldown": 2, "min_delta": 0.001}, N,
        {"kind": "RMSprop"}, metric_seq("accuracy", N))
    add("ReduceLROnPlateau/mode-auto-loss-on-accuracy-numbers", "ReduceLROnPlateau",
        {"monitor": "loss", "patience": 3, "factor": 0.2}, N, sgd, metric_seq("accuracy", N))
    add("ReduceLROnPlateau/mode-min-overrides-accuracy-name", "ReduceLROnPlateau",
        {"monitor": "accuracy", "mode": "min", "patience": 3, "factor": 0.2}, N, sgd, metric_seq("accuracy", N))
    add("ReduceLROnPlateau/stepwise-patience10", "ReduceLROnPlateau",
        {"patience": 10, "factor": 0.7, "min_lr": 1e-4}, N, {"kind": "Adam"}, metric_seq("stepwise", N))
    add("ReduceLROnPlateau/factor1-error", "ReduceLROnPlateau", {"factor": 1.0}, 10, sgd, metric_seq("noisy", 10))

    return C


def main():
    cases = build_cases()
    lines = [
        '{"generator": "scripts/golden/keras_golden.py", "keras_source_commit": '
        + json.dumps(SOURCE_COMMITS) + ', "cases": ['
    ]
    lines.append(",\n".join(json.dumps(c) for c in cases))
    lines.append("]}")
    with open(OUT, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
