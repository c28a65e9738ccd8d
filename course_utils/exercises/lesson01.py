"""Exercises of lesson 01 (medical images and MedMNIST). Solutions are computed from the data."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import close_to, exercise


def _adrenal_baseline() -> float:
    from course_utils import load_medmnist

    data = load_medmnist("adrenalmnist3d")
    majority = np.argmax(np.bincount(data.y_train))  # the class is chosen on train ...
    return float(np.mean(data.y_test == majority))  # ... and scored on test


def _rarest_blood_class() -> str:
    from course_utils import load_medmnist

    data = load_medmnist("bloodmnist")
    return data.class_names[int(np.argmin(np.bincount(data.y_train)))]


@exercise("01.1", "What accuracy does the majority-class baseline reach on AdrenalMNIST3D's test split (28 px)?",
          _adrenal_baseline,
          "Find the most common class of the training split (np.bincount(volumes.y_train).argmax(): 'normal'); "
          "predicting it for every test volume is right exactly as often as that class occurs in the test split: "
          "np.mean(volumes.y_test == majority).",
          wrong_example=0.782)  # the majority's share of the *training* split (929/1188), a common mix-up
def _check_baseline(answer: Any) -> bool:
    return close_to(_adrenal_baseline(), rel=0, abs_=0.0015)(answer)


@exercise("01.2", "Which BloodMNIST class is the rarest in the training split?", _rarest_blood_class,
          "np.bincount(data.y_train) counts each class; np.argmin picks the smallest count.", wrong_example="neutrophil")
def _check_rarest(answer: Any) -> bool:
    return str(answer).strip().lower() == _rarest_blood_class().lower()


@exercise("01.3", "How many voxels does one AdrenalMNIST3D volume at 64 px hold?", lambda: 64**3,
          "A 64 px volume is 64 × 64 × 64 voxels (one channel): 64**3.", wrong_example=28**3)
def _check_voxels(answer: Any) -> bool:
    return int(answer) == 64**3


@exercise("01.4", "Which task type lets one image have several correct labels at once?", lambda: "multi-label, binary-class",
          "ChestMNIST's task is 'multi-label, binary-class': 14 yes/no findings per image.", wrong_example="multi-class")
def _check_task(answer: Any) -> bool:
    return str(answer).strip().lower().startswith("multi-label")
