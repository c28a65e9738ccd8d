"""Tests of course_utils.calibration: ECE, reliability bins, temperature scaling, bootstrap CIs.

Tolerances: exact cases to 1e-12; fitted temperatures to 5 % (a finite sample).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss, roc_auc_score

from course_utils.calibration import (
    apply_temperature,
    binary_nll,
    bootstrap_ci,
    confidence_gap,
    expected_calibration_error,
    fit_temperature,
    logit,
    per_class_report,
    plot_reliability,
    reliability_bins,
    sigmoid,
)


def test_ece_by_hand() -> None:
    # Four predictions, two bins used (10 bins): confidences 0.9, 0.9 (bin 0.8-0.9) and 0.6, 0.7.
    p = np.array([0.9, 0.1, 0.6, 0.3])  # predicted classes 1, 0, 1, 0; confidences .9 .9 .6 .7
    y = np.array([1, 1, 0, 0])  # right, wrong, wrong, right
    # bin (0.8, 0.9]: conf 0.9, acc 0.5 -> gap 0.4, weight 2/4
    # bin (0.5, 0.6]: conf 0.6, acc 0   -> gap 0.6, weight 1/4
    # bin (0.6, 0.7]: conf 0.7, acc 1   -> gap 0.3, weight 1/4
    expected = 0.5 * 0.4 + 0.25 * 0.6 + 0.25 * 0.3
    assert expected_calibration_error(y, p, n_bins=10) == pytest.approx(expected, abs=1e-12)
    bins = reliability_bins(y, p, n_bins=10)
    assert bins.count.sum() == 4 and bins.count[8] == 2 and bins.count[5] == 1 and bins.count[6] == 1


def test_perfectly_calibrated_sample_has_small_ece() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 1, 200_000)
    y = (rng.uniform(0, 1, p.size) < p).astype(int)  # labels drawn with exactly probability p
    assert expected_calibration_error(y, p, 15) < 0.01


def test_always_wrong_and_sure_gives_one() -> None:
    y = np.array([0, 1, 0, 1])
    assert expected_calibration_error(y, 1.0 - y, 10) == pytest.approx(1.0)
    # The docstring's example of the maximum: both wrong at confidence 1.
    assert expected_calibration_error(np.array([0, 0]), np.array([1.0, 1.0]), 10) == pytest.approx(1.0)


def test_confidence_gap_by_hand() -> None:
    # Confidences .9 .9 .6 .7 (mean .775), two right of four (accuracy .5): overconfident by .275.
    p, y = np.array([0.9, 0.1, 0.6, 0.3]), np.array([1, 1, 0, 0])
    assert confidence_gap(y, p) == pytest.approx(0.275, abs=1e-12)
    # All right at confidence .6: underconfident by .4.
    assert confidence_gap(np.array([1, 0]), np.array([0.6, 0.4])) == pytest.approx(-0.4, abs=1e-12)
    # Sharpening an underconfident model (T < 1) raises its mean confidence.
    z = np.array([0.4, -0.4])
    assert confidence_gap(np.array([1, 0]), apply_temperature(z, 0.5)) > confidence_gap(np.array([1, 0]), sigmoid(z))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 200), st.integers(1, 30), st.integers(0, 10_000))
def test_ece_bounds_and_bin_counts(n: int, n_bins: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    p, y = rng.uniform(0, 1, n), rng.integers(0, 2, n)
    ece = expected_calibration_error(y, p, n_bins)
    assert 0.0 <= ece <= 1.0
    assert reliability_bins(y, p, n_bins).count.sum() == n


def test_sigmoid_logit_and_nll_match_sklearn() -> None:
    z = np.linspace(-30, 30, 101)
    np.testing.assert_allclose(logit(sigmoid(z[np.abs(z) < 15])), z[np.abs(z) < 15], atol=1e-6)
    rng = np.random.default_rng(1)
    p, y = rng.uniform(0.01, 0.99, 500), rng.integers(0, 2, 500)
    assert binary_nll(y, p) == pytest.approx(log_loss(y, p), rel=1e-9)


@pytest.mark.parametrize("true_t", [0.5, 1.0, 2.5])
def test_fit_temperature_recovers_the_truth(true_t: float) -> None:
    # Labels drawn from sigmoid(z / T): the NLL-optimal temperature is T.
    rng = np.random.default_rng(2)
    z = rng.normal(0, 4, 50_000)
    y = (rng.uniform(size=z.size) < sigmoid(z / true_t)).astype(int)
    assert fit_temperature(y, z) == pytest.approx(true_t, rel=0.05)  # sampling noise of the MLE is ~2 %


def test_temperature_scaling_keeps_auc_and_lowers_nll() -> None:
    rng = np.random.default_rng(3)
    z = rng.normal(0, 2, 5000)
    y = (rng.uniform(size=z.size) < sigmoid(z)).astype(int)
    overconfident = 3 * z
    t = fit_temperature(y, overconfident)
    assert t == pytest.approx(3.0, rel=0.05)
    before, after = sigmoid(overconfident), apply_temperature(overconfident, t)
    assert roc_auc_score(y, after) == pytest.approx(roc_auc_score(y, before), abs=1e-12)
    assert binary_nll(y, after) < binary_nll(y, before)
    assert expected_calibration_error(y, after) < expected_calibration_error(y, before)


def test_bootstrap_ci_contains_estimate_and_narrows_with_n() -> None:
    rng = np.random.default_rng(4)

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = rng.integers(0, 2, n)
        return y, y + rng.normal(0, 1.0, n)

    y, s = sample(200)
    point, low, high = bootstrap_ci(roc_auc_score, y, s, n_boot=300)
    assert low <= point <= high and 0.5 < point < 1
    y2, s2 = sample(5000)
    _, low2, high2 = bootstrap_ci(roc_auc_score, y2, s2, n_boot=300)
    assert high2 - low2 < (high - low) / 2  # width shrinks like 1/sqrt(n)
    assert bootstrap_ci(roc_auc_score, y, s, n_boot=100, seed=7) == bootstrap_ci(roc_auc_score, y, s, n_boot=100, seed=7)


def test_per_class_report_by_hand() -> None:
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    p = np.array([0.9, 0.8, 0.2, 0.7, 0.1, 0.1, 0.3, 0.4])  # TP 2, FN 1, FP 1, TN 4
    r = per_class_report(y, p)
    assert r["sensitivity"] == pytest.approx(2 / 3)
    assert r["specificity"] == pytest.approx(4 / 5)
    assert r["ppv"] == pytest.approx(2 / 3)
    assert r["npv"] == pytest.approx(4 / 5)
    assert r["accuracy"] == pytest.approx(6 / 8)
    assert per_class_report(y, p, threshold=0.75)["sensitivity"] == pytest.approx(2 / 3)
    assert per_class_report(y, p, threshold=0.95)["ppv"] != per_class_report(y, p, threshold=0.95)["ppv"]  # NaN


def test_plot_reliability_returns_labelled_figure() -> None:
    rng = np.random.default_rng(5)
    p = rng.uniform(size=300)
    y = rng.integers(0, 2, 300)
    fig = plot_reliability({"model": (y, p)}, title="t")
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and "ECE" in ax.get_legend().get_texts()[1].get_text()


def test_exercise_09_1_by_hand_and_as_the_notebook_asks_it() -> None:
    """Exercise 09.1 is an ECE by hand: its checker, its worked solution and the notebook must agree."""
    import json
    from pathlib import Path

    from course_utils.exercises import get, lesson09

    p, y = lesson09._P1, lesson09._Y1
    confidence = np.maximum(p, 1 - p)
    assert not np.any(np.isclose(confidence * 10, np.round(confidence * 10)))  # no confidence on a bin edge
    # The worked solution: bins (.9, 1], (.8, .9], (.7, .8], (.6, .7] hold 1, 2, 1, 1 predictions.
    by_hand = 0.2 * 0.05 + 0.4 * 0.865 + 0.2 * 0.25 + 0.2 * 0.35
    assert expected_calibration_error(y, p, 10) == pytest.approx(by_hand, abs=1e-12)
    assert by_hand == pytest.approx(0.476, abs=1e-12) and "0.476" in get("09.1").explanation
    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "09_trust_interpretability_calibration.ipynb"
    cells = ["".join(c["source"]) for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "markdown"]
    (exercises,) = [c.replace("$", "") for c in cells if "## Exercises" in c]
    assert f"p = {lesson09._as_tuple(p)}" in exercises and f"y = {lesson09._as_tuple(y)}" in exercises
