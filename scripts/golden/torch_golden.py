"""Golden fixtures for the torch schedule engine, recorded from REAL PyTorch.

The TypeScript engine in src/schedules/torch must reproduce PyTorch's learning-rate
schedulers exactly (float64, rtol 1e-12), including their recursive floating-point
arithmetic, their quirks and the errors they raise. This script runs the real
torch.optim.lr_scheduler classes (and torch.optim.swa_utils.SWALR) over a set of calls
and writes what torch produced to src/schedules/__fixtures__/torch.json, which the unit
tests compare against. It never computes an expected value itself: every number comes
from torch.

It runs in the project's reference environment (.venv-ref, built by
scripts/ensure-python-ref.mjs: torch 2.13.0+cpu, numpy, Python 3.11):
    KERAS_BACKEND=torch .venv-ref/bin/python scripts/golden/torch_golden.py
The fixture records the versions that produced it ("versions": torch, python, numpy).
It is deterministic: the same versions give byte-identical output on every run.

Besides the project's own cases it covers what the earlier fixture (Debian's torch 1.13)
had to leave out: CyclicLR / OneCycleLR cycling Adam's and AdamW's beta1, SequentialLR
nested in SequentialLR, MultiplicativeLR inside SequentialLR past its milestone,
LinearLR start_factor=0 (torch 2.13 raises), and the argument values of PyTorch's own
test suite (test/optim/test_lrscheduler.py: momentum bounds above 1 such as
max_momentum=22, lr bounds of 1..25). Arguments only, never its expected values.

SWALR is recorded alone, inside SequentialLR / ChainedScheduler, and as the SWA recipe of
PyTorch's documentation (the "SWARecipe" family): a scheduler and an SWALR are built on
one optimizer, in that order, and after each epoch the loop calls
    swa_scheduler.step() if epoch > swa_start else scheduler.step()

Fixture format: {"generator", "torch_version", "versions", "cases": [CASE, ...]}, one case a line.
CASE = {"id", "call": {"framework": "torch", "name", "args", "optimizer", "stepEvery"?}, "n",
        "metric"?  (ReduceLROnPlateau only; n values, the last unused),
        "lr"       (lr[i] = param_groups[0]['lr'] after the constructor and i step() calls),
        "momentum"? (when a CyclicLR/OneCycleLR with cycle_momentum is involved: momentum,
                    or betas[0] for Adam/AdamW),
        "error"?   ({"type", "tick", "message"}; tick null = raised by the constructor,
                    else the K-th step() raised and lr/momentum hold ticks 0..K-1)}
Cases with "stepEvery": "batch" are recorded from an epochs x batches loop that calls
scheduler.step() after every batch (run_batch_case); their ticks count optimizer steps.
It also writes e2e/fixtures/stepping/*.csv, the CSVs e2e/stepping.spec.ts expects.
"""
import ast
import json
import math
import os
import platform
import sys
import warnings

import numpy
import torch
from torch.optim import lr_scheduler, swa_utils

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "schedules", "__fixtures__", "torch.json")

CYCLING = ("CyclicLR", "OneCycleLR")


# ---------------------------------------------------------------- construction

def make_optimizer(spec):
    params = [torch.nn.Parameter(torch.zeros(1))]
    kind = spec.get("kind", "SGD")
    lr = spec["lr"]
    if kind == "SGD":
        kw = {"lr": lr}
        if "momentum" in spec:
            kw["momentum"] = spec["momentum"]
        return torch.optim.SGD(params, **kw)
    if kind in ("Adam", "AdamW"):
        kw = {"lr": lr}
        if "betas" in spec:
            kw["betas"] = tuple(spec["betas"])
        return getattr(torch.optim, kind)(params, **kw)
    if kind == "RMSprop":
        kw = {"lr": lr}
        if "momentum" in spec:
            kw["momentum"] = spec["momentum"]
        return torch.optim.RMSprop(params, **kw)
    raise ValueError("unknown optimizer kind " + kind)


def compile_lambda(src):
    """Python source text -> function. `lambda ...` is evaluated; `def f(...)` is executed
    and the function it defines is used. Trusted dev script: eval/exec are fine here."""
    ns = {"math": math}
    tree = ast.parse(src)
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        return eval(compile(ast.Expression(tree.body[0].value), "<lr_lambda>", "eval"), ns)
    exec(compile(tree, "<lr_lambda>", "exec"), ns)
    defs = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    return ns[defs[-1]]


def make_scheduler(opt, name, args):
    kw = dict(args)
    if name == "SWALR":
        return swa_utils.SWALR(opt, **kw)
    cls = getattr(lr_scheduler, name)
    if name in ("LambdaLR", "MultiplicativeLR"):
        kw["lr_lambda"] = compile_lambda(kw["lr_lambda"])
    if name == "SequentialLR":
        subs = [make_scheduler(opt, s["name"], s.get("args", {})) for s in kw.pop("schedulers")]
        return cls(opt, schedulers=subs, **kw)
    if name == "ChainedScheduler":
        subs = [make_scheduler(opt, s["name"], s.get("args", {})) for s in kw.pop("schedulers")]
        return cls(subs)
    return cls(opt, **kw)


def cycles_momentum(name, args):
    if name in CYCLING and args.get("cycle_momentum", True):
        return True
    if name in ("SequentialLR", "ChainedScheduler", "SWARecipe"):
        return any(cycles_momentum(s["name"], s.get("args", {})) for s in args["schedulers"])
    return False


def read_momentum(opt):
    group = opt.param_groups[0]
    if "betas" in group:
        return float(group["betas"][0])
    return float(group["momentum"])


class SWARecipe:
    """The SWA loop of PyTorch's documentation (torch.optim, "Stochastic Weight Averaging"):
    `scheduler` and `swa_scheduler` are built on one optimizer in that order; after epoch
    `epoch` the loop calls swa_scheduler.step() if epoch > swa_start, else scheduler.step().
    This class only counts the epochs for the loop; both schedulers are torch's own."""

    def __init__(self, opt, args):
        scheduler, swa_scheduler = args["schedulers"]
        self.scheduler = make_scheduler(opt, scheduler["name"], scheduler.get("args", {}))
        self.swa_scheduler = make_scheduler(opt, swa_scheduler["name"], swa_scheduler.get("args", {}))
        self.swa_start = args["swa_start"]
        self.epoch = 0

    def step(self):
        if self.epoch > self.swa_start:
            self.swa_scheduler.step()
        else:
            self.scheduler.step()
        self.epoch += 1


# ---------------------------------------------------------------- running

def run_case(cid, name, args, optimizer, n, metric=None):
    call = {"framework": "torch", "name": name, "args": args, "optimizer": optimizer}
    case = {"id": cid, "call": call, "n": n}
    if name == "ReduceLROnPlateau":
        assert metric is not None and len(metric) == n, cid
        case["metric"] = [float(m) for m in metric]
    track_mom = cycles_momentum(name, args)

    opt = make_optimizer(optimizer)
    try:
        if name == "SWARecipe":
            sched = SWARecipe(opt, args)
        else:
            sched = make_scheduler(opt, name, args)
    except Exception as exc:  # constructor error
        case["error"] = {"type": type(exc).__name__, "tick": None, "message": str(exc)}
        return case

    lrs, moms = [], []
    error = None
    for i in range(n):
        if i > 0:
            try:
                if name == "ReduceLROnPlateau":
                    sched.step(metric[i - 1])
                else:
                    sched.step()
            except Exception as exc:
                error = {"type": type(exc).__name__, "tick": i, "message": str(exc)}
                break
        lrs.append(float(opt.param_groups[0]["lr"]))
        if track_mom:
            moms.append(read_momentum(opt))
    case["lr"] = lrs
    if track_mom:
        case["momentum"] = moms
    if error is not None:
        case["error"] = error
    return case


def run_batch_case(cid, name, args, optimizer, epochs, batches):
    """The same call stepped where many training loops step it: scheduler.step() after every optimizer step,
    inside the batch loop of an epochs x batches loop. lr[i] is the LR of optimizer step i (after i step()
    calls); a step() that raises ends the case with its tick."""
    call = {"framework": "torch", "name": name, "args": args, "optimizer": optimizer, "stepEvery": "batch"}
    case = {"id": cid, "call": call, "n": epochs * batches}
    track_mom = cycles_momentum(name, args)
    opt = make_optimizer(optimizer)
    try:
        sched = SWARecipe(opt, args) if name == "SWARecipe" else make_scheduler(opt, name, args)
    except Exception as exc:  # constructor error
        case["error"] = {"type": type(exc).__name__, "tick": None, "message": str(exc)}
        return case
    lrs, moms = [], []
    error = None
    for epoch in range(epochs):
        for batch in range(batches):
            # forward, backward and optimizer.step() would come here; the LR they use is the group's now.
            lrs.append(float(opt.param_groups[0]["lr"]))
            if track_mom:
                moms.append(read_momentum(opt))
            if epoch == epochs - 1 and batch == batches - 1:
                break  # the step after the last recorded one is not part of the case
            try:
                sched.step()
            except Exception as exc:
                error = {"type": type(exc).__name__, "tick": len(lrs), "message": str(exc)}
                break
        if error is not None:
            break
    case["lr"] = lrs
    if track_mom:
        case["momentum"] = moms
    if error is not None:
        case["error"] = error
    return case


E2E_STEPPING = os.path.join(ROOT, "e2e", "fixtures", "stepping")


def write_stepping_csv(file_name, name, args, optimizer, epochs, steps_per_epoch, every="batch"):
    """The app's "Download CSV" (step,epoch,A: one row per optimizer step) for one torch panel whose step() is
    called after every batch, or once per epoch (each epoch's LR then fills its steps), from real torch."""
    if every == "batch":
        case = run_batch_case("e2e", name, args, optimizer, epochs, steps_per_epoch)
        per_step = case["lr"]
    else:
        case = run_case("e2e", name, args, optimizer, epochs)
        per_step = [lr for lr in case["lr"] for _ in range(steps_per_epoch)]
    assert "error" not in case, case["error"]
    lines = ["step,epoch,A"]
    for step, lr in enumerate(per_step):
        lines.append("%d,%d,%r" % (step, step // steps_per_epoch, lr))
    os.makedirs(E2E_STEPPING, exist_ok=True)
    with open(os.path.join(E2E_STEPPING, file_name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- cases

def sgd(lr=0.1, momentum=None):
    o = {"kind": "SGD", "lr": lr}
    if momentum is not None:
        o["momentum"] = momentum
    return o


def adam(lr=1e-3, kind="Adam", betas=None):
    o = {"kind": kind, "lr": lr}
    if betas is not None:
        o["betas"] = list(betas)
    return o


def sub(name, **args):
    return {"name": name, "args": args}


def metric_seq(kind, n):
    """Deterministic metric sequences for ReduceLROnPlateau (inputs, not expected values)."""
    out = []
    for i in range(n):
        if kind == "decrease":
            v = 1.0 / (1.0 + 0.05 * i)
        elif kind == "plateau":
            v = max(1.0 - 0.1 * i, 0.5)
        elif kind == "noisy":
            v = 1.0 / (1.0 + 0.1 * i) + 0.05 * math.sin(i * 1.7)
        elif kind == "tiny":
            v = 1.0 - 1e-6 * i
        elif kind == "accuracy":
            v = min(0.9 * (1.0 - math.exp(-0.05 * i)), 0.8) + 0.01 * math.sin(i * 2.3)
        elif kind == "negative":
            v = -1.0 - 1.0 / (1.0 + math.exp(-0.05 * (i - 60))) + 0.02 * math.cos(i * 1.3)
        elif kind == "stepwise":
            v = 1.0 - 0.1 * (i // 15)
        else:
            raise ValueError(kind)
        out.append(v)
    return out


def build_cases():
    C = []

    def add(cid, name, args, optimizer, n, metric=None):
        C.append(run_case(cid, name, args, optimizer, n, metric))

    # StepLR
    add("StepLR/gamma0.5-step7", "StepLR", {"step_size": 7, "gamma": 0.5}, sgd(0.1, 0.9), 1200)
    add("StepLR/default-gamma-step30", "StepLR", {"step_size": 30}, sgd(0.1), 200)
    add("StepLR/step1-gamma0.9-adam", "StepLR", {"step_size": 1, "gamma": 0.9}, adam(1e-3), 300)
    add("StepLR/gamma1.5-step10", "StepLR", {"step_size": 10, "gamma": 1.5}, sgd(0.01), 100)
    add("StepLR/step1000-long", "StepLR", {"step_size": 1000, "gamma": 0.1}, sgd(0.1), 2500)
    add("StepLR/rmsprop-step3-gamma0.7", "StepLR", {"step_size": 3, "gamma": 0.7}, {"kind": "RMSprop", "lr": 0.01}, 60)

    # MultiStepLR
    add("MultiStepLR/30-80", "MultiStepLR", {"milestones": [30, 80], "gamma": 0.1}, sgd(0.1, 0.9), 150)
    add("MultiStepLR/duplicate-3-3-8", "MultiStepLR", {"milestones": [3, 3, 8], "gamma": 0.5}, sgd(0.1), 20)
    add("MultiStepLR/unsorted-80-20", "MultiStepLR", {"milestones": [80, 20], "gamma": 0.5}, sgd(0.1), 120)
    add("MultiStepLR/long-adam", "MultiStepLR", {"milestones": [100, 300, 600, 900], "gamma": 0.5}, adam(3e-4), 1200)
    add("MultiStepLR/milestone0", "MultiStepLR", {"milestones": [0, 5]}, sgd(0.1), 12)
    add("MultiStepLR/empty", "MultiStepLR", {"milestones": []}, sgd(0.1), 10)

    # ConstantLR
    add("ConstantLR/default", "ConstantLR", {}, sgd(0.1), 20)
    add("ConstantLR/factor0.5-iters4", "ConstantLR", {"factor": 0.5, "total_iters": 4}, sgd(0.05), 12)
    add("ConstantLR/factor0.1-iters100-long", "ConstantLR", {"factor": 0.1, "total_iters": 100}, sgd(0.1, 0.9), 1000)
    add("ConstantLR/total_iters0", "ConstantLR", {"factor": 0.5, "total_iters": 0}, sgd(0.1), 10)
    add("ConstantLR/factor1", "ConstantLR", {"factor": 1.0, "total_iters": 5}, sgd(0.1), 10)
    add("ConstantLR/factor0.25-adam", "ConstantLR", {"factor": 0.25, "total_iters": 10}, adam(1e-3), 30)
    add("ConstantLR/factor0-zerodiv", "ConstantLR", {"factor": 0.0, "total_iters": 3}, sgd(0.1), 10)
    add("ConstantLR/factor1.5-error", "ConstantLR", {"factor": 1.5}, sgd(0.1), 10)

    # LinearLR
    add("LinearLR/default", "LinearLR", {}, sgd(0.1), 20)
    add("LinearLR/warmup0.1-10", "LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 10}, sgd(0.1, 0.9), 30)
    add("LinearLR/decay-to-0-long", "LinearLR", {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 100}, sgd(0.1), 1200)
    add("LinearLR/decreasing-0.5-0.1-adam", "LinearLR", {"start_factor": 0.5, "end_factor": 0.1, "total_iters": 50}, adam(1e-3), 100)
    add("LinearLR/0.25-0.75-1000", "LinearLR", {"start_factor": 0.25, "end_factor": 0.75, "total_iters": 1000}, sgd(0.1), 1500)
    add("LinearLR/total_iters0", "LinearLR", {"start_factor": 0.5, "total_iters": 0}, sgd(0.1), 10)
    add("LinearLR/start_factor1.5-error", "LinearLR", {"start_factor": 1.5}, sgd(0.1), 10)
    add("LinearLR/end_factor-negative-error", "LinearLR", {"end_factor": -0.1}, sgd(0.1), 10)

    # ExponentialLR
    add("ExponentialLR/gamma0.95", "ExponentialLR", {"gamma": 0.95}, sgd(0.1, 0.9), 200)
    add("ExponentialLR/gamma0.999-5000", "ExponentialLR", {"gamma": 0.999}, sgd(0.1), 5000)
    add("ExponentialLR/gamma1.01", "ExponentialLR", {"gamma": 1.01}, sgd(0.001), 500)
    add("ExponentialLR/gamma0.5-adam", "ExponentialLR", {"gamma": 0.5}, adam(1e-3), 100)
    add("ExponentialLR/gamma0.99-adamw-long", "ExponentialLR", {"gamma": 0.99}, adam(1e-3, "AdamW"), 1000)

    # PolynomialLR
    add("PolynomialLR/default", "PolynomialLR", {}, sgd(0.1), 10)
    add("PolynomialLR/power1-100", "PolynomialLR", {"total_iters": 100, "power": 1.0}, sgd(0.1, 0.9), 150)
    add("PolynomialLR/power2-100", "PolynomialLR", {"total_iters": 100, "power": 2.0}, sgd(0.1), 200)
    add("PolynomialLR/power0.5-100", "PolynomialLR", {"total_iters": 100, "power": 0.5}, sgd(0.1), 150)
    add("PolynomialLR/power2-1000-adam", "PolynomialLR", {"total_iters": 1000, "power": 2.0}, adam(1e-3), 1200)
    add("PolynomialLR/power3-10", "PolynomialLR", {"total_iters": 10, "power": 3}, sgd(0.5), 20)
    add("PolynomialLR/total_iters1", "PolynomialLR", {"total_iters": 1}, sgd(0.1), 5)

    # CosineAnnealingLR
    add("CosineAnnealingLR/T100-long", "CosineAnnealingLR", {"T_max": 100}, sgd(0.1, 0.9), 1000)
    add("CosineAnnealingLR/T50-eta0.001-long", "CosineAnnealingLR", {"T_max": 50, "eta_min": 0.001}, sgd(0.1), 1200)
    add("CosineAnnealingLR/T1", "CosineAnnealingLR", {"T_max": 1}, sgd(0.1), 20)
    add("CosineAnnealingLR/T200-adam", "CosineAnnealingLR", {"T_max": 200, "eta_min": 1e-5}, adam(3e-4), 1000)
    add("CosineAnnealingLR/T7-eta0.01", "CosineAnnealingLR", {"T_max": 7, "eta_min": 0.01}, sgd(0.1), 100)
    add("CosineAnnealingLR/eta_min-above-lr", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.2}, sgd(0.1), 60)

    # CosineAnnealingWarmRestarts
    add("CosineAnnealingWarmRestarts/T10-mult1-long", "CosineAnnealingWarmRestarts", {"T_0": 10}, sgd(0.1, 0.9), 1000)
    add("CosineAnnealingWarmRestarts/T10-mult2-eta", "CosineAnnealingWarmRestarts", {"T_0": 10, "T_mult": 2, "eta_min": 0.001}, sgd(0.1), 1200)
    add("CosineAnnealingWarmRestarts/T5-mult3-long", "CosineAnnealingWarmRestarts", {"T_0": 5, "T_mult": 3}, sgd(0.1), 1500)
    add("CosineAnnealingWarmRestarts/T1", "CosineAnnealingWarmRestarts", {"T_0": 1}, sgd(0.1), 20)
    add("CosineAnnealingWarmRestarts/T50-eta-adam", "CosineAnnealingWarmRestarts", {"T_0": 50, "eta_min": 1e-5}, adam(1e-3), 400)
    add("CosineAnnealingWarmRestarts/T0-0-error", "CosineAnnealingWarmRestarts", {"T_0": 0}, sgd(0.1), 10)
    add("CosineAnnealingWarmRestarts/T_mult0-error", "CosineAnnealingWarmRestarts", {"T_0": 10, "T_mult": 0}, sgd(0.1), 10)

    # CyclicLR (the optimizer lr is replaced by base_lr)
    add("CyclicLR/triangular-momentum-long", "CyclicLR",
        {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 20}, sgd(0.1, 0.9), 2000)
    add("CyclicLR/triangular2", "CyclicLR",
        {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 50, "mode": "triangular2"}, sgd(0.1, 0.9), 1000)
    add("CyclicLR/exp_range-0.999-long", "CyclicLR",
        {"base_lr": 0.0001, "max_lr": 0.01, "step_size_up": 100, "mode": "exp_range", "gamma": 0.999}, sgd(0.1, 0.9), 2500)
    add("CyclicLR/unequal-up10-down30", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 10, "step_size_down": 30}, sgd(0.1, 0.9), 400)
    add("CyclicLR/no-momentum-cycle-sgd", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.05, "step_size_up": 7, "cycle_momentum": False}, sgd(0.1), 200)
    add("CyclicLR/no-momentum-cycle-adam", "CyclicLR",
        {"base_lr": 1e-4, "max_lr": 1e-3, "step_size_up": 25, "mode": "triangular2", "cycle_momentum": False}, adam(1e-3), 300)
    add("CyclicLR/custom-momentum-range", "CyclicLR",
        {"base_lr": 0.005, "max_lr": 0.05, "step_size_up": 15, "step_size_down": 5, "base_momentum": 0.85,
         "max_momentum": 0.95}, sgd(0.1, 0.9), 300)
    add("CyclicLR/default-step2000", "CyclicLR", {"base_lr": 0.001, "max_lr": 0.006}, sgd(0.1, 0.9), 4500)
    add("CyclicLR/sgd-without-momentum-arg", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}, sgd(0.1), 30)

    # OneCycleLR
    add("OneCycleLR/cos-100", "OneCycleLR", {"max_lr": 0.1, "total_steps": 100}, sgd(0.1, 0.9), 100)
    add("OneCycleLR/linear-200", "OneCycleLR",
        {"max_lr": 0.1, "total_steps": 200, "anneal_strategy": "linear"}, sgd(0.1, 0.9), 200)
    add("OneCycleLR/three-phase-300", "OneCycleLR",
        {"max_lr": 0.05, "total_steps": 300, "three_phase": True}, sgd(0.1, 0.9), 300)
    add("OneCycleLR/epochs10-spe50", "OneCycleLR",
        {"max_lr": 0.1, "epochs": 10, "steps_per_epoch": 50}, sgd(0.1, 0.9), 500)
    add("OneCycleLR/pct0.25-div10-final100-1000", "OneCycleLR",
        {"max_lr": 0.2, "total_steps": 1000, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0},
        sgd(0.1, 0.9), 1000)
    add("OneCycleLR/pct0.5-linear-three-phase", "OneCycleLR",
        {"max_lr": 0.1, "total_steps": 120, "pct_start": 0.5, "anneal_strategy": "linear", "three_phase": True},
        sgd(0.1, 0.9), 120)
    add("OneCycleLR/no-momentum-cycle-adam", "OneCycleLR",
        {"max_lr": 1e-3, "total_steps": 100, "cycle_momentum": False}, adam(1e-3), 100)
    add("OneCycleLR/momentum-range", "OneCycleLR",
        {"max_lr": 0.1, "total_steps": 60, "base_momentum": 0.8, "max_momentum": 0.99}, sgd(0.1, 0.9), 60)
    add("OneCycleLR/small-10", "OneCycleLR", {"max_lr": 0.1, "total_steps": 10}, sgd(0.1, 0.9), 10)
    add("OneCycleLR/overstep-error", "OneCycleLR", {"max_lr": 0.1, "total_steps": 50}, sgd(0.1, 0.9), 52)
    add("OneCycleLR/no-total-steps-error", "OneCycleLR", {"max_lr": 0.1}, sgd(0.1, 0.9), 10)

    # ReduceLROnPlateau
    N = 200
    add("ReduceLROnPlateau/default-noisy", "ReduceLROnPlateau", {}, sgd(0.1, 0.9), N, metric_seq("noisy", N))
    add("ReduceLROnPlateau/steady-decrease-abs-cooldown5-patience10", "ReduceLROnPlateau",
        {"patience": 10, "cooldown": 5, "threshold_mode": "abs", "threshold": 0.01}, sgd(0.1), N, metric_seq("decrease", N))
    add("ReduceLROnPlateau/patience0-plateau", "ReduceLROnPlateau",
        {"patience": 0, "factor": 0.5}, sgd(0.1), N, metric_seq("plateau", N))
    add("ReduceLROnPlateau/patience3-cooldown2-noisy", "ReduceLROnPlateau",
        {"patience": 3, "cooldown": 2, "factor": 0.5}, sgd(0.1), N, metric_seq("noisy", N))
    add("ReduceLROnPlateau/tiny-improvements-rel", "ReduceLROnPlateau",
        {"patience": 5, "factor": 0.5}, sgd(0.1), N, metric_seq("tiny", N))
    add("ReduceLROnPlateau/min_lr-reached", "ReduceLROnPlateau",
        {"patience": 2, "factor": 0.5, "min_lr": 0.01}, sgd(0.1), N, metric_seq("plateau", N))
    add("ReduceLROnPlateau/eps-blocks", "ReduceLROnPlateau",
        {"patience": 1, "factor": 0.5, "eps": 0.02}, sgd(0.1), N, metric_seq("plateau", N))
    add("ReduceLROnPlateau/max-rel-accuracy", "ReduceLROnPlateau",
        {"mode": "max", "patience": 3, "factor": 0.2}, sgd(0.1, 0.9), N, metric_seq("accuracy", N))
    add("ReduceLROnPlateau/max-abs-adam", "ReduceLROnPlateau",
        {"mode": "max", "threshold_mode": "abs", "threshold": 0.005, "patience": 4, "cooldown": 2}, adam(1e-3), N,
        metric_seq("accuracy", N))
    add("ReduceLROnPlateau/min-rel-negative-metric", "ReduceLROnPlateau",
        {"patience": 3, "threshold": 0.01, "factor": 0.3}, sgd(0.1), N, metric_seq("negative", N))
    add("ReduceLROnPlateau/stepwise-patience10-cooldown0", "ReduceLROnPlateau",
        {"patience": 10, "cooldown": 0, "factor": 0.7, "min_lr": 1e-4}, {"kind": "RMSprop", "lr": 0.01}, N,
        metric_seq("stepwise", N))
    add("ReduceLROnPlateau/factor1-error", "ReduceLROnPlateau", {"factor": 1.0}, sgd(0.1), 10, metric_seq("noisy", 10))

    # LambdaLR / MultiplicativeLR (lr_lambda is Python source text)
    add("LambdaLR/pow0.95", "LambdaLR", {"lr_lambda": "lambda epoch: 0.95 ** epoch"}, sgd(0.1), 100)
    add("LambdaLR/floordiv30", "LambdaLR", {"lr_lambda": "lambda e: e // 30"}, sgd(0.1), 100)
    add("LambdaLR/def-warmup", "LambdaLR",
        {"lr_lambda": "def f(epoch):\n    if epoch < 10:\n        return (epoch + 1) / 10\n"
                      "    else:\n        return 0.5 ** ((epoch - 10) // 20)\n"}, sgd(0.1, 0.9), 100)
    add("LambdaLR/math-cos", "LambdaLR",
        {"lr_lambda": "lambda epoch: 0.5 * (1 + math.cos(math.pi * epoch / 50))"}, adam(1e-3), 120)
    add("LambdaLR/zerodiv", "LambdaLR", {"lr_lambda": "lambda epoch: 1 / (10 - epoch)"}, sgd(0.1), 20)
    add("MultiplicativeLR/const0.95", "MultiplicativeLR", {"lr_lambda": "lambda epoch: 0.95"}, sgd(0.1), 100)
    add("MultiplicativeLR/alternating", "MultiplicativeLR",
        {"lr_lambda": "lambda epoch: 0.9 if epoch % 2 else 1.0"}, sgd(0.1), 50)

    # SequentialLR (sub-schedulers constructed in order on the same optimizer)
    add("SequentialLR/linear-warmup-cosine-long", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.1, total_iters=10), sub("CosineAnnealingLR", T_max=490)],
         "milestones": [10]}, sgd(0.1, 0.9), 1200)
    add("SequentialLR/constant-exponential", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.1, total_iters=2), sub("ExponentialLR", gamma=0.9)],
         "milestones": [2]}, sgd(1.0), 50)
    add("SequentialLR/milestone-before-warmup-end", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.1, total_iters=10), sub("CosineAnnealingLR", T_max=100)],
         "milestones": [5]}, sgd(0.1), 200)
    add("SequentialLR/three-schedulers-long", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.2, total_iters=5), sub("ExponentialLR", gamma=0.99),
                        sub("StepLR", step_size=50, gamma=0.5)],
         "milestones": [5, 100]}, sgd(0.1), 1000)
    add("SequentialLR/linear-step", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.5, total_iters=20), sub("StepLR", step_size=30, gamma=0.1)],
         "milestones": [20]}, adam(1e-3), 200)
    add("SequentialLR/lambda-then-exponential", "SequentialLR",
        {"schedulers": [sub("LambdaLR", lr_lambda="lambda e: (e + 1) / 5"), sub("ExponentialLR", gamma=0.95)],
         "milestones": [5]}, sgd(0.1), 60)
    add("SequentialLR/constant-then-cyclic", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=10),
                        sub("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=20)],
         "milestones": [10]}, sgd(0.1, 0.9), 150)
    add("SequentialLR/milestones-mismatch-error", "SequentialLR",
        {"schedulers": [sub("LinearLR"), sub("ExponentialLR", gamma=0.9)], "milestones": [5, 10]}, sgd(0.1), 10)

    # ChainedScheduler
    add("ChainedScheduler/constant-exponential", "ChainedScheduler",
        {"schedulers": [sub("ConstantLR", factor=0.1, total_iters=2), sub("ExponentialLR", gamma=0.9)]}, sgd(1.0), 50)
    add("ChainedScheduler/linear-cosine-long", "ChainedScheduler",
        {"schedulers": [sub("LinearLR", start_factor=0.1, total_iters=20), sub("CosineAnnealingLR", T_max=100)]},
        sgd(0.1, 0.9), 1000)
    add("ChainedScheduler/step-multistep-long", "ChainedScheduler",
        {"schedulers": [sub("StepLR", step_size=100, gamma=0.5), sub("MultiStepLR", milestones=[250, 600], gamma=0.1)]},
        sgd(0.1), 1200)
    add("ChainedScheduler/exponential-step-adam", "ChainedScheduler",
        {"schedulers": [sub("ExponentialLR", gamma=0.98), sub("StepLR", step_size=10, gamma=0.5)]}, adam(1e-3), 100)
    add("ChainedScheduler/linear-multiplicative", "ChainedScheduler",
        {"schedulers": [sub("LinearLR", start_factor=0.25, total_iters=8),
                        sub("MultiplicativeLR", lr_lambda="lambda epoch: 0.99")]}, sgd(0.1), 80)
    add("ChainedScheduler/cyclic-exponential", "ChainedScheduler",
        {"schedulers": [sub("CyclicLR", base_lr=0.001, max_lr=0.01, step_size_up=10), sub("ExponentialLR", gamma=0.999)]},
        sgd(0.1, 0.9), 200)

    # ---- torch 2.x behaviour the 1.13 fixture had to leave out
    # cycle_momentum on Adam-family optimizers drives betas[0] (the momentum series is beta1)
    add("CyclicLR/adam-beta1-triangular", "CyclicLR",
        {"base_lr": 1e-4, "max_lr": 1e-3, "step_size_up": 25}, adam(1e-3), 200)
    add("CyclicLR/adamw-beta1-exp_range-custom-betas", "CyclicLR",
        {"base_lr": 1e-4, "max_lr": 1e-3, "step_size_up": 10, "step_size_down": 30, "mode": "exp_range",
         "gamma": 0.995, "base_momentum": 0.85, "max_momentum": 0.95}, adam(1e-3, "AdamW", (0.9, 0.99)), 300)
    add("CyclicLR/adam-beta1-triangular2-long", "CyclicLR",
        {"base_lr": 1e-5, "max_lr": 1e-3, "step_size_up": 100, "mode": "triangular2"}, adam(3e-4), 1500)
    add("OneCycleLR/adam-beta1-cos", "OneCycleLR", {"max_lr": 1e-3, "total_steps": 200}, adam(1e-3), 200)
    add("OneCycleLR/adamw-beta1-three-phase-linear", "OneCycleLR",
        {"max_lr": 3e-3, "total_steps": 300, "three_phase": True, "anneal_strategy": "linear"},
        adam(1e-3, "AdamW", (0.95, 0.98)), 300)
    add("OneCycleLR/adamw-beta1-long", "OneCycleLR",
        {"max_lr": 1e-3, "epochs": 20, "steps_per_epoch": 100, "pct_start": 0.1}, adam(1e-4, "AdamW"), 2000)
    add("OneCycleLR/rmsprop-momentum", "OneCycleLR",
        {"max_lr": 0.01, "total_steps": 80}, {"kind": "RMSprop", "lr": 0.01, "momentum": 0.9}, 80)
    add("SequentialLR/constant-then-onecycle-adam-beta1", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=10), sub("OneCycleLR", max_lr=1e-3, total_steps=200)],
         "milestones": [10]}, adam(1e-3), 150)
    # SequentialLR nested in SequentialLR: as the first child it runs; as a later child torch restarts it
    # with _update_lr(0), and a container has no get_lr (NotImplementedError at that milestone)
    add("SequentialLR/nested-sequential-first", "SequentialLR",
        {"schedulers": [sub("SequentialLR", schedulers=[sub("LinearLR", start_factor=0.1, total_iters=5),
                                                         sub("ExponentialLR", gamma=0.9)], milestones=[5]),
                        sub("StepLR", step_size=10, gamma=0.5)],
         "milestones": [20]}, sgd(0.1), 60)
    add("SequentialLR/nested-sequential-second-error", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.1, total_iters=5),
                        sub("SequentialLR", schedulers=[sub("ExponentialLR", gamma=0.9), sub("StepLR", step_size=10)],
                            milestones=[10])],
         "milestones": [5]}, sgd(0.1), 30)
    add("SequentialLR/nested-chained-first", "SequentialLR",
        {"schedulers": [sub("ChainedScheduler", schedulers=[sub("ConstantLR", factor=0.5, total_iters=4),
                                                             sub("ExponentialLR", gamma=0.95)]),
                        sub("CosineAnnealingLR", T_max=30)],
         "milestones": [10]}, sgd(0.1), 60)
    # MultiplicativeLR past its milestone: restarted with _update_lr(0), it multiplies by f(0) (2.x: not _is_initial)
    add("SequentialLR/constant-then-multiplicative", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=3),
                        sub("MultiplicativeLR", lr_lambda="lambda epoch: 0.9")], "milestones": [5]}, sgd(0.1), 40)
    add("SequentialLR/linear-then-multiplicative-epoch-dependent", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.2, total_iters=4),
                        sub("MultiplicativeLR", lr_lambda="lambda epoch: 0.5 if epoch == 0 else 0.97")],
         "milestones": [4]}, sgd(0.1), 40)
    add("SequentialLR/multiplicative-three-milestones", "SequentialLR",
        {"schedulers": [sub("MultiplicativeLR", lr_lambda="lambda e: 1.1"), sub("MultiplicativeLR", lr_lambda="lambda e: 0.8"),
                        sub("ExponentialLR", gamma=0.99)], "milestones": [5, 12]}, sgd(0.01), 40)
    add("LinearLR/start_factor0-error", "LinearLR", {"start_factor": 0.0}, sgd(0.1), 10)
    add("LinearLR/start_factor-tiny", "LinearLR", {"start_factor": 1e-8, "total_iters": 20}, sgd(0.1), 40)

    # ---- argument values of PyTorch's own test suite (test/optim/test_lrscheduler.py; arguments only)
    add("CyclicLR/torch-test-triangular-no-momentum", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 4, "cycle_momentum": False, "mode": "triangular"}, sgd(0.05), 11)
    add("CyclicLR/torch-test-triangular2-momentum-1-5", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 4, "cycle_momentum": True, "base_momentum": 1, "max_momentum": 5,
         "mode": "triangular2"}, sgd(0.05), 22)
    add("CyclicLR/torch-test-exp_range-momentum-1-5", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 4, "base_momentum": 1, "max_momentum": 5, "mode": "exp_range",
         "gamma": 0.9}, sgd(0.05), 13)
    add("CyclicLR/torch-test-triangular-up4-down6", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 4, "step_size_down": 6, "base_momentum": 1, "max_momentum": 5},
        sgd(0.05), 11)
    add("CyclicLR/torch-test-triangular2-up2-down6", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 2, "step_size_down": 6, "base_momentum": 1, "max_momentum": 5,
         "mode": "triangular2"}, sgd(0.05), 24)
    add("CyclicLR/torch-test-exp_range-up2-down6", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 2, "step_size_down": 6, "base_momentum": 1, "max_momentum": 5,
         "mode": "exp_range", "gamma": 0.9}, sgd(0.05), 13)
    add("CyclicLR/torch-test-adam-no-momentum", "CyclicLR",
        {"base_lr": 1, "max_lr": 5, "step_size_up": 4, "cycle_momentum": False}, adam(0.05), 11)
    add("OneCycleLR/torch-test-linear-max_momentum22", "OneCycleLR",
        {"max_lr": 25, "final_div_factor": 2, "base_momentum": 1, "max_momentum": 22, "total_steps": 10,
         "anneal_strategy": "linear"}, sgd(0.05), 10)
    add("OneCycleLR/torch-test-three-phase-linear-max_momentum22", "OneCycleLR",
        {"max_lr": 25, "div_factor": 25, "base_momentum": 1, "max_momentum": 22, "total_steps": 10,
         "anneal_strategy": "linear", "pct_start": 0.4, "final_div_factor": 4, "three_phase": True}, sgd(0.05), 10)
    add("OneCycleLR/torch-test-cos-max_momentum22", "OneCycleLR",
        {"max_lr": 25, "final_div_factor": 2, "base_momentum": 1, "max_momentum": 22, "total_steps": 10},
        sgd(0.05), 10)
    add("OneCycleLR/torch-test-adam-beta1-22", "OneCycleLR",
        {"max_lr": 25, "final_div_factor": 2, "base_momentum": 1, "max_momentum": 22, "total_steps": 10,
         "anneal_strategy": "linear"}, adam(0.05), 10)
    add("OneCycleLR/torch-test-pct_start-1.1-error", "OneCycleLR", {"max_lr": 1e-3, "total_steps": 10, "pct_start": 1.1},
        sgd(0.05), 10)
    add("MultiplicativeLR/torch-test-0.9", "MultiplicativeLR", {"lr_lambda": "lambda x1: 0.9"}, sgd(0.05), 10)
    add("LambdaLR/torch-test-0.9-pow", "LambdaLR", {"lr_lambda": "lambda x1: 0.9 ** x1"}, sgd(0.05), 10)
    for t_mult in (1, 2, 4):
        add("CosineAnnealingWarmRestarts/torch-test-T10-mult%d-eta1e-10" % t_mult, "CosineAnnealingWarmRestarts",
            {"T_0": 10, "T_mult": t_mult, "eta_min": 1e-10}, sgd(0.05), 100)

    # ---- SWALR (torch.optim.swa_utils)
    add("SWALR/defaults", "SWALR", {"swa_lr": 0.05}, sgd(0.1, 0.9), 30)
    add("SWALR/linear-anneal20", "SWALR", {"swa_lr": 0.05, "anneal_epochs": 20, "anneal_strategy": "linear"}, sgd(0.1), 40)
    add("SWALR/cos-anneal5-up", "SWALR", {"swa_lr": 0.5, "anneal_epochs": 5}, sgd(0.1), 20)
    add("SWALR/anneal0", "SWALR", {"swa_lr": 0.01, "anneal_epochs": 0}, sgd(0.1), 10)
    add("SWALR/anneal1-torch-test", "SWALR", {"swa_lr": 0.01, "anneal_epochs": 1}, sgd(0.05), 10)
    add("SWALR/long-cos-adam", "SWALR", {"swa_lr": 1e-4, "anneal_epochs": 300}, adam(1e-3), 1000)
    add("SWALR/negative-swa_lr", "SWALR", {"swa_lr": -0.01, "anneal_epochs": 3}, sgd(0.1), 10)
    add("SWALR/anneal_epochs-negative-error", "SWALR", {"swa_lr": 1.0, "anneal_epochs": -1}, sgd(0.1), 10)
    add("SequentialLR/cosine-then-swalr", "SequentialLR",
        {"schedulers": [sub("CosineAnnealingLR", T_max=100), sub("SWALR", swa_lr=0.05, anneal_epochs=5)],
         "milestones": [75]}, sgd(0.1, 0.9), 120)
    add("SequentialLR/swalr-first", "SequentialLR",
        {"schedulers": [sub("SWALR", swa_lr=0.02, anneal_epochs=4, anneal_strategy="linear"), sub("ExponentialLR", gamma=0.9)],
         "milestones": [10]}, sgd(0.1), 30)
    add("ChainedScheduler/swalr-exponential", "ChainedScheduler",
        {"schedulers": [sub("SWALR", swa_lr=0.02, anneal_epochs=6), sub("ExponentialLR", gamma=0.98)]}, sgd(0.1), 30)
    # The SWA recipe of PyTorch's docs: `if epoch > swa_start: swa_scheduler.step() else: scheduler.step()`
    add("SWARecipe/docs-cosine-swa_start5", "SWARecipe",
        {"schedulers": [sub("CosineAnnealingLR", T_max=100), sub("SWALR", swa_lr=0.05)], "swa_start": 5},
        sgd(0.1, 0.9), 100)
    add("SWARecipe/docs-multiplicative-linear20-swa_start160", "SWARecipe",
        {"schedulers": [sub("MultiplicativeLR", lr_lambda="lambda epoch: 0.9"),
                        sub("SWALR", anneal_strategy="linear", anneal_epochs=20, swa_lr=0.05)], "swa_start": 160},
        sgd(0.1), 300)
    # torch's tests switch at `epoch >= swa_start`, which is swa_start - 1 in the docs' form
    add("SWARecipe/torch-test-cos-anneal-after-multiplicative", "SWARecipe",
        {"schedulers": [sub("MultiplicativeLR", lr_lambda="lambda epoch: 0.9"), sub("SWALR", anneal_epochs=5, swa_lr=0.01)],
         "swa_start": 4}, sgd(0.05), 15)
    add("SWARecipe/torch-test-linear-anneal-after-multiplicative", "SWARecipe",
        {"schedulers": [sub("MultiplicativeLR", lr_lambda="lambda epoch: 0.9"),
                        sub("SWALR", anneal_epochs=4, anneal_strategy="linear", swa_lr=0.01)], "swa_start": 4},
        sgd(0.05), 15)
    add("SWARecipe/anneal0-sets-swa_lr-at-construction", "SWARecipe",
        {"schedulers": [sub("ExponentialLR", gamma=0.9), sub("SWALR", swa_lr=0.02, anneal_epochs=0)], "swa_start": 10},
        sgd(0.1), 30)
    add("SWARecipe/steplr-swa_start0", "SWARecipe",
        {"schedulers": [sub("StepLR", step_size=3, gamma=0.5), sub("SWALR", swa_lr=0.01, anneal_epochs=3)], "swa_start": 0},
        sgd(0.1), 20)
    add("SWARecipe/onecycle-per-step", "SWARecipe",
        {"schedulers": [sub("OneCycleLR", max_lr=0.1, total_steps=400), sub("SWALR", swa_lr=0.01, anneal_epochs=50)],
         "swa_start": 300}, sgd(0.1, 0.9), 450)
    add("SWARecipe/warmup-cosine-then-swa-long", "SWARecipe",
        {"schedulers": [sub("SequentialLR", schedulers=[sub("LinearLR", start_factor=0.1, total_iters=5),
                                                         sub("CosineAnnealingLR", T_max=200)], milestones=[5]),
                        sub("SWALR", swa_lr=0.005, anneal_epochs=10)], "swa_start": 150}, sgd(0.1, 0.9), 1000)
    add("SWARecipe/adam-cyclic-then-swa", "SWARecipe",
        {"schedulers": [sub("CyclicLR", base_lr=1e-4, max_lr=1e-3, step_size_up=10), sub("SWALR", swa_lr=2e-4, anneal_epochs=10)],
         "swa_start": 50}, adam(1e-3), 100)

    # ---- refuse only what torch refuses: values torch 2.13 accepts (or raises on later, at a tick)
    add("StepLR/step_size0-zerodiv", "StepLR", {"step_size": 0}, sgd(0.1), 5)
    add("StepLR/step_size-negative", "StepLR", {"step_size": -3, "gamma": 0.5}, sgd(0.1), 20)
    add("StepLR/gamma0", "StepLR", {"step_size": 3, "gamma": 0.0}, sgd(0.1), 10)
    add("StepLR/gamma-negative", "StepLR", {"step_size": 3, "gamma": -0.5}, sgd(0.1), 20)
    add("MultiStepLR/negative-milestone", "MultiStepLR", {"milestones": [-3, 4], "gamma": 0.5}, sgd(0.1), 10)
    add("MultiStepLR/gamma-negative", "MultiStepLR", {"milestones": [2, 5], "gamma": -2.0}, sgd(0.1), 10)
    add("ExponentialLR/gamma0", "ExponentialLR", {"gamma": 0.0}, sgd(0.1), 5)
    add("ExponentialLR/gamma-negative", "ExponentialLR", {"gamma": -0.9}, sgd(0.1), 30)
    add("ConstantLR/total_iters-negative", "ConstantLR", {"factor": 0.5, "total_iters": -2}, sgd(0.1), 10)
    add("LinearLR/total_iters-negative", "LinearLR", {"start_factor": 0.5, "total_iters": -3}, sgd(0.1), 10)
    add("PolynomialLR/power-negative-zerodiv", "PolynomialLR", {"total_iters": 5, "power": -1.0}, sgd(0.1), 10)
    add("PolynomialLR/power0", "PolynomialLR", {"total_iters": 5, "power": 0.0}, sgd(0.1), 10)
    add("PolynomialLR/total_iters-negative", "PolynomialLR", {"total_iters": -4, "power": 2.0}, sgd(0.1), 10)
    add("CosineAnnealingLR/T_max0-zerodiv", "CosineAnnealingLR", {"T_max": 0}, sgd(0.1), 5)
    add("CosineAnnealingLR/T_max-negative", "CosineAnnealingLR", {"T_max": -10}, sgd(0.1), 50)
    add("CosineAnnealingLR/eta_min-negative", "CosineAnnealingLR", {"T_max": 10, "eta_min": -0.05}, sgd(0.1), 40)
    add("CosineAnnealingWarmRestarts/eta_min-negative", "CosineAnnealingWarmRestarts",
        {"T_0": 5, "T_mult": 2, "eta_min": -0.01}, sgd(0.1), 60)
    add("CyclicLR/negative-base_lr", "CyclicLR", {"base_lr": -0.01, "max_lr": 0.05, "step_size_up": 5}, sgd(0.1, 0.9), 30)
    add("CyclicLR/max_lr-below-base_lr", "CyclicLR", {"base_lr": 0.1, "max_lr": 0.01, "step_size_up": 5}, sgd(0.1, 0.9), 30)
    add("CyclicLR/step_size_up0-zerodiv", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 0}, sgd(0.1, 0.9), 10)
    add("CyclicLR/step_size_up0-down5-zerodiv", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 0, "step_size_down": 5}, sgd(0.1, 0.9), 10)
    add("CyclicLR/step_size_down0", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "step_size_down": 0}, sgd(0.1, 0.9), 20)
    add("CyclicLR/negative-step-sizes", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": -2, "step_size_down": -3, "mode": "triangular2"}, sgd(0.1, 0.9), 20)
    add("CyclicLR/exp_range-gamma0", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "mode": "exp_range", "gamma": 0.0}, sgd(0.1, 0.9), 10)
    add("CyclicLR/exp_range-gamma-negative", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "mode": "exp_range", "gamma": -0.9}, sgd(0.1, 0.9), 20)
    add("CyclicLR/momentum-bounds-outside-0-1", "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "base_momentum": -0.5, "max_momentum": 2.0}, sgd(0.1, 0.9), 20)
    add("OneCycleLR/negative-max_lr", "OneCycleLR", {"max_lr": -0.1, "total_steps": 20}, sgd(0.1, 0.9), 20)
    add("OneCycleLR/div_factor0-zerodiv", "OneCycleLR", {"max_lr": 0.1, "total_steps": 20, "div_factor": 0.0}, sgd(0.1, 0.9), 5)
    add("OneCycleLR/final_div_factor0-zerodiv", "OneCycleLR",
        {"max_lr": 0.1, "total_steps": 20, "final_div_factor": 0.0}, sgd(0.1, 0.9), 5)
    add("OneCycleLR/div_factor-negative", "OneCycleLR",
        {"max_lr": 0.1, "total_steps": 20, "div_factor": -5.0, "final_div_factor": -2.0}, sgd(0.1, 0.9), 20)
    add("OneCycleLR/pct_start0", "OneCycleLR", {"max_lr": 0.1, "total_steps": 20, "pct_start": 0.0}, sgd(0.1, 0.9), 21)
    add("OneCycleLR/pct_start1", "OneCycleLR", {"max_lr": 0.1, "total_steps": 20, "pct_start": 1.0}, sgd(0.1, 0.9), 21)
    add("OneCycleLR/momentum-bounds-negative", "OneCycleLR",
        {"max_lr": 0.1, "total_steps": 30, "base_momentum": -1.0, "max_momentum": 0.5}, adam(1e-3), 30)
    add("ReduceLROnPlateau/factor-negative", "ReduceLROnPlateau", {"factor": -0.5, "patience": 1}, sgd(0.1), 40,
        metric_seq("plateau", 40))
    add("ReduceLROnPlateau/patience-negative", "ReduceLROnPlateau", {"patience": -1, "factor": 0.5}, sgd(0.1), 30,
        metric_seq("decrease", 30))
    add("ReduceLROnPlateau/threshold-negative", "ReduceLROnPlateau", {"threshold": -0.01, "patience": 2}, sgd(0.1), 40,
        metric_seq("plateau", 40))
    add("ReduceLROnPlateau/cooldown-negative-eps-negative", "ReduceLROnPlateau",
        {"cooldown": -2, "eps": -1.0, "patience": 1, "factor": 0.5}, sgd(0.1), 40, metric_seq("plateau", 40))
    add("ReduceLROnPlateau/min_lr-negative-factor-negative", "ReduceLROnPlateau",
        {"min_lr": -0.01, "factor": -0.5, "patience": 0}, sgd(0.1), 20, metric_seq("plateau", 20))
    add("SequentialLR/milestone0", "SequentialLR",
        {"schedulers": [sub("LinearLR", start_factor=0.5, total_iters=4), sub("ExponentialLR", gamma=0.9)], "milestones": [0]},
        sgd(0.1), 15)
    add("SequentialLR/negative-milestone", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=3), sub("ExponentialLR", gamma=0.9), sub("StepLR", step_size=2)],
         "milestones": [-2, 6]}, sgd(0.1), 20)
    add("SequentialLR/unsorted-milestones", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=3), sub("ExponentialLR", gamma=0.9), sub("StepLR", step_size=2)],
         "milestones": [10, 4]}, sgd(0.1), 25)
    add("SequentialLR/repeated-milestone", "SequentialLR",
        {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=3), sub("ExponentialLR", gamma=0.9), sub("StepLR", step_size=2)],
         "milestones": [5, 5]}, sgd(0.1), 20)
    add("SWALR/anneal_epochs-float-error", "SWALR", {"swa_lr": 1.0, "anneal_epochs": 1.7}, sgd(0.1), 10)
    add("SWALR/swa_lr0", "SWALR", {"swa_lr": 0.0, "anneal_epochs": 4}, sgd(0.1), 10)

    # browser end-to-end test
    add("e2e/StepLR", "StepLR", {"step_size": 5, "gamma": 0.5}, {"kind": "SGD", "lr": 0.1}, 30)
    add("e2e/ExponentialLR", "ExponentialLR", {"gamma": 0.9}, {"kind": "SGD", "lr": 0.1}, 30)
    add("e2e/CosineAnnealingLR", "CosineAnnealingLR", {"T_max": 20}, {"kind": "SGD", "lr": 0.1}, 30)

    # step() every batch: epoch schedulers stepped inside the batch loop count optimizer steps
    def add_batch(cid, name, args, optimizer, epochs, batches):
        C.append(run_batch_case(cid, name, args, optimizer, epochs, batches))

    add_batch("per-batch/StepLR", "StepLR", {"step_size": 7, "gamma": 0.5}, sgd(0.1), 6, 5)
    add_batch("per-batch/MultiStepLR", "MultiStepLR", {"milestones": [10, 25, 25], "gamma": 0.3}, sgd(0.1), 8, 4)
    add_batch("per-batch/ExponentialLR", "ExponentialLR", {"gamma": 0.97}, adam(1e-3), 10, 7)
    add_batch("per-batch/ConstantLR", "ConstantLR", {"factor": 0.25, "total_iters": 9}, sgd(0.1), 4, 5)
    add_batch("per-batch/LinearLR", "LinearLR", {"start_factor": 0.1, "total_iters": 1000}, sgd(0.1), 12, 100)
    add_batch("per-batch/PolynomialLR", "PolynomialLR", {"total_iters": 30, "power": 2.0}, sgd(0.1), 8, 5)
    add_batch("per-batch/CosineAnnealingLR-T_max5000", "CosineAnnealingLR", {"T_max": 5000, "eta_min": 1e-4},
              sgd(0.1, 0.9), 50, 101)
    add_batch("per-batch/CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestarts", {"T_0": 10, "T_mult": 2},
              sgd(0.1), 10, 7)
    add_batch("per-batch/LambdaLR", "LambdaLR", {"lr_lambda": "lambda step: 0.95 ** (step // 3)"}, sgd(0.1), 6, 5)
    add_batch("per-batch/MultiplicativeLR", "MultiplicativeLR", {"lr_lambda": "lambda step: 0.99"}, sgd(0.1), 5, 8)
    add_batch("per-batch/SequentialLR", "SequentialLR",
              {"schedulers": [sub("LinearLR", start_factor=0.01, total_iters=20), sub("CosineAnnealingLR", T_max=40)],
               "milestones": [20]}, sgd(0.1), 6, 10)
    add_batch("per-batch/ChainedScheduler", "ChainedScheduler",
              {"schedulers": [sub("ConstantLR", factor=0.5, total_iters=12), sub("ExponentialLR", gamma=0.95)]},
              sgd(0.1), 5, 6)
    add_batch("per-batch/SWALR", "SWALR", {"swa_lr": 0.05, "anneal_epochs": 15, "anneal_strategy": "linear"},
              sgd(0.1), 4, 6)
    add_batch("per-batch/SWARecipe", "SWARecipe",
              {"schedulers": [sub("CosineAnnealingLR", T_max=30), sub("SWALR", swa_lr=0.05, anneal_epochs=5)],
               "swa_start": 20}, sgd(0.1), 5, 8)
    add_batch("per-batch/ConstantLR-factor0-zerodiv", "ConstantLR", {"factor": 0.0, "total_iters": 7}, sgd(0.1), 3, 5)
    add_batch("per-batch/OneCycleLR", "OneCycleLR", {"max_lr": 0.1, "total_steps": 40}, sgd(0.1, 0.9), 8, 5)

    ids = [c["id"] for c in C]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return C


def main():
    cases = build_cases()
    dump = lambda obj: json.dumps(obj, sort_keys=False, allow_nan=False, ensure_ascii=True)
    versions = {"torch": torch.__version__, "python": platform.python_version(), "numpy": numpy.__version__}
    head = ('{"generator": "scripts/golden/torch_golden.py", "torch_version": '
            + dump(torch.__version__) + ', "versions": ' + dump(versions) + ', "cases": [\n')
    text = head + ",\n".join(dump(c) for c in cases) + "\n]}\n"
    json.loads(text)  # sanity: the file is one valid JSON document
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    # e2e/stepping.spec.ts: the pasted LinearLR stepped in the batch loop, on the app's default horizon
    write_stepping_csv("LinearLR-per-batch.csv", "LinearLR", {"start_factor": 0.1, "total_iters": 1000},
                       {"kind": "SGD", "lr": 0.1}, 12, 100)
    # ... and its "step() every" control on StepLR(step_size=7, gamma=0.5), 6 epochs x 5 batches
    for every in ("batch", "epoch"):
        write_stepping_csv("StepLR-per-%s.csv" % every, "StepLR", {"step_size": 7, "gamma": 0.5},
                           {"kind": "SGD", "lr": 0.1, "momentum": 0.9}, 6, 5, every)
    errors = sum(1 for c in cases if "error" in c)
    print("wrote %s: %d cases (%d with errors)" % (os.path.relpath(OUT, ROOT), len(cases), errors), file=sys.stderr)


if __name__ == "__main__":
    main()
