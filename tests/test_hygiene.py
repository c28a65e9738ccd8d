"""Every lesson notebook is tidy and follows the course's notebook pattern."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"

LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
# Markdown headings every lesson has, in this order (see DEVELOPERS.md).
SECTIONS = ["Learning objectives", "Prerequisites", "Run time", "Exercises", "Summary", "References"]


def test_there_are_lessons() -> None:
    assert len(LESSONS) >= 2


@pytest.fixture(params=LESSONS, ids=lambda p: p.name)
def nb(request: pytest.FixtureRequest) -> nbformat.NotebookNode:
    notebook = nbformat.read(request.param, as_version=4)
    notebook["path"] = request.param
    return notebook


def test_valid_nbformat(nb: nbformat.NotebookNode) -> None:
    nb = nbformat.from_dict({k: v for k, v in nb.items() if k != "path"})
    nbformat.validate(nb)
    assert nb.nbformat == 4


def test_no_outputs(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"stored outputs in {nb.path.name}: {cell.source[:60]!r}"
            assert cell.execution_count is None


def test_kernelspec(nb: nbformat.NotebookNode) -> None:
    assert nb.metadata.kernelspec.name == "python3"


def test_title_and_summary_first(nb: nbformat.NotebookNode) -> None:
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    lines = [line for line in first.source.splitlines()[1:] if line.strip()]
    assert lines and len(" ".join(lines)) > 100, "the title needs a summary paragraph"


def test_standard_sections_in_order(nb: nbformat.NotebookNode) -> None:
    headings = [
        m.group(1).strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for m in re.finditer(r"^#{2,3}\s+(.+)$", cell.source, re.M)
    ]
    positions = []
    for section in SECTIONS:
        found = [i for i, h in enumerate(headings) if h.lower().startswith(section.lower())]
        assert found, f"{nb.path.name} lacks a '## {section}' section"
        positions.append(found[0])
    assert positions == sorted(positions), f"{nb.path.name}: sections out of order"


def _parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{nb.path.name} needs exactly one cell tagged 'parameters'"
    return cells[0]


def test_parameters_cell_holds_only_assignments(nb: nbformat.NotebookNode) -> None:
    tree = ast.parse(_parameters_cell(nb).source)
    assert all(isinstance(node, (ast.Assign, ast.AnnAssign)) for node in tree.body)


def test_fast_parameters_are_real_parameters(nb: nbformat.NotebookNode) -> None:
    fast = nb.metadata.get("course", {}).get("fast_parameters")
    assert isinstance(fast, dict), f"{nb.path.name} needs metadata.course.fast_parameters"
    tree = ast.parse(_parameters_cell(nb).source)
    names = {t.id for node in tree.body for t in getattr(node, "targets", [getattr(node, "target", None)]) if t is not None}
    assert set(fast) <= names, f"fast parameters not in the parameters cell: {set(fast) - names}"


def test_papermill_reads_every_parameter(nb: nbformat.NotebookNode) -> None:
    # papermill parses the cell line by line; a line it cannot parse (e.g. an "=" inside the
    # comment) is left out of `papermill --help-notebook` and warned about at every run.
    from papermill.translators import PythonTranslator

    tree = ast.parse(_parameters_cell(nb).source)
    names = {t.id for node in tree.body for t in getattr(node, "targets", [getattr(node, "target", None)]) if t is not None}
    seen = {p.name for p in PythonTranslator.inspect(_parameters_cell(nb))}
    assert names == seen, f"papermill cannot parse the line of {sorted(names - seen)}: reword its comment"


BACKENDS = {"tensorflow", "jax", "torch"}


def test_backends_declared_and_enforced(nb: nbformat.NotebookNode) -> None:
    # metadata.course.backends lists the Keras backends the lesson runs on. A lesson that
    # leaves one out must say so at its start with require_backend(); one that lists all
    # three must not import TensorFlow (make test-backends runs those lessons on JAX).
    backends = nb.metadata.get("course", {}).get("backends")
    assert backends and set(backends) <= BACKENDS, f"{nb.path.name}: metadata.course.backends = {backends}"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if set(backends) == BACKENDS:
        assert not any(re.search(r"^\s*(import tensorflow|from tensorflow)", s, re.M) for s in code), nb.path.name
        assert not any("require_backend(" in s for s in code), nb.path.name
    else:
        first = next(i for i, s in enumerate(code) if "require_backend(" in s)  # StopIteration: it never checks
        wanted = ", ".join(f'"{b}"' for b in backends)
        assert f"require_backend({wanted}," in code[first], f"{nb.path.name}: require_backend({wanted}, why=...)"
        assert first <= 2, f"{nb.path.name}: check the backend in the first code cells, before any work"


def test_lesson_00_lists_each_lessons_backends() -> None:
    # The table in lesson 00 ("| 06 | TensorFlow: ...") must agree with each lesson's metadata.
    text = "\n".join(c.source for c in nbformat.read(LESSONS[0], as_version=4).cells if c.cell_type == "markdown")
    rows = re.findall(r"^\| (\d\d)(?:–(\d\d))?(?:, (\d\d))? \| ([^|]+) \|", text, re.M)
    table = {}
    for first, last, also, backends in rows:
        numbers = list(range(int(first), int(last or first) + 1)) + ([int(also)] if also else [])
        named = {b for b, word in (("tensorflow", "TensorFlow"), ("jax", "JAX"), ("torch", "PyTorch")) if word in backends}
        table.update({n: named for n in numbers})
    declared = {int(p.name[:2]): set(nbformat.read(p, as_version=4).metadata["course"]["backends"]) for p in LESSONS}
    assert table == declared


def test_runtime_stated(nb: nbformat.NotebookNode) -> None:
    text = "\n".join(c.source for c in nb.cells[:4] if c.cell_type == "markdown")
    assert re.search(r"CPU", text), f"{nb.path.name}: state the measured run time on CPU near the top"


def test_exercises_are_checked(nb: nbformat.NotebookNode) -> None:
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    keys = set(re.findall(r"check\(\s*[\"'](\d\d\.\d+)[\"']", code))
    lesson = nb.path.name[:2]
    assert len(keys) >= 3 and all(k.startswith(lesson + ".") for k in keys), f"{nb.path.name}: exercises {keys}"


def test_notebooks_are_tidy() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "tidy_notebooks.py"), "--check", str(NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "run `make tidy`:\n" + result.stdout
