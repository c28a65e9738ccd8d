"""Lesson 06's exercises: solutions pass, typical mistakes fail, and answers agree with Keras."""

from __future__ import annotations

import course_utils  # noqa: F401  (starts Keras quietly)
import keras
import numpy as np
import pytest

from course_utils.exercises import check, get
from course_utils.exercises.lesson06 import reference_reparameterise_softplus


def test_every_solution_passes_and_wrong_example_fails() -> None:
    for key in ("06.1", "06.2", "06.3", "06.4"):
        ex = get(key)
        assert ex.checker(ex.solve()) is True, key
        assert ex.checker(ex.wrong_example) is False, key


def test_parameter_count_matches_keras() -> None:
    model = keras.Sequential([
        keras.Input((128, 128, 1)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(128, activation="sigmoid"),
    ])
    assert get("06.1").checker(model.count_params())


# Lesson 06 runs on TensorFlow only; on PyTorch, NumPy's mu plus a torch tensor is a TypeError.
@pytest.mark.skipif(keras.backend.backend() == "torch", reason="lesson 06 needs TensorFlow")
def test_reparameterise_accepts_keras_ops_and_rejects_wrong_answers() -> None:

    def with_ops(mu, s, eps):  # type: ignore[no-untyped-def]
        return mu + keras.ops.softplus(s) * eps

    def naive(mu, s, eps):  # type: ignore[no-untyped-def]
        return mu + np.log(1 + np.exp(s)) * eps  # the textbook formula: fine for moderate s

    assert check("06.2", with_ops) is True
    assert check("06.2", naive) is True
    assert check("06.2", lambda mu, s, eps: np.sum(reference_reparameterise_softplus(mu, s, eps))) is False
    assert check("06.2", lambda mu, s, eps: mu + np.log(1 + np.exp(s)) ** 2 * eps) is False  # variance, not sigma
    assert check("06.2", lambda mu, s, eps: mu + np.exp(s) * eps) is False  # s read as log sigma


def test_softplus_reference_is_stable_and_positive() -> None:
    mu, eps = np.zeros(4), np.ones(4)
    sigma = reference_reparameterise_softplus(mu, np.array([-800.0, -5.0, 5.0, 800.0]), eps)
    assert np.all(np.isfinite(sigma)) and np.all(sigma >= 0)
    np.testing.assert_allclose(sigma[1:3], np.log1p(np.exp([-5.0, 5.0])))
    np.testing.assert_allclose(sigma[3], 800.0)


def test_kl_solution_matches_monte_carlo() -> None:
    # KL(q || p) = E_q[log q(z) - log p(z)], estimated with 400k samples: within 1%.
    rng = np.random.default_rng(0)
    mu, var = np.array([1.0, 0.0]), np.array([1.0, 4.0])
    z = mu + np.sqrt(var) * rng.standard_normal((400_000, 2))
    log_q = -0.5 * (np.log(2 * np.pi * var) + (z - mu) ** 2 / var)
    log_p = -0.5 * (np.log(2 * np.pi) + z**2)
    np.testing.assert_allclose((log_q - log_p).sum(axis=1).mean(), get("06.4").solve(), rtol=0.01)
