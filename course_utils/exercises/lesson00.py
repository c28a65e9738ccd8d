"""Exercises of lesson 00 (set-up)."""

from __future__ import annotations

from typing import Any

from . import exercise


def _backend() -> str:
    import keras

    return keras.backend.backend()


@exercise("00.1", "Which Keras backend is this notebook running on?", _backend,
          "keras.backend.backend() names it; the default in this course is 'tensorflow'.", wrong_example="theano")
def _check_backend(answer: Any) -> bool:
    return str(answer).strip().lower() == _backend()


@exercise("00.2", "What is the shape of one BloodMNIST image at 28 px, as Keras receives it?", lambda: (28, 28, 3),
          "BloodMNIST is RGB microscopy, and Keras wants channels last: (height, width, channels) = (28, 28, 3).",
          wrong_example=(3, 28, 28))
def _check_shape(answer: Any) -> bool:
    return tuple(int(a) for a in answer) == (28, 28, 3)


@exercise("00.3", "Which environment variable names the data folder?",
          lambda: "COURSE_DATA_DIR",
          "COURSE_DATA_DIR names the data folder; course_utils searches it right after an explicit data_dir= "
          "argument (see course_utils.storage).",
          wrong_example="MEDMNIST_ROOT")
def _check_env(answer: Any) -> bool:
    return str(answer).strip().strip("$") == "COURSE_DATA_DIR"
