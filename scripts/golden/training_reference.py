"""Trains the playground's MLP in REAL PyTorch or REAL Keras 3 from the engine's exact inputs and reports the run.

The training engine's unit test runs this live (runReferencePython('training_reference.py', ...), reference
environment .venv-ref, KERAS_BACKEND=torch): it sends the engine's initial weights, train / validation split and
per-epoch batch order, and compares the engine's run against the library's. Nothing is written to disk.

Input (stdin): {"cases": [CASE, ...]}
CASE = {"id", "framework": "torch"|"keras", "features", "classes", "hidden": [units, ...], "activation": "relu"|"tanh",
        "x_train", "y_train", "x_val", "y_val",          base64 little-endian float32 rows (row-major) / int32 labels
        "weights": [{"kernel", "bias"}, ...],             base64 float32; kernel in Keras layout [fan_in, fan_out],
                                                          row-major; layers in order, the last is the output layer
        "epochs", "batch_size",
        "batch_order": [b64 int32 permutation of 0..n_train-1, one per epoch],
        "optimizer": {"kind": "SGD"|"Adam"|"AdamW"|"RMSprop", "lr", "momentum"?, "nesterov"?, "betas"?, "eps"?,
                      "weight_decay"?},
        "scheduler": torch: {"name": <torch.optim.lr_scheduler class> | "none", "kwargs": {...},
                             "step_every": "epoch"|"batch", "source"?, "function"?}
                     keras: {"kind": "schedule", "name": <keras.optimizers.schedules class>, "kwargs": {...}}
                          | {"kind": "callback", "name": "LearningRateScheduler", "source", "function", "kwargs"?}
                          | {"kind": "callback", "name": <other keras.callbacks class>, "kwargs": {...}}
                          | {"kind": "none"}}
  Batch b of epoch e is order_e[b*batch_size:(b+1)*batch_size]; the last batch may be smaller.
  Optimizer keys are our names, mapped to the library's (torch: lr, momentum, nesterov, betas, eps, weight_decay;
  Keras: learning_rate, momentum, nesterov, beta_1/beta_2, epsilon, weight_decay); only the keys given are passed,
  the rest keep the library's defaults (e.g. torch RMSprop alpha=0.99, Keras RMSprop rho=0.9), and a key the
  library's optimizer does not take is an error. With a Keras "schedule", optimizer.lr is not used: the schedule
  is the optimizer's learning_rate. A torch scheduler with "source"/"function" (LambdaLR, MultiplicativeLR) gets
  the function as lr_lambda.

Output (stdout): {"versions": {"python", "torch", "keras", "keras_backend", "numpy"},
                  "results": [{"id", "epochs": [{"loss", "accuracy", "val_loss", "val_accuracy", "lr"}, ...],
                               "applied_lr": [per step], "applied_momentum"?: [per step],
                               "first_batch_loss", "first_step": {"loss", "weights"}, "final_weights"}
                              | {"id", "error": traceback}]}
  applied_lr: the LR each optimizer step used (torch: param_groups[0]['lr'] read just before optimizer.step();
  Keras: the learning_rate the optimizer's update step received, checked equal to float(optimizer.learning_rate)
  read in on_train_batch_begin). applied_momentum (torch, only where OneCycleLR / CyclicLR cycle momentum):
  param_groups[0]['momentum'], or betas[0] for Adam-style optimizers. Epoch "loss": the batch losses weighted by
  batch size (Keras's loss tracker); "accuracy": running top-1 over the epoch's batches, from each step's forward
  pass (before its update); "lr": the LR of the epoch's first step. first_batch_loss = first_step.loss = the loss
  of the very first batch at the initial weights; first_step.weights / final_weights: base64 float32 in Keras layout
  after the first optimizer step / after training. A non-finite number is written as its repr string ("nan").

Determinism: torch.set_num_threads(1) (and one inter-op thread) because the CPU kernels split matmuls and reductions
across threads, and the split changes float32 summation order with the machine's core count; with one thread the
output is byte-identical on rerun and across machines with the same versions. torch.use_deterministic_algorithms
(True) guards against nondeterministic kernels. Keras runs on the same torch backend, so the same applies to it.

Keras specifics, read in keras/src (3.15):
  - batches come from a keras.utils.PyDataset (workers=1, use_multiprocessing=False): PyDatasetAdapter then has no
    enqueuer and reads py_dataset[i] for i in range(len) lazily, in order when fit(shuffle=False) (shuffle=True
    would shuffle batch indices); the torch DataLoader around it has no workers. fit's _symbolic_build pulls one
    batch before training (to build the metrics) — served here as a probe, outside the record. The epoch is set
    by a callback's on_epoch_begin (called before the epoch's first batch is fetched), and every served batch is
    logged and checked: exactly epochs x steps, in order, and the batch fetched is the one on_train_batch_begin
    announces.
  - the optimizer reads self.learning_rate once per apply() (a schedule evaluated at optimizer.iterations, which
    is incremented after the update), so the LR read in on_train_batch_begin is the one the update receives;
    both are recorded and must agree.
  - LearningRateScheduler calls schedule(epoch, lr) and falls back to schedule(epoch) on TypeError, in
    on_epoch_begin; ReduceLROnPlateau acts in on_epoch_end on the logs (val_loss after validation).
"""

import base64
import contextlib
import inspect
import json
import math
import os
import platform
import sys
import traceback
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
with contextlib.suppress(RuntimeError):
    torch.set_num_interop_threads(1)
torch.use_deterministic_algorithms(True)

import keras  # noqa: E402

import keras_golden as kg  # noqa: E402  (the update-step recorder)

warnings.filterwarnings("ignore")

CYCLING = ("OneCycleLR", "CyclicLR")


# ---------------------------------------------------------------- encoding

def f32(b64, shape=None):
    a = np.frombuffer(base64.b64decode(b64), dtype="<f4").astype(np.float32)
    return a if shape is None else a.reshape(shape)


def i32(b64):
    return np.frombuffer(base64.b64decode(b64), dtype="<i4").astype(np.int64)


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


def num(x):
    x = float(x)
    return x if math.isfinite(x) else repr(x)


def encode_layers(pairs):
    return [{"kernel": b64(k), "bias": b64(b)} for k, b in pairs]


class Case:
    """The decoded inputs of one case, checked."""

    def __init__(self, c):
        self.id = c["id"]
        self.features = int(c["features"])
        self.classes = int(c["classes"])
        self.hidden = [int(h) for h in c["hidden"]]
        self.activation = c["activation"]
        if self.activation not in ("relu", "tanh"):
            raise ValueError(f"activation {self.activation!r}")
        self.x_train = f32(c["x_train"]).reshape(-1, self.features)
        self.y_train = i32(c["y_train"])
        self.x_val = f32(c["x_val"]).reshape(-1, self.features)
        self.y_val = i32(c["y_val"])
        n = self.x_train.shape[0]
        if self.y_train.shape[0] != n or self.y_val.shape[0] != self.x_val.shape[0]:
            raise ValueError("x / y lengths differ")
        sizes = [self.features] + self.hidden + [self.classes]
        if len(c["weights"]) != len(sizes) - 1:
            raise ValueError(f"{len(c['weights'])} weight layers for sizes {sizes}")
        self.weights = [(f32(w["kernel"], (sizes[i], sizes[i + 1])), f32(w["bias"], (sizes[i + 1],)))
                        for i, w in enumerate(c["weights"])]
        self.epochs = int(c["epochs"])
        self.batch_size = int(c["batch_size"])
        self.steps = -(-n // self.batch_size)
        self.orders = [i32(o) for o in c["batch_order"]]
        if len(self.orders) != self.epochs:
            raise ValueError(f"{len(self.orders)} batch orders for {self.epochs} epochs")
        for o in self.orders:
            if not np.array_equal(np.sort(o), np.arange(n)):
                raise ValueError("a batch order is not a permutation of 0..n_train-1")
        self.optimizer = c["optimizer"]
        self.scheduler = c.get("scheduler") or {}

    def batch(self, epoch, b):
        return self.orders[epoch][b * self.batch_size:(b + 1) * self.batch_size]


def exec_function(source, name):
    ns = {"__name__": "training_reference_schedule", "math": math, "np": np}
    exec(compile(source, "<schedule>", "exec"), ns)
    return ns[name]


def checked_kwargs(factory, kwargs, what):
    params = inspect.signature(factory).parameters
    bad = [k for k in kwargs if k not in params]
    if bad:
        raise ValueError(f"{what} takes no {bad}")
    return kwargs


# ---------------------------------------------------------------- torch

TORCH_NAMES = {"lr": "lr", "momentum": "momentum", "nesterov": "nesterov", "betas": "betas", "eps": "eps",
               "weight_decay": "weight_decay"}


def torch_optimizer(spec, params):
    cls = getattr(torch.optim, spec["kind"])
    kwargs = {}
    for ours, value in spec.items():
        if ours == "kind":
            continue
        if ours not in TORCH_NAMES:
            raise ValueError(f"unknown optimizer key {ours!r}")
        kwargs[TORCH_NAMES[ours]] = tuple(value) if ours == "betas" else value
    return cls(params, **checked_kwargs(cls, kwargs, f"torch.optim.{spec['kind']}"))


def momentum_of(group):
    if "betas" in group:
        return float(group["betas"][0])
    return float(group["momentum"])


def torch_model(case):
    """The MLP as nn.Sequential of Linear + activation, from the case's exact weights (Keras layout, transposed)."""
    layers = []
    sizes = [case.features] + case.hidden + [case.classes]
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU() if case.activation == "relu" else torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for lin, (k, b) in zip(linears, case.weights):
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(k.T)))
            lin.bias.copy_(torch.from_numpy(b))
    return model, linears


def run_torch(case):
    model, linears = torch_model(case)

    def weights():
        return encode_layers((lin.weight.detach().numpy().T, lin.bias.detach().numpy()) for lin in linears)

    optimizer = torch_optimizer(case.optimizer, model.parameters())
    spec = case.scheduler
    name = spec.get("name") or "none"
    step_every = spec.get("step_every", "epoch")
    if step_every not in ("epoch", "batch"):
        raise ValueError(f"step_every {step_every!r}")
    scheduler = None
    if name != "none":
        kwargs = dict(spec.get("kwargs") or {})
        if spec.get("source"):
            kwargs["lr_lambda"] = exec_function(spec["source"], spec["function"])
        cls = getattr(torch.optim.lr_scheduler, name)
        scheduler = cls(optimizer, **kwargs)
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    if plateau and step_every != "epoch":
        raise ValueError("ReduceLROnPlateau steps on the validation loss, once per epoch")
    record_momentum = name in CYCLING and (spec.get("kwargs") or {}).get("cycle_momentum", True)

    criterion = torch.nn.CrossEntropyLoss()
    x_train = torch.from_numpy(case.x_train)
    y_train = torch.from_numpy(case.y_train)
    x_val = torch.from_numpy(case.x_val)
    y_val = torch.from_numpy(case.y_val)
    n = x_train.shape[0]
    applied_lr, applied_momentum, epochs = [], [], []
    first = None
    for epoch in range(case.epochs):
        model.train()
        loss_sum, correct = 0.0, 0
        for b in range(case.steps):
            idx = torch.from_numpy(case.batch(epoch, b))
            xb, yb = x_train[idx], y_train[idx]
            group = optimizer.param_groups[0]
            applied_lr.append(float(group["lr"]))
            if record_momentum:
                applied_momentum.append(momentum_of(group))
            optimizer.zero_grad()
            logits = model(xb)
            loss = criterion(logits, yb)
            loss.backward()
            optimizer.step()
            if scheduler is not None and step_every == "batch":
                scheduler.step()
            value = float(loss.item())
            loss_sum += value * len(idx)
            correct += int((logits.argmax(dim=1) == yb).sum().item())
            if first is None:
                first = {"loss": num(value), "weights": weights()}
        model.eval()
        with torch.no_grad():
            val_logits = model(x_val)
            val_loss = float(criterion(val_logits, y_val).item())
            val_acc = float((val_logits.argmax(dim=1) == y_val).sum().item()) / len(y_val)
        epochs.append({"loss": num(loss_sum / n), "accuracy": num(correct / n), "val_loss": num(val_loss),
                       "val_accuracy": num(val_acc), "lr": num(applied_lr[epoch * case.steps])})
        if scheduler is not None and step_every == "epoch":
            if plateau:
                scheduler.step(val_loss)
            else:
                scheduler.step()
    result = {"id": case.id, "epochs": epochs, "applied_lr": [num(v) for v in applied_lr]}
    if record_momentum:
        result["applied_momentum"] = [num(v) for v in applied_momentum]
    result.update({"first_batch_loss": first["loss"], "first_step": first, "final_weights": weights()})
    return result


# ---------------------------------------------------------------- keras

KERAS_NAMES = {"lr": "learning_rate", "momentum": "momentum", "nesterov": "nesterov", "eps": "epsilon",
               "weight_decay": "weight_decay"}


def keras_optimizer(spec, learning_rate=None):
    cls = getattr(keras.optimizers, spec["kind"])
    kwargs = {}
    for ours, value in spec.items():
        if ours == "kind":
            continue
        if ours == "betas":
            kwargs["beta_1"], kwargs["beta_2"] = float(value[0]), float(value[1])
        elif ours in KERAS_NAMES:
            # JSON has no float/int distinction (0 arrives as int), and Keras's SGD refuses an int momentum.
            kwargs[KERAS_NAMES[ours]] = float(value) if isinstance(value, int) and not isinstance(value, bool) else value
        else:
            raise ValueError(f"unknown optimizer key {ours!r}")
    if learning_rate is not None:
        kwargs["learning_rate"] = learning_rate
    return cls(**checked_kwargs(cls, kwargs, f"keras.optimizers.{spec['kind']}"))


class OrderedBatches(keras.utils.PyDataset):
    """Serves epoch `epoch`'s batch `index` in the engine's order; logs every batch it serves."""

    def __init__(self, case):
        super().__init__(workers=1, use_multiprocessing=False)
        self.case = case
        self.epoch = None  # set by EpochMarker.on_epoch_begin; None before fit's first epoch
        self.served = []
        self.probes = 0

    def __len__(self):
        return self.case.steps

    def __getitem__(self, index):
        if self.epoch is None:  # fit's _symbolic_build reads one batch to build the metrics
            self.probes += 1
            idx = self.case.batch(0, index)
        else:
            self.served.append((self.epoch, index))
            idx = self.case.batch(self.epoch, index)
        return self.case.x_train[idx], self.case.y_train[idx].astype(np.int32)


class EpochMarker(keras.callbacks.Callback):
    """First callback: tells the dataset which epoch it serves, records the LR each step reads, checks that the
    batch being trained is the one just served, and captures the first step."""

    def __init__(self, data):
        super().__init__()
        self.data = data
        self.epoch = None
        self.lr_read = []
        self.first = None

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.data.epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        if not self.data.served or self.data.served[-1] != (self.epoch, batch):
            raise AssertionError(f"training batch {(self.epoch, batch)} but the last served was "
                                 f"{self.data.served[-1] if self.data.served else None}")
        self.lr_read.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    def on_train_batch_end(self, batch, logs=None):
        if self.first is None:
            w = self.model.get_weights()
            self.first = {"loss": num(float(logs["loss"])),
                          "weights": encode_layers(zip(w[0::2], w[1::2]))}


def run_keras(case):
    keras.config.set_floatx("float32")
    keras.utils.set_random_seed(0)
    spec = case.scheduler
    kind = spec.get("kind", "none")
    callbacks = []
    if kind == "schedule":
        schedule = getattr(keras.optimizers.schedules, spec["name"])(**(spec.get("kwargs") or {}))
        optimizer = keras_optimizer(case.optimizer, schedule)
    elif kind == "callback":
        optimizer = keras_optimizer(case.optimizer)
        kwargs = dict(spec.get("kwargs") or {})
        if spec["name"] == "LearningRateScheduler":
            callbacks.append(keras.callbacks.LearningRateScheduler(
                exec_function(spec["source"], spec["function"]), **kwargs))
        else:
            callbacks.append(getattr(keras.callbacks, spec["name"])(**kwargs))
    elif kind == "none":
        optimizer = keras_optimizer(case.optimizer)
    else:
        raise ValueError(f"keras scheduler kind {kind!r}")

    layers = [keras.Input((case.features,))]
    layers += [keras.layers.Dense(h, activation=case.activation) for h in case.hidden]
    layers.append(keras.layers.Dense(case.classes, activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.set_weights([a for pair in case.weights for a in pair])

    data = OrderedBatches(case)
    marker = EpochMarker(data)
    kg.RECORDER.clear()
    kg.RECORDER.active = True
    try:
        history = model.fit(data, epochs=case.epochs, validation_data=(case.x_val, case.y_val.astype(np.int32)),
                            shuffle=False, verbose=0, callbacks=[marker] + callbacks)
    finally:
        kg.RECORDER.active = False
    expected = [(e, b) for e in range(case.epochs) for b in range(case.steps)]
    if data.served != expected:
        raise AssertionError(f"Keras read batches {data.served[:8]}... ({len(data.served)}), not in order")
    applied = list(kg.RECORDER.lr)
    if applied != marker.lr_read:
        raise AssertionError("the LR the update step received differs from optimizer.learning_rate at batch begin")
    if len(applied) != len(expected):
        raise AssertionError(f"{len(applied)} optimizer updates for {len(expected)} batches")
    if kg.RECORDER.dtypes - {"float32"}:
        raise AssertionError(f"learning rate dtypes {sorted(kg.RECORDER.dtypes)}")
    h = history.history
    epochs = [{"loss": num(h["loss"][e]), "accuracy": num(h["accuracy"][e]), "val_loss": num(h["val_loss"][e]),
               "val_accuracy": num(h["val_accuracy"][e]), "lr": num(applied[e * case.steps])}
              for e in range(case.epochs)]
    w = model.get_weights()
    return {"id": case.id, "epochs": epochs, "applied_lr": [num(v) for v in applied],
            "first_batch_loss": marker.first["loss"], "first_step": marker.first,
            "final_weights": encode_layers(zip(w[0::2], w[1::2]))}


# ---------------------------------------------------------------- main

def versions():
    return {"python": platform.python_version(), "torch": torch.__version__, "keras": keras.__version__,
            "keras_backend": keras.backend.backend(), "numpy": np.__version__}


def run_case(raw):
    try:
        case = Case(raw)
        if raw["framework"] == "torch":
            return run_torch(case)
        if raw["framework"] == "keras":
            return run_keras(case)
        raise ValueError(f"framework {raw['framework']!r}")
    except Exception:
        return {"id": raw.get("id"), "error": traceback.format_exc(limit=8)}


def main():
    cases = json.load(sys.stdin)["cases"]
    kg.install_recorder()
    with contextlib.redirect_stdout(sys.stderr):
        results = [run_case(c) for c in cases]
    json.dump({"versions": versions(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
