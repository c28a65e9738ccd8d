"""What MedMNIST offers: flags, sizes, file names, URLs, MD5s and metadata.

Everything here is read from medmnist's own ``INFO`` table, so the course never
keeps a second copy of URLs or checksums that could drift out of date.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import _medmnist
from .errors import UnknownDatasetError, UnsupportedSizeError

SIZES_2D = (28, 64, 128, 224)
SIZES_3D = (28, 64)

MEDMNIST_CITATION = (
    "Jiancheng Yang, Rui Shi, Donglai Wei, Zequan Liu, Lin Zhao, Bilian Ke, "
    "Hanspeter Pfister, Bingbing Ni. MedMNIST v2 - A large-scale lightweight "
    "benchmark for 2D and 3D biomedical image classification. "
    "Scientific Data, 2023. "
    "Jiancheng Yang, Rui Shi, Bingbing Ni. MedMNIST Classification Decathlon: "
    "A Lightweight AutoML Benchmark for Medical Image Analysis. IEEE ISBI, 2021."
)


@dataclass(frozen=True)
class DatasetInfo:
    """Metadata of one MedMNIST dataset at one image size."""

    flag: str
    size: int
    task: str
    class_names: tuple[str, ...]
    n_channels: int
    n_samples: dict[str, int]
    license: str
    description: str
    url: str
    md5: str
    is_3d: bool

    @property
    def filename(self) -> str:
        return filename(self.flag, self.size)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def is_multilabel(self) -> bool:
        return self.task.startswith("multi-label")

    @property
    def test_split_is_random(self) -> bool:
        """Whether the test split is a random part of the same collection as the training split.

        Read from MedMNIST's own description: "split the source dataset with a ratio of 7:1:2"
        or "randomly split" (BreastMNIST, BloodMNIST, ...). Otherwise the test split is a split the
        source kept apart: its validation set (PneumoniaMNIST, RetinaMNIST) or its test set
        (OrganAMNIST, ...), whose class balance, and images, can differ from training's.
        """
        text = self.description.lower()
        return "7:1:2" in text or "randomly split" in text

    @property
    def citation(self) -> str:
        """MedMNIST's citation; ``description`` names the source collection."""
        return MEDMNIST_CITATION


def all_flags() -> list[str]:
    """Every dataset flag medmnist knows, in medmnist's order."""
    return list(_medmnist.INFO)


def check_flag(flag: str) -> str:
    """Return ``flag`` normalised, or raise with the valid flags and a suggestion."""
    key = str(flag).strip().lower()
    if key in _medmnist.INFO:
        return key
    flags = all_flags()
    close = difflib.get_close_matches(key, flags, n=1, cutoff=0.0)
    # A prefix match ("pneumonia" -> "pneumoniamnist") beats edit distance.
    prefixed = [f for f in flags if f.startswith(key)] if key else []
    guess = prefixed[0] if prefixed else (close[0] if close else None)
    hint = f" Did you mean {guess!r}?" if guess else ""
    raise UnknownDatasetError(
        f"Unknown MedMNIST dataset {flag!r}.{hint}\nValid names: {', '.join(flags)}."
    )


def available_sizes(flag: str) -> tuple[int, ...]:
    """Image sizes for which medmnist lists a file for ``flag``."""
    entry = _medmnist.INFO[check_flag(flag)]
    return tuple(s for s in (28, 64, 128, 224) if _size_key("url", s) in entry)


def _size_key(kind: str, size: int) -> str:
    return kind if size == 28 else f"{kind}_{size}"


def filename(flag: str, size: int = 28) -> str:
    """medmnist's file name: ``pneumoniamnist.npz`` at 28 px, else ``..._64.npz``."""
    return f"{flag}.npz" if size == 28 else f"{flag}_{size}.npz"


def dataset_info(flag: str, size: int = 28) -> DatasetInfo:
    """Metadata for ``flag`` at ``size``, with clear errors for bad input."""
    key = check_flag(flag)
    sizes = available_sizes(key)
    if size not in sizes:
        raise UnsupportedSizeError(
            f"{key} is not offered at size {size!r}. "
            f"Sizes offered: {', '.join(map(str, sizes))}."
        )
    entry = _medmnist.INFO[key]
    labels = entry["label"]
    return DatasetInfo(
        flag=key,
        size=size,
        task=entry["task"],
        class_names=tuple(labels[str(i)] for i in range(len(labels))),
        n_channels=int(entry["n_channels"]),
        n_samples=dict(entry["n_samples"]),
        license=entry.get("license", "see the MedMNIST website"),
        description=entry.get("description", ""),
        url=entry[_size_key("url", size)],
        md5=entry[_size_key("MD5", size)],
        is_3d=key.endswith("3d"),
    )
