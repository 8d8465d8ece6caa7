"""Golden fixtures for the playground families (schedules that exist in neither framework).

An independent transcription in Python of each family's published formula, NOT of our TypeScript:
- WarmupStableDecay: Hugging Face transformers, optimization.py `_get_wsd_scheduler_lambda`
  (warmup_type / decay_type linear, cosine, 1-sqrt; num_cycles 0.5), as a factor on the optimizer's LR.
- InverseSqrt: Vaswani et al. 2017, eq. 3, lrate = d^-0.5 * min(s^-0.5, s * W^-1.5), s = step + 1,
  rescaled so its peak (s = W) is the optimizer's LR; computed here in the paper's own form and rescaled.
- Warmup (linear warmup, then the wrapped schedule from its tick 0): for start_factor > 0 the reference is
  REAL PyTorch, SequentialLR([LinearLR(start_factor, total_iters=W), inner], milestones=[W]); for
  start_factor = 0 (which LinearLR refuses) the warmup ramp is computed here and the wrapped schedule by real
  PyTorch on its own.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/playground_golden.py
Writes src/schedules/__fixtures__/playground.json (same shape as torch.json). Deterministic.
The formula functions (wsd_factor, noam) are importable: presets_golden.py uses them too.
"""

import json
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "src", "schedules", "__fixtures__", "playground.json"))


def wsd_factor(t, W, S, D, warmup_type, decay_type, r):
    if t < W:
        p = float(t) / float(max(1, W))
        if warmup_type == "linear":
            f = p
        elif warmup_type == "cosine":
            f = 0.5 * (1.0 - math.cos(math.pi * p))
        else:
            f = 1.0 - math.sqrt(1.0 - p)
        return max(0.0, f * (1.0 - r) + r)
    if t < W + S:
        return 1.0
    if t < W + S + D:
        p = float(t - W - S) / float(max(1, D))
        if decay_type == "linear":
            f = 1.0 - p
        elif decay_type == "cosine":
            f = 0.5 * (1.0 + math.cos(math.pi * 0.5 * 2.0 * p))
        else:
            f = 1.0 - math.sqrt(p)
        return max(0.0, f * (1.0 - r) + r)
    return r


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


    for W, S, D, wt, dt, r, lr in [
        (500, 3500, 1000, "linear", "1-sqrt", 0.0, 3e-4),
        (100, 700, 200, "linear", "linear", 0.1, 1e-3),
        (100, 700, 200, "cosine", "cosine", 0.0, 1e-3),
        (50, 0, 300, "1-sqrt", "cosine", 0.05, 0.01),
        (0, 200, 100, "linear", "1-sqrt", 0.2, 0.5),
        (10, 10, 0, "linear", "linear", 0.1, 1.0),
    ]:
        n = W + S + D + 50
        values = [lr * wsd_factor(t, W, S, D, wt, dt, r) for t in range(n)]
        add(f"WarmupStableDecay/{W}-{S}-{D}-{wt}-{dt}-r{r}", "WarmupStableDecay",
            {"warmup_steps": W, "stable_steps": S, "decay_steps": D, "warmup_shape": wt, "decay_shape": dt, "min_lr_ratio": r},
            lr, values, n)

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
        f.write('{"generator": "scripts/golden/playground_golden.py", "torch_version": %s, "cases": [\n'
                % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
