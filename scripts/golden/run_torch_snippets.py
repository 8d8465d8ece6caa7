"""Runs exported PyTorch snippets with REAL PyTorch and records the LR they train with.

Used by src/schedules/code/torch-run.test.ts: the exact text of the playground's "Copy as PyTorch" button is
executed, unchanged, by the reference environment's interpreter (.venv-ref: torch 2.13). Instrumentation is done from outside:
  - every optimizer's step() is wrapped to record param_groups[0]['lr'] (and momentum / beta1) before it runs,
    so the record is the LR each optimizer step trains with;
  - ReduceLROnPlateau.step(metric) is wrapped to receive the test's metric sequence instead of the stand-in
    validation loss, so the plateau logic sees the same values as the playground's curve.
Epoch-ticked schedules are recorded once per batch; the runner keeps one value per epoch and reports an error if
the LR changed inside an epoch.

Input (stdin): {"cases": [{"id", "code", "tick": "epoch"|"step", "steps_per_epoch", "metric"?: [...]}, ...]}
Output (stdout): {"torch_version", "transformers_version", "python_version", "results": {id: {"lr": [...], "momentum": [...]} | {"error": "..."}}}
"""

import json
import math
import platform
import sys
import traceback
import warnings

import torch
from torch.optim import lr_scheduler

warnings.filterwarnings("ignore")

OPTIMIZERS = [torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.RMSprop]


def momentum_of(group):
    if "betas" in group:
        return float(group["betas"][0])
    return float(group.get("momentum", 0.0))


def run_case(case):
    lrs, moms = [], []
    originals = {}

    def recording(cls):
        original = cls.step

        def step(self, *args, **kwargs):
            group = self.param_groups[0]
            lrs.append(float(group["lr"]))
            moms.append(momentum_of(group))
            return original(self, *args, **kwargs)

        originals[cls] = original
        return step

    metric = iter(case.get("metric") or [])
    plateau_step = lr_scheduler.ReduceLROnPlateau.step

    def substituted(self, metrics, *args, **kwargs):
        return plateau_step(self, next(metric), *args, **kwargs)

    try:
        for cls in OPTIMIZERS:
            cls.step = recording(cls)
        lr_scheduler.ReduceLROnPlateau.step = substituted
        torch.manual_seed(0)
        namespace = {"__name__": "__main__"}
        exec(compile(case["code"], "<snippet " + case["id"] + ">", "exec"), namespace)
    except Exception:
        return {"error": traceback.format_exc(limit=4)}
    finally:
        for cls, original in originals.items():
            cls.step = original
        lr_scheduler.ReduceLROnPlateau.step = plateau_step

    if case["tick"] == "epoch":
        spe = case["steps_per_epoch"]
        per_epoch, per_epoch_m = [], []
        for start in range(0, len(lrs), spe):
            chunk = lrs[start:start + spe]
            if any(x != chunk[0] for x in chunk):
                return {"error": "the LR changed inside epoch %d: %r" % (start // spe, chunk)}
            per_epoch.append(chunk[0])
            per_epoch_m.append(moms[start])
        lrs, moms = per_epoch, per_epoch_m
    return {"lr": [finite(x) for x in lrs], "momentum": [finite(x) for x in moms]}


def finite(x):
    """JSON has no NaN or infinity: those are reported as strings (and fail the comparison)."""
    return x if math.isfinite(x) else repr(x)


def main():
    cases = json.load(sys.stdin)["cases"]
    results = {case["id"]: run_case(case) for case in cases}
    try:  # exports of Hugging Face transformers' schedules import it
        import transformers
        transformers_version = transformers.__version__
    except ImportError:
        transformers_version = None
    json.dump({"torch_version": torch.__version__, "transformers_version": transformers_version,
               "python_version": platform.python_version(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
