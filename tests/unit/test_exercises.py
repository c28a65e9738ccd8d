"""Every registered exercise accepts its solution and rejects a wrong answer."""

from __future__ import annotations

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
