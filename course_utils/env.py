"""The environment report: what this machine runs, and which data it has."""

from __future__ import annotations

import os
import platform
import sys
from typing import cast

from . import storage
from .catalog import all_flags, available_sizes, dataset_info
from .errors import BackendError, CorruptFileError


def devices() -> list[str]:
    """Accelerators the Keras backend can see, e.g. ``['GPU: /physical_device:GPU:0']``."""
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return [f"GPU: {d.name}" for d in tf.config.list_physical_devices("GPU")]
    if backend == "jax":
        import jax

        return [f"{d.platform.upper()}: {d}" for d in jax.devices() if d.platform != "cpu"]
    if backend == "torch":
        import torch

        return [f"GPU: {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count())]
    return []


def require_backend(*backends: str, why: str) -> None:
    """Stop with a clear message unless Keras runs on one of ``backends``.

    Lessons that rely on a backend-specific API (e.g. ``tf.GradientTape``) call
    this in their first code cells, so that a student on another backend learns
    why at once instead of meeting an obscure error half-way through.
    """
    import keras

    running = keras.backend.backend()
    if running not in backends:
        needed = " or ".join(backends)
        raise BackendError(
            f"This lesson needs the {needed} Keras backend, but Keras is running on {running}: {why} "
            f"Set the environment variable KERAS_BACKEND={backends[0]} before starting Jupyter "
            f"(or before `import keras`), then restart the kernel. Lesson 00 lists each lesson's backends."
        )


def datasets_on_disk(data_dir: str | None = None) -> list[tuple[str, str, str]]:
    """``(file, folder, 'MD5 ok' | 'MD5 MISMATCH')`` for every MedMNIST file found."""
    found = []
    for flag in all_flags():
        for size in available_sizes(flag):
            info = dataset_info(flag, size)
            path = storage.find(info, data_dir)
            if path is None:
                continue
            try:
                storage.verify(path, info)
                status = "MD5 ok"
            except CorruptFileError:
                status = "MD5 MISMATCH"
            found.append((info.filename, str(path.parent), status))
    return found


def environment_report(data_dir: str | None = None) -> dict[str, object]:
    """Versions, devices and data, as a dict (see :func:`print_environment`)."""
    import keras

    report: dict[str, object] = {
        "Python": platform.python_version(),
        "Platform": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU cores",
        "Keras": keras.__version__,
        "Keras backend": keras.backend.backend(),
    }
    try:
        import tensorflow as tf

        report["TensorFlow"] = tf.__version__
    except ImportError:
        report["TensorFlow"] = "not installed"
    gpus = devices()
    report["Accelerators"] = ", ".join(gpus) if gpus else "none (CPU only; every lesson is sized for that)"
    report["Data directory"] = str(storage.target_dir(data_dir))
    report["Datasets found"] = datasets_on_disk(data_dir)
    return report


def print_environment(data_dir: str | None = None) -> None:
    """Print the environment report; the first code cell of every lesson calls this."""
    report = environment_report(data_dir)
    datasets = cast("list[tuple[str, str, str]]", report.pop("Datasets found"))
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}} : {value}")
    print(f"{'Datasets found':<{width}} : {len(datasets)}")
    for name, folder, status in datasets:
        print(f"    {name:<26} {status:<13} {folder}")
    sys.stdout.flush()
