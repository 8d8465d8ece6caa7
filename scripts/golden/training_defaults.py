"""The optimizer defaults the training engine fills in, read from the real libraries.

Run in the project's reference environment:
    KERAS_BACKEND=torch .venv-ref/bin/python scripts/golden/training_defaults.py
It writes src/training/__fixtures__/optimizer-defaults.json; src/training/config.test.ts checks the engine's
OPTIMIZER_DEFAULTS table against it, so a library upgrade that changes a default shows up as a failing test.

torch: the keyword defaults of each optimizer's constructor (inspect.signature), the options the engine has.
Keras: get_config() of an optimizer built with no arguments; weight_decay None means no decay (kept as null).
Nothing here is computed: every value is the library's own.
"""

import inspect
import json
import os
import platform

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "src", "training", "__fixtures__", "optimizer-defaults.json"))

TORCH_OPTIONS = {
    "SGD": ["momentum", "dampening", "weight_decay", "nesterov"],
    "Adam": ["betas", "eps", "weight_decay"],
    "AdamW": ["betas", "eps", "weight_decay"],
    "RMSprop": ["alpha", "eps", "weight_decay", "momentum"],
}
KERAS_OPTIONS = {
    "SGD": ["momentum", "nesterov", "weight_decay"],
    "Adam": ["beta_1", "beta_2", "epsilon", "weight_decay"],
    "AdamW": ["beta_1", "beta_2", "epsilon", "weight_decay"],
    "RMSprop": ["rho", "momentum", "epsilon", "weight_decay"],
}


def torch_defaults(kind):
    params = inspect.signature(getattr(torch.optim, kind)).parameters
    out = {}
    for name in TORCH_OPTIONS[kind]:
        value = params[name].default
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def keras_defaults(kind):
    config = getattr(keras.optimizers, kind)().get_config()
    return {name: config[name] for name in KERAS_OPTIONS[kind]}


def main():
    data = {
        "generator": "scripts/golden/training_defaults.py",
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "keras": keras.__version__,
            "keras_backend": keras.backend.backend(),
        },
        "torch": {kind: torch_defaults(kind) for kind in TORCH_OPTIONS},
        "keras": {kind: keras_defaults(kind) for kind in KERAS_OPTIONS},
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
