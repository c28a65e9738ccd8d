"""Recording a notebook's key figures for the run report."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from course_utils.record import record, recorded

# `course_utils.record` is also the function's name, so fetch the module itself.
record_module = importlib.import_module("course_utils.record")


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_module, "_recorded", {})


def test_prints_without_a_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(record_module.ENV_VAR, raising=False)
    record("test AUC", 0.93456, "")
    assert "[recorded] test AUC = 0.9346" in capsys.readouterr().out
    assert recorded() == {"test AUC": {"value": 0.93456, "unit": ""}}


def test_writes_json_when_run_by_make_course(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "records" / "05.json"
    monkeypatch.setenv(record_module.ENV_VAR, str(target))
    record("training time", 12.5, "s")
    record("dataset", "pneumoniamnist")
    assert json.loads(target.read_text()) == {
        "training time": {"value": 12.5, "unit": "s"},
        "dataset": {"value": "pneumoniamnist", "unit": ""},
    }


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), [1, 2], None])
def test_rejects_what_a_report_cannot_hold(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        record("x", bad)  # type: ignore[arg-type]
