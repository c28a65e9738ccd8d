"""Loading MedMNIST-format files into Keras-ready arrays, and stratified subsets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import load_medmnist, stratified_indices
from course_utils.errors import CorruptFileError

from fakedata import SAMPLES, Register, md5_of


def place(source: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / (name or source.name)))


def test_grey_2d(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toymnist", (28, 28), n_classes=3, task="multi-class"), isolated_dirs["env"])
    data = load_medmnist("toymnist")
    assert data.x_train.shape == (SAMPLES["train"], 28, 28, 1)
    assert data.x_train.dtype == np.float32
    assert 0.0 <= data.x_train.min() and data.x_train.max() <= 1.0
    assert data.y_train.shape == (SAMPLES["train"],) and data.y_train.dtype == np.int64
    assert data.class_names == ("class 0", "class 1", "class 2")
    assert data.info.task == "multi-class" and data.info.license == "CC BY 4.0"
    assert "toymnist" in repr(data) and "train=60" in repr(data)


def test_rgb_is_channels_last(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toyrgbmnist", (28, 28, 3)), isolated_dirs["env"])
    assert load_medmnist("toyrgbmnist").x_val.shape == (SAMPLES["val"], 28, 28, 3)


def test_3d_volumes_get_a_channel_axis(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toymnist3d", (8, 8, 8), sizes=(28, 64)), isolated_dirs["env"])
    data = load_medmnist("toymnist3d")
    assert data.info.is_3d
    assert data.x_test.shape == (SAMPLES["test"], 8, 8, 8, 1)


def test_multilabel_is_a_matrix(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toychestmnist", (28, 28), label_width=5, n_classes=5, task="multi-label, binary-class"), isolated_dirs["env"])
    data = load_medmnist("toychestmnist")
    assert data.y_train.shape == (SAMPLES["train"], 5)
    assert set(np.unique(data.y_train)) <= {0, 1}


def test_images_match_the_file_exactly(isolated_dirs: dict[str, Path], register: Register) -> None:
    source = place(register("toymnist", (28, 28)), isolated_dirs["env"])
    raw = np.load(source)
    data = load_medmnist("toymnist")
    np.testing.assert_array_equal(np.rint(data.x_test[..., 0] * 255).astype(np.uint8), raw["test_images"])
    np.testing.assert_array_equal(data.y_test, raw["test_labels"][:, 0])


def test_subset_is_stratified_and_repeatable(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toymnist", (28, 28), n_classes=3, task="multi-class"), isolated_dirs["env"])
    full = load_medmnist("toymnist")
    a = load_medmnist("toymnist", subset=30, seed=1)
    b = load_medmnist("toymnist", subset=30, seed=1)
    c = load_medmnist("toymnist", subset=30, seed=2)
    assert (len(a.x_train), len(a.x_val), len(a.x_test)) == (30, SAMPLES["val"], SAMPLES["test"])  # val/test hold only 20
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_train, c.x_train)
    full_share = np.bincount(full.y_train, minlength=3) / len(full.y_train)
    sub_share = np.bincount(a.y_train, minlength=3) / len(a.y_train)
    assert np.all(np.abs(full_share - sub_share) <= 1 / 30 + 1e-9)


def test_subset_per_split(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toymnist", (28, 28)), isolated_dirs["env"])
    data = load_medmnist("toymnist", subset={"train": 10})
    assert (len(data.x_train), len(data.x_val), len(data.x_test)) == (10, SAMPLES["val"], SAMPLES["test"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=200), st.integers(1, 250), st.integers(0, 10))
def test_stratified_indices_properties(labels: list[int], n: int, seed: int) -> None:
    y = np.array(labels)
    idx = stratified_indices(y, n, seed)
    assert len(idx) == min(n, len(y)) and len(set(idx.tolist())) == len(idx)
    for c in np.unique(y):  # each class gets its proportional share, rounded either way
        expected = np.sum(y == c) * len(idx) / len(y)
        assert abs(np.sum(y[idx] == c) - expected) < 1 + 1e-9


def test_split_by_name(isolated_dirs: dict[str, Path], register: Register) -> None:
    place(register("toymnist", (28, 28)), isolated_dirs["env"])
    data = load_medmnist("toymnist")
    x, y = data.split("val")
    assert x is data.x_val and y is data.y_val
    with pytest.raises(ValueError, match="Unknown split"):
        data.split("validation")


# --- bad files ---------------------------------------------------------------

def test_truncated_file(isolated_dirs: dict[str, Path], register: Register) -> None:
    path = place(register("toymnist", (28, 28)), isolated_dirs["env"])
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CorruptFileError, match="incomplete or corrupt") as err:
        load_medmnist("toymnist")
    assert "python -m course_utils fetch toymnist" in str(err.value)
    assert path.exists(), "a user's file is never deleted"


def test_md5_mismatch(isolated_dirs: dict[str, Path], register: Register) -> None:
    path = place(register("toymnist", (28, 28)), isolated_dirs["env"])
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptFileError, match="MD5"):
        load_medmnist("toymnist")


@pytest.fixture
def trusted_file(isolated_dirs: dict[str, Path], register: Register, monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[Path], None]], None]:
    """``trusted_file(write)``: ``write(path)`` makes toymnist.npz, whose MD5 is then registered as official.

    This gets a bad file past the MD5 check, so that the reader's own defences are tested.
    """
    from course_utils import _medmnist

    register("toymnist", (28, 28))

    def install(write: Callable[[Path], None]) -> None:
        path = isolated_dirs["env"] / "toymnist.npz"
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
        monkeypatch.setitem(_medmnist.INFO["toymnist"], "MD5", md5_of(path))

    return install


def test_corrupt_zip_with_matching_md5(trusted_file: Callable[[Callable[[Path], None]], None]) -> None:
    trusted_file(lambda path: path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10))
    with pytest.raises(CorruptFileError, match="not a readable .npz"):
        load_medmnist("toymnist")


def test_pickled_objects_are_refused(trusted_file: Callable[[Callable[[Path], None]], None]) -> None:
    evil = np.empty(1, dtype=object)
    evil[0] = {"payload": "would run code on unpickling"}
    arrays = {f"{s}_{k}": evil for s in ("train", "val", "test") for k in ("images", "labels")}
    trusted_file(lambda path: np.savez(path, **arrays))
    with pytest.raises(CorruptFileError, match="pickled"):
        load_medmnist("toymnist")


def test_missing_keys(trusted_file: Callable[[Callable[[Path], None]], None]) -> None:
    trusted_file(lambda path: np.savez(path, train_images=np.zeros((2, 28, 28), np.uint8)))
    with pytest.raises(CorruptFileError, match="lacks"):
        load_medmnist("toymnist")


def test_real_file_when_shared_data_is_present() -> None:
    """With COURSE_DATA_DIR at ../shared/medmnist (as in CI), a real file loads."""
    import os

    folder = os.environ.get("COURSE_DATA_DIR")
    if not folder or not (Path(folder) / "breastmnist.npz").exists():
        pytest.skip("the shared MedMNIST folder is not configured")
    data = load_medmnist("breastmnist", data_dir=folder)
    assert (len(data.x_train), len(data.x_val), len(data.x_test)) == (546, 78, 156)
    assert data.x_train.shape[1:] == (28, 28, 1)
