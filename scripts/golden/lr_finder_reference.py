"""Runs REAL torch-lr-finder (`torch_lr_finder.LRFinder.range_test`) on the playground's MLP from the engine's exact
inputs and reports the sweep.

The LR range test's unit test runs this live (runReferencePython('lr_finder_reference.py', ...), reference
environment .venv-ref): it sends the engine's initial weights, training split, optimizer and per-epoch batch order,
and compares the engine's `lrRangeTest(..., { convention: 'torch-lr-finder' })` against the library's. Nothing is
written to disk.

Input (stdin): {"cases": [CASE, ...]}
CASE = training_reference.py's torch CASE (id, features, classes, hidden, activation, x_train, y_train, x_val, y_val,
       weights, batch_size, batch_order, optimizer; decoded and checked by its `Case`), plus
       "range_test": {"start_lr", "end_lr", "num_iter", "step_mode": "exp"|"linear", "smooth_f"?: 0.05,
                      "diverge_th"?: 5}
  "epochs" may be absent: it is len(batch_order). "framework" must be "torch" if given; "scheduler", if given, is
  ignored (the range test is the schedule: LRFinder refuses an optimizer with a scheduler attached). The optimizer's
  own lr is overridden by range_test's start_lr (LRFinder._set_learning_rate).
  Batches: epoch e's batch b is order_e[b*batch_size:(b+1)*batch_size] (the last may be smaller, kept), epochs
  concatenated, served by a real torch DataLoader(TensorDataset(x_train, y_train), batch_sampler=...) whose k-th
  pass yields epoch k's batches. The library's TrainDataLoaderIter calls iter(loader) once, and again each time the
  loader runs out (auto_reset, l.63-74), so a sweep longer than an epoch goes on with the next epoch's order, as
  with a shuffling DataLoader. batch_order must cover num_iter batches: a pass beyond its epochs is an error (checked
  after the run: the batches served are exactly batch_order's, epochs concatenated, in ceil(iterations / steps)
  passes, and each criterion call saw its batch's labels).

Output (stdout): {"versions": {"python", "torch", "torch_lr_finder", "numpy", "matplotlib"},
                  "results": [{"id", "lrs", "losses", "raw_losses", "applied_lrs", "iterations", "stopped_early",
                               "suggested_lr", "suggested_index", "suggestion_error", "weights_restored"}
                              | {"id", "error": traceback}]}
  lrs = history['lr'] (the LR recorded at each iteration), losses = history['loss'] (smoothed; the first is raw),
  raw_losses = every loss the criterion computed (a wrapper around nn.CrossEntropyLoss, float(loss.item()) before
  the update), applied_lrs = param_groups[0]['lr'] read when the criterion ran (the LR that batch's step used;
  checked equal to lrs). iterations = len(history['lr']) (checked equal to the criterion's calls and the batches
  served, and those batches checked to be ours in order); stopped_early: range_test printed "Stopping early, the
  loss has diverged", i.e. its stop rule fired — possibly on the last iteration, so iterations may equal num_iter
  (checked: iterations < num_iter implies it, and it holds iff the last loss > diverge_th * min(losses)).
  suggested_lr: the value the library's own lr_finder.plot(skip_start=10, skip_end=5, log_lr=True,
  suggest_lr=True, ax=<an Agg axes>) returns (it returns (ax, lr)); suggested_index: its index in the FULL lrs
  (10 + the argmin of np.gradient over losses[10:-5]), checked against the returned lr; both null (and suggestion_error = the library's message) when the
  run is shorter than skip_start + skip_end + 2 = 17. weights_restored: after lr_finder.reset() every parameter
  equals the case's initial weights exactly. A non-finite number is written as its repr string ("nan").

torch-lr-finder 0.2.2 (torch_lr_finder/lr_finder.py), what the engine must match:
  - range_test (l.294-374): if start_lr (truthy): every param_group's lr = start_lr; then ExponentialLR/LinearLR
    (l.610/577, subclasses of torch's _LRScheduler; their constructor steps once, so last_epoch = 0 and lr =
    start_lr). Loop `for iteration in range(num_iter)`: loss = _train_batch(...) (l.345); history['lr'].append(
    lr_schedule.get_lr()[0]) (l.356, computed from last_epoch = iteration, i.e. the LR this batch trained with);
    lr_schedule.step() (l.357); iteration 0: best_loss = loss; else loss = smooth_f*loss + (1-smooth_f)*
    history['loss'][-1] if smooth_f > 0, best_loss = min (l.360-366); history['loss'].append(loss) (l.369); if
    loss > diverge_th * best_loss: print, break (l.370-372) — the diverging point IS recorded.
  - ExponentialLR.get_lr (l.630-640): r = last_epoch / (num_iter - 1); base_lr * (end_lr / base_lr) ** r.
    LinearLR.get_lr (l.597-607): base_lr + r * (end_lr - base_lr). num_iter <= 1 is a ValueError.
  - _train_batch (l.393-436): model.train(); optimizer.zero_grad(); next batch; outputs = model(inputs); loss =
    criterion(outputs, labels); loss /= accumulation_steps; loss.backward(); optimizer.step(); return
    total_loss.item() — the loss of the forward pass BEFORE the update, as a Python float.
  - plot (l.473-574): needs len(history['lr']) >= skip_start + skip_end + 2 (else RuntimeError); lrs/losses =
    history[skip_start:-skip_end] (skip_end=0: [skip_start:]); min_grad_idx = np.gradient(np.array(losses))
    .argmin(); returns (ax, lrs[min_grad_idx]).

Determinism: importing training_reference sets torch.set_num_threads(1), one inter-op thread and
torch.use_deterministic_algorithms(True) (see there).
"""

import base64
import contextlib
import importlib.metadata
import io
import json
import math
import os
import platform
import sys
import traceback

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TQDM_DISABLE", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import training_reference as tr  # noqa: E402  (Case, torch_model, b64, num, torch_optimizer; threads, determinism)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from torch_lr_finder import LRFinder  # noqa: E402

SKIP_START, SKIP_END = 10, 5
STOP_MESSAGE = "Stopping early, the loss has diverged"


class OurBatches(torch.utils.data.Sampler):
    """A batch_sampler whose k-th pass yields epoch k's batches (like a shuffling DataLoader, one order per pass), so
    torch-lr-finder's auto-reset at the end of a pass moves on to the next epoch's order. Logs every batch."""

    def __init__(self, case, num_iter):
        self.case, self.num_iter = case, num_iter
        self.served = []
        self.passes = 0

    def __len__(self):
        return self.case.steps

    def __iter__(self):
        epoch = self.passes
        self.passes += 1
        if epoch >= self.case.epochs:
            need = -(-self.num_iter // self.case.steps)
            raise RuntimeError(f"torch-lr-finder wants a pass over the train loader beyond the {self.case.epochs} "
                               f"epochs of batch_order ({self.case.steps} batches each, {len(self.served)} served): "
                               f"num_iter={self.num_iter} needs {need} epochs of batch_order")
        for b in range(self.case.steps):
            idx = self.case.batch(epoch, b)
            self.served.append(idx)
            yield [int(i) for i in idx]


class RecordingLoss(torch.nn.Module):
    """nn.CrossEntropyLoss that logs every loss it computes, the labels it saw and the LR in effect."""

    def __init__(self, optimizer):
        super().__init__()
        self.inner = torch.nn.CrossEntropyLoss()
        self.optimizer = optimizer
        self.raw, self.applied_lr, self.labels = [], [], []

    def forward(self, outputs, labels):
        loss = self.inner(outputs, labels)
        self.raw.append(float(loss.item()))  # before range_test's in-place `loss /= accumulation_steps`
        self.applied_lr.append(float(self.optimizer.param_groups[0]["lr"]))
        self.labels.append(labels.detach().clone())
        return loss


def weights_equal(linears, weights):
    return all(torch.equal(lin.weight.detach(), torch.from_numpy(np.ascontiguousarray(k.T)))
               and torch.equal(lin.bias.detach(), torch.from_numpy(b))
               for lin, (k, b) in zip(linears, weights))


def decode(raw):
    raw = dict(raw)
    if raw.get("framework", "torch") != "torch":
        raise ValueError(f"framework {raw['framework']!r}: torch-lr-finder is a PyTorch library")
    raw.setdefault("epochs", len(raw["batch_order"]))
    return tr.Case(raw)


def run_range_test(raw):
    case = decode(raw)
    spec = raw["range_test"]
    known = {"start_lr", "end_lr", "num_iter", "step_mode", "smooth_f", "diverge_th"}
    if set(spec) - known:
        raise ValueError(f"unknown range_test keys {sorted(set(spec) - known)}")
    num_iter = int(spec["num_iter"])
    kwargs = {"start_lr": spec["start_lr"], "end_lr": spec["end_lr"], "num_iter": num_iter,
              "step_mode": spec["step_mode"], "smooth_f": spec.get("smooth_f", 0.05),
              "diverge_th": spec.get("diverge_th", 5)}

    model, linears = tr.torch_model(case)
    optimizer = tr.torch_optimizer(case.optimizer, model.parameters())
    criterion = RecordingLoss(optimizer)
    sampler = OurBatches(case, num_iter)
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(case.x_train), torch.from_numpy(case.y_train))
    loader = torch.utils.data.DataLoader(dataset, batch_sampler=sampler, num_workers=0)

    finder = LRFinder(model, optimizer, criterion)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        finder.range_test(loader, **kwargs)
    lrs = [float(v) for v in finder.history["lr"]]
    losses = [float(v) for v in finder.history["loss"]]
    n = len(lrs)

    # The run is what we think it is.
    if len(losses) != n or len(criterion.raw) != n or len(sampler.served) != n:
        raise AssertionError(f"{n} lrs, {len(losses)} losses, {len(criterion.raw)} criterion calls, "
                             f"{len(sampler.served)} batches served")
    expected = [case.batch(e, b) for e in range(case.epochs) for b in range(case.steps)][:n]
    if not all(np.array_equal(a, b) for a, b in zip(sampler.served, expected)):
        raise AssertionError("the batches served are not batch_order's, epochs concatenated")
    if sampler.passes != -(-n // case.steps):
        raise AssertionError(f"{sampler.passes} passes over the loader for {n} batches of {case.steps} per epoch")
    for i, idx in enumerate(sampler.served):
        if not torch.equal(criterion.labels[i], torch.from_numpy(case.y_train[idx])):
            raise AssertionError(f"iteration {i} trained on labels that are not batch {i}'s")
    if criterion.applied_lr != lrs:
        raise AssertionError("the LR each step used differs from history['lr']")
    # The stop rule fired (it can fire on the last iteration too, so n == num_iter does not mean it did not).
    stopped_early = STOP_MESSAGE in printed.getvalue()
    best = min(losses) if not any(math.isnan(v) for v in losses) else None
    if n < num_iter and not stopped_early:
        raise AssertionError(f"{n} of {num_iter} iterations ran, but range_test did not say it stopped early")
    if best is not None and stopped_early != (losses[-1] > kwargs["diverge_th"] * best):
        raise AssertionError(f"stopped_early={stopped_early} disagrees with the last loss {losses[-1]!r} "
                             f"and the best {best!r}")

    # The library's own suggestion.
    suggested_lr = suggested_index = suggestion_error = None
    with contextlib.redirect_stdout(printed):
        try:
            _, suggested_lr = finder.plot(skip_start=SKIP_START, skip_end=SKIP_END, log_lr=True, suggest_lr=True,
                                          ax=Figure().add_subplot())
        except RuntimeError as e:
            suggestion_error = str(e)
    if suggested_lr is not None:
        suggested_lr = float(suggested_lr)
        trimmed = lrs[SKIP_START:-SKIP_END]
        at = [i for i, v in enumerate(trimmed) if v == suggested_lr]
        with np.errstate(all="ignore"):
            grad_argmin = int(np.gradient(np.array(losses[SKIP_START:-SKIP_END])).argmin())
        if grad_argmin not in at:
            raise AssertionError(f"plot() suggested {suggested_lr!r}, not lrs[{SKIP_START} + {grad_argmin}]")
        suggested_index = SKIP_START + grad_argmin  # = at[0] unless the LR repeats
    sys.stderr.write(printed.getvalue())

    finder.reset()
    return {"id": case.id, "lrs": [tr.num(v) for v in lrs], "losses": [tr.num(v) for v in losses],
            "raw_losses": [tr.num(v) for v in criterion.raw], "applied_lrs": [tr.num(v) for v in criterion.applied_lr],
            "iterations": n, "stopped_early": stopped_early,
            "suggested_lr": None if suggested_lr is None else tr.num(suggested_lr), "suggested_index": suggested_index,
            "suggestion_error": suggestion_error, "weights_restored": weights_equal(linears, case.weights)}


def run_case(raw):
    try:
        return run_range_test(raw)
    except Exception:
        return {"id": raw.get("id"), "error": traceback.format_exc(limit=8)}


def versions():
    return {"python": platform.python_version(), "torch": torch.__version__,
            "torch_lr_finder": importlib.metadata.version("torch-lr-finder"), "numpy": np.__version__,
            "matplotlib": matplotlib.__version__}


def self_test_input():
    """Tiny random cases: 2 features, hidden [4], 3 classes, 40 rows, batches of 8 (4 epochs of 5 batches),
    num_iter 12 (exp), 12 (linear, diverges), 17 (the shortest run plot() suggests for) and one too long."""
    rng = np.random.default_rng(0)
    n, sizes = 40, [2, 4, 3]
    x = rng.standard_normal((n, 2)).astype(np.float32)
    y = rng.integers(0, 3, n).astype(np.int32)
    weights = [{"kernel": tr.b64(rng.uniform(-0.5, 0.5, (sizes[i], sizes[i + 1]))),
                "bias": tr.b64(rng.uniform(-0.5, 0.5, sizes[i + 1]))} for i in range(2)]
    orders = [rng.permutation(n).astype("<i4") for _ in range(4)]

    def i32b64(a):
        return base64.b64encode(np.ascontiguousarray(a, dtype="<i4").tobytes()).decode("ascii")

    base = {"features": 2, "classes": 3, "hidden": [4], "activation": "relu", "x_train": tr.b64(x),
            "y_train": i32b64(y), "x_val": tr.b64(x[:8]), "y_val": i32b64(y[:8]), "weights": weights,
            "batch_size": 8, "batch_order": [i32b64(o) for o in orders]}
    return {"cases": [
        {**base, "id": "tiny-exp", "optimizer": {"kind": "SGD", "lr": 0.1, "momentum": 0.9},
         "range_test": {"start_lr": 1e-4, "end_lr": 10, "num_iter": 12, "step_mode": "exp"}},
        {**base, "id": "tiny-linear-diverges", "optimizer": {"kind": "SGD", "lr": 0.1},
         "range_test": {"start_lr": 1e-3, "end_lr": 1e4, "num_iter": 12, "step_mode": "linear", "diverge_th": 1.2}},
        {**base, "id": "tiny-adam-17", "optimizer": {"kind": "Adam", "lr": 0.001},
         "range_test": {"start_lr": 1e-5, "end_lr": 1, "num_iter": 17, "step_mode": "exp"}},
        {**base, "id": "tiny-too-long", "optimizer": {"kind": "SGD", "lr": 0.1},
         "range_test": {"start_lr": 1e-5, "end_lr": 1e-3, "num_iter": 16, "step_mode": "exp"},
         "batch_order": [i32b64(orders[0])]},
    ]}


def main():
    if "--self-test" in sys.argv[1:]:
        data = self_test_input()
    else:
        data = json.load(sys.stdin)
    with contextlib.redirect_stdout(sys.stderr):
        results = [run_case(c) for c in data["cases"]]
    out = {"versions": versions(), "results": results}
    if "--self-test" in sys.argv[1:]:
        json.dump(out, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
