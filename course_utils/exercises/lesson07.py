"""Exercises of lesson 07 (GAN theory)."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from . import close_to, exercise


def _d_star() -> float:
    p_data, p_g = 0.3, 0.1
    return p_data / (p_data + p_g)


@exercise("07.1", "p_data(x) = 0.3 and p_g(x) = 0.1. What is D*(x)?", _d_star,
          "D*(x) = p_data / (p_data + p_g) = 0.3 / 0.4 = 0.75.", wrong_example=0.25)
def _check_d_star(answer: Any) -> bool:
    return close_to(_d_star(), rel=1e-3)(answer)


def _v_disjoint() -> float:
    return -math.log(4) + 2 * math.log(2)  # JSD of disjoint supports is log 2


@exercise("07.2", "p_data and p_g have disjoint supports. What is V(D*, G)?", _v_disjoint,
          "With disjoint supports D* is 1 on the data and 0 on the fakes, so both log terms are 0 and V = 0. "
          "Equivalently JSD reaches its maximum log 2, and -log 4 + 2 log 2 = 0. The generator gets no useful "
          "signal from a perfect D here, which is one motivation for the non-saturating loss and for WGANs.",
          wrong_example=-math.log(4))
def _check_v_disjoint(answer: Any) -> bool:
    return abs(float(answer) - _v_disjoint()) <= 1e-3


def _saturating_grad() -> float:
    d = 0.01
    return -d  # d/da log(1 - sigmoid(a)) = -sigmoid(a)


@exercise("07.3", "Derivative of log(1 - D(G(z))) with respect to D's logit, at D(G(z)) = 0.01?", _saturating_grad,
          "d/da log(1 - sigma(a)) = -sigma(a) = -D = -0.01: almost no gradient when D rejects the fakes. "
          "The non-saturating loss -log D has derivative -(1 - D) = -0.99 there.", wrong_example=-0.99)
def _check_saturating_grad(answer: Any) -> bool:
    return close_to(_saturating_grad(), rel=1e-3)(answer)


def _reference_jsd(p: np.ndarray, q: np.ndarray) -> float:
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    m = (p + q) / 2

    def kl(a: np.ndarray) -> float:
        mask = a > 0
        return float(np.sum(a[mask] * np.log(a[mask] / m[mask])))

    return 0.5 * kl(p) + 0.5 * kl(q)


_JSD_CASES = [
    (np.array([0.05, 0.15, 0.40, 0.30, 0.10]), np.array([0.30, 0.30, 0.20, 0.10, 0.10])),
    (np.array([1.0, 0.0]), np.array([0.0, 1.0])),  # disjoint: log 2
    (np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0])),  # equal: 0, with a zero entry
    (np.array([0.2, 0.0, 0.8]), np.array([0.1, 0.6, 0.3])),
]


@exercise("07.4", "Write jsd_fn(p, q): the Jensen-Shannon divergence (nats) of two discrete distributions.",
          lambda: _reference_jsd,
          "JSD(p, q) = KL(p || m)/2 + KL(q || m)/2 with m = (p + q)/2, skipping terms where the first argument is 0 "
          "(0 log 0 = 0). It is 0 for p = q and log 2 for disjoint supports.",
          wrong_example=lambda p, q: float(np.sum(np.asarray(p) * np.log((np.asarray(p) + 1e-12) / (np.asarray(q) + 1e-12)))))
def _check_jsd(answer: Callable[[np.ndarray, np.ndarray], float]) -> bool:
    return all(abs(float(answer(p.copy(), q.copy())) - _reference_jsd(p, q)) <= 1e-6 for p, q in _JSD_CASES)
