"""Lesson 05 on a multi-label task (ChestMNIST's layout), run in this process.

ChestMNIST is not among the files this course's CI has (it is 82 MB), so the test
writes a small file in its exact layout with ``tests/fakedata.py``: 28×28 grey
images and 14 yes/no findings per image. It registers that file as ``chestmnist``
in medmnist's ``INFO`` table for this test only. A papermill kernel would be a separate process that does not
see the registration, so the notebook's code cells run here, in order, with the
fast parameters and ``DATASET = "chestmnist"`` in place of the parameters cell.

It checks that the multi-label path works from end to end: 14 sigmoid outputs with
binary cross-entropy, ACC and AUC recorded in [0, 1]. The labels are random, so the
AUC is near 0.5: the test is about the code path, not about learning.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from fakedata import write_medmnist_npz  # tests/fakedata.py (tests/ is on the path through its conftest.py)

from course_utils import _medmnist, storage
from course_utils.runner import fast_parameters

pytestmark = pytest.mark.notebook

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "05_cnn_classifier.ipynb"
FINDINGS = 14
SAMPLES = {"train": 300, "val": 100, "test": 100}


def _code_cells(parameters: dict[str, object]) -> list[str]:
    """The notebook's code cells, with the parameters cell followed by the overrides."""
    cells = []
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source += "\n" + "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
        cells.append(source)
    return cells


def test_lesson05_runs_on_a_multilabel_task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    matplotlib.use("Agg")
    path = write_medmnist_npz(tmp_path / "data" / "chestmnist.npz", (28, 28), label_width=FINDINGS, samples=SAMPLES)
    entry = dict(_medmnist.INFO["chestmnist"])
    entry["MD5"] = storage.md5sum(path)
    entry["n_samples"] = dict(SAMPLES)
    monkeypatch.setitem(_medmnist.INFO, "chestmnist", entry)
    monkeypatch.setattr(storage, "REPO_DATA_DIR", tmp_path / "data")  # found there; breastmnist still from COURSE_DATA_DIR
    record_file = tmp_path / "records.json"
    monkeypatch.setenv("COURSE_RECORD_FILE", str(record_file))
    monkeypatch.chdir(NOTEBOOK.parent)

    namespace: dict[str, object] = {"__name__": "__main__"}
    parameters = fast_parameters(NOTEBOOK) | {"DATASET": "chestmnist", "SUBSET": None, "OVERFIT_EPOCHS": 1}
    for number, source in enumerate(_code_cells(parameters)):
        try:
            exec(compile(source, f"<05 cell {number}>", "exec"), namespace)
        except Exception as err:  # say which cell failed, with its first line
            raise AssertionError(f"cell {number} ({source.splitlines()[0]!r}) failed: {err!r}") from err

    model = namespace["model"]
    assert model.output_shape == (None, FINDINGS)
    assert model.layers[-1].activation.__name__ == "sigmoid"
    assert namespace["loss_name"] == "binary_crossentropy"
    figures = {name: entry["value"] for name, entry in json.loads(record_file.read_text()).items()}
    assert 0.0 <= figures["test ACC"] <= 1.0
    assert 0.0 <= figures["test AUC"] <= 1.0
