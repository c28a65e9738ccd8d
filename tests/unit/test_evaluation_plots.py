"""The evaluation figures carry titles, axis labels and class names."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course_utils.evaluation_plots import plot_confusion_matrix, plot_roc


def test_confusion_matrix_figure_names_classes() -> None:
    fig = plot_confusion_matrix(np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), ["a", "b", "c"], title="T")
    ax = fig.axes[0]
    assert ax.get_title() == "T" and ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert any(t.get_text().startswith("2\n") is False and "1\n" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_roc_figure_has_curve_points_and_labels() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 50)
    fig = plot_roc({"test": (y, rng.random(50) + y)}, {"threshold": (0.8, 0.7)}, title="ROC")
    ax = fig.axes[0]
    assert ax.get_title() == "ROC" and "sensitivity" in ax.get_ylabel() and "specificity" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(label.startswith("test (AUC") for label in labels) and any("sens 0.80" in label for label in labels)
    plt.close(fig)
