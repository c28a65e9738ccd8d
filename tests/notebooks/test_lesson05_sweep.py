"""Lesson 05 on four datasets of three task types, with its fast parameters.

Each run must finish, record its test ACC, test AUC and training time, keep the
metrics in [0, 1], and beat chance (AUC 0.5) by a stated margin. The margin is
set well below what the fast runs reach (see the numbers in each run's report),
so the test fails when training is broken (AUC near 0.5), not on noise.

Measured with the fast parameters (3 epochs, 1000 images per split, an ensemble of 2 that each
keep their 3 best epochs) on 2026-11-24 (one core of a 2-core CPU, `pytest -s`): test AUC
pneumoniamnist 0.955, breastmnist 0.805, bloodmnist 0.975, retinamnist 0.715, in 249 s for the
four. RetinaMNIST and BreastMNIST (546 training images) clear the margin by the least.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_utils.runner import fast_parameters

pytestmark = pytest.mark.notebook

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "05_cnn_classifier.ipynb"
AUC_MARGIN = 0.10  # the test AUC must exceed 0.5 + AUC_MARGIN
DATASETS = ["pneumoniamnist", "breastmnist", "bloodmnist", "retinamnist"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_lesson05_records_sane_metrics(dataset: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import papermill

    record_file = tmp_path / "records.json"
    monkeypatch.setenv("COURSE_RECORD_FILE", str(record_file))
    parameters = fast_parameters(NOTEBOOK) | {"DATASET": dataset}
    papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / f"05_{dataset}.ipynb"), parameters=parameters,
                               cwd=str(NOTEBOOK.parent), progress_bar=False)

    figures = {name: entry["value"] for name, entry in json.loads(record_file.read_text()).items()}
    print(dataset, figures)  # shown with `pytest -s`, to see how far the runs clear the margin
    for name in ("test AUC", "test ACC", "training time"):
        assert name in figures, f"{dataset}: {name} not recorded"
    assert 0.0 <= figures["test ACC"] <= 1.0
    assert 0.0 <= figures["test AUC"] <= 1.0
    assert figures["test AUC"] > 0.5 + AUC_MARGIN, f"{dataset}: test AUC {figures['test AUC']:.3f} is near chance"
    assert figures["training time"] > 0
