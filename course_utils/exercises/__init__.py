"""Exercises whose answers can be checked, and their solutions.

In a lesson::

    from course_utils.exercises import check, solution
    answer = None          # replace None with your answer
    check("02.1", answer)  # prints whether it is right; returns True/False (None if unanswered)
    solution("02.1")       # prints the worked solution and returns the answer

Each lesson keeps its exercises in its own module (``lesson02.py`` ...), which
registers them with :func:`exercise`. Every checker has a test that it accepts
the solution and rejects a wrong answer.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, Callable

Checker = Callable[[Any], bool]


@dataclass(frozen=True)
class Exercise:
    key: str
    question: str
    checker: Checker
    solve: Callable[[], Any]
    explanation: str
    wrong_example: Any = None  # a plausible wrong answer; the tests check it is rejected


_REGISTRY: dict[str, Exercise] = {}


def exercise(key: str, question: str, solve: Callable[[], Any], explanation: str, wrong_example: Any) -> Callable[[Checker], Checker]:
    """Decorator that registers ``checker`` as the check for exercise ``key``."""

    def register(checker: Checker) -> Checker:
        if key in _REGISTRY:
            raise ValueError(f"Exercise {key} is registered twice.")
        _REGISTRY[key] = Exercise(key, question, checker, solve, explanation, wrong_example)
        return checker

    return register


def _load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def get(key: str) -> Exercise:
    """The registered exercise ``key`` (e.g. ``"02.1"``)."""
    _load_all()
    if key not in _REGISTRY:
        raise KeyError(f"No exercise {key!r}. Known: {', '.join(sorted(_REGISTRY))}.")
    return _REGISTRY[key]


def all_exercises() -> list[Exercise]:
    _load_all()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def check(key: str, answer: Any) -> bool | None:
    """Check ``answer`` to exercise ``key``, print a verdict and return it."""
    ex = get(key)
    if answer is None:
        print(f"Exercise {key}: not answered yet. Replace `None` with your answer and run the cell again.")
        return None
    try:
        ok = bool(ex.checker(answer))
    except Exception as err:  # a wrong type or shape is a wrong answer, not a crash
        print(f"Exercise {key}: could not check this answer ({type(err).__name__}: {err}).")
        return False
    print(f"Exercise {key}: {'correct, well done!' if ok else 'not yet; have another look (or call solution(%r)).' % key}")
    return ok


def solution(key: str) -> Any:
    """Print the worked solution of exercise ``key`` and return the answer."""
    ex = get(key)
    print(f"Exercise {key}: {ex.question}\n\n{ex.explanation}")
    return ex.solve()


def close_to(expected: float, rel: float = 1e-3, abs_: float = 1e-6) -> Checker:
    """A checker accepting numbers within a relative or absolute tolerance of ``expected``."""

    def checker(answer: Any) -> bool:
        return abs(float(answer) - expected) <= max(abs_, rel * abs(expected))

    return checker
