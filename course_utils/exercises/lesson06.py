"""Exercises of lesson 06 (autoencoders)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from . import close_to, exercise

# The widely copied model (Input((224, 224, 3)) -> Dense(64) -> Dense(224)), shown in the lesson with
# its summary(), applied to 128x128 greyscale images with smaller layers.
_IMAGE_SIDE, _CHANNELS, _HIDDEN, _OUT = 128, 1, 32, 128


def _copied_parameter_count() -> int:
    # A Dense layer acts on the last axis only: (inputs + 1 bias) * units weights each.
    return (_CHANNELS + 1) * _HIDDEN + (_HIDDEN + 1) * _OUT


@exercise(
    "06.1",
    "The widely copied model, applied to 128x128 greyscale images with smaller layers: "
    "Input((128, 128, 1)) -> Dense(32, relu) -> Dense(128, sigmoid). How many trainable parameters has it?",
    _copied_parameter_count,
    "Dense layers act on the last axis only, so the first layer sees 1 input per pixel:\n"
    "(1 + 1) * 32 = 64 weights and biases; the second sees 32: (32 + 1) * 128 = 4,224.\n"
    "Total 4,288, whatever the image size. (Had the image been flattened first, the first layer\n"
    "alone would have 128 * 128 * 1 * 32 + 32 = 524,320.) Check with model.count_params().",
    wrong_example=(_IMAGE_SIDE * _IMAGE_SIDE * _CHANNELS + 1) * _HIDDEN + (_HIDDEN + 1) * _OUT,
)
def _check_copied_parameters(answer: Any) -> bool:
    return int(answer) == _copied_parameter_count()


def reference_reparameterise_softplus(mu: np.ndarray, s: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """z = mu + sigma * eps with sigma = softplus(s) = log(1 + exp(s))."""
    return np.asarray(mu) + np.logaddexp(0.0, np.asarray(s)) * np.asarray(eps)  # logaddexp: no overflow


def _to_numpy(value: Any) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        import keras

        value = keras.ops.convert_to_numpy(value)
    return np.asarray(value, dtype=np.float64)


# Fixed test inputs: two samples, three latent dimensions, negative and positive raw values s.
_MU = np.array([[0.0, 1.0, -2.0], [0.5, -0.5, 3.0]])
_S = np.array([[0.0, np.log(4.0), -2.0], [1.0, -1.0, 0.5]])
_EPS = np.array([[1.0, -1.0, 0.5], [-0.3, 2.0, 0.0]])


@exercise(
    "06.2",
    "Some VAE encoders output an unconstrained s and use the standard deviation sigma = softplus(s) "
    "= log(1 + exp(s)) instead of a log-variance. Write reparameterise_softplus(mu, s, eps) that returns "
    "a latent sample z of N(mu, sigma^2) computed from standard normal noise eps.",
    lambda: reference_reparameterise_softplus,
    "Here s gives the standard deviation directly: sigma = softplus(s) = log(1 + exp(s)), so\n"
    "z = mu + softplus(s) * eps (np.logaddexp(0, s) computes softplus without overflow;\n"
    "keras.ops.softplus works too). The randomness is in eps only, so z is a differentiable\n"
    "function of mu and s. Copying the lesson's exp(0.5 * log_var) would treat s as a\n"
    "log-variance, which it is not.",
    wrong_example=lambda mu, s, eps: np.asarray(mu) + np.exp(0.5 * np.asarray(s)) * np.asarray(eps),
)
def _check_reparameterise(answer: Callable[..., Any]) -> bool:
    got = _to_numpy(answer(_MU.copy(), _S.copy(), _EPS.copy()))
    expected = reference_reparameterise_softplus(_MU, _S, _EPS)
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
