"""The shipped MedMNIST v2 table parses into the published figures."""

from __future__ import annotations

import pytest

from course_utils.benchmark import benchmark_rows, benchmark_table, source


def test_known_rows() -> None:
    assert benchmark_rows("pneumoniamnist")["ResNet-18 (28)"] == (0.944, 0.854)
    assert benchmark_rows("pneumoniamnist")["ResNet-50 (28)"] == (0.948, 0.854)
    assert benchmark_rows("bloodmnist")["ResNet-18 (28)"] == (0.998, 0.958)
    assert benchmark_rows("organamnist")["Google AutoML Vision"] == (0.990, 0.886)
    assert benchmark_rows("adrenalmnist3d")["ResNet-18+3D"] == (0.827, 0.721)


def test_whole_table_is_complete_and_in_range() -> None:
    table = benchmark_table()
    assert len(table) == 18  # 12 2D and 6 3D datasets
    for flag, rows in table.items():
        assert len(rows) in (7, 8), flag
        for auc, acc in rows.values():
            assert 0 < auc <= 1 and 0 < acc <= 1


def test_unknown_flag_and_source() -> None:
    with pytest.raises(KeyError, match="not in the MedMNIST v2 table"):
        benchmark_rows("mnist")
    assert "Scientific Data" in source() and "medmnist.com" in source()
