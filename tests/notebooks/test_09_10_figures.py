"""Lessons 09 and 10 with their fast parameters: the recorded figures are present and coherent.

The generic papermill test only checks that figures exist and are finite; here the
lesson-specific relations must hold (an AUC inside its own bootstrap interval, an
ECE in [0, 1], a positive temperature, ...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.runner import run_notebook

pytestmark = pytest.mark.notebook
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _figures(name: str, tmp_path: Path) -> dict[str, object]:
    result = run_notebook(NOTEBOOKS / name, tmp_path, fast=True)
    assert result["error"] == "", result["error"]
    return {k: v["value"] for k, v in result["figures"].items()}


def test_09_figures(tmp_path: Path) -> None:
    f = _figures("09_trust_interpretability_calibration.ipynb", tmp_path)
    assert f["09 baseline test AUC 95% CI low"] <= f["09 baseline test AUC"] <= f["09 baseline test AUC 95% CI high"]
    assert 0.5 < f["09 baseline test AUC"] <= 1.0
    assert f["09 temperature (fitted on val)"] > 0
    for key in ("09 test ECE before scaling", "09 test ECE after scaling", "09 validation-chosen threshold"):
        assert 0.0 <= f[key] <= 1.0, key
    for metric in ("sensitivity", "specificity", "ppv"):
        assert 0.0 <= f[f"09 baseline test {metric} (t = 0.5)"] <= 1.0
    assert -1.0 <= f["09 Grad-CAM rank correlation after full randomisation"] <= 1.0
    # |mean of rho| <= mean of |rho|, the triangle inequality
    assert (abs(f["09 Grad-CAM rank correlation after full randomisation"])
            <= f["09 Grad-CAM mean |rank correlation| after full randomisation"] <= 1.0)


def test_10_figures(tmp_path: Path) -> None:
    f = _figures("10_3d_volumes.ipynb", tmp_path)
    assert f["10 3D CNN test AUC 95% CI low"] <= f["10 3D CNN test AUC"] <= f["10 3D CNN test AUC 95% CI high"]
    for key in ("10 3D CNN test AUC", "10 3D CNN test ACC", "10 2.5D CNN test AUC", "10 2.5D CNN test ACC"):
        assert 0.0 <= f[key] <= 1.0, key
    assert f["10 3D CNN beats ResNet-18+3D (AUC and ACC)"] in ("yes", "no")
    assert f["10 Conv3D/Conv2D time ratio (predicted 84)"] > 1  # a 3D layer costs more than its 2D twin
    assert f["10 Conv3D/Conv2D time ratio at equal MACs"] > 0
    assert 0.0 <= f["10 2.5D fraction of empty training slices"] <= 1.0
    assert 0.0 <= f["10 majority-class test ACC"] <= 1.0
