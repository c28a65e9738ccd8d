"""course_utils.metrics against medmnist.evaluator, and the properties of ROC/thresholds.

Agreement with medmnist is asserted to 1e-12 (both compute exact rank statistics
and exact accuracies; only float summation order differs).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import metrics
from course_utils._medmnist import getACC, getAUC

TOL = 1e-12


def _random_task(task: str, n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels in MedMNIST's (N, 1) / (N, L) layout and network-like scores for ``task``."""
    rng = np.random.default_rng(seed)
    if task == "binary-class":
        y = rng.integers(0, 2, size=(n, 1))
        y[:2, 0] = [0, 1]  # both classes present
        score = rng.random((n, 1))
    elif task == "multi-label, binary-class":
        y = rng.integers(0, 2, size=(n, k))
        y[:2] = [[0] * k, [1] * k]
        score = rng.random((n, k))
    else:  # multi-class or ordinal-regression
        y = rng.integers(0, k, size=(n, 1))
        y[:k, 0] = np.arange(k)
        logits = rng.normal(size=(n, k))
        score = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    # Round some scores so that ties occur, as they do with saturated sigmoids.
    score = np.where(rng.random(score.shape) < 0.2, np.round(score, 1), score)
    return y, score


TASKS = ["binary-class", "multi-class", "ordinal-regression", "multi-label, binary-class"]


@pytest.mark.parametrize("task", TASKS)
@given(n=st.integers(12, 300), k=st.integers(3, 9), seed=st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_agrees_with_medmnist_evaluator(task: str, n: int, k: int, seed: int) -> None:
    y, score = _random_task(task, n, k, seed)
    assert abs(metrics.auc(y, score, task) - getAUC(y, score, task)) < TOL
    assert abs(metrics.accuracy(y, score, task) - getACC(y, score, task)) < TOL
    assert metrics.evaluate(y, score, task) == {"auc": metrics.auc(y, score, task), "acc": metrics.accuracy(y, score, task)}


def test_binary_accepts_vectors_and_two_column_softmax() -> None:
    y, score = _random_task("binary-class", 100, 2, 1)
    two_columns = np.hstack([1 - score, score])
    for s in (score, score.ravel(), two_columns):
        assert abs(metrics.auc(y.ravel(), s, "binary-class") - getAUC(y, score, "binary-class")) < TOL
        assert abs(metrics.accuracy(y.ravel(), s, "binary-class") - getACC(y, score, "binary-class")) < TOL


def test_auc_known_values() -> None:
    assert metrics.binary_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert metrics.binary_auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert metrics.binary_auc([0, 1], [0.5, 0.5]) == 0.5  # a tie counts half
    with pytest.raises(ValueError):
        metrics.binary_auc([1, 1], [0.1, 0.2])


@given(n=st.integers(4, 200), seed=st.integers(0, 10_000))
@settings(max_examples=40, deadline=None)
def test_roc_curve_area_is_auc_and_thresholds_reproduce_rates(n: int, seed: int) -> None:
    y, score = _random_task("binary-class", n, 2, seed)
    fpr, tpr, thresholds = metrics.roc_curve(y, score)
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0)
    area = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    assert abs(area - metrics.binary_auc(y, score)) < 1e-9
    for f, t, thr in zip(fpr[1:], tpr[1:], thresholds[1:]):
        sens, spec = metrics.sensitivity_specificity(y, score, thr)
        assert abs(sens - t) < 1e-12 and abs((1 - spec) - f) < 1e-12


def test_thresholds_and_confusion_matrix() -> None:
    y = np.array([0, 0, 0, 1, 1, 1, 1])
    s = np.array([0.1, 0.2, 0.6, 0.5, 0.55, 0.7, 0.9])
    t = metrics.youden_threshold(y, s)  # J: .25, .5, .17, .42, then .67 just below 0.5 (unique best)
    assert 0.49 < t < 0.5
    assert metrics.sensitivity_specificity(y, s, t) == (1.0, 2 / 3)
    t70 = metrics.threshold_for_sensitivity(y, s, 0.7)  # 3 of 4 positives: just below 0.55
    assert 0.54 < t70 < 0.55 and metrics.sensitivity_specificity(y, s, t70)[0] == 0.75
    cm = metrics.confusion_matrix([0, 1, 2, 2], [0, 2, 2, 1], 3)
    np.testing.assert_array_equal(cm, [[1, 0, 0], [0, 0, 1], [0, 1, 1]])
    assert cm.sum() == 4
