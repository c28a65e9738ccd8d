"""Dataset names and sizes: what exists, and clear errors for what does not."""

from __future__ import annotations

import pytest

from course_utils import all_flags, available_sizes, dataset_info
from course_utils.errors import UnknownDatasetError, UnsupportedSizeError


@pytest.mark.parametrize("typed, meant", [("pneumonia", "pneumoniamnist"), ("bloodmnst", "bloodmnist"), ("OrganAMNIST", None), ("adrenal3d", "adrenalmnist3d")])
def test_unknown_flag_suggests_closest(typed: str, meant: str | None) -> None:
    if meant is None:  # different case is fine, not an error
        assert dataset_info(typed).flag == "organamnist"
        return
    with pytest.raises(UnknownDatasetError) as err:
        dataset_info(typed)
    message = str(err.value)
    assert f"Did you mean '{meant}'?" in message
    assert all(flag in message for flag in all_flags()), "the message lists every valid flag"


def test_unknown_flag_is_a_keyerror_too() -> None:
    with pytest.raises(KeyError):
        dataset_info("not-a-dataset")


@pytest.mark.parametrize("flag, size", [("adrenalmnist3d", 128), ("adrenalmnist3d", 224), ("pneumoniamnist", 32), ("bloodmnist", 0)])
def test_size_not_offered(flag: str, size: int) -> None:
    with pytest.raises(UnsupportedSizeError, match="Sizes offered"):
        dataset_info(flag, size)


def test_every_flag_and_size_has_metadata() -> None:
    flags = all_flags()
    assert len(flags) == 18
    for flag in flags:
        sizes = available_sizes(flag)
        assert sizes == ((28, 64) if flag.endswith("3d") else (28, 64, 128, 224))
        for size in sizes:
            info = dataset_info(flag, size)
            assert info.url.startswith("https://") and len(info.md5) == 32
            assert info.filename == (f"{flag}.npz" if size == 28 else f"{flag}_{size}.npz")
            assert info.n_classes >= 2 and info.class_names[0]
            assert info.is_3d == flag.endswith("3d")
            assert "MedMNIST v2" in info.citation


def test_task_types() -> None:
    assert dataset_info("chestmnist").is_multilabel
    assert dataset_info("retinamnist").task == "ordinal-regression"
    assert dataset_info("bloodmnist").task == "multi-class"
    assert dataset_info("pneumoniamnist").class_names == ("normal", "pneumonia")


@pytest.mark.parametrize("flag, random", [
    ("breastmnist", True), ("bloodmnist", True), ("dermamnist", True), ("adrenalmnist3d", True),
    ("pneumoniamnist", False), ("retinamnist", False), ("organamnist", False), ("chestmnist", False),
])
def test_test_split_is_random(flag: str, random: bool) -> None:
    """Random 7:1:2 splits of one collection, against test splits the source collected apart."""
    assert dataset_info(flag).test_split_is_random is random
