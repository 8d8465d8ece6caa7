"""Expected "Download CSV" output of every preset in the Presets menu, computed WITHOUT our TypeScript.

Reads the presets from src/state/presets.json (the same file src/state/presets.ts imports, so the app's presets
and these references cannot drift apart) and writes e2e/fixtures/presets/<id>.csv, which e2e/presets.spec.ts
compares with the file the app downloads (relative tolerance 1e-12).

Where each number comes from:
- torch panels: REAL PyTorch. The optimizer is built as the app's store describes it (src/state/store.ts,
  panelCall: SGD/RMSprop momentum, Adam/AdamW betas = (momentum, 0.999)), then the scheduler from the panel's
  args exactly as given (torch fills in its own defaults); lr[i] = param_groups[0]['lr'] after the constructor and
  i calls of step(); momentum (Adam: betas[0]) where CyclicLR/OneCycleLR cycles it.
- keras LearningRateScheduler: the REAL Python interpreter (with NumPy) runs the panel's `schedule` source, the way
  Keras 3's callback calls it at the start of each epoch: lr = schedule(epoch, lr), or schedule(epoch) when the
  two-argument call raises TypeError. Evaluated in float64 (Keras itself then stores the LR in float32; the
  playground shows the float64 curve, see README "Precision").
- transformers panels: the REAL Hugging Face library: the panel's `get_*` function from transformers.optimization
  called on the optimizer above with the panel's args as given; lr[i] = param_groups[0]['lr'] after the
  constructor and i calls of step() (one per optimizer step).
- playground panels: the published formulas, imported from playground_golden.py (noam: Vaswani et al. 2017,
  eq. 3). When an InverseSqrt panel's LR is exactly the
  paper's peak (d_model * warmup)^-0.5 for a whole d_model, the paper's own lrate is written unchanged.

CSV format (the app's, src/state/csv.ts): header `step,epoch,A,B,...` then `A_momentum,...` for panels that cycle
momentum; one row per optimizer step over epochs * stepsPerEpoch; step and epoch 0-based; an epoch-ticked panel
gives lr[epoch] on every step of that epoch, a step-ticked one lr[step]; a missing value is an empty cell; numbers
as Python's repr(float); "\n" line endings and a trailing newline.

Run with the reference environment: .venv-ref/bin/python scripts/golden/presets_golden.py   (deterministic)
"""

import ast
import json
import math
import os
import sys
import warnings

import numpy as np
import torch
from torch.optim import lr_scheduler
from transformers import optimization as hf_optimization

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from playground_golden import noam  # noqa: E402

warnings.filterwarnings("ignore")

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PRESETS = os.path.join(ROOT, "src", "state", "presets.json")
OUT_DIR = os.path.join(ROOT, "e2e", "fixtures", "presets")
PANEL_NAMES = "ABCDEF"

TORCH_STEP_TICKED = ("CyclicLR", "OneCycleLR")
TORCH_EPOCH_TICKED = ("StepLR", "MultiStepLR", "ExponentialLR", "ConstantLR", "LinearLR", "PolynomialLR",
                      "CosineAnnealingLR", "CosineAnnealingWarmRestarts")


# ---------------------------------------------------------------- references

def make_optimizer(spec):
    """The optimizer src/state/store.ts panelCall describes."""
    params = [torch.nn.Parameter(torch.zeros(1))]
    kind, lr, momentum = spec["kind"], spec["lr"], spec["momentum"]
    if kind == "SGD":
        return torch.optim.SGD(params, lr=lr, momentum=momentum)
    if kind == "RMSprop":
        return torch.optim.RMSprop(params, lr=lr, momentum=momentum)
    if kind in ("Adam", "AdamW"):
        return getattr(torch.optim, kind)(params, lr=lr, betas=(momentum, 0.999))
    raise ValueError("unknown optimizer kind " + kind)


def torch_series(panel, horizon):
    name, args = panel["name"], panel["args"]
    if name in TORCH_STEP_TICKED:
        tick = "step"
    elif name in TORCH_EPOCH_TICKED:
        tick = "epoch"
    else:
        raise NotImplementedError("presets_golden.py: add torch " + name)
    n = ticks(tick, horizon)
    cycles = name in TORCH_STEP_TICKED and args.get("cycle_momentum", True)
    opt = make_optimizer(panel["optimizer"])
    sched = getattr(lr_scheduler, name)(opt, **args)
    lrs, moms = [], []
    for i in range(n):
        if i > 0:
            try:
                sched.step()
            except Exception as exc:  # the rest of the column stays empty, as in the app
                print(f"  {name}: step {i} raised {type(exc).__name__}: {exc}")
                break
        group = opt.param_groups[0]
        lrs.append(float(group["lr"]))
        if cycles:
            moms.append(float(group["betas"][0] if "betas" in group else group["momentum"]))
    return tick, lrs, (moms if cycles else None)


def compile_python(source):
    """Python source text -> function: a lambda is evaluated, a def executed (its last function is used)."""
    ns = {"np": np, "numpy": np, "math": math}
    tree = ast.parse(source)
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        return eval(compile(ast.Expression(tree.body[0].value), "<schedule>", "eval"), ns)
    exec(compile(tree, "<schedule>", "exec"), ns)
    return ns[[node.name for node in tree.body if isinstance(node, ast.FunctionDef)][-1]]


def keras_series(panel, horizon):
    if panel["name"] != "LearningRateScheduler":
        raise NotImplementedError("presets_golden.py: add keras " + panel["name"])
    schedule = compile_python(panel["args"]["schedule"])
    lr = float(panel["optimizer"]["lr"])
    lrs = []
    for epoch in range(ticks("epoch", horizon)):
        # keras/src/callbacks/learning_rate_scheduler.py, on_epoch_begin
        try:
            lr = schedule(epoch, lr)
        except TypeError:
            lr = schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the schedule function should be a float. Got: {lr}")
        lr = float(lr)
        lrs.append(lr)
    return "epoch", lrs, None


def playground_series(panel, horizon):
    name, args, lr = panel["name"], panel["args"], panel["optimizer"]["lr"]
    n = ticks("step", horizon)
    if name == "InverseSqrt":
        W = args["warmup_steps"]
        d_model = round(1.0 / (lr * lr * W))
        if d_model >= 1 and abs((d_model * W) ** -0.5 - lr) <= 1e-15 * lr:
            print(f"  InverseSqrt: LR is the paper's peak for d_model = {d_model}: writing eq. 3 as published")
            return "step", [noam(t, W, d_model) for t in range(n)], None
        peak = noam(W - 1, W, 512)
        return "step", [lr * noam(t, W, 512) / peak for t in range(n)], None
    raise NotImplementedError("presets_golden.py: add playground " + name)


def transformers_series(panel, horizon):
    opt = make_optimizer(panel["optimizer"])
    sched = getattr(hf_optimization, panel["name"])(opt, **panel["args"])
    lrs = []
    for i in range(ticks("step", horizon)):
        if i > 0:
            sched.step()
        lrs.append(float(opt.param_groups[0]["lr"]))
    return "step", lrs, None


# ---------------------------------------------------------------- CSV

def ticks(tick, horizon):
    return horizon["epochs"] if tick == "epoch" else horizon["epochs"] * horizon["stepsPerEpoch"]


def series_of(panel, horizon):
    return {"torch": torch_series, "keras": keras_series, "playground": playground_series,
            "transformers": transformers_series}[panel["framework"]](
        panel, horizon)


def cell(values, i):
    return repr(float(values[i])) if i < len(values) else ""


def build_csv(preset):
    horizon = preset["data"]["horizon"]
    spe = horizon["stepsPerEpoch"]
    series = [(PANEL_NAMES[i],) + series_of(p, horizon) for i, p in enumerate(preset["data"]["panels"])]
    header = ["step", "epoch"] + [s[0] for s in series] + [s[0] + "_momentum" for s in series if s[3] is not None]
    lines = [",".join(header)]
    for step in range(horizon["epochs"] * spe):
        epoch = step // spe
        row = [str(step), str(epoch)]
        for _, tick, lrs, _moms in series:
            row.append(cell(lrs, epoch if tick == "epoch" else step))
        for _, tick, _lrs, moms in series:
            if moms is not None:
                row.append(cell(moms, epoch if tick == "epoch" else step))
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


def main():
    with open(PRESETS) as f:
        presets = json.load(f)["presets"]
    os.makedirs(OUT_DIR, exist_ok=True)
    for preset in presets:
        print(preset["id"])
        text = build_csv(preset)
        with open(os.path.join(OUT_DIR, preset["id"] + ".csv"), "w", newline="\n") as f:
            f.write(text)
        print(f"  {text.count(chr(10)) - 1} rows, {len(text.encode())} bytes")
    print(f"wrote {len(presets)} presets to e2e/fixtures/presets/ (torch {torch.__version__}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
