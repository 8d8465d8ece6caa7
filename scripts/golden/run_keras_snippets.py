"""Runs exported Keras snippets ("Copy as Keras") in real Keras 3 and records the LR of every optimizer step.

src/schedules/code/keras-run.test.ts sends the exact text of every export; this script executes each one, in one
process, with real Keras (3.15, torch backend, from the reference environment: KERAS_BACKEND=torch
.venv-ref/bin/python). The snippet's own `model.fit` runs; it is only instrumented from outside:
  - keras_golden's recorder wraps the optimizer's update step, so the learning_rate that every optimizer step
    actually receives is recorded (a schedule's value at that step, or the variable a callback set);
  - keras.Model.fit is wrapped to run silently (verbose=0) and with one callback put before the snippet's own,
    which writes the test's metric sequence into logs (loss, val_loss, accuracy, val_accuracy) in on_epoch_end,
    so a ReduceLROnPlateau sees the test's values.
floatx is set to float64 before each snippet runs, so Keras computes and stores the LR in float64 and the test can
compare at 1e-12; the snippets themselves do not set it (a user's run is float32, about 1e-7 relative away).

Save and reload: where the snippet holds a LearningRateSchedule (Keras's own, or a subclass the snippet defines),
it is saved inside a model and loaded back: the snippet's own compiled model (model.save("<tmp>/x.keras"),
keras.models.load_model) where its optimizer holds the schedule, or else (a schedule a callback evaluates) a tiny
model compiled with an optimizer holding it. The load passes no custom_objects: the snippet's classes must register
themselves (@keras.saving.register_keras_serializable), as a user's loading script relies on. The reloaded schedule
is evaluated at every recorded step (the optimizer's) or epoch (a callback's): "reloaded_tick" says which.

Input (stdin): {"cases": [{"id", "code", "tick": "epoch"|"step", "steps_per_epoch", "metric"?: [...]}, ...]}
Output (stdout): {"versions": {...}, "results": {id: {"lr": [...], "reloaded"?: [...], "reloaded_tick"?: "step"|"epoch",
                                                       "schedule_class"?: name}
                                                  | {"error": "..."}}}
"""

import contextlib
import json
import math
import os
import sys
import tempfile
import time
import traceback

os.environ.setdefault("KERAS_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
import numpy as np  # noqa: E402

import keras_golden as kg  # noqa: E402  (the recorder, the metric writer, the versions)

ORIGINAL_FIT = keras.Model.fit
STATE = {"metric": []}


def instrumented_fit(self, *args, **kwargs):
    kwargs["verbose"] = 0
    kwargs["callbacks"] = [kg.MetricWriter(STATE["metric"])] + list(kwargs.get("callbacks") or [])
    return ORIGINAL_FIT(self, *args, **kwargs)


def finite(x):
    return x if math.isfinite(x) else repr(x)


def schedule_of(namespace):
    """The model whose optimizer holds a LearningRateSchedule, and that schedule; else (None, a schedule the
    snippet holds otherwise, e.g. for a LearningRateScheduler callback to evaluate), or (None, None)."""
    loose = None
    for value in namespace.values():
        if isinstance(value, keras.Model) and value.optimizer is not None:
            lr = value.optimizer._learning_rate
            if isinstance(lr, keras.optimizers.schedules.LearningRateSchedule):
                return value, lr
        if loose is None and isinstance(value, keras.optimizers.schedules.LearningRateSchedule):
            loose = value
    return None, loose


def holding_model(schedule):
    """A tiny model compiled with an optimizer holding `schedule`, so that model.save writes the schedule's config."""
    model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="mse")
    return model


def reload_schedule(model, n):
    """Saves the model, loads it back (registered names only), and evaluates the reloaded schedule at 0..n-1."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "x.keras")
        model.save(path)
        loaded = keras.models.load_model(path)
    schedule = loaded.optimizer._learning_rate
    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        raise TypeError(f"the reloaded optimizer holds {type(schedule).__name__}, not a schedule")
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    out = []
    for i in range(n):
        optimizer.iterations.assign(i)
        out.append(finite(float(keras.ops.convert_to_numpy(optimizer.learning_rate))))
    return type(schedule).__name__, out


def run_case(case):
    STATE["metric"] = case.get("metric") or []
    keras.config.set_floatx("float64")
    keras.utils.set_random_seed(0)
    kg.RECORDER.clear()
    kg.RECORDER.active = True
    namespace = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(sys.stderr):
            exec(compile(case["code"], "<snippet " + case["id"] + ">", "exec"), namespace)
    except Exception:
        return {"error": traceback.format_exc(limit=6)}
    finally:
        kg.RECORDER.active = False
    lrs = list(kg.RECORDER.lr)
    if kg.RECORDER.dtypes - {"float64"}:
        return {"error": f"the LR had dtypes {sorted(kg.RECORDER.dtypes)}, not float64"}
    result = {}
    model, schedule = schedule_of(namespace)
    if schedule is not None:
        try:
            if model is None:
                epochs = len(lrs) // case["steps_per_epoch"] if case["tick"] == "epoch" else len(lrs)
                name, reloaded = reload_schedule(holding_model(schedule), epochs)
                result["reloaded_tick"] = "epoch" if case["tick"] == "epoch" else "step"
            else:
                name, reloaded = reload_schedule(model, len(lrs))
                result["reloaded_tick"] = "step"
            result["schedule_class"] = name
            result["reloaded"] = reloaded
        except Exception:
            return {"error": "save/reload failed:\n" + traceback.format_exc(limit=6)}
    if case["tick"] == "epoch":
        spe = case["steps_per_epoch"]
        per_epoch = []
        for start in range(0, len(lrs), spe):
            chunk = lrs[start:start + spe]
            if any(v != chunk[0] for v in chunk):
                return {"error": "the LR changed inside epoch %d: %r" % (start // spe, chunk)}
            per_epoch.append(chunk[0])
        lrs = per_epoch
    result["lr"] = [finite(float(v)) for v in lrs]
    return result


def main():
    cases = json.load(sys.stdin)["cases"]
    kg.install_recorder()
    keras.Model.fit = instrumented_fit
    results = {}
    timing = os.environ.get("KERAS_SNIPPETS_TIMING")
    for case in cases:
        start = time.perf_counter()
        results[case["id"]] = run_case(case)
        if timing:
            print(f"{time.perf_counter() - start:7.3f}s {case['id']}", file=sys.stderr)
    keras.config.set_floatx("float64")
    json.dump({"versions": kg.versions(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
