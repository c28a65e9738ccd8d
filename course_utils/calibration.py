"""Calibration of binary classifiers: reliability, ECE, temperature scaling, bootstrap CIs.

A classifier is *calibrated* when, among the images it gives probability ``p``,
a fraction ``p`` really is positive. Lesson 09 measures this with

* :func:`reliability_bins`: confidence against observed frequency, per bin;
* :func:`expected_calibration_error`, the gap averaged over bins:
  ``ECE = sum_b |B_b|/N * |acc(B_b) - conf(B_b)|``;
* :func:`confidence_gap`, the signed gap ``mean confidence - accuracy`` (> 0: overconfident);
* :func:`fit_temperature` and :func:`apply_temperature`: one scalar ``T`` that
  divides the logits, fitted on validation data by minimising the log-loss;
* :func:`bootstrap_ci`: a percentile bootstrap confidence interval for any metric.

Everything here is NumPy/SciPy and works on probabilities of the positive class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.optimize import minimize_scalar

_EPS = 1e-7


@dataclass(frozen=True)
class ReliabilityBins:
    """Per-bin statistics of a reliability diagram (bins with no sample hold NaN)."""

    edges: np.ndarray  # (n_bins + 1,) bin edges in [0, 1]
    count: np.ndarray  # (n_bins,) samples per bin
    confidence: np.ndarray  # (n_bins,) mean confidence in the bin
    accuracy: np.ndarray  # (n_bins,) fraction of correct predictions in the bin


def _confidence_and_correct(y_true: np.ndarray, p_positive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The confidence of the predicted class and whether the prediction is right (threshold 0.5)."""
    y = np.asarray(y_true).reshape(-1).astype(int)
    p = np.asarray(p_positive, dtype=np.float64).reshape(-1)
    if y.shape != p.shape:
        raise ValueError(f"{y.shape[0]} labels but {p.shape[0]} probabilities.")
    predicted = (p > 0.5).astype(int)
    confidence = np.where(predicted == 1, p, 1.0 - p)
    return confidence, (predicted == y).astype(np.float64)


def reliability_bins(y_true: np.ndarray, p_positive: np.ndarray, n_bins: int = 10) -> ReliabilityBins:
    """Bin the predictions by confidence in the predicted class (``max(p, 1 - p)``, in [0.5, 1]).

    Bins are ``n_bins`` equal-width intervals of [0, 1]; a confidence is never below
    0.5, so the lower half of the bins stays empty for a binary task. Bins are
    right-closed (``(a, b]``) except the first, which also holds 0.
    """
    confidence, correct = _confidence_and_correct(y_true, p_positive)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
    count = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(which, weights=confidence, minlength=n_bins) / count
        mean_acc = np.bincount(which, weights=correct, minlength=n_bins) / count
    return ReliabilityBins(edges, count, mean_conf, mean_acc)


def expected_calibration_error(y_true: np.ndarray, p_positive: np.ndarray, n_bins: int = 10) -> float:
    """ECE = sum over bins of (share of samples in the bin) x |accuracy - mean confidence|.

    Guo et al. (2017), with equal-width confidence bins. 0 is perfect calibration
    and the value is at most 1: a classifier that is always wrong at confidence 1
    (``y = (0, 0)``, ``p = (1, 1)``) reaches it.
    """
    bins = reliability_bins(y_true, p_positive, n_bins)
    filled = bins.count > 0
    gaps = np.abs(bins.accuracy[filled] - bins.confidence[filled])
    return float(np.sum(bins.count[filled] / bins.count.sum() * gaps))


def confidence_gap(y_true: np.ndarray, p_positive: np.ndarray) -> float:
    """Mean confidence in the predicted class minus the accuracy (threshold 0.5).

    Positive: the model is **overconfident** on these images (on average it claims more
    than it achieves); negative: underconfident. Unlike the ECE it has a sign, and it
    needs no bins, but opposite gaps in different bins can cancel in it.
    """
    confidence, correct = _confidence_and_correct(y_true, p_positive)
    return float(confidence.mean() - correct.mean())


def logit(p: np.ndarray) -> np.ndarray:
    """The inverse of the sigmoid, ``log(p / (1 - p))``, with p clipped away from 0 and 1."""
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, computed without overflow."""
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def binary_nll(y_true: np.ndarray, p_positive: np.ndarray) -> float:
    """Mean negative log-likelihood (binary cross-entropy, natural log) of the labels."""
    y = np.asarray(y_true).reshape(-1).astype(np.float64)
    p = np.clip(np.asarray(p_positive, dtype=np.float64).reshape(-1), _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def apply_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Calibrated probabilities ``sigmoid(z / T)``; ``T > 1`` softens, ``T < 1`` sharpens."""
    return sigmoid(np.asarray(logits, dtype=np.float64) / temperature)


def fit_temperature(y_true: np.ndarray, logits: np.ndarray, bounds: tuple[float, float] = (0.05, 20.0)) -> float:
    """The temperature ``T`` that minimises the NLL of ``sigmoid(logits / T)`` on these labels.

    Fit it on the **validation** split only. A single scalar cannot change the
    ranking of the scores, so the AUC is the same before and after scaling.
    The search is over ``log T`` (a 1-D bounded Brent search), which is convex enough here.
    """
    z = np.asarray(logits, dtype=np.float64).reshape(-1)
    result = minimize_scalar(
        lambda log_t: binary_nll(y_true, apply_temperature(z, float(np.exp(log_t)))),
        bounds=(np.log(bounds[0]), np.log(bounds[1])),
        method="bounded",
        options={"xatol": 1e-6},
    )
    return float(np.exp(result.x))


def bootstrap_ci(
    metric: Callable[[np.ndarray, np.ndarray], float],
    y_true: np.ndarray,
    score: np.ndarray,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, float]:
    """``(point estimate, lower, upper)``: a percentile bootstrap interval for ``metric(y, score)``.

    The test images are resampled with replacement ``n_boot`` times; resamples
    with a single class (where an AUC is undefined) are drawn again. The interval
    covers the sampling noise of a finite test set, not the noise of training.
    """
    y = np.asarray(y_true).reshape(-1)
    s = np.asarray(score).reshape(-1)
    rng = np.random.default_rng(seed)
    values: list[float] = []
    while len(values) < n_boot:
        index = rng.integers(0, len(y), len(y))
        if np.unique(y[index]).size < 2:
            continue
        values.append(metric(y[index], s[index]))
    alpha = (1 - level) / 2
    low, high = np.quantile(values, [alpha, 1 - alpha])
    return float(metric(y, s)), float(low), float(high)


def per_class_report(y_true: np.ndarray, p_positive: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    """Sensitivity, specificity, PPV and NPV of ``p > threshold`` for a binary task.

    Sensitivity is the recall of class 1, specificity the recall of class 0;
    PPV (precision of class 1) and NPV (precision of class 0) depend on the
    prevalence of the split, which is why they move when the class balance does.
    """
    y = np.asarray(y_true).reshape(-1).astype(bool)
    pred = np.asarray(p_positive).reshape(-1) > threshold
    tp, tn = int(np.sum(pred & y)), int(np.sum(~pred & ~y))
    fp, fn = int(np.sum(pred & ~y)), int(np.sum(~pred & y))

    def ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    return {
        "sensitivity": ratio(tp, tp + fn),
        "specificity": ratio(tn, tn + fp),
        "ppv": ratio(tp, tp + fp),
        "npv": ratio(tn, tn + fn),
        "accuracy": ratio(tp + tn, len(y)),
        "balanced_accuracy": (ratio(tp, tp + fn) + ratio(tn, tn + fp)) / 2,
    }


def plot_reliability(
    curves: dict[str, tuple[np.ndarray, np.ndarray]],
    n_bins: int = 10,
    title: str = "Reliability diagram",
):  # -> matplotlib Figure (imported lazily to keep this module light)
    """Reliability diagram of one or more ``{name: (y_true, p_positive)}`` with their ECE.

    Left: accuracy against mean confidence per bin, on the diagonal is perfect.
    Right: how many predictions fall in each bin (most are very confident).
    """
    import matplotlib.pyplot as plt

    fig, (ax, ax_count) = plt.subplots(1, 2, figsize=(10, 4))
    ax.plot([0.5, 1], [0.5, 1], "k:", label="perfect calibration")
    width = 1.0 / n_bins / (len(curves) + 1)
    for k, (name, (y, p)) in enumerate(curves.items()):
        bins = reliability_bins(y, p, n_bins)
        ece = expected_calibration_error(y, p, n_bins)
        filled = bins.count > 0
        ax.plot(bins.confidence[filled], bins.accuracy[filled], "o-", label=f"{name} (ECE = {ece:.3f})")
        ax_count.bar(bins.edges[:-1] + (k + 0.5) * width, bins.count, width, label=name)
    ax.set_xlabel("mean confidence in the predicted class (bin average)")
    ax.set_ylabel("accuracy in the bin (fraction correct)")
    ax.set_xlim(0.5, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_title("confidence vs accuracy")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax_count.set_xlim(0.5, 1.0)
    ax_count.set_yscale("log")
    ax_count.set_xlabel("confidence in the predicted class (bin)")
    ax_count.set_ylabel("number of images (log scale)")
    ax_count.set_title("predictions per bin")
    ax_count.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
