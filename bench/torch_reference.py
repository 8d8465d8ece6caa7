"""The PyTorch side of `npm run bench` (bench/run.mjs): the same MLP workloads as the browser, timed in real PyTorch.

Modes:
  train    one training workload: MLP 64 -> 128 relu -> 64 relu -> 10, SGD lr 0.1, batch 32, the rows shuffled each
           epoch with torch.randperm, then a validation forward under torch.no_grad() every epoch (as the app's
           engine does); prints every epoch's milliseconds, warm-up epochs first.
  compare  the app's "Train" workload: several torch schedules x seeds x epochs, sequentially, each run built from
           scratch (glorot_uniform weights and zero biases, the app's default init); prints the total seconds.
  serve    JSON lines: one command object per stdin line ({"cmd": "train", ...} or {"cmd": "compare", ...}, the
           options below as keys), one JSON answer per stdout line. bench/run.mjs keeps one process warm this way,
           so torch's import and first-call costs are paid once, as the browser's worker pays its own once.

Data: public/datasets/digits.bin (format in src/training/data/images.ts), pixels / 16 as float32, the first
train + validation rows of a fixed permutation. Which rows does not change the timing, only the shapes do.

Run: .venv-ref/bin/python bench/torch_reference.py train --threads 1 --warmup 1 --epochs 7
"""

import argparse
import json
import statistics
import struct
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
DIGITS = ROOT / "public" / "datasets" / "digits.bin"
HIDDEN = (128, 64)
BATCH = 32


def load_digits():
    """All 1,797 digits as (features float32 [n, 64], labels int64 [n]); checks the header it relies on."""
    raw = DIGITS.read_bytes()
    if raw[:4] != b"LRDS" or raw[4] != 1:
        raise ValueError(f"{DIGITS} is not an LRDS version 1 file")
    height, width, classes = raw[5], raw[6], raw[7]
    (count,) = struct.unpack_from("<I", raw, 8)
    pixel_max = raw[12]
    pixels = height * width
    if len(raw) != 20 + count * (1 + pixels):
        raise ValueError(f"{DIGITS} has {len(raw)} bytes, expected {20 + count * (1 + pixels)}")
    labels = torch.frombuffer(bytearray(raw[20 : 20 + count]), dtype=torch.uint8).to(torch.int64)
    images = torch.frombuffer(bytearray(raw[20 + count :]), dtype=torch.uint8).reshape(count, pixels)
    features = (images.to(torch.float64) / pixel_max).to(torch.float32)
    if int(labels.max()) >= classes:
        raise ValueError(f"{DIGITS} has a label outside 0..{classes - 1}")
    return features, labels, classes


def split(train_rows, validation_rows):
    features, labels, classes = load_digits()
    if train_rows + validation_rows > features.shape[0]:
        raise ValueError(f"{train_rows} + {validation_rows} rows asked, the digits have {features.shape[0]}")
    order = torch.randperm(features.shape[0], generator=torch.Generator().manual_seed(0))
    train = order[:train_rows]
    validation = order[train_rows : train_rows + validation_rows]
    return (features[train].contiguous(), labels[train].contiguous(), features[validation].contiguous(), labels[validation].contiguous(), classes)


def make_model(inputs, classes, glorot):
    sizes = [inputs, *HIDDEN, classes]
    layers = []
    for i in range(len(sizes) - 1):
        linear = nn.Linear(sizes[i], sizes[i + 1])
        if glorot:
            # The app's default init (Keras's glorot_uniform, zero bias); torch's own default is kaiming_uniform.
            nn.init.xavier_uniform_(linear.weight)
            nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def run_epoch(model, optimizer, x, y, xv, yv):
    """One epoch as the app's engine does it: shuffled batches of 32 (the last one smaller), then validation."""
    n = x.shape[0]
    order = torch.randperm(n)
    loss_sum = 0.0
    for start in range(0, n, BATCH):
        rows = order[start : start + BATCH]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[rows]), y[rows])
        loss.backward()
        optimizer.step()
        # The app reads each batch's loss too (its chart and the divergence check).
        loss_sum += loss.item() * rows.shape[0]
    with torch.no_grad():
        logits = model(xv)
        val_loss = F.cross_entropy(logits, yv).item()
        val_accuracy = (logits.argmax(1) == yv).float().mean().item()
    return loss_sum / n, val_loss, val_accuracy


def train(threads, warmup, epochs, train_rows, validation_rows, lr):
    torch.set_num_threads(threads)
    x, y, xv, yv, classes = split(train_rows, validation_rows)
    torch.manual_seed(0)
    model = make_model(x.shape[1], classes, glorot=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    epoch_ms = []
    for _ in range(warmup + epochs):
        started = time.perf_counter()
        run_epoch(model, optimizer, x, y, xv, yv)
        epoch_ms.append((time.perf_counter() - started) * 1000)
    timed = epoch_ms[warmup:]
    return {
        "threads": torch.get_num_threads(),
        "warmup": warmup,
        "epoch_ms": epoch_ms,
        "median_ms": statistics.median(timed) if timed else None,
        "train_rows": train_rows,
        "validation_rows": validation_rows,
        "torch_version": torch.__version__,
    }


def compare(threads, schedules, seeds, epochs, train_rows, validation_rows, lr, momentum):
    """Every (schedule, seed) run from scratch, one after another; the total includes building each model."""
    torch.set_num_threads(threads)
    x, y, xv, yv, classes = split(train_rows, validation_rows)
    run_seconds = []
    started = time.perf_counter()
    for schedule in schedules:
        scheduler_class = getattr(torch.optim.lr_scheduler, schedule["name"])
        for seed in range(seeds):
            run_started = time.perf_counter()
            torch.manual_seed(seed)
            model = make_model(x.shape[1], classes, glorot=True)
            optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
            scheduler = scheduler_class(optimizer, **schedule["args"])
            for _ in range(epochs):
                run_epoch(model, optimizer, x, y, xv, yv)
                scheduler.step()
            run_seconds.append(time.perf_counter() - run_started)
    return {
        "seconds": time.perf_counter() - started,
        "runs": len(run_seconds),
        "run_seconds": run_seconds,
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
    }


def handle(command):
    kind = command.get("cmd")
    sizes = {"train_rows": int(command["train_rows"]), "validation_rows": int(command["validation_rows"])}
    lr = float(command.get("lr", 0.1))
    if kind == "train":
        return train(int(command["threads"]), int(command["warmup"]), int(command["epochs"]), lr=lr, **sizes)
    if kind == "compare":
        return compare(
            int(command["threads"]),
            command["schedules"],
            int(command["seeds"]),
            int(command["epochs"]),
            lr=lr,
            momentum=float(command.get("momentum", 0)),
            **sizes,
        )
    raise ValueError(f"unknown cmd {kind!r}: expected train or compare")


def serve():
    print(json.dumps({"ready": True, "torch_version": torch.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as error:  # noqa: BLE001 - every failure goes back to the orchestrator as text
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["train", "compare", "serve"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--train-rows", type=int, default=1500)
    parser.add_argument("--validation-rows", type=int, default=297)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--momentum", type=float, default=0.0)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--schedules", default='[{"name": "StepLR", "args": {"step_size": 5, "gamma": 0.5}}]', help="JSON list of {name, args}")
    args = parser.parse_args()
    if args.mode == "serve":
        serve()
        return
    command = {
        "cmd": args.mode,
        "threads": args.threads,
        "warmup": args.warmup,
        "epochs": args.epochs,
        "train_rows": args.train_rows,
        "validation_rows": args.validation_rows,
        "lr": args.lr,
        "momentum": args.momentum,
        "seeds": args.seeds,
        "schedules": json.loads(args.schedules),
    }
    print(json.dumps(handle(command), indent=2))


if __name__ == "__main__":
    main()
