"""Fixtures that make small MedMNIST-format files and register them as datasets.

The fake datasets get entries in medmnist's ``INFO`` table (restored after each
test), so the real loading code runs on them unchanged: MD5 checks included.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from course_utils import _medmnist, storage
from fakedata import SAMPLES, Register, md5_of, write_medmnist_npz


@pytest.fixture
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point every data folder of course_utils into tmp_path."""
    dirs = {"env": tmp_path / "env-data", "repo": tmp_path / "repo-data", "home": tmp_path / "home" / ".medmnist"}
    dirs["repo"].mkdir()
    monkeypatch.setenv(storage.ENV_VAR, str(dirs["env"]))
    monkeypatch.setattr(storage, "REPO_DATA_DIR", dirs["repo"])
    monkeypatch.setattr(storage, "MEDMNIST_DEFAULT_DIR", dirs["home"])
    monkeypatch.setattr(storage.time, "sleep", lambda seconds: None)  # no waiting between retries
    return dirs


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Register:
    """``register(flag, image_shape, ...)`` writes a fake file and adds it to INFO."""

    def _register(flag: str, image_shape: tuple[int, ...] = (28, 28), *, label_width: int = 1,
                  n_classes: int = 2, task: str = "binary-class", sizes: tuple[int, ...] = (28,),
                  url: str = "https://zenodo.org/records/0/{name}") -> Path:
        source = write_medmnist_npz(tmp_path / "source" / f"{flag}.npz", image_shape, label_width, n_classes)
        entry: dict[str, object] = {
            "task": task,
            "label": {str(i): f"class {i}" for i in range(max(n_classes, label_width if label_width > 1 else 0))},
            "n_channels": image_shape[-1] if len(image_shape) == 3 and not flag.endswith("3d") else 1,
            "n_samples": dict(SAMPLES),
            "license": "CC BY 4.0",
            "description": f"A fake {flag} for tests.",
        }
        for size in sizes:
            suffix = "" if size == 28 else f"_{size}"
            name = f"{flag}{suffix}.npz"
            entry["url" + suffix] = url.format(name=name)
            entry["MD5" + suffix] = md5_of(source) if size == 28 else "0" * 32
        monkeypatch.setitem(_medmnist.INFO, flag, entry)
        return source

    return _register


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail every name lookup and connection, as on a machine with no network."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
