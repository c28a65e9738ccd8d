"""Every registered exercise accepts its solution, rejects a wrong answer, and is the question its notebook asks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_utils.exercises import all_exercises, check, solution

EXERCISES = all_exercises()


def test_every_lesson_with_exercises_has_three() -> None:
    lessons: dict[str, int] = {}
    for ex in EXERCISES:
        lessons[ex.key[:2]] = lessons.get(ex.key[:2], 0) + 1
    assert lessons and all(n >= 3 for n in lessons.values()), lessons


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.key)
def test_solution_accepted_wrong_answer_rejected(ex, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    answer = solution(ex.key)
    assert ex.question in capsys.readouterr().out
    assert check(ex.key, answer) is True
    assert check(ex.key, ex.wrong_example) is False


def test_unanswered_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(EXERCISES[0].key, None) is None
    assert "not answered yet" in capsys.readouterr().out
    with pytest.raises(KeyError, match="No exercise"):
        check("99.9", 1)


NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# A number as written in a question: 0.75, 224, -1 (not the 2 inside "x2" or "09.1").
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


def _numbers(text: str) -> set[str]:
    # Thousands may be written 1,214 or 1 214 (a thin space) in prose; read both as 1214.
    text = re.sub(r"(?<=\d)[,\u2009\u202f ](?=\d{3}(?!\d))", "", text).replace("\\,", "")
    return set(NUMBER.findall(text))


def _exercises_section(lesson: str) -> str:
    """The markdown of a lesson's *Exercises* section, where the questions are asked."""
    notebook = nbformat.read(next(NOTEBOOKS.glob(f"{lesson}_*.ipynb")), as_version=4)
    parts, inside = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and re.search(r"^## ", cell.source, re.M):
            inside = bool(re.search(r"^## Exercises", cell.source, re.M))
        if inside and cell.cell_type == "markdown":
            parts.append(cell.source)
    return "\n".join(parts)


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.key)
def test_notebook_asks_the_question_that_is_checked(ex) -> None:  # type: ignore[no-untyped-def]
    """Every number in the checker's question appears in the notebook's Exercises section.

    The notebook asks the question in prose and the checker in course_utils.exercises holds its
    own copy; if the two drift apart, a student who answers the notebook correctly is told
    that the answer is wrong.
    """
    section = _exercises_section(ex.key[:2])
    assert section, f"no Exercises section for {ex.key}"
    missing = sorted(_numbers(ex.question) - _numbers(section))
    assert not missing, f"exercise {ex.key}: the checker's question uses {missing}, the notebook does not"
