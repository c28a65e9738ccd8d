"""Run every lesson with its fast parameters through papermill.

Each run must finish without error and record at least one key figure, and
every recorded number must be finite. Lesson-specific sweeps live beside this.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
from course_utils.runner import notebooks, run_notebook

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize("notebook", notebooks(NOTEBOOKS), ids=lambda p: p.name)
def test_runs_fast_and_records(notebook: Path, tmp_path: Path) -> None:
    result = run_notebook(notebook, tmp_path, fast=True)
    assert result["error"] == "", result["error"]
    assert result["figures"], f"{notebook.name} recorded no figures"
    for name, entry in result["figures"].items():
        if isinstance(entry["value"], float):
            assert math.isfinite(entry["value"]), name
    (tmp_path / "result.json").write_text(json.dumps(result))
