"""Golden fixtures for the Keras 3 families, recorded from real Keras (3.15, torch backend).

Run in the project's reference environment (made by scripts/ensure-python-ref.mjs; `npm run golden` does it):
    KERAS_BACKEND=torch .venv-ref/bin/python scripts/golden/keras_golden.py
It writes src/schedules/__fixtures__/keras.json, which src/schedules/keras/golden.test.ts checks the engine
against (relative 1e-12). Nothing here computes an expected LR itself.

Precision: the script sets keras.config.set_floatx('float64') before building anything. Keras then computes
every schedule in float64 (a schedule works in the dtype of `initial_learning_rate`, a Python float becomes a
floatx tensor) and keeps the optimizer's learning_rate variable in float64, so the recorded values are float64
end to end; the script checks those dtypes for every case and stops if one is not float64. With Keras's
default floatx, float32, the same cases are recorded a second time and only summarised (the largest relative
difference from float64 per family, in the fixture's "float32_default" entry): that is what a user's default
Keras shows next to the playground's float64 curve.

How each kind of case is run:
  schedules  keras.optimizers.schedules.<Name>(**args) handed to a real optimizer (SGD); for tick i the
             optimizer's `iterations` variable is set to i and its `learning_rate` read: schedule(i), the LR of
             the (i+1)-th update.
  callbacks  a real model.fit on a tiny Dense(1) model, one optimizer step per epoch, epochs = n, with the
             callback under test in `callbacks`. A callback placed before it writes the fixture's metric into
             logs[monitor] in on_epoch_end. The LR is recorded inside the optimizer, as the learning_rate that
             its update step actually receives (BaseOptimizer._backend_update_step wrapped), once per epoch.
             ReduceLROnPlateau with mode 'auto' and an accuracy monitor needs a compiled accuracy metric (Keras
             reads the direction from it, else raises): those models are compiled with metrics=["accuracy"].

CosineDecayRestarts at exact restart boundaries: Keras computes the restart index as floor(log(x) / log(t_mul)),
which could land on either side of the integer where x is exactly t_mul**k; the engine decides it exactly. On
this backend in float64 they agree at every boundary the cases reach (t_mul 3 at step 121, where x = 3**5; t_mul 1.5
at 211 with first_decay_steps 16); under float32 they do not always (see "float32_default").

LearningRateScheduler's `schedule` is Python source text; this trusted dev script runs it with Python itself
(eval/exec, `math` and `np` in scope) and hands the function to Keras.

Fixture format: {"generator", "versions", "float32_default", "cases": [CASE, ...]}, one case per line.
CASE = {"id", "call": {"framework": "keras", "name", "args", "optimizer"?}, "n",
        "metric"?  (ReduceLROnPlateau only; n values, metric[i] is epoch i's, the last unused),
        "lr"       (schedules: lr[i] = schedule(i); callbacks: the LR the optimizer used during epoch i),
        "error"?   ({"type", "tick", "message"}; tick null = raised by the constructor, else raised (or the LR
                    became NaN/inf) at tick K and lr holds ticks 0..K-1)}
It is deterministic: the same versions produce a byte-identical file.
"""

import ast
import json
import math
import os
import platform
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras.src.optimizers import base_optimizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "schedules", "__fixtures__", "keras.json")

SCHEDULES = ["ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay",
             "CosineDecayRestarts"]
CALLBACKS = ["LearningRateScheduler", "ReduceLROnPlateau"]


# ---------------------------------------------------------------- instrumentation (shared with run_keras_snippets.py)

class Recorder:
    """Records the learning_rate every optimizer update step receives (float, and its dtype)."""

    def __init__(self):
        self.lr = []
        self.dtypes = set()
        self.active = False
        self.inside = False

    def clear(self):
        self.lr = []
        self.dtypes = set()


RECORDER = Recorder()


def _wrap_update_step(cls):
    original = cls.__dict__.get("_backend_update_step")
    if original is None or getattr(original, "_lr_recorder", False):
        return

    def update_step(self, grads, trainable_variables, learning_rate):
        outer = RECORDER.active and not RECORDER.inside
        if outer:
            RECORDER.lr.append(float(keras.ops.convert_to_numpy(learning_rate)))
            RECORDER.dtypes.add(keras.backend.standardize_dtype(learning_rate.dtype))
        RECORDER.inside = True
        try:
            return original(self, grads, trainable_variables, learning_rate)
        finally:
            if outer:
                RECORDER.inside = False

    update_step._lr_recorder = True
    cls._backend_update_step = update_step


def install_recorder():
    """Wraps every definition of the update step (Keras's base optimizer, the torch backend's parallel
    optimizer, Nadam's); an override calling super() is recorded once."""
    from keras.src.backend.torch.optimizers import torch_parallel_optimizer
    from keras.src.optimizers import nadam

    for cls in (base_optimizer.BaseOptimizer, torch_parallel_optimizer.TorchParallelOptimizer, nadam.Nadam):
        _wrap_update_step(cls)


class MetricWriter(keras.callbacks.Callback):
    """Put before the callback under test: writes metric[epoch] into logs under every monitored name."""

    def __init__(self, metric, names=("loss", "val_loss", "accuracy", "val_accuracy")):
        super().__init__()
        self.metric = metric
        self.names = names

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or not self.metric:
            return
        value = float(self.metric[epoch]) if epoch < len(self.metric) else float(self.metric[-1])
        for name in self.names:
            logs[name] = value


def versions():
    import torch

    return {
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "floatx": keras.config.floatx(),
    }


# ---------------------------------------------------------------- running one case

def compile_source(src):
    """Python source text -> function: a lambda expression, or the last `def` of a block."""
    ns = {"math": math, "np": np}
    tree = ast.parse(src)
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        return eval(compile(ast.Expression(tree.body[0].value), "<schedule>", "eval"), ns)
    exec(compile(tree, "<schedule>", "exec"), ns)
    names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    return ns[names[-1]]


def make_optimizer(spec, learning_rate=None):
    spec = spec or {}
    kwargs = {}
    if learning_rate is not None:
        kwargs["learning_rate"] = learning_rate
    elif "lr" in spec:
        kwargs["learning_rate"] = spec["lr"]
    if spec.get("momentum") and spec.get("kind", "SGD") in ("SGD", "RMSprop"):
        kwargs["momentum"] = spec["momentum"]
    return getattr(keras.optimizers, spec.get("kind", "SGD"))(**kwargs)


class DtypeError(Exception):
    """The recording itself went wrong (a dtype other than floatx, a missing update): stop."""


def run_schedule(name, args, n):
    schedule = getattr(keras.optimizers.schedules, name)(**args)  # may raise: a constructor error
    return lambda: call_schedule(schedule, n)


def call_schedule(schedule, n):
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    lrs, dtypes = [], set()
    for i in range(n):
        optimizer.iterations.assign(i)
        try:
            value = optimizer.learning_rate
        except Exception as exc:  # raised at tick i
            return lrs, dtypes, exc
        dtypes.add(keras.backend.standardize_dtype(value.dtype))
        lrs.append(float(keras.ops.convert_to_numpy(value)))
    return lrs, dtypes, None


def run_callback(name, args, n, optimizer_spec, metric):
    if name == "LearningRateScheduler":
        callback = keras.callbacks.LearningRateScheduler(compile_source(args["schedule"]), verbose=0)
    else:
        callback = keras.callbacks.ReduceLROnPlateau(**args)
    monitor = args.get("monitor", "val_loss")
    accuracy = name == "ReduceLROnPlateau" and monitor.removeprefix("val_") == "accuracy"
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    optimizer = make_optimizer(optimizer_spec)
    model.compile(optimizer=optimizer, loss="mse", metrics=["accuracy"] if accuracy else None)
    x = np.zeros((1, 1))
    y = np.zeros((1, 1))
    RECORDER.clear()
    RECORDER.active = True
    error = None
    try:
        model.fit(x, y, batch_size=1, epochs=n, verbose=0, shuffle=False,
                  callbacks=[MetricWriter(metric or []), callback])
    except Exception as exc:  # raised during epoch len(lr)
        error = exc
    finally:
        RECORDER.active = False
    dtypes = set(RECORDER.dtypes)
    if error is None and len(RECORDER.lr) != n:
        raise DtypeError(f"{name}: recorded {len(RECORDER.lr)} updates in {n} epochs")
    if not isinstance(optimizer._learning_rate, keras.Variable):
        raise DtypeError(f"{name}: the optimizer's learning_rate is not a variable")
    dtypes.add(keras.backend.standardize_dtype(optimizer._learning_rate.dtype))
    return list(RECORDER.lr), dtypes, error


def run_case(cid, name, args, n, optimizer=None, metric=None, check_dtype=True):
    call = {"framework": "keras", "name": name, "args": args}
    if optimizer is not None:
        call["optimizer"] = optimizer
    case = {"id": cid, "call": call, "n": n}
    if metric is not None:
        assert len(metric) == n, cid
        case["metric"] = [float(m) for m in metric]
    try:
        if name in SCHEDULES:
            calls = run_schedule(name, args, n)
        else:
            lrs, dtypes, error = run_callback(name, args, n, optimizer, metric)
    except DtypeError:
        raise
    except Exception as exc:  # the constructor raised
        case["error"] = {"type": type(exc).__name__, "tick": None, "message": str(exc)}
        return case
    if name in SCHEDULES:
        lrs, dtypes, error = calls()
    floatx = keras.config.floatx()
    if check_dtype and dtypes - {floatx}:
        raise DtypeError(f"{cid}: learning rate dtypes {sorted(dtypes)} under floatx {floatx}")
    out, err = [], None
    for i, value in enumerate(lrs):
        if not math.isfinite(value):
            err = {"type": "NonFiniteLR", "tick": i, "message": f"the LR became {value}"}
            break
        out.append(value)
    if err is None and error is not None:
        err = {"type": type(error).__name__, "tick": len(out), "message": str(error)}
    case["lr"] = out
    if err is not None:
        case["error"] = err
    return case


# ---------------------------------------------------------------- cases

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

    # values Keras accepts without checking (negative LR, negative rate: NaN between decays, alternating stairs)
    add("ExponentialDecay/negative-initial", "ExponentialDecay",
        {"initial_learning_rate": -0.1, "decay_steps": 10, "decay_rate": 0.5}, 40)
    add("ExponentialDecay/negative-rate-nan", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": -0.5}, 40)
    add("ExponentialDecay/negative-rate-staircase", "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": -0.5, "staircase": True}, 60)

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
    # float boundaries are cast to the step's integer dtype (truncated toward zero: -0.5 -> 0 keeps step 0 low)
    add("PiecewiseConstantDecay/float-boundaries-truncated", "PiecewiseConstantDecay",
        {"boundaries": [-0.5, 3.7, 7.2], "values": [0.5, 0.1, 0.05, 0.01]}, 12)
    add("PiecewiseConstantDecay/negative-boundary-and-values", "PiecewiseConstantDecay",
        {"boundaries": [-3, 5], "values": [0.1, -0.05, 0.01]}, 10)
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
    add("PolynomialDecay/negative-power-inf", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "power": -1.0}, 20)
    add("PolynomialDecay/power0", "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "power": 0.0, "cycle": True}, 30)
    add("PolynomialDecay/negative-lrs", "PolynomialDecay",
        {"initial_learning_rate": -0.1, "decay_steps": 10, "end_learning_rate": -0.5, "power": 2.0}, 20)
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

    add("InverseTimeDecay/negative-rate-inf", "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": -0.5}, 30)
    add("InverseTimeDecay/negative-rate-grows", "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": -0.3, "staircase": True}, 30)

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
    add("CosineDecay/negative-alpha", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "alpha": -0.5}, 15)
    add("CosineDecay/alpha-above-1", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "alpha": 1.5}, 15)
    add("CosineDecay/negative-warmup-target", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "warmup_target": -0.2, "warmup_steps": 5}, 20)
    add("CosineDecay/negative-warmup-steps", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "warmup_target": 0.2, "warmup_steps": -5}, 20)
    add("CosineDecay/fractional-warmup-steps", "CosineDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "warmup_target": 0.2, "warmup_steps": 2.5}, 20)
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
    add("CosineDecayRestarts/t_mul1.5-first16-knife-edges", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 16, "t_mul": 1.5}, 2100)
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
    add("CosineDecayRestarts/negative-m_mul", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 5, "m_mul": -0.5}, 40)
    add("CosineDecayRestarts/m_mul-above-1-negative-alpha", "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 5, "t_mul": 1.0, "m_mul": 1.5, "alpha": -0.5}, 40)
    add("CosineDecayRestarts/negative-initial", "CosineDecayRestarts",
        {"initial_learning_rate": -0.1, "first_decay_steps": 5, "t_mul": 1.5}, 40)
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

    # Keras raises ValueError when the result is not a float: an int, a bool
    add("LearningRateScheduler/int-result-error", "LearningRateScheduler",
        {"schedule": "lambda epoch, lr: lr if epoch < 3 else 1"}, 10, sgd)
    add("LearningRateScheduler/bool-result-error", "LearningRateScheduler",
        {"schedule": "lambda epoch: epoch > 1"}, 10, sgd)
    add("LearningRateScheduler/np-float-result", "LearningRateScheduler",
        {"schedule": "lambda epoch, lr: np.floor(epoch / 2) * 0.01 + 0.001"}, 10, sgd)

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
    # min_delta ties: Keras tests current + |d| < best (min) and current - |d| > best (max); these metric values
    # sit exactly where that and current < best - d (or current > best + d) round apart.
    tie = [0.136] + [0.036] * 9
    add("ReduceLROnPlateau/min-delta-tie-min", "ReduceLROnPlateau",
        {"patience": 1, "factor": 0.5, "min_delta": 0.1, "mode": "min"}, 10, sgd, tie)
    add("ReduceLROnPlateau/min-delta-tie-max", "ReduceLROnPlateau",
        {"patience": 1, "factor": 0.5, "min_delta": 0.1, "mode": "max"}, 10, sgd, [0.036] + [0.136] * 9)
    # values Keras accepts without checking
    add("ReduceLROnPlateau/negative-min-delta-is-abs", "ReduceLROnPlateau",
        {"patience": 3, "factor": 0.5, "min_delta": -0.05}, N, sgd, metric_seq("decrease", N))
    add("ReduceLROnPlateau/negative-factor-to-min_lr", "ReduceLROnPlateau",
        {"patience": 2, "factor": -0.5, "min_lr": 0.001}, 30, sgd, metric_seq("plateau", 30))
    add("ReduceLROnPlateau/factor0", "ReduceLROnPlateau",
        {"patience": 2, "factor": 0.0}, 30, sgd, metric_seq("plateau", 30))
    add("ReduceLROnPlateau/negative-patience-cooldown", "ReduceLROnPlateau",
        {"patience": -2, "cooldown": -1, "factor": 0.5}, 30, sgd, metric_seq("plateau", 30))
    add("ReduceLROnPlateau/negative-min_lr", "ReduceLROnPlateau",
        {"patience": 1, "factor": 0.5, "min_lr": -0.01}, 40, sgd, metric_seq("plateau", 40))
    add("ReduceLROnPlateau/factor1-error", "ReduceLROnPlateau", {"factor": 1.0}, 10, sgd, metric_seq("noisy", 10))

    return C



def float32_summary(cases):
    """Reruns every case under Keras's default floatx (float32) and compares with the float64 recording, per
    family: the largest relative difference over ticks whose LR is at least 1e-3 of the case's peak, the largest
    absolute difference as a fraction of the peak over all ticks, and the cases where float32 changes a decision
    (a tick more than 1e-5 apart relative, a different length or error tick), with their first such tick."""
    keras.config.set_floatx("float32")
    rel, absolute, decisions = {}, {}, {}
    try:
        for c in cases:
            if "lr" not in c or not c["lr"]:
                continue
            call = c["call"]
            name = call["name"]
            again = run_case(c["id"], name, call["args"], c["n"], call.get("optimizer"), c.get("metric"))
            a, b = again.get("lr", []), c["lr"]
            if len(a) != len(b) or (again.get("error") or {}).get("tick") != (c.get("error") or {}).get("tick"):
                decisions[c["id"]] = min(len(a), len(b))
                continue
            peak = max(abs(y) for y in b)
            for i, (x, y) in enumerate(zip(a, b)):
                d = abs(x - y)
                absolute[name] = max(absolute.get(name, 0.0), d / peak if peak else d)
                if abs(y) >= 1e-3 * peak and y != 0:
                    rel[name] = max(rel.get(name, 0.0), d / abs(y))
                    if d / abs(y) > 1e-5 and c["id"] not in decisions:
                        decisions[c["id"]] = i
    finally:
        keras.config.set_floatx("float64")

    def fmt(table):
        return {k: float(f"{v:.3g}") for k, v in sorted(table.items())}

    return {"max_rel_diff": fmt(rel), "max_abs_diff_over_peak": fmt(absolute), "first_tick_over_1e-5_rel": decisions}


def main():
    keras.config.set_floatx("float64")
    keras.utils.set_random_seed(0)
    install_recorder()
    cases = build_cases()
    summary = float32_summary(cases)
    head = {"generator": "scripts/golden/keras_golden.py", "versions": versions(), "float32_default": summary}
    text = json.dumps(head)[:-1] + ', "cases": [\n' + ",\n".join(json.dumps(c) for c in cases) + "\n]}\n"
    with open(OUT, "w") as fh:
        fh.write(text)
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}; versions {head['versions']}")
    print(f"float32 (default floatx) vs float64: {json.dumps(summary)}")


if __name__ == "__main__":
    sys.exit(main())
