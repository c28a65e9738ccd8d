"""Every exercise of lessons 02-04 accepts its solution and rejects its wrong example."""

from __future__ import annotations

import pytest

from course_utils.exercises import all_exercises, check, solution

MINE = [ex for ex in all_exercises() if ex.key[:2] in {"02", "03", "04"}]


def test_each_lesson_has_at_least_three() -> None:
    for lesson in ("02", "03", "04"):
        assert sum(ex.key.startswith(lesson + ".") for ex in MINE) >= 3


@pytest.mark.parametrize("ex", MINE, ids=lambda ex: ex.key)
def test_checker_accepts_solution_and_rejects_wrong(ex) -> None:  # type: ignore[no-untyped-def]
    assert ex.checker(ex.solve()) is True
    assert not ex.checker(ex.wrong_example)
    assert check(ex.key, solution(ex.key)) is True
    assert check(ex.key, ex.wrong_example) is False
    assert check(ex.key, None) is None
