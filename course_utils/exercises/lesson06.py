"""Exercises of lesson 06 (autoencoders)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from . import close_to, exercise

# The seed text's model: Input((224, 224, 3)) -> Dense(64, relu) -> Dense(224, sigmoid).
_SEED_IN, _SEED_HIDDEN, _SEED_OUT = 3, 64, 224


def _seed_parameter_count() -> int:
    # A Dense layer acts on the last axis only: (inputs + 1 bias) * units weights each.
    return (_SEED_IN + 1) * _SEED_HIDDEN + (_SEED_HIDDEN + 1) * _SEED_OUT


@exercise(
    "06.1",
    "How many trainable parameters has the seed text's autoencoder "
    "Input((224, 224, 3)) -> Dense(64, relu) -> Dense(224, sigmoid)?",
    _seed_parameter_count,
    "Dense layers act on the last axis only, so the first layer sees 3 inputs per pixel:\n"
    "(3 + 1) * 64 = 256 weights and biases; the second sees 64: (64 + 1) * 224 = 14,560.\n"
    "Total 14,816. (Had the image been flattened first, the first layer alone would have\n"
    "224 * 224 * 3 * 64 + 64 = 9,633,856.) Check with model.count_params().",
    wrong_example=(224 * 224 * 3 + 1) * 64 + (64 + 1) * 224,
)
def _check_seed_parameters(answer: Any) -> bool:
    return int(answer) == _seed_parameter_count()


def reference_reparameterise(mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """z = mu + sigma * eps with sigma = exp(log_var / 2)."""
    return np.asarray(mu) + np.exp(0.5 * np.asarray(log_var)) * np.asarray(eps)


def _to_numpy(value: Any) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        import keras

        value = keras.ops.convert_to_numpy(value)
    return np.asarray(value, dtype=np.float64)


# Fixed test inputs: two samples, three latent dimensions, negative and positive log-variances.
_MU = np.array([[0.0, 1.0, -2.0], [0.5, -0.5, 3.0]])
_LOG_VAR = np.array([[0.0, np.log(4.0), -2.0], [1.0, -1.0, 0.5]])
_EPS = np.array([[1.0, -1.0, 0.5], [-0.3, 2.0, 0.0]])


@exercise(
    "06.2",
    "Write reparameterise(mu, log_var, eps) that returns a latent sample z of N(mu, exp(log_var)) "
    "computed from standard normal noise eps (the reparameterisation trick).",
    lambda: reference_reparameterise,
    "The encoder outputs mu and log_var = log(sigma^2), so sigma = exp(log_var / 2) and\n"
    "z = mu + exp(0.5 * log_var) * eps. The randomness is in eps only, so z is a\n"
    "differentiable function of mu and log_var. Forgetting the 0.5 samples with variance\n"
    "sigma^4 instead of sigma^2. (keras.ops.exp works as well as np.exp.)",
    wrong_example=lambda mu, log_var, eps: np.asarray(mu) + np.exp(np.asarray(log_var)) * np.asarray(eps),
)
def _check_reparameterise(answer: Callable[..., Any]) -> bool:
    got = _to_numpy(answer(_MU.copy(), _LOG_VAR.copy(), _EPS.copy()))
    expected = reference_reparameterise(_MU, _LOG_VAR, _EPS)
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-5, atol=1e-6))


def _psnr_of_mse(mse: float = 0.004, data_range: float = 1.0) -> float:
    return float(10 * np.log10(data_range**2 / mse))


@exercise(
    "06.3",
    "A denoising autoencoder's output has mean squared error 0.004 against the clean image "
    "(pixels in [0, 1]). What is its PSNR in dB?",
    _psnr_of_mse,
    "PSNR = 10 log10(R^2 / MSE) with R = 1: 10 * log10(1 / 0.004) = 10 * log10(250) ≈ 23.98 dB.\n"
    "Each halving of the MSE adds 10 log10(2) ≈ 3.01 dB.",
    wrong_example=20 * np.log10(1 / 0.004),
)
def _check_psnr(answer: Any) -> bool:
    return close_to(_psnr_of_mse(), rel=1e-3)(answer)


_KL_MU = np.array([1.0, 0.0])
_KL_VAR = np.array([1.0, 4.0])


def _kl_value() -> float:
    return float(0.5 * np.sum(_KL_MU**2 + _KL_VAR - 1.0 - np.log(_KL_VAR)))


@exercise(
    "06.4",
    "A VAE encoder outputs mu = (1, 0) and sigma^2 = (1, 4) for one image. What is "
    "KL(N(mu, diag sigma^2) || N(0, I)) in nats?",
    _kl_value,
    "KL = 1/2 * sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)\n"
    "   = 1/2 * (1 + 1 - 1 - 0) + 1/2 * (0 + 4 - 1 - log 4) = 0.5 + 0.807 ≈ 1.307 nats.",
    wrong_example=float(0.5 * np.sum(_KL_MU**2 + _KL_VAR - 1.0)),
)
def _check_kl(answer: Any) -> bool:
    return close_to(_kl_value(), rel=1e-3)(answer)
