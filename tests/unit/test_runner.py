"""The course runner behind `make course`: data check first, a clear stop, a report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from course_utils import runner

from fakedata import Register


def test_lessons_are_found_in_order(tmp_path: Path) -> None:
    for name in ("10_b.ipynb", "02_a.ipynb", "README.ipynb", "01_c.ipynb"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in runner.notebooks(tmp_path)] == ["01_c.ipynb", "02_a.ipynb", "10_b.ipynb"]


def test_fast_parameters_come_from_metadata(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(metadata={"course": {"fast_parameters": {"EPOCHS": 1}}})
    path = tmp_path / "05_x.ipynb"
    nbformat.write(nb, path)
    assert runner.fast_parameters(path) == {"EPOCHS": 1}


def test_missing_data_offline_stops_with_one_clear_message(
    isolated_dirs: dict[str, Path], register: Register, no_network: None, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register("toymnist")
    monkeypatch.setattr(runner, "COURSE_DATASETS", (("toymnist", 28),))
    (tmp_path / "nbs").mkdir()
    code = runner.run_course(tmp_path / "nbs", tmp_path / "build")
    out = capsys.readouterr().out
    assert code == 2
    assert "The course cannot run yet" in out and "toymnist.npz" in out and "--from" in out
    assert "Traceback" not in out


def _course_folder_with_its_data(
    isolated_dirs: dict[str, Path], register: Register, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    """An empty lesson folder, for a course whose only dataset (a toy one) is already on disk."""
    source = register("toymnist")
    isolated_dirs["env"].mkdir(parents=True)
    (isolated_dirs["env"] / "toymnist.npz").write_bytes(source.read_bytes())
    monkeypatch.setattr(runner, "COURSE_DATASETS", (("toymnist", 28),))
    folder = tmp_path / "nbs"
    folder.mkdir()
    return folder


def test_runs_a_notebook_and_reports(isolated_dirs: dict[str, Path], register: Register, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as CI sets it: the executed copies must keep their figures anyway
    folder = _course_folder_with_its_data(isolated_dirs, register, monkeypatch, tmp_path)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("X = 2", metadata={"tags": ["parameters"]})
    plot = "import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()"
    nb.cells = [params, nbformat.v4.new_code_cell("from course_utils import record\nrecord('twice x', 2 * X, 'units')"),
                nbformat.v4.new_code_cell(plot)]
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "course": {"fast_parameters": {"X": 5}}}
    nbformat.write(nb, folder / "01_toy.ipynb")
    bad = nbformat.v4.new_notebook(metadata=nb.metadata)
    bad.cells = [nbformat.v4.new_code_cell("raise ValueError('a clear message')")]
    nbformat.write(bad, folder / "02_broken.ipynb")

    assert runner.run_course(folder, tmp_path / "build", fast=True) == 1
    report = (tmp_path / "build" / "report-fast.md").read_text()
    assert "| 01_toy.ipynb | ok |" in report and "twice x = 10 units" in report
    assert "| 02_broken.ipynb | FAILED |" in report
    results = json.loads((tmp_path / "build" / "report-fast.json").read_text())
    assert results[1]["error"] == "ValueError: a clear message"
    executed = nbformat.read(tmp_path / "build" / "01_toy.ipynb", as_version=4)
    assert any("image/png" in out.get("data", {}) for cell in executed.cells for out in cell.get("outputs", [])), "the figure is in the executed copy"
    assert os.environ["MPLBACKEND"] == "Agg", "the caller's setting is restored"
    # The kernels write to this terminal: no alarming TCP warning for each lesson.
    assert "without encryption" not in capfd.readouterr().err


def test_figure_names_cannot_break_the_report_table() -> None:
    cell = runner._format_figures({"max |NumPy - Keras|": {"value": 4.8e-07, "unit": ""}})
    assert cell == "max \\|NumPy - Keras\\| = 4.8e-07"


def test_a_lesson_for_another_backend_is_skipped_and_said_so(
    isolated_dirs: dict[str, Path], register: Register, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str]
) -> None:
    import keras

    running = keras.backend.backend()
    other = "jax" if running != "jax" else "torch"
    folder = _course_folder_with_its_data(isolated_dirs, register, monkeypatch, tmp_path)
    nb = nbformat.v4.new_notebook(metadata={"course": {"backends": [other]}})
    nb.cells = [nbformat.v4.new_code_cell("raise RuntimeError('this lesson must not be run')")]
    nbformat.write(nb, folder / "01_elsewhere.ipynb")
    assert runner.run_course(folder, tmp_path / "build") == 0
    assert f"Skipping 01_elsewhere.ipynb: it needs the {other} backend, not {running}." in capsys.readouterr().out
    report = (tmp_path / "build" / "report.md").read_text()
    assert f"| 01_elsewhere.ipynb | skipped: needs the {other} backend, not {running} |" in report
    assert not (tmp_path / "build" / "01_elsewhere.ipynb").exists()
