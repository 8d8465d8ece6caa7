"""Golden fixtures for the Hugging Face transformers schedules, from the REAL library.

Every case calls the real function from transformers.optimization (get_constant_schedule, ..., get_wsd_schedule,
get_scheduler) on a real torch optimizer and records optimizer.param_groups[0]["lr"] after the constructor and
after each scheduler.step(): lr[i] is the LR during optimizer step i, as the Trainer steps them.
Nothing here computes an expected value: the library does.

Run with the reference environment: .venv-ref/bin/python scripts/golden/transformers_golden.py
Writes src/schedules/__fixtures__/transformers.json:
  {"generator", "versions": {transformers, torch, python}, "cases": [CASE, ...]}, one case a line, where
  CASE = {"id", "call": {"framework": "transformers", "name", "args", "optimizer"}, "n", "lr"?,
          "error"?: {"type", "tick", "message"}}  (tick null = the get_* function or LambdaLR's constructor raised,
  else the step() that raised; lr then holds the values before it).
The engine names the arguments as the library does; `get_scheduler` cases use {"name", "num_warmup_steps",
"num_training_steps", "scheduler_specific_kwargs"}. Deterministic: the same versions give byte-identical output.
"""

import json
import os
import platform
import sys
import warnings

import torch
import transformers
from transformers import optimization as hf

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "schedules", "__fixtures__", "transformers.json")


def make_optimizer(spec):
    params = [torch.nn.Parameter(torch.zeros(1))]
    kind = spec.get("kind", "SGD")
    lr = spec["lr"]
    if kind == "SGD":
        return torch.optim.SGD(params, lr=lr)
    if kind == "AdamW":
        return torch.optim.AdamW(params, lr=lr)
    if kind == "Adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(kind)


def run_case(cid, name, args, optimizer, n):
    call = {"framework": "transformers", "name": name, "args": args, "optimizer": optimizer}
    case = {"id": cid, "call": call, "n": n}
    opt = make_optimizer(optimizer)
    try:
        if name == "get_scheduler":
            kw = dict(args)
            sched = hf.get_scheduler(kw.pop("name"), opt, **kw)
        else:
            sched = getattr(hf, name)(opt, **args)
    except Exception as exc:  # the get_* function or LambdaLR's constructor raised
        case["error"] = {"type": type(exc).__name__, "tick": None, "message": str(exc)}
        return case
    lrs = []
    error = None
    for i in range(n):
        if i > 0:
            try:
                if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                    raise AssertionError("plateau cases are not recorded here")
                sched.step()
            except Exception as exc:
                error = {"type": type(exc).__name__, "tick": i, "message": str(exc)}
                break
        lr = opt.param_groups[0]["lr"]
        assert isinstance(lr, float) or isinstance(lr, int), (cid, type(lr))
        lrs.append(float(lr))
    case["lr"] = lrs
    if error is not None:
        case["error"] = error
    return case


def sgd(lr=0.1):
    return {"kind": "SGD", "lr": lr}


def adamw(lr=5e-5):
    return {"kind": "AdamW", "lr": lr}


def cases():
    out = []

    def add(cid, name, args, optimizer, n):
        out.append(run_case(cid, name, args, optimizer, n))

    # ------------------------------------------------------------ constant
    add("get_constant_schedule/sgd", "get_constant_schedule", {}, sgd(0.1), 20)
    add("get_constant_schedule/adamw", "get_constant_schedule", {}, adamw(3e-4), 20)
    for w in [0, 1, 7, 100]:
        add(f"get_constant_schedule_with_warmup/W{w}", "get_constant_schedule_with_warmup", {"num_warmup_steps": w}, adamw(5e-5), w + 30)
    add("get_constant_schedule_with_warmup/negative-W", "get_constant_schedule_with_warmup", {"num_warmup_steps": -3}, sgd(0.1), 10)

    # ------------------------------------------------------------ linear
    for w, t in [(0, 100), (10, 100), (1, 2), (500, 10000), (100, 100), (150, 100), (0, 0), (0, 1), (7, 33)]:
        add(f"get_linear_schedule_with_warmup/W{w}-T{t}", "get_linear_schedule_with_warmup",
            {"num_warmup_steps": w, "num_training_steps": t}, adamw(2e-5), max(t, w) + 20)
    add("get_linear_schedule_with_warmup/sgd-0.1", "get_linear_schedule_with_warmup",
        {"num_warmup_steps": 3, "num_training_steps": 40}, sgd(0.1), 50)
    add("get_linear_schedule_with_warmup/lr0", "get_linear_schedule_with_warmup",
        {"num_warmup_steps": 3, "num_training_steps": 40}, sgd(0.0), 50)
    add("get_linear_schedule_with_warmup/negative-T", "get_linear_schedule_with_warmup",
        {"num_warmup_steps": 0, "num_training_steps": -5}, sgd(0.1), 10)

    # ------------------------------------------------------------ cosine
    for w, t, c in [(0, 100, 0.5), (10, 100, 0.5), (10, 100, 1.0), (10, 100, 2.0), (5, 60, 0.25), (0, 50, 1.5),
                    (100, 1000, 0.5), (20, 20, 0.5), (30, 20, 0.5), (3, 50, 0.0), (3, 50, -0.5), (4, 37, 3.3)]:
        add(f"get_cosine_schedule_with_warmup/W{w}-T{t}-c{c}", "get_cosine_schedule_with_warmup",
            {"num_warmup_steps": w, "num_training_steps": t, "num_cycles": c}, adamw(1e-4), max(t, w) + 40)
    add("get_cosine_schedule_with_warmup/default-cycles", "get_cosine_schedule_with_warmup",
        {"num_warmup_steps": 50, "num_training_steps": 500}, sgd(0.1), 600)

    # ------------------------------------------------------------ hard restarts
    for w, t, c in [(0, 100, 1), (10, 100, 1), (10, 100, 3), (5, 200, 4), (0, 90, 0), (7, 70, 2.5), (0, 60, -2),
                    (20, 20, 2), (25, 20, 2)]:
        add(f"get_cosine_with_hard_restarts_schedule_with_warmup/W{w}-T{t}-c{c}",
            "get_cosine_with_hard_restarts_schedule_with_warmup",
            {"num_warmup_steps": w, "num_training_steps": t, "num_cycles": c}, adamw(1e-4), max(t, w) + 30)
    add("get_cosine_with_hard_restarts_schedule_with_warmup/default-cycles",
        "get_cosine_with_hard_restarts_schedule_with_warmup", {"num_warmup_steps": 10, "num_training_steps": 100}, sgd(0.1), 120)

    # ------------------------------------------------------------ polynomial
    name = "get_polynomial_decay_schedule_with_warmup"
    for w, t, end, p in [(0, 100, 1e-7, 1.0), (10, 100, 1e-7, 1.0), (10, 100, 1e-5, 2.0), (10, 100, 0.0, 0.5),
                         (5, 50, 1e-6, 3.0), (0, 80, -1e-4, 1.0), (20, 10, 1e-7, 1.0), (3, 30, 1e-5, 0.0)]:
        add(f"{name}/W{w}-T{t}-end{end}-p{p}", name,
            {"num_warmup_steps": w, "num_training_steps": t, "lr_end": end, "power": p}, adamw(1e-4), max(t, w) + 20)
    add(f"{name}/defaults", name, {"num_warmup_steps": 10, "num_training_steps": 100}, sgd(0.1), 120)
    add(f"{name}/lr_end-equals-lr-error", name, {"num_warmup_steps": 10, "num_training_steps": 100, "lr_end": 0.1}, sgd(0.1), 10)
    add(f"{name}/lr_end-above-lr-error", name, {"num_warmup_steps": 10, "num_training_steps": 100, "lr_end": 0.5}, sgd(0.1), 10)
    add(f"{name}/T-equals-W-error", name, {"num_warmup_steps": 10, "num_training_steps": 10}, sgd(0.1), 20)
    add(f"{name}/negative-power-error", name, {"num_warmup_steps": 2, "num_training_steps": 20, "power": -1.0}, sgd(0.1), 30)
    add(f"{name}/lr0-negative-end-error", name, {"num_warmup_steps": 3, "num_training_steps": 20, "lr_end": -0.01}, sgd(0.0), 30)

    # ------------------------------------------------------------ inverse sqrt
    name = "get_inverse_sqrt_schedule"
    for w, ts in [(0, None), (10, None), (100, None), (10, 50), (10, 3.5), (0, 1), (1, None)]:
        args = {"num_warmup_steps": w}
        if ts is not None:
            args["timescale"] = ts
        add(f"{name}/W{w}-ts{ts}", name, args, adamw(1e-3), 300)
    add(f"{name}/timescale0-W5-error", name, {"num_warmup_steps": 5, "timescale": 0}, sgd(0.1), 20)
    add(f"{name}/timescale0-W0-error", name, {"num_warmup_steps": 0, "timescale": 0}, sgd(0.1), 20)
    add(f"{name}/negative-timescale-error", name, {"num_warmup_steps": 2, "timescale": -3}, sgd(0.1), 20)

    # ------------------------------------------------------------ cosine with min lr
    name = "get_cosine_with_min_lr_schedule_with_warmup"
    for w, t, c, kw in [(10, 100, 0.5, {"min_lr_rate": 0.1}), (10, 100, 0.5, {"min_lr": 1e-5}), (0, 100, 0.5, {"min_lr_rate": 0.0}),
                        (5, 80, 1.0, {"min_lr_rate": 0.2}), (5, 80, 0.5, {"min_lr": 2e-4}), (5, 80, 0.5, {"min_lr_rate": -0.5}),
                        (50, 40, 0.5, {"min_lr_rate": 0.1}), (200, 2000, 0.5, {"min_lr": 3e-5}), (0, 60, 2.0, {"min_lr_rate": 1.5})]:
        add(f"{name}/W{w}-T{t}-c{c}-{'-'.join(f'{k}{v}' for k, v in kw.items())}", name,
            {"num_warmup_steps": w, "num_training_steps": t, "num_cycles": c, **kw}, adamw(3e-4), max(t, w) + 30)
    add(f"{name}/both-error", name, {"num_warmup_steps": 10, "num_training_steps": 100, "min_lr": 1e-5, "min_lr_rate": 0.1}, adamw(3e-4), 10)
    add(f"{name}/neither-error", name, {"num_warmup_steps": 10, "num_training_steps": 100}, adamw(3e-4), 10)
    add(f"{name}/min_lr-lr0-error", name, {"num_warmup_steps": 10, "num_training_steps": 100, "min_lr": 1e-5}, sgd(0.0), 10)
    add(f"{name}/min_lr_rate-lr0", name, {"num_warmup_steps": 10, "num_training_steps": 100, "min_lr_rate": 0.1}, sgd(0.0), 20)

    # ------------------------------------------------------------ cosine with min lr, lr-rate warmup
    name = "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"
    for w, t, kw in [(10, 100, {"min_lr_rate": 0.1}), (10, 100, {"min_lr_rate": 0.1, "warmup_lr_rate": 0.05}),
                     (1, 50, {"min_lr": 1e-5, "warmup_lr_rate": 0.5}), (0, 50, {"min_lr_rate": 0.0}),
                     (20, 200, {"min_lr_rate": 0.05, "num_cycles": 1.0})]:
        add(f"{name}/W{w}-T{t}-{'-'.join(f'{k}{v}' for k, v in kw.items())}", name,
            {"num_warmup_steps": w, "num_training_steps": t, **kw}, adamw(3e-4), max(t, w) + 20)
    add(f"{name}/neither-error", name, {"num_warmup_steps": 10, "num_training_steps": 100}, adamw(3e-4), 10)

    # ------------------------------------------------------------ wsd
    name = "get_wsd_schedule"
    shapes = ["linear", "cosine", "1-sqrt"]
    for wt in shapes:
        for dt in shapes:
            add(f"{name}/{wt}-{dt}-r0", name,
                {"num_warmup_steps": 20, "num_decay_steps": 30, "num_stable_steps": 50, "warmup_type": wt, "decay_type": dt},
                adamw(3e-4), 120)
            add(f"{name}/{wt}-{dt}-r0.1-training", name,
                {"num_warmup_steps": 15, "num_decay_steps": 25, "num_training_steps": 100, "warmup_type": wt, "decay_type": dt,
                 "min_lr_ratio": 0.1}, sgd(0.1), 120)
    add(f"{name}/defaults-training", name, {"num_warmup_steps": 500, "num_decay_steps": 1000, "num_training_steps": 5000}, sgd(0.1), 5100)
    add(f"{name}/both-given-stable-wins", name,
        {"num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 1000, "num_stable_steps": 30}, sgd(0.1), 80)
    add(f"{name}/cosine-cycles1.5", name,
        {"num_warmup_steps": 10, "num_decay_steps": 40, "num_stable_steps": 20, "num_cycles": 1.5}, sgd(0.1), 90)
    add(f"{name}/min_lr_ratio-above-1", name,
        {"num_warmup_steps": 10, "num_decay_steps": 20, "num_stable_steps": 10, "min_lr_ratio": 1.5}, sgd(0.1), 50)
    add(f"{name}/min_lr_ratio-negative", name,
        {"num_warmup_steps": 10, "num_decay_steps": 20, "num_stable_steps": 10, "min_lr_ratio": -0.2, "decay_type": "linear"}, sgd(0.1), 50)
    add(f"{name}/no-warmup-no-decay", name, {"num_warmup_steps": 0, "num_decay_steps": 0, "num_training_steps": 20}, sgd(0.1), 30)
    add(f"{name}/decay-longer-than-training", name,
        {"num_warmup_steps": 10, "num_decay_steps": 50, "num_training_steps": 40, "decay_type": "1-sqrt"}, sgd(0.1), 70)
    add(f"{name}/neither-error", name, {"num_warmup_steps": 10, "num_decay_steps": 20}, sgd(0.1), 10)
    add(f"{name}/bad-warmup-type-error", name,
        {"num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 50, "warmup_type": "exp"}, sgd(0.1), 10)
    add(f"{name}/bad-decay-type-error", name,
        {"num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 50, "decay_type": "sqrt"}, sgd(0.1), 10)

    # ------------------------------------------------------------ get_scheduler
    name = "get_scheduler"

    def gs(cid, args, optimizer=adamw(1e-4), n=120):
        add(f"{name}/{cid}", name, args, optimizer, n)

    gs("linear", {"name": "linear", "num_warmup_steps": 10, "num_training_steps": 100})
    gs("cosine", {"name": "cosine", "num_warmup_steps": 10, "num_training_steps": 100})
    gs("cosine-kwargs", {"name": "cosine", "num_warmup_steps": 10, "num_training_steps": 100, "scheduler_specific_kwargs": {"num_cycles": 1.0}})
    gs("cosine_with_restarts", {"name": "cosine_with_restarts", "num_warmup_steps": 5, "num_training_steps": 100,
                                "scheduler_specific_kwargs": {"num_cycles": 3}})
    gs("polynomial", {"name": "polynomial", "num_warmup_steps": 5, "num_training_steps": 100,
                      "scheduler_specific_kwargs": {"lr_end": 1e-6, "power": 2.0}})
    gs("constant", {"name": "constant"})
    gs("constant-ignores-everything", {"name": "constant", "num_warmup_steps": 10, "num_training_steps": 100,
                                       "scheduler_specific_kwargs": {"bogus": 1}})
    gs("constant_with_warmup", {"name": "constant_with_warmup", "num_warmup_steps": 10, "num_training_steps": 100,
                                "scheduler_specific_kwargs": {"bogus": 1}})
    gs("inverse_sqrt", {"name": "inverse_sqrt", "num_warmup_steps": 10})
    gs("inverse_sqrt-timescale", {"name": "inverse_sqrt", "num_warmup_steps": 10, "num_training_steps": 3,
                                  "scheduler_specific_kwargs": {"timescale": 40}})
    gs("cosine_with_min_lr", {"name": "cosine_with_min_lr", "num_warmup_steps": 10, "num_training_steps": 100,
                              "scheduler_specific_kwargs": {"min_lr_rate": 0.1}})
    gs("cosine_with_min_lr-min_lr", {"name": "cosine_with_min_lr", "num_warmup_steps": 10, "num_training_steps": 100,
                                     "scheduler_specific_kwargs": {"min_lr": 1e-5}})
    gs("cosine_warmup_with_min_lr", {"name": "cosine_warmup_with_min_lr", "num_warmup_steps": 10, "num_training_steps": 100,
                                     "scheduler_specific_kwargs": {"min_lr_rate": 0.1, "warmup_lr_rate": 0.1}})
    gs("warmup_stable_decay", {"name": "warmup_stable_decay", "num_warmup_steps": 10, "num_training_steps": 100,
                               "scheduler_specific_kwargs": {"num_decay_steps": 30, "decay_type": "1-sqrt"}})
    gs("warmup_stable_decay-stable", {"name": "warmup_stable_decay", "num_warmup_steps": 10,
                                      "scheduler_specific_kwargs": {"num_decay_steps": 30, "num_stable_steps": 40, "warmup_type": "cosine"}})
    gs("unknown-name-error", {"name": "cosine_annealing", "num_warmup_steps": 10, "num_training_steps": 100})
    gs("no-warmup-error", {"name": "linear", "num_training_steps": 100})
    gs("no-training-error", {"name": "cosine", "num_warmup_steps": 10})
    gs("cosine_with_min_lr-neither-error", {"name": "cosine_with_min_lr", "num_warmup_steps": 10, "num_training_steps": 100})
    gs("duplicate-kwarg-error", {"name": "linear", "num_warmup_steps": 10, "num_training_steps": 100,
                                 "scheduler_specific_kwargs": {"num_training_steps": 50}})
    gs("unexpected-kwarg-error", {"name": "cosine", "num_warmup_steps": 10, "num_training_steps": 100,
                                  "scheduler_specific_kwargs": {"min_lr_rate": 0.1}})
    gs("wsd-neither-error", {"name": "warmup_stable_decay", "num_warmup_steps": 10, "scheduler_specific_kwargs": {"num_decay_steps": 30}})
    gs("wsd-no-decay-error", {"name": "warmup_stable_decay", "num_warmup_steps": 10, "num_training_steps": 100})
    gs("polynomial-lr_end-error", {"name": "polynomial", "num_warmup_steps": 5, "num_training_steps": 100,
                                   "scheduler_specific_kwargs": {"lr_end": 1.0}})
    return out


def main():
    all_cases = cases()
    dump = lambda obj: json.dumps(obj, sort_keys=False, allow_nan=False, ensure_ascii=True)
    versions = {"transformers": transformers.__version__, "torch": torch.__version__, "python": platform.python_version()}
    with open(OUT, "w") as f:
        f.write('{"generator": "scripts/golden/transformers_golden.py", "versions": ' + dump(versions) + ', "cases": [\n')
        f.write(",\n".join(dump(c) for c in all_cases))
        f.write("\n]}\n")
    errors = sum(1 for c in all_cases if "error" in c)
    print("wrote %s: %d cases (%d with errors)" % (os.path.relpath(OUT, ROOT), len(all_cases), errors), file=sys.stderr)


if __name__ == "__main__":
    main()
