"""Lesson 06's exercises: solutions pass, typical mistakes fail, and answers agree with Keras."""

from __future__ import annotations

import numpy as np

from course_utils.exercises import check, get
from course_utils.exercises.lesson06 import reference_reparameterise


def test_every_solution_passes_and_wrong_example_fails() -> None:
    for key in ("06.1", "06.2", "06.3", "06.4"):
        ex = get(key)
        assert ex.checker(ex.solve()) is True, key
        assert ex.checker(ex.wrong_example) is False, key


def test_seed_parameter_count_matches_keras() -> None:
    import keras

    model = keras.Sequential([
        keras.Input((224, 224, 3)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(224, activation="sigmoid"),
    ])
    assert get("06.1").checker(model.count_params())


def test_reparameterise_accepts_keras_ops_and_rejects_wrong_shapes() -> None:
    import keras

    def with_ops(mu, log_var, eps):  # type: ignore[no-untyped-def]
        return mu + keras.ops.exp(0.5 * log_var) * eps

    assert check("06.2", with_ops) is True
    assert check("06.2", lambda mu, log_var, eps: np.sum(reference_reparameterise(mu, log_var, eps))) is False
    assert check("06.2", lambda mu, log_var, eps: mu + np.sqrt(np.abs(log_var)) * eps) is False


def test_kl_solution_matches_monte_carlo() -> None:
    # KL(q || p) = E_q[log q(z) - log p(z)], estimated with 400k samples: within 1%.
    rng = np.random.default_rng(0)
    mu, var = np.array([1.0, 0.0]), np.array([1.0, 4.0])
    z = mu + np.sqrt(var) * rng.standard_normal((400_000, 2))
    log_q = -0.5 * (np.log(2 * np.pi * var) + (z - mu) ** 2 / var)
    log_p = -0.5 * (np.log(2 * np.pi) + z**2)
    np.testing.assert_allclose((log_q - log_p).sum(axis=1).mean(), get("06.4").solve(), rtol=0.01)
