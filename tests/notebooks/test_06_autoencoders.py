"""Lesson 06 with its fast parameters: it records every figure the issue asks for, in range."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from course_utils.runner import run_notebook

pytestmark = pytest.mark.notebook

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "06_autoencoders.ipynb"


def test_06_records_mse_auc_and_time(tmp_path: Path) -> None:
    result = run_notebook(NOTEBOOK, tmp_path, fast=True)
    assert result["error"] == "", result["error"]
    figures = {name: entry["value"] for name, entry in result["figures"].items()}
    for model in ("dense AE", "conv AE", "PCA"):
        assert 0.0 < figures[f"test reconstruction MSE, {model}"] < 0.25  # pixels in [0, 1]
    for model in ("conv AE", "PCA"):
        assert 0.0 <= figures[f"anomaly ROC AUC, {model}"] <= 1.0
    assert figures["training time, all models"] > 0.0
    assert math.isfinite(figures["VAE validation -ELBO"]) and figures["VAE validation -ELBO"] > 0.0
    assert figures["test PSNR, denoising AE"] > 0.0
