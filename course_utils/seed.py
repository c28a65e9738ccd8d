"""Seeding, so that a lesson gives the same numbers every time it runs."""

from __future__ import annotations

import os
import random

import numpy as np


def set_seed(seed: int = 0, deterministic: bool = True) -> None:
    """Seed Python, NumPy and the Keras backend.

    With ``deterministic=True`` and the TensorFlow backend, TensorFlow is also
    asked for deterministic kernels, so that a run on the same machine repeats
    to the last digit. Other backends are deterministic on the CPU already.
    """
    import keras

    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)
    if deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
