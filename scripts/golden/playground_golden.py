"""Golden fixtures for the playground families (schedules that exist in neither framework).

An independent transcription in Python of each family's published formula, NOT of our TypeScript:
- InverseSqrt: Vaswani et al. 2017, eq. 3, lrate = d^-0.5 * min(s^-0.5, s * W^-1.5), s = step + 1,
  rescaled so its peak (s = W) is the optimizer's LR; computed here in the paper's own form and rescaled.
- Warmup (linear warmup, then the wrapped schedule from its tick 0): for start_factor > 0 the reference is
  REAL PyTorch, SequentialLR([LinearLR(start_factor, total_iters=W), inner], milestones=[W]); for
  start_factor = 0 (which LinearLR refuses) the warmup ramp is computed here and the wrapped schedule by real
  PyTorch on its own.

Run with the reference environment: .venv-ref/bin/python scripts/golden/playground_golden.py
Writes src/schedules/__fixtures__/playground.json (same shape as torch.json). Deterministic.
The formula function noam is importable: presets_golden.py uses it too. (WarmupStableDecay, which imitated
Hugging Face's get_wsd_schedule, was replaced by the real one: see transformers_golden.py.)
"""

import json
import os
import platform
import warnings

import torch
from torch.optim import lr_scheduler

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "src", "schedules", "__fixtures__", "playground.json"))


def noam(t, W, d_model):
    s = t + 1
    return d_model ** -0.5 * min(s ** -0.5, s * W ** -1.5)


def torch_inner(name, args, lr, n):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    sched = getattr(lr_scheduler, name)(opt, **args)
    out = []
    for i in range(n):
        if i > 0:
            sched.step()
        out.append(opt.param_groups[0]["lr"])
    return out


def torch_sequential_warmup(start_factor, W, name, args, lr, n):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    warm = lr_scheduler.LinearLR(opt, start_factor=start_factor, total_iters=W)
    inner = getattr(lr_scheduler, name)(opt, **args)
    sched = lr_scheduler.SequentialLR(opt, schedulers=[warm, inner], milestones=[W])
    out = []
    for i in range(n):
        if i > 0:
            sched.step()
        out.append(opt.param_groups[0]["lr"])
    return out


def main():
    cases = []


    def add(case_id, name, args, lr, values, n):
        cases.append({"id": case_id, "call": {"framework": "playground", "name": name, "args": args,
                                              "optimizer": {"kind": "SGD", "lr": lr}}, "n": n, "lr": values})


    for W, d_model in [(4000, 512), (100, 64), (1, 128)]:
        n = max(3 * W, 1000)
        peak = noam(W - 1, W, d_model)
        lr = 1e-3
        values = [lr * noam(t, W, d_model) / peak for t in range(n)]
        add(f"InverseSqrt/W{W}-d{d_model}", "InverseSqrt", {"warmup_steps": W}, lr, values, n)

    for start_factor, W, name, args, lr, n in [
        (0.1, 5, "CosineAnnealingLR", {"T_max": 45}, 0.1, 120),
        (0.5, 10, "StepLR", {"step_size": 7, "gamma": 0.5}, 0.05, 1200),
        (0.01, 3, "ExponentialLR", {"gamma": 0.97}, 1.0, 1100),
        (0.25, 20, "CosineAnnealingWarmRestarts", {"T_0": 10, "T_mult": 2}, 0.2, 1000),
    ]:
        values = torch_sequential_warmup(start_factor, W, name, args, lr, n)
        add(f"Warmup/torch-seq-{name}-s{start_factor}-W{W}", "Warmup",
            {"warmup": W, "start_factor": start_factor, "schedule": {"framework": "torch", "name": name, "args": args}},
            lr, values, n)

    for W, name, args, lr, n in [
        (5, "CosineAnnealingLR", {"T_max": 45}, 0.1, 60),
        (8, "MultiStepLR", {"milestones": [10, 20, 20]}, 0.3, 60),
        (0, "StepLR", {"step_size": 4}, 0.1, 30),
    ]:
        inner = torch_inner(name, args, lr, n)
        values = [inner[0] * (0.0 + (1.0 - 0.0) * t / W) if t < W else inner[t - W] for t in range(n)]
        add(f"Warmup/zero-start-{name}-W{W}", "Warmup",
            {"warmup": W, "start_factor": 0.0, "schedule": {"framework": "torch", "name": name, "args": args}},
            lr, values, n)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        versions = {"torch": torch.__version__, "python": platform.python_version()}
        f.write('{"generator": "scripts/golden/playground_golden.py", "torch_version": %s, "versions": %s, "cases": [\n'
                % (json.dumps(torch.__version__), json.dumps(versions)))
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
