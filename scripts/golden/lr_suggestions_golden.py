"""Golden fixture: the LR finders' suggestions, LR sweeps and loss smoothing, from REAL fastai and REAL torch-lr-finder.

Writes src/training/__fixtures__/lr-suggestions.json, which the engine's `suggestLr(lrs, losses, method)`, `lrAt`
and `createSmoother` tests read. No training: the loss curves are fixed (written into the fixture as numbers).

Each curve (cases[]) records its untrimmed `lrs` / `losses` (float64) and
  - fastai: each of `valley`, `steep`, `minimum`, `slide` (fastai/callback/schedule.py) called BY fastai's own
    `Learner.lr_find` (run as an unbound function on a stub learner whose `fit` does nothing and whose recorder holds
    the curve), one method per call so one method's error does not hide another's. lr_find trims
    `recorder.lrs[num_it//10:-5]` / `recorder.losses[num_it//10:-5]`, converts them with fastai's `tensor(...)`
    (float32 torch tensors: fastai.torch_core.tensor turns float64 into float32), drops everything from the first NaN
    loss on, and calls func(lrs, losses, num_it). Recorded: `trimmed` (the float64 slice), `input` (the float32
    tensors each function received, as float64 numbers, captured by a wrapper), and per method {"lr": the
    suggestion, "point": [lr, loss] (the marker lr_find passes to plot_lr_find)} or {"error"}.
  - torch_lr_finder: `LRFinder.plot(skip_start=10, skip_end=5, log_lr=True, suggest_lr=True, ax=<Agg axes>)` on a
    real LRFinder whose `history` is the untrimmed curve: {"lr", "index" (into the untrimmed lrs), "input": the
    float64 losses[10:-5] np.gradient received} or {"error"}.
Plus: `schedules.fastai` (LRFinder(start_lr, end_lr, num_it).scheds['lr'] at pos = i/num_it, as before_batch calls
it; num_it < 6 becomes 6), `schedules.torch_lr_finder` (torch_lr_finder.lr_finder.ExponentialLR / LinearLR on a
real optimizer, read like range_test: get_lr()[0] then step()), `smoothing.fastai` (fastai.learner.AvgSmoothLoss(
beta=0.98) fed float32 batch losses, .value after each accumulate, float32 tensors).

Deterministic: fixed curves (numpy default_rng(SEED) noise, written out), json.dumps(sort_keys=True), floats as
repr, non-finite numbers as repr strings ("nan", "inf"). Run: node scripts/golden/run-all.mjs lr_suggestions_golden.py
"""

import contextlib
import functools
import importlib.metadata
import io
import json
import math
import os
import platform
import sys
import types
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TQDM_DISABLE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
with contextlib.suppress(RuntimeError):
    torch.set_num_interop_threads(1)
torch.use_deterministic_algorithms(True)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

import fastai  # noqa: E402
from fastai.callback.schedule import LRFinder as FastaiLRFinder  # noqa: E402
from fastai.callback.schedule import SchedExp, minimum, slide, steep, valley  # noqa: E402
from fastai.learner import AvgSmoothLoss, Learner  # noqa: E402
import torch_lr_finder  # noqa: E402,F401
from torch_lr_finder import LRFinder  # noqa: E402
from torch_lr_finder.lr_finder import ExponentialLR, LinearLR  # noqa: E402

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "training", "__fixtures__", "lr-suggestions.json")
SEED = 20260
SKIP_START, SKIP_END = 10, 5
METHODS = {"valley": valley, "steep": steep, "minimum": minimum, "slide": slide}


def num(x):
    x = float(x)
    return x if math.isfinite(x) else repr(x)


def nums(xs):
    return [num(x) for x in xs]


def error_of(e):
    return f"{type(e).__name__}: {e}"


# ---------------------------------------------------------------- curves

def fastai_lrs(start, end, num_it, n=None):
    """The LRs fastai's LRFinder sets: SchedExp(start, end)(train_iter / num_it) for train_iter = 0..n-1."""
    sched = SchedExp(start, end)
    return [float(sched(i / num_it)) for i in range(num_it if n is None else n)]


def tlf_lrs(start, end, num_iter, mode="exp", n=None):
    """The LRs torch-lr-finder's range_test records: get_lr()[0] of its ExponentialLR / LinearLR, then step()."""
    return [float(v) for v in torch_lr_finder_sequence(start, end, num_iter, mode)[: num_iter if n is None else n]]


def position(lrs):
    """0..1 along the sweep in log LR (the shape of each synthetic curve)."""
    lo, hi = math.log(lrs[0]), math.log(lrs[-1])
    return np.array([(math.log(v) - lo) / (hi - lo) for v in lrs])


def u_shape(x, rng, noise=0.02):
    """Flat, falling, a minimum near x = 0.7, then a blow-up; smoothed-loss-like noise."""
    fall = 1.6 / (1.0 + np.exp(-(x - 0.5) * 16.0))
    blow = 0.04 * np.exp((x - 0.72) * 22.0)
    return 2.3 - fall + blow + noise * rng.standard_normal(len(x))


def curves():
    rng = np.random.default_rng(SEED)
    out = []

    def add(cid, description, lrs, losses, num_it, style):
        out.append({"id": cid, "description": description, "lrs": [float(v) for v in lrs],
                    "losses": [float(v) for v in losses], "num_it": num_it, "lr_style": style})

    lrs = fastai_lrs(1e-7, 10.0, 100)
    add("u-fastai-100", "U shape with seeded noise, fastai's default sweep 1e-7..10 over num_it=100",
        lrs, u_shape(position(lrs), rng), 100, "fastai")
    lrs = fastai_lrs(1e-6, 1.0, 60)
    add("u-fastai-60", "U shape with seeded noise, fastai sweep 1e-6..1 over num_it=60",
        lrs, u_shape(position(lrs), rng), 60, "fastai")
    lrs = fastai_lrs(1e-7, 10.0, 200)
    add("u-fastai-200", "U shape with seeded noise, fastai sweep 1e-7..10 over num_it=200",
        lrs, u_shape(position(lrs), rng, noise=0.03), 200, "fastai")
    lrs = tlf_lrs(1e-7, 10.0, 100)
    add("u-tlf-100", "U shape with seeded noise, torch-lr-finder exp sweep 1e-7..10 over num_iter=100",
        lrs, u_shape(position(lrs), rng), 100, "torch-lr-finder")
    lrs = tlf_lrs(1e-4, 3.0, 50, "linear")
    x = np.linspace(0.0, 1.0, 50)
    add("u-tlf-linear-50",
        "U shape (in linear LR) with seeded noise, torch-lr-finder linear sweep 1e-4..3, num_iter=50",
        lrs, u_shape(x, rng), 50, "torch-lr-finder")

    lrs = fastai_lrs(1e-7, 10.0, 100)
    x = position(lrs)
    add("monotone-decreasing", "strictly decreasing, no blow-up (a sweep that never diverged)",
        lrs, 2.3 - 1.5 * x - 0.3 * x * x, 100, "fastai")
    add("flat", "every loss equal (2.302585092994046): all ties", lrs, [2.302585092994046] * 100, 100, "fastai")
    valley_short = -0.9 * np.exp(-(((x - 0.25) / 0.03) ** 2))
    valley_long = -1.0 / (1.0 + np.exp(-(x - 0.6) * 25.0)) + 0.5 * np.exp((x - 0.95) * 30.0)
    add("two-valleys", "a short deep dip near x=0.25, then a long gentle valley to x~0.9 (valley picks the longest)",
        lrs, 2.2 + valley_short + valley_long, 100, "fastai")

    lrs = fastai_lrs(1e-5, 10.0, 100, n=34)
    x = np.arange(34) / 33.0
    losses = 1.8 - 0.6 * x + 0.01 * rng.standard_normal(34)
    losses[-4:] = [1.4, 2.2, 3.9, 6.5]  # the last point passes fastai's 4x rule
    add("diverges-early", "fastai num_it=100 run stopped after 34 batches (the last loss > 4x the best)",
        lrs, losses, 100, "fastai")

    lrs = fastai_lrs(1e-7, 10.0, 100)
    x = position(lrs)
    stairs = np.round(2.3 - 1.6 * x + 2.0 * np.maximum(x - 0.8, 0.0) ** 2, 1)
    add("ties-staircase", "losses rounded to 0.1: runs of exactly equal values (ties in every argmin)",
        lrs, stairs, 100, "fastai")
    add("float32-ties", "1 - 1e-9*i: strictly decreasing in float64, all 1.0 in float32 (fastai converts to float32)",
        lrs, [1.0 - 1e-9 * i for i in range(100)], 100, "fastai")

    lrs = fastai_lrs(1e-7, 10.0, 100)
    losses = u_shape(position(lrs), rng)
    losses[72:] = float("nan")
    add("nan-tail", "U shape whose loss turns NaN at index 72 and stays NaN (lr_find drops from the first NaN)",
        lrs, losses, 100, "fastai")
    lrs = tlf_lrs(1e-6, 1.0, 60, n=41)
    losses = u_shape(position(tlf_lrs(1e-6, 1.0, 60)), rng)[:41]
    losses[-1] = float("inf")
    add("inf-end", "torch-lr-finder num_iter=60 run stopped at 41 iterations by an inf loss (recorded)",
        lrs, losses, 60, "torch-lr-finder")

    for n, num_it in ((2, 100), (3, 10), (6, 6)):
        lrs = fastai_lrs(1e-3, 1.0, num_it, n=n)
        add(f"short-{n}", f"a {n}-point series (fastai num_it={num_it}); fastai trims [{num_it // 10}:-5]",
            lrs, [2.0 - 0.1 * i for i in range(n - 1)] + [2.5], num_it, "fastai")
    for n in (16, 17):
        lrs = tlf_lrs(1e-4, 1.0, n)
        add(f"short-{n}", f"{n} points: torch-lr-finder's plot needs skip_start + skip_end + 2 = 17",
            lrs, u_shape(position(lrs), rng, noise=0.0), n, "torch-lr-finder")
    return out


# ---------------------------------------------------------------- fastai

class _Recorder:
    def __init__(self, lrs, losses):
        self.lrs, self.losses = list(lrs), list(losses)
        self.plotted = None

    def plot_lr_find(self, suggestions=None, nms=None, **kwargs):
        self.plotted = (suggestions, nms)


class _StubLearner:
    """What Learner.lr_find touches: dls.train (its len), no_logging(), fit() (a no-op here), recorder."""

    def __init__(self, lrs, losses):
        self.dls = types.SimpleNamespace(train=[None] * 10)
        self.recorder = _Recorder(lrs, losses)

    def no_logging(self):
        return contextlib.nullcontext()

    def fit(self, n_epoch, cbs=None):
        if not isinstance(cbs, FastaiLRFinder):
            raise AssertionError("lr_find did not fit with its LRFinder callback")


def fastai_suggestions(curve):
    num_it = curve["num_it"]
    k = num_it // 10
    trimmed_lrs, trimmed_losses = curve["lrs"][k:-5], curve["losses"][k:-5]
    result = {"num_it": num_it, "trim": [k, -5], "trimmed": {"lrs": nums(trimmed_lrs), "losses": nums(trimmed_losses)},
              "input": None}
    for name, func in METHODS.items():
        seen = {}

        @functools.wraps(func)
        def spy(lrs, losses, n, func=func, seen=seen):
            seen.update(lrs=lrs.clone(), losses=losses.clone(), num_it=n)
            return func(lrs, losses, n)

        learn = _StubLearner(curve["lrs"], curve["losses"])
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                out = Learner.lr_find(learn, num_it=num_it, show_plot=True, suggest_funcs=(spy,))
            (lr,) = tuple(out)
            (point,), nms = learn.recorder.plotted
            if list(nms) != [name]:
                raise AssertionError(f"lr_find named the suggestion {nms}")
            result[name] = {"lr": num(lr), "point": [num(point[0]), num(point[1])]}
        except Exception as e:  # noqa: BLE001 (the library's error is the answer)
            result[name] = {"error": error_of(e)}
        if seen:
            if seen["lrs"].dtype != torch.float32 or seen["losses"].dtype != torch.float32:
                raise AssertionError(f"{name} received {seen['lrs'].dtype} / {seen['losses'].dtype}")
            if seen["num_it"] != num_it:
                raise AssertionError(f"{name} received num_it={seen['num_it']}")
            received = {"dtype": "float32", "lrs": nums(seen["lrs"].tolist()), "losses": nums(seen["losses"].tolist())}
            if result["input"] is None:
                result["input"] = received
            elif result["input"] != received:
                raise AssertionError(f"{name} received other inputs than the first method")
    return result


# ---------------------------------------------------------------- torch-lr-finder

def tlf_finder():
    model = torch.nn.Linear(1, 1)
    return LRFinder(model, torch.optim.SGD(model.parameters(), lr=0.1), torch.nn.CrossEntropyLoss())


def tlf_suggestion(curve):
    finder = tlf_finder()
    finder.history = {"lr": list(curve["lrs"]), "loss": list(curve["losses"])}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            _, lr = finder.plot(skip_start=SKIP_START, skip_end=SKIP_END, log_lr=True, suggest_lr=True,
                                ax=Figure().add_subplot())
    except Exception as e:  # noqa: BLE001
        return {"error": error_of(e)}
    trimmed_lrs = curve["lrs"][SKIP_START:-SKIP_END]
    trimmed_losses = curve["losses"][SKIP_START:-SKIP_END]
    with np.errstate(all="ignore"):
        argmin = int(np.gradient(np.array(trimmed_losses)).argmin())
    if trimmed_lrs[argmin] != lr:
        raise AssertionError(f"plot() returned {lr!r}, not lrs[{SKIP_START} + {argmin}]")
    return {"lr": num(lr), "index": SKIP_START + argmin,
            "input": {"lrs": nums(trimmed_lrs), "losses": nums(trimmed_losses)}}


def torch_lr_finder_sequence(start, end, num_iter, mode):
    finder = tlf_finder()
    finder._set_learning_rate(start)  # what range_test does with start_lr
    cls = ExponentialLR if mode == "exp" else LinearLR
    schedule = cls(finder.optimizer, end, num_iter)
    out = []
    for _ in range(num_iter):
        out.append(schedule.get_lr()[0])
        schedule.step()
    return out


def tlf_schedules():
    specs = [(1e-7, 10.0, 100, "exp"), (1e-6, 1.0, 60, "exp"), (1e-4, 3.0, 50, "exp"), (0.01, 1.0, 17, "exp"),
             (1e-3, 1e-1, 2, "exp"), (1e-4, 3.0, 50, "linear"), (1e-7, 10.0, 100, "linear"), (1e-3, 1e-1, 2, "linear"),
             (1e-3, 1e-1, 1, "exp"), (1e-3, 1e-1, 1, "linear")]
    out = []
    for start, end, n, mode in specs:
        row = {"start_lr": start, "end_lr": end, "num_iter": n, "step_mode": mode}
        try:
            row["lrs"] = nums(torch_lr_finder_sequence(start, end, n, mode))
        except Exception as e:  # noqa: BLE001
            row["error"] = error_of(e)
        out.append(row)
    return out


# ---------------------------------------------------------------- fastai schedule and smoothing

def fastai_schedules():
    out = []
    for start, end, num_it in ((1e-7, 10.0, 100), (1e-6, 1.0, 60), (1e-5, 0.1, 200), (1e-3, 1.0, 3), (1e-4, 10.0, 6)):
        cb = FastaiLRFinder(start_lr=start, end_lr=end, num_it=num_it)
        sched = cb.scheds["lr"]
        lrs = [float(sched(i / cb.num_it)) for i in range(cb.num_it)]
        if lrs != [float(SchedExp(start, end)(i / cb.num_it)) for i in range(cb.num_it)]:
            raise AssertionError("LRFinder's schedule is not SchedExp")
        out.append({"start_lr": start, "end_lr": end, "num_it": num_it, "callback_num_it": cb.num_it,
                    "pos": "train_iter / callback_num_it", "lrs": nums(lrs)})
    return out


def fastai_smoothing(rng_losses):
    out = []
    for sid, raw in rng_losses:
        smoother = AvgSmoothLoss(beta=0.98)
        smoother.reset()
        values = []
        for v in raw:
            learn = types.SimpleNamespace(loss=torch.tensor(v, dtype=torch.float32))
            smoother.accumulate(learn)
            value = smoother.value
            if value.dtype != torch.float32:
                raise AssertionError(f"AvgSmoothLoss.value is {value.dtype}")
            values.append(float(value))
        out.append({"id": sid, "beta": 0.98, "dtype": "float32",
                    "raw": nums(np.array(raw, dtype=np.float32).astype(np.float64)), "smoothed": nums(values)})
    return out


def smoothing_inputs():
    rng = np.random.default_rng(SEED + 1)
    x = np.linspace(0.0, 1.0, 60)
    noisy = (2.3 - 1.5 / (1.0 + np.exp(-(x - 0.5) * 12.0)) + 0.15 * rng.standard_normal(60)).tolist()
    return [("noisy-60", noisy), ("constant-2.3", [2.3] * 10), ("short-3", [2.0, 1.0, 4.0]),
            ("with-inf", [2.0, 1.9, float("inf"), 1.8]), ("with-nan", [2.0, 1.9, float("nan"), 1.8])]


# ---------------------------------------------------------------- main

def versions():
    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
            "fastai": fastai.__version__, "fastcore": importlib.metadata.version("fastcore"),
            "torch_lr_finder": importlib.metadata.version("torch-lr-finder"), "matplotlib": matplotlib.__version__}


def main():
    cases = []
    for curve in curves():
        case = dict(curve)
        case["lrs"], case["losses"] = nums(curve["lrs"]), nums(curve["losses"])
        case["fastai"] = fastai_suggestions(curve)
        case["torch_lr_finder"] = tlf_suggestion(curve)
        cases.append(case)
    reference = {
        "fastai": f"real fastai {fastai.__version__}: fastai.callback.schedule.valley/steep/minimum/slide called by "
                  "Learner.lr_find (on a stub learner holding the curve), which trims [num_it//10:-5], converts with "
                  "fastai.torch_core.tensor (float32 torch tensors) and drops from the first NaN loss on",
        "torch_lr_finder": f"real torch-lr-finder {importlib.metadata.version('torch-lr-finder')}: "
                           "LRFinder.plot(skip_start=10, skip_end=5, log_lr=True, suggest_lr=True) on history = the "
                           "untrimmed curve (float64; np.gradient(losses[10:-5]).argmin())",
        "schedules.fastai": "real fastai LRFinder(start_lr, end_lr, num_it).scheds['lr'] = SchedExp(start, end), "
                            "called at pos = train_iter / num_it (num_it < 6 is raised to 6 by the callback)",
        "schedules.torch_lr_finder": "real torch_lr_finder.lr_finder.ExponentialLR / LinearLR on a real optimizer "
                                     "whose lr is start_lr, read like range_test: get_lr()[0], then step()",
        "smoothing.fastai": "real fastai.learner.AvgSmoothLoss(beta=0.98): val = torch.lerp(loss, val, beta) in "
                            "float32 torch tensors, value = val / (1 - beta**count); fed float32 losses",
        "float32": "fastai's suggestion functions receive float32 tensors (fastai.torch_core.tensor converts float64 "
                   "to float32); every value under fastai.input is a float32 value written as a float64 number",
    }
    fixture = {"versions": versions(), "reference": reference, "seed": SEED, "cases": cases,
               "schedules": {"fastai": fastai_schedules(), "torch_lr_finder": tlf_schedules()},
               "smoothing": {"fastai": fastai_smoothing(smoothing_inputs())}}
    text = json.dumps(fixture, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=True) + "\n"
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    errors = sum(1 for c in cases for m in (*METHODS, "torch_lr_finder")
                 if "error" in (c["fastai"][m] if m in METHODS else c[m]))
    print(f"wrote {os.path.relpath(OUT, ROOT)}: {len(cases)} curves ({errors} suggestions are library errors)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
