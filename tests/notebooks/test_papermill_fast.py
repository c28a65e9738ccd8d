"""Run every lesson with its fast parameters through papermill.

Each run must finish without error and record at least one key figure, and
every recorded number must be finite. Lesson-specific sweeps live beside this.

On a Keras backend that a lesson does not list in ``metadata.course.backends``
(e.g. lesson 08 on JAX, in ``make test-backends``), the run must instead stop
at once with the course's message that names the backend to use.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import keras
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
from course_utils.runner import lesson_backends, notebooks, run_notebook

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize("notebook", notebooks(NOTEBOOKS), ids=lambda p: p.name)
def test_runs_fast_and_records(notebook: Path, tmp_path: Path) -> None:
    result = run_notebook(notebook, tmp_path, fast=True)
    running = keras.backend.backend()
    if running not in lesson_backends(notebook):
        assert result["error"].startswith("BackendError: "), result["error"] or "it ran without complaint"
        assert f"running on {running}" in result["error"] and "KERAS_BACKEND=tensorflow" in result["error"]
        assert not result["figures"], "it should stop before it records anything"
        return
    assert result["error"] == "", result["error"]
    assert result["figures"], f"{notebook.name} recorded no figures"
    for name, entry in result["figures"].items():
        if isinstance(entry["value"], float):
            assert math.isfinite(entry["value"]), name
    (tmp_path / "result.json").write_text(json.dumps(result))
