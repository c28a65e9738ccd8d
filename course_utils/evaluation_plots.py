"""Figures for judging a classifier: confusion matrix with class names, ROC curve.

Kept apart from :mod:`course_utils.plots` (the figures every lesson uses); the
numbers behind them come from :mod:`course_utils.metrics`.
"""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from . import metrics
from .plots import short_name


def plot_confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str], title: str = "Confusion matrix"
) -> Figure:
    """Counts of true class (rows) against predicted class (columns), with row percentages."""
    n = len(class_names)
    counts = metrics.confusion_matrix(y_true, y_pred, n)
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    # constrained layout keeps the title, the colour bar and its label apart; the width leaves room
    # for a title of about 40 characters above a two-class matrix
    fig, ax = plt.subplots(figsize=(3.4 + 0.75 * n, 2.0 + 0.7 * n), layout="constrained")
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            ax.text(j, i, f"{counts[i, j]}\n{100 * share[i, j]:.0f}%", ha="center", va="center", fontsize=8,
                    color="white" if share[i, j] > 0.6 else "black")
    names = [short_name(name) for name in class_names]  # "immature granulocytes(...)" -> "immature granulocytes"
    ax.set_xticks(range(n), names, rotation=35 if n > 2 else 0, ha="right" if n > 2 else "center")
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    fig.colorbar(image, ax=ax, label="share of the true class (row)")
    ax.set_title(title)
    return fig


def plot_roc(
    curves: dict[str, tuple[np.ndarray, np.ndarray]],
    points: dict[str, tuple[float, float]] | None = None,
    title: str = "ROC curve",
) -> Figure:
    """ROC curves ``{label: (y_true, score)}``, AUC in the legend, and marked operating points.

    ``points`` maps a label to ``(sensitivity, specificity)``, e.g. the test split
    at a threshold chosen on the validation split.
    """
    fig, ax = plt.subplots(figsize=(5.4, 5.9), layout="constrained")
    for label, (y_true, score) in curves.items():
        fpr, tpr, _ = metrics.roc_curve(y_true, score)
        ax.plot(fpr, tpr, label=f"{label} (AUC {metrics.binary_auc(y_true, score):.3f})")
    for label, (sens, spec) in (points or {}).items():
        ax.plot(1 - spec, sens, "o", markersize=8, label=f"{label}: sens {sens:.2f}, spec {spec:.2f}")
    ax.plot([0, 1], [0, 1], ":", color="grey", label="chance (AUC 0.5)")
    ax.set_xlabel("false-positive rate = 1 − specificity")
    ax.set_ylabel("true-positive rate = sensitivity")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    ax.grid(alpha=0.3)
    # below the axes: inside, the legend would cover the steep start of the curves
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=8)
    ax.set_title(title)
    return fig
