"""Exercises of lesson 09 (interpretability, class imbalance, calibration)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from . import close_to, exercise

# Exercise 09.1: five predictions whose confidences max(p, 1-p) = (.95, .85, .75, .65, .88) sit on no
# bin edge. The question text is built from these arrays; tests/unit/test_calibration.py checks that the
# notebook's Exercises cell states the same numbers.
_P1 = np.array([0.95, 0.85, 0.75, 0.35, 0.12])
_Y1 = np.array([1, 0, 1, 0, 1])


def _as_tuple(values: np.ndarray) -> str:
    """``(0.95, 0.85, ...)``: numbers as a reader writes them (no trailing zeros, ints stay ints)."""
    return "(" + ", ".join(f"{v:g}" for v in values.tolist()) + ")"


QUESTION_1 = f"ECE (10 equal-width bins) of p = {_as_tuple(_P1)} with labels y = {_as_tuple(_Y1)}?"


def _ece_1() -> float:
    from ..calibration import expected_calibration_error

    return expected_calibration_error(_Y1, _P1, n_bins=10)


@exercise("09.1", QUESTION_1,
          _ece_1,
          "Confidences max(p, 1-p) = (.95, .85, .75, .65, .88); predictions (1, 1, 1, 0, 0) are right, wrong, right,\n"
          "right, wrong. Bins: (.9, 1] holds .95 (acc 1, gap .05); (.8, .9] holds .85 and .88 (acc 0, mean conf .865);\n"
          "(.7, .8] holds .75 (acc 1, gap .25); (.6, .7] holds .65 (acc 1, gap .35). Weighted by 1/5, 2/5, 1/5, 1/5:\n"
          "ECE = .01 + .346 + .05 + .07 = 0.476. (Averaging the four gaps without weights gives 0.379: wrong.)",
          wrong_example=0.379)
def _check_1(answer: Any) -> bool:
    return close_to(_ece_1(), rel=1e-3)(answer)


_W2 = np.array([2.0, -1.0, 0.5])


@exercise("09.2", "Grad-CAM weights (alpha_1, alpha_2, alpha_3) of the logit of a GAP -> Dense(1) head with "
          "weights w = (2, -1, 0.5) on three 7x7 feature maps?",
          lambda: list(_W2 / 49),
          "S = sum_k w_k * mean_ij A^k_ij + b, so dS/dA^k_ij = w_k / 49 at every position; its mean over the 49\n"
          "positions is alpha_k = w_k / 49 = (0.0408, -0.0204, 0.0102). Grad-CAM is then ReLU(sum_k w_k A^k) / 49:\n"
          "the class activation map (CAM) of Zhou et al., up to the factor 1/49 and the ReLU (CAM keeps negative values).",
          wrong_example=[2.0, -1.0, 0.5])
def _check_2(answer: Any) -> bool:
    values = np.asarray(answer, dtype=float).reshape(-1)
    return values.shape == (3,) and np.allclose(values, _W2 / 49, rtol=1e-3, atol=1e-6)


@exercise("09.3", "A model's logit is z = 3 and temperature scaling found T = 2. The calibrated probability?",
          lambda: float(1 / (1 + np.exp(-3 / 2))),
          "p = sigmoid(z / T) = sigmoid(1.5) = 1 / (1 + e^-1.5) = 0.818 (uncalibrated it was sigmoid(3) = 0.953).",
          wrong_example=0.9526)
def _check_3(answer: Any) -> bool:
    return close_to(1 / (1 + np.exp(-1.5)), rel=2e-3)(answer)


def _ppv(sens: float = 0.9, spec: float = 0.8, prevalence: float = 0.1) -> float:
    return sens * prevalence / (sens * prevalence + (1 - spec) * (1 - prevalence))


@exercise("09.4", "Sensitivity 0.9, specificity 0.8, prevalence 10 %: what is the PPV?", _ppv,
          "PPV = sens*pi / (sens*pi + (1 - spec)(1 - pi)) = 0.09 / (0.09 + 0.18) = 1/3: two positive results\n"
          "in three are false alarms, although the test is '90 % sensitive'.",
          wrong_example=0.9)
def _check_4(answer: Any) -> bool:
    return close_to(_ppv(), rel=2e-3)(answer)


def _paired_reference(y: np.ndarray, p_a: np.ndarray, p_b: np.ndarray, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(seed)
    diffs: list[float] = []
    while len(diffs) < n_boot:
        index = rng.integers(0, len(y), len(y))
        if np.unique(y[index]).size < 2:
            continue
        diffs.append(roc_auc_score(y[index], p_a[index]) - roc_auc_score(y[index], p_b[index]))
    low, high = np.quantile(diffs, [0.025, 0.975])
    return float(low), float(high)


def _unpaired(y: np.ndarray, p_a: np.ndarray, p_b: np.ndarray, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    """A plausible mistake: each model resampled on its own indices (ignores their correlation)."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(seed)
    diffs: list[float] = []
    while len(diffs) < n_boot:
        i, j = rng.integers(0, len(y), len(y)), rng.integers(0, len(y), len(y))
        if np.unique(y[i]).size < 2 or np.unique(y[j]).size < 2:
            continue
        diffs.append(roc_auc_score(y[i], p_a[i]) - roc_auc_score(y[j], p_b[j]))
    low, high = np.quantile(diffs, [0.025, 0.975])
    return float(low), float(high)


def _test_case() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two strongly correlated models: the paired interval is far narrower than the unpaired one."""
    rng = np.random.default_rng(9)
    y = rng.integers(0, 2, 300)
    p_a = y + rng.normal(0, 1.0, 300)
    return y, p_a, p_a + rng.normal(0, 0.2, 300)


@exercise("09.5", "Write paired_bootstrap_auc_difference(y, p_a, p_b, n_boot, seed) -> (low, high), the 95 % "
          "bootstrap interval of AUC(a) - AUC(b) with the same resampled indices for both models.",
          lambda: _paired_reference,
          "For each resample draw index = rng.integers(0, N, N) once, skip it if it holds one class only, and\n"
          "record roc_auc_score(y[index], p_a[index]) - roc_auc_score(y[index], p_b[index]); return the 2.5 and\n"
          "97.5 percentiles. Resampling each model on its own indices ignores that both models see the same hard\n"
          "and easy images, and gives a much wider, too pessimistic interval.",
          wrong_example=_unpaired)
def _check_5(answer: Callable[..., Any]) -> bool:
    y, p_a, p_b = _test_case()
    low, high = (float(v) for v in answer(y, p_a, p_b, 400, 1))
    ref_low, ref_high = _paired_reference(y, p_a, p_b, 400, 1)
    return abs(low - ref_low) < 0.01 and abs(high - ref_high) < 0.01
