"""Load a MedMNIST dataset as arrays ready for Keras.

    >>> from course_utils import load_medmnist
    >>> data = load_medmnist("pneumoniamnist")          # 28 px, all splits
    >>> data.x_train.shape, data.x_train.dtype           # ((4708, 28, 28, 1), float32)
    >>> data.class_names                                 # ('normal', 'pneumonia')

Images come as float32 in [0, 1], channels-last: (N, H, W, C) for 2D data and
(N, D, H, W, 1) for 3D volumes. Labels are an integer vector, or a 0/1 matrix
(one column per finding) for the multi-label ChestMNIST.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import storage
from .catalog import DatasetInfo, dataset_info
from .errors import CorruptFileError

SPLITS = ("train", "val", "test")


@dataclass(repr=False)
class MedMNIST:
    """One dataset: three splits of images and labels, plus its metadata."""

    info: DatasetInfo
    path: Path
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def class_names(self) -> tuple[str, ...]:
        return self.info.class_names

    def split(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """``(images, labels)`` of ``"train"``, ``"val"`` or ``"test"``."""
        if name not in SPLITS:
            raise ValueError(f"Unknown split {name!r}; choose one of {SPLITS}.")
        return getattr(self, f"x_{name}"), getattr(self, f"y_{name}")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{s}={len(self.split(s)[0])}" for s in SPLITS)
        return (
            f"MedMNIST({self.info.flag}, {self.info.size} px, {self.info.task}, "
            f"{self.info.n_classes} classes, image shape {self.x_train.shape[1:]}, {sizes})"
        )


def to_keras_images(images: np.ndarray, is_3d: bool) -> np.ndarray:
    """uint8 images to float32 in [0, 1] with a trailing channel axis."""
    x = images.astype(np.float32) / 255.0
    wants_channel_axis = is_3d or x.ndim == 3  # (N,D,H,W) volumes, (N,H,W) grey images
    return x[..., np.newaxis] if wants_channel_axis else x


def to_keras_labels(labels: np.ndarray, multilabel: bool) -> np.ndarray:
    """(N, 1) labels to an int vector; multi-label (N, L) stays a matrix."""
    y = labels.astype(np.int64)
    return y if multilabel else y.reshape(-1)


def stratified_indices(labels: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Indices of ``n`` samples whose class mix matches ``labels`` (sorted, repeatable).

    Multi-label targets are sampled uniformly, since they have no single class.
    """
    total = len(labels)
    if n >= total:
        return np.arange(total)
    rng = np.random.default_rng(seed)
    if labels.ndim > 1:
        return np.sort(rng.choice(total, size=n, replace=False))
    classes, counts = np.unique(labels, return_counts=True)
    quota = counts * n / total
    take = np.floor(quota).astype(int)
    # Hand out what rounding down left over to the largest remainders.
    for i in np.argsort(quota - take)[::-1][: n - take.sum()]:
        take[i] += 1
    chosen = [rng.choice(np.flatnonzero(labels == c), size=k, replace=False) for c, k in zip(classes, take)]
    return np.sort(np.concatenate(chosen))


def _read_npz(path: Path, info: DatasetInfo) -> dict[str, np.ndarray]:
    """Read the six arrays, never unpickling anything, with clear errors."""
    storage.verify(path, info)
    keys = [f"{s}_{kind}" for s in SPLITS for kind in ("images", "labels")]
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = [k for k in keys if k not in npz.files]
            if missing:
                raise CorruptFileError(f"{path} is not a MedMNIST file: it lacks {', '.join(missing)}.")
            return {k: npz[k] for k in keys}
    except CorruptFileError:
        raise
    except ValueError as err:
        if "allow_pickle" in str(err):
            raise CorruptFileError(
                f"{path} holds pickled Python objects. The course never unpickles data files, "
                "because that can run arbitrary code. Use an official MedMNIST file instead."
            ) from None
        raise CorruptFileError(f"{path} could not be read ({err}). Download it again.") from None
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise CorruptFileError(
            f"{path} is not a readable .npz file ({err}). It is probably truncated or corrupt: "
            f"move it away and run  python -m course_utils fetch {info.flag} --size {info.size}."
        ) from None


def ensure_file(info: DatasetInfo, data_dir: str | os.PathLike[str] | None = None, download: bool = True) -> Path:
    """The path of a verified copy of the dataset's file, downloading it if allowed."""
    path = storage.find(info, data_dir)
    if path is not None:
        storage.verify(path, info)
        return path
    if not download:
        raise storage.unavailable_error(info, data_dir, "downloading was switched off")
    return storage.download(info, data_dir)


def load_medmnist(
    flag: str,
    size: int = 28,
    *,
    subset: int | dict[str, int] | None = None,
    seed: int = 0,
    data_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
) -> MedMNIST:
    """Load a MedMNIST dataset (any flag in ``medmnist.INFO``, any size it offers).

    Args:
        flag: dataset name, e.g. ``"pneumoniamnist"``.
        size: image side in pixels: 28, 64, 128 or 224 for 2D sets; 28 or 64 for 3D.
        subset: keep only this many samples per split (an int, or a dict by split),
            drawn stratified by class with ``seed``. ``None`` keeps everything.
        seed: seed for the subset.
        data_dir: folder to look in first (see :mod:`course_utils.storage`).
        download: fetch a missing file from the official URL.
    """
    info = dataset_info(flag, size)
    path = ensure_file(info, data_dir, download)
    raw = _read_npz(path, info)
    arrays: dict[str, np.ndarray] = {}
    for split in SPLITS:
        x = to_keras_images(raw[f"{split}_images"], info.is_3d)
        y = to_keras_labels(raw[f"{split}_labels"], info.is_multilabel)
        n = subset.get(split) if isinstance(subset, dict) else subset
        if n is not None:
            keep = stratified_indices(y, int(n), seed)
            x, y = x[keep], y[keep]
        arrays[f"x_{split}"], arrays[f"y_{split}"] = x, y
    return MedMNIST(info=info, path=path, **arrays)
