"""The evaluation figures carry titles, axis labels and class names, and nothing in them overlaps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from course_utils.evaluation_plots import plot_confusion_matrix, plot_roc
from course_utils.plots import plot_history


def _extents(fig: Figure, *artists) -> list[Bbox]:
    """Where the artists were drawn, in display pixels."""
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    return [artist.get_window_extent(renderer) for artist in artists]


def _inside(inner: Bbox, outer: Bbox, tolerance: float = 1.0) -> bool:
    return (inner.x0 >= outer.x0 - tolerance and inner.y0 >= outer.y0 - tolerance
            and inner.x1 <= outer.x1 + tolerance and inner.y1 <= outer.y1 + tolerance)


def test_confusion_matrix_figure_names_classes() -> None:
    fig = plot_confusion_matrix(np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), ["a", "b", "c"], title="T")
    ax = fig.axes[0]
    assert ax.get_title() == "T" and ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    # the true "c" row holds one image predicted "b" (50% of the row) and one predicted "c"
    assert "1\n50%" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_confusion_matrix_title_clears_the_colour_bar() -> None:
    """Lesson 05's title above a two-class matrix: the colour bar and its label stay beside it, inside the figure."""
    y = np.array([0, 0, 1, 1, 1])
    fig = plot_confusion_matrix(y, np.array([0, 1, 1, 1, 0]), ["malignant", "normal, benign"],
                                title="pneumoniamnist: test confusion matrix")
    ax, colour_bar = fig.axes
    title, bar, bar_label, figure = _extents(fig, ax.title, colour_bar, colour_bar.yaxis.label, fig)
    assert not title.overlaps(bar), (title, bar)
    assert _inside(title, figure) and _inside(bar_label, figure), (title, bar_label, figure)
    plt.close(fig)


def test_confusion_matrix_shortens_long_class_names() -> None:
    names = ["basophil", "immature granulocytes(myelocytes, metamyelocytes and promyelocytes)"]
    fig = plot_confusion_matrix(np.array([0, 1]), np.array([0, 1]), names)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["basophil", "immature granulocytes"]
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


def test_roc_legend_leaves_the_curves_uncovered() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 50)
    fig = plot_roc({"validation": (y, rng.random(50) + y), "test": (y, rng.random(50) + 0.5 * y)},
                   {"test at the threshold chosen on validation": (0.99, 0.61)},
                   title="breastmnist: ROC of 'normal, benign' (against the rest)")
    ax = fig.axes[0]
    legend, axes_box, x_label, title, figure = _extents(fig, ax.get_legend(), ax, ax.xaxis.label, ax.title, fig)
    assert legend.y1 <= min(axes_box.y0, x_label.y0) + 1, (legend, axes_box, x_label)  # below the plot and its label
    assert _inside(legend, figure) and _inside(title, figure), (legend, title, figure)
    plt.close(fig)


def test_history_draws_training_and_validation_curves() -> None:
    fig = plot_history({"loss": [0.6, 0.4, 0.3], "val_loss": [0.5, 0.45, 0.5]}, title="T")
    assert len(fig.axes) == 1
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["train", "validation"]
    plt.close(fig)


def test_history_draws_a_metric_logged_for_validation_only() -> None:
    """Lesson 05's callback logs val_auc with no training counterpart: it gets a panel of its own."""
    logs = {"loss": [0.6, 0.4, 0.3], "val_loss": [0.5, 0.45, 0.5], "val_auc": [0.8, 0.9, 0.85]}
    fig = plot_history(logs, title="T")
    loss_ax, auc_ax = fig.axes
    assert auc_ax.get_title() == "auc" and auc_ax.get_xlabel() == "epoch"
    (line,) = auc_ax.get_lines()
    assert line.get_label() == "validation"
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), logs["val_auc"])
    assert line.get_color() == loss_ax.get_lines()[1].get_color()  # validation looks the same in every panel
    plt.close(fig)
