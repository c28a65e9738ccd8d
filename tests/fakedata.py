"""Small MedMNIST-format files for the tests (unit tests and lesson 05's multi-label run).

The fake datasets get entries in medmnist's ``INFO`` table (restored after each
test), so the real loading code runs on them unchanged: MD5 checks included.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import numpy as np

SAMPLES = {"train": 60, "val": 20, "test": 20}


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def write_medmnist_npz(path: Path, image_shape: tuple[int, ...], label_width: int = 1, n_classes: int = 2,
                       seed: int = 0, samples: dict[str, int] | None = None) -> Path:
    """Write a file laid out like an official MedMNIST .npz (uint8 images, (n, k) labels).

    ``label_width > 1`` gives multi-hot labels (ChestMNIST's layout). ``samples`` maps each split to
    its number of images (default ``SAMPLES``). Every class, or every finding both present and
    absent, occurs in every split, so that AUCs are defined.
    """
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, n in (samples or SAMPLES).items():
        arrays[f"{split}_images"] = rng.integers(0, 256, size=(n, *image_shape), dtype=np.uint8)
        high = 2 if label_width > 1 else n_classes
        labels = rng.integers(0, high, size=(n, label_width), dtype=np.uint8)
        if label_width == 1:
            labels[: n_classes] = np.arange(n_classes)[:, None]  # every class present
        else:
            labels[:2] = [[0] * label_width, [1] * label_width]  # every finding both absent and present
        arrays[f"{split}_labels"] = labels
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
    return path

Register = Callable[..., Path]
