"""Runs exported Keras snippets against a stand-in `keras` module and records the LR they would train with.

Keras cannot be installed where the tests run, so src/schedules/code/keras-run.test.ts executes the exact text of
the playground's "Copy as Keras" button with this minimal `keras` put in sys.modules instead. It is built from
scripts/golden/keras_golden.py's independent float64 transcriptions of the Keras 3 source (the schedules, and
ReduceLROnPlateau), with keras.ops as NumPy, and a `model.fit` loop that follows Keras's order of events:
  on_epoch_begin callbacks (LearningRateScheduler sets the LR) -> one optimizer step per batch, each reading
  `learning_rate` (a schedule is called with the optimizer's iteration count) -> on_epoch_end callbacks with the
  epoch's logs (val_loss etc. taken from the test's metric sequence).
Everything is float64: the check is that the exported code computes the playground's numbers, not that float32
Keras rounds them the same way.

Input (stdin): {"cases": [{"id", "code", "tick": "epoch"|"step", "steps_per_epoch", "metric"?: [...]}, ...]}
Output (stdout): {"results": {id: {"lr": [...]} | {"error": "..."}}}
"""

import json
import math
import os
import sys
import traceback
import types

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_golden as kg  # noqa: E402  (independent transcriptions of Keras's schedules and callbacks)

np.seterr(all="ignore")

DEFAULT_LR = {"SGD": 0.01}


def build_keras(metric):
    keras = types.ModuleType("keras")
    ops = types.ModuleType("keras.ops")
    ops.cast = lambda x, dtype=None: np.float64(x) if np.ndim(x) == 0 else np.asarray(x, dtype=np.float64)
    ops.convert_to_tensor = lambda x, dtype=None: np.asarray(x, dtype=np.float64)
    for name in ["where", "minimum", "maximum", "sqrt", "cos", "sin", "floor", "ceil", "abs", "power", "log", "exp", "clip"]:
        setattr(ops, name, getattr(np, name))
    keras.ops = ops

    optimizers = types.ModuleType("keras.optimizers")
    schedules = types.ModuleType("keras.optimizers.schedules")

    class LearningRateSchedule:
        pass

    schedules.LearningRateSchedule = LearningRateSchedule
    for name, cls in kg.SCHEDULES.items():
        setattr(schedules, name, cls)
    optimizers.schedules = schedules

    class Optimizer:
        default_lr = 0.001

        def __init__(self, learning_rate=None, **kwargs):
            self.learning_rate = self.default_lr if learning_rate is None else learning_rate
            self.iterations = 0

        def current(self):
            lr = self.learning_rate
            if callable(lr):
                return float(lr(self.iterations))
            return float(lr)

    def optimizer_class(name, default):
        return type(name, (Optimizer,), {"default_lr": default})

    for name in ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl", "Lion"]:
        setattr(optimizers, name, optimizer_class(name, 0.01 if name == "SGD" else 0.001))
    keras.optimizers = optimizers

    callbacks = types.ModuleType("keras.callbacks")

    class Callback:
        def __init__(self):
            self.model = None

        def on_epoch_begin(self, epoch, logs=None):
            pass

        def on_epoch_end(self, epoch, logs=None):
            pass

    class LearningRateScheduler(Callback):
        def __init__(self, schedule, verbose=0):
            super().__init__()
            self.schedule = schedule

        def on_epoch_begin(self, epoch, logs=None):
            lr = float(self.model.optimizer.learning_rate)
            try:
                lr = self.schedule(epoch, lr)
            except TypeError:
                lr = self.schedule(epoch)
            if not isinstance(lr, (float, np.float32, np.float64)):
                raise ValueError("The output of the `schedule` function should be a float. Got: %r" % (lr,))
            self.model.optimizer.learning_rate = float(lr)

    class ReduceLROnPlateau(Callback):
        def __init__(self, monitor="val_loss", **kwargs):
            super().__init__()
            self.monitor = monitor
            self.inner = kg.ReduceLROnPlateau(monitor=monitor, **kwargs)

        def on_epoch_end(self, epoch, logs=None):
            self.inner.on_epoch_end(epoch, self.model.optimizer, logs[self.monitor])

    callbacks.Callback = Callback
    callbacks.LearningRateScheduler = LearningRateScheduler
    callbacks.ReduceLROnPlateau = ReduceLROnPlateau
    keras.callbacks = callbacks

    record = []

    class Model:
        def __init__(self, layers=None):
            self.optimizer = None

        def compile(self, optimizer=None, **kwargs):
            if isinstance(optimizer, str):
                optimizer = getattr(optimizers, {"sgd": "SGD", "adam": "Adam"}[optimizer.lower()])()
            self.optimizer = optimizer

        def fit(self, x=None, y=None, batch_size=None, epochs=1, steps_per_epoch=None, callbacks=None, **kwargs):
            callbacks = callbacks or []
            for cb in callbacks:
                cb.model = self
            for epoch in range(epochs):
                for cb in callbacks:
                    cb.on_epoch_begin(epoch)
                for _ in range(steps_per_epoch):
                    record.append(self.optimizer.current())
                    self.optimizer.iterations += 1
                value = metric[epoch] if epoch < len(metric) else 0.0
                logs = {"loss": value, "val_loss": value, "accuracy": value, "val_accuracy": value}
                for cb in callbacks:
                    cb.on_epoch_end(epoch, logs)

    keras.Sequential = Model
    keras.Model = Model
    keras.Input = lambda *args, **kwargs: None
    layers = types.ModuleType("keras.layers")
    layers.Dense = lambda *args, **kwargs: None
    keras.layers = layers
    return keras, record


def finite(x):
    return x if math.isfinite(x) else repr(x)


def run_case(case):
    keras, record = build_keras(case.get("metric") or [])
    saved = {name: sys.modules.get(name) for name in ["keras", "keras.ops"]}
    sys.modules["keras"] = keras
    sys.modules["keras.ops"] = keras.ops
    try:
        exec(compile(case["code"], "<snippet " + case["id"] + ">", "exec"), {"__name__": "__main__"})
    except Exception:
        return {"error": traceback.format_exc(limit=4)}
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    lrs = record
    if case["tick"] == "epoch":
        spe = case["steps_per_epoch"]
        per_epoch = []
        for start in range(0, len(lrs), spe):
            chunk = lrs[start:start + spe]
            if any(v != chunk[0] for v in chunk):
                return {"error": "the LR changed inside epoch %d: %r" % (start // spe, chunk)}
            per_epoch.append(chunk[0])
        lrs = per_epoch
    return {"lr": [finite(float(v)) for v in lrs]}


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({"results": {case["id"]: run_case(case) for case in cases}}, sys.stdout)


if __name__ == "__main__":
    main()
