"""Dense layers, activations and cross-entropy in NumPy: the reference for lesson 04.

Shapes follow Keras: a batch ``x`` is ``(N, d_in)``, the kernel ``W`` is
``(d_in, d_out)`` and the bias ``b`` is ``(d_out,)``, so a dense layer computes

    z = x W + b,        y = sigma(z)

(the row-vector form of ``y = sigma(W x + b)``). Every ``*_backward`` or
``*_grad`` function takes the gradient of the loss with respect to an output
and returns the gradient with respect to the inputs: the chain rule, one step.
Losses are means over the batch, as in Keras.
"""

from __future__ import annotations

import numpy as np

EPSILON = 1e-7  # Keras' default fuzz factor: probabilities are clipped to [eps, 1 - eps] in the losses


def dense_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Affine map ``z = x W + b`` for a batch ``x`` (N, d_in)."""
    return x @ w + b


def dense_backward(dz: np.ndarray, x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients w.r.t. ``x``, ``W`` and ``b`` given ``dz = dL/dz`` (N, d_out).

    ``dL/dx = dz Wᵀ``, ``dL/dW = xᵀ dz`` (summed over the batch), ``dL/db = sum_n dz``.
    """
    return dz @ w.T, x.T @ dz, dz.sum(axis=0)


def dense_param_count(d_in: int, d_out: int, use_bias: bool = True) -> int:
    """Weights of a Dense layer acting on vectors of length d_in: ``(d_in + 1) · d_out``."""
    return (d_in + int(use_bias)) * d_out


# --- activations and their derivatives -------------------------------------------------


def relu(z: np.ndarray) -> np.ndarray:
    """``max(0, z)``."""
    return np.maximum(z, 0)


def relu_grad(z: np.ndarray) -> np.ndarray:
    """``d relu / dz``: 1 where z > 0, else 0 (the value at 0 is a convention; Keras uses 0)."""
    return (z > 0).astype(z.dtype)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, computed without overflow for large |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """``d sigmoid / dz = sigmoid(z) (1 - sigmoid(z))``; at most 1/4, at z = 0."""
    s = sigmoid(z)
    return s * (1 - s)


def softmax(z: np.ndarray) -> np.ndarray:
    """``exp(z_k) / sum_j exp(z_j)`` along the last axis; subtracting max(z) avoids overflow."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_backward(dp: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Gradient w.r.t. the logits given ``dp = dL/dp`` and ``p = softmax(z)``.

    The Jacobian is ``dp_k/dz_j = p_k (δ_kj - p_j)``, so ``dL/dz_j = p_j (dp_j - sum_k dp_k p_k)``.
    """
    return p * (dp - (dp * p).sum(axis=-1, keepdims=True))


# --- losses -----------------------------------------------------------------------------


def binary_cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    """Mean of ``-[y log p + (1 - y) log(1 - p)]`` (``keras.losses.BinaryCrossentropy``).

    ``p`` is clipped to ``[eps, 1 - eps]`` first, as Keras does for plain probabilities. (When
    ``p`` comes straight from ``keras.activations.sigmoid``, Keras uses the logits behind it and
    does not clip, so the two differ once p is within 1e-7 of 0 or 1.)
    """
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def sigmoid_cross_entropy_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean binary cross-entropy of ``sigmoid(z)`` w.r.t. the logits: ``(p - y) / N``."""
    return (sigmoid(z) - y) / z.shape[0]


def categorical_cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    """Mean over the batch of ``-sum_k y_k log p_k`` for one-hot ``y`` (N, K) (``keras.losses.CategoricalCrossentropy``)."""
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(np.mean(-(y * np.log(p)).sum(axis=-1)))


def softmax_cross_entropy_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean categorical cross-entropy of ``softmax(z)`` w.r.t. the logits.

    For one example, ``L = -sum_k y_k log p_k`` and ``dL/dz_j = p_j - y_j`` (because
    sum_k y_k = 1); the batch mean divides by N.
    """
    return (softmax(z) - y) / z.shape[0]


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Integer labels (N,) -> one-hot rows (N, K) of float32."""
    return np.eye(n_classes, dtype=np.float32)[np.asarray(labels, dtype=int)]
