"""Classification metrics as the MedMNIST benchmark computes them, written to be read.

MedMNIST scores every 2D task with two numbers (see ``medmnist/evaluator.py``):

* **AUC**, the area under the ROC curve: for a binary task of the positive-class
  score; for multi-class (and ordinal, which is scored as multi-class) the mean of
  the one-vs-rest AUCs of each class; for multi-label the mean AUC of each label.
* **ACC**, accuracy: a 0.5 threshold on the score for binary and multi-label
  tasks (multi-label ACC is the mean per-label accuracy); the arg-max class for
  multi-class and ordinal tasks.

Scores are what the network outputs: ``(N,)`` or ``(N, 1)`` sigmoid probabilities
for a binary task, ``(N, C)`` softmax probabilities for a multi-class task, and
``(N, L)`` sigmoid probabilities for a multi-label task. Labels are an integer
vector (or ``(N, 1)``), or an ``(N, L)`` 0/1 matrix for multi-label tasks.

A unit test checks that these functions agree with ``medmnist.evaluator``.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

BINARY = "binary-class"
MULTI_LABEL = "multi-label, binary-class"


def _as_arrays(y_true: np.ndarray, y_score: np.ndarray, task: str) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores in one layout: a vector each for binary, 2D otherwise."""
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=np.float64)
    if task == BINARY:
        # A binary model may output one column (sigmoid) or two (softmax); use P(positive).
        score = y_score[:, -1] if y_score.ndim == 2 else y_score
        return y_true.reshape(-1).astype(int), score.reshape(-1)
    if task == MULTI_LABEL:
        return y_true.astype(int), y_score
    return y_true.reshape(-1).astype(int), y_score  # multi-class and ordinal


def binary_auc(y_true: np.ndarray, score: np.ndarray) -> float:
    """AUC of one binary problem: the probability that a random positive outscores a random negative.

    This is the Mann–Whitney U statistic: rank all scores (ties get their mean rank),
    sum the ranks of the positives, subtract the smallest sum they could have, and
    divide by the number of (positive, negative) pairs.
    """
    y_true = np.asarray(y_true).reshape(-1).astype(bool)
    n_pos, n_neg = int(y_true.sum()), int((~y_true).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs at least one positive and one negative example.")
    ranks = rankdata(np.asarray(score).reshape(-1))
    pairs_won = ranks[y_true].sum() - n_pos * (n_pos + 1) / 2
    return float(pairs_won / (n_pos * n_neg))


def auc(y_true: np.ndarray, y_score: np.ndarray, task: str) -> float:
    """MedMNIST's AUC for any task type (``info.task``)."""
    y, s = _as_arrays(y_true, y_score, task)
    if task == BINARY:
        return binary_auc(y, s)
    if task == MULTI_LABEL:
        return float(np.mean([binary_auc(y[:, j], s[:, j]) for j in range(s.shape[1])]))
    # Multi-class and ordinal: class k against all others, averaged over classes.
    return float(np.mean([binary_auc(y == k, s[:, k]) for k in range(s.shape[1])]))


def predict_labels(y_score: np.ndarray, task: str, threshold: float = 0.5) -> np.ndarray:
    """Hard predictions: ``score > threshold`` for binary/multi-label, arg-max otherwise."""
    s = np.asarray(y_score)
    if task == BINARY:
        s = s[:, -1] if s.ndim == 2 else s
        return (s.reshape(-1) > threshold).astype(int)
    if task == MULTI_LABEL:
        return (s > threshold).astype(int)
    return np.argmax(s, axis=-1)


def accuracy(y_true: np.ndarray, y_score: np.ndarray, task: str, threshold: float = 0.5) -> float:
    """MedMNIST's ACC for any task type (multi-label: the mean accuracy per label)."""
    y, _ = _as_arrays(y_true, y_score, task)
    return float(np.mean(predict_labels(y_score, task, threshold) == y))


def evaluate(y_true: np.ndarray, y_score: np.ndarray, task: str) -> dict[str, float]:
    """``{"auc": ..., "acc": ...}``, the two figures of the MedMNIST benchmark."""
    return {"auc": auc(y_true, y_score, task), "acc": accuracy(y_true, y_score, task)}


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts ``C[i, j]`` of images of true class ``i`` predicted as class ``j``."""
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(matrix, (np.asarray(y_true).reshape(-1), np.asarray(y_pred).reshape(-1)), 1)
    return matrix


def sensitivity_specificity(y_true: np.ndarray, score: np.ndarray, threshold: float) -> tuple[float, float]:
    """Sensitivity (true-positive rate) and specificity (true-negative rate) at ``score > threshold``."""
    y = np.asarray(y_true).reshape(-1).astype(bool)
    predicted = np.asarray(score).reshape(-1) > threshold
    sensitivity = (predicted & y).sum() / max(y.sum(), 1)
    specificity = (~predicted & ~y).sum() / max((~y).sum(), 1)
    return float(sensitivity), float(specificity)


def roc_curve(y_true: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False- and true-positive rates of ``score > t`` for every useful threshold ``t``.

    Returns ``(fpr, tpr, thresholds)``, starting at (0, 0) with ``t = inf`` and
    ending at (1, 1). The trapezoid area under it equals :func:`binary_auc`.
    """
    y = np.asarray(y_true).reshape(-1).astype(bool)
    s = np.asarray(score, dtype=np.float64).reshape(-1)
    order = np.argsort(-s, kind="stable")  # highest score first
    s, y = s[order], y[order]
    # Lowering the threshold past each score admits it as "positive": count as we go.
    true_pos, false_pos = np.cumsum(y), np.cumsum(~y)
    last_of_each_score = np.flatnonzero(np.diff(s, append=-np.inf))  # tied scores enter together
    tpr = np.concatenate([[0.0], true_pos[last_of_each_score] / max(y.sum(), 1)])
    fpr = np.concatenate([[0.0], false_pos[last_of_each_score] / max((~y).sum(), 1)])
    # `score > t` admits exactly the scores >= s when t is the float just below s.
    thresholds = np.concatenate([[np.inf], np.nextafter(s[last_of_each_score], -np.inf)])
    return fpr, tpr, thresholds


def youden_threshold(y_true: np.ndarray, score: np.ndarray) -> float:
    """The threshold that maximises sensitivity + specificity − 1 (Youden's J).

    Choose it on the **validation** split, then apply it unchanged to the test split:
    a threshold picked on test data would be tuned on the very data it is judged on.
    """
    fpr, tpr, thresholds = roc_curve(y_true, score)
    best = int(np.argmax(tpr - fpr))
    return float(min(thresholds[best], 1.0))


def threshold_for_sensitivity(y_true: np.ndarray, score: np.ndarray, target: float) -> float:
    """The highest threshold whose sensitivity reaches ``target`` (e.g. 0.95), chosen on validation data."""
    fpr, tpr, thresholds = roc_curve(y_true, score)
    reaching = np.flatnonzero(tpr >= target)
    return float(min(thresholds[reaching[0]], 1.0))
