"""Finite differences: the check that a hand-written gradient is right.

For a scalar function f and a small h, the central difference

    df/dx_i ≈ (f(x + h e_i) - f(x - h e_i)) / (2 h)

has an error of order h². In float64 with h = 1e-6 it agrees with a correct
analytic gradient to about 1e-8 relative; a wrong gradient is off by far more.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (one entry at a time)."""
    x = np.array(x, dtype=np.float64)  # a copy, in double precision
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + h
        f_plus = f(x)
        x[index] = saved - h
        f_minus = f(x)
        x[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``max |a - b| / max(|a|, |b|, tiny)``: scale-free, 0 when equal."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0), 1e-12)
    return float(np.abs(a - b).max(initial=0.0) / scale)


def autodiff_gradient(f: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
    """Gradient of the scalar ``f(x)`` at ``x`` by the Keras backend's automatic differentiation.

    Write ``f`` with ``keras.ops`` and Keras layers; this runs it under the
    backend's own machinery (``tf.GradientTape``, ``jax.grad`` or torch's
    ``backward``), so a lesson can compare a hand-written gradient with the one
    Keras would use for training, whatever the backend.
    """
    import keras

    backend = keras.backend.backend()
    x = np.asarray(x, dtype=keras.config.floatx())
    if backend == "tensorflow":
        import tensorflow as tf

        x_t = tf.convert_to_tensor(x)
        with tf.GradientTape() as tape:
            tape.watch(x_t)
            y = f(x_t)
        return tape.gradient(y, x_t).numpy()
    if backend == "jax":
        import jax

        return np.asarray(jax.grad(f)(jax.numpy.asarray(x)))
    if backend == "torch":
        import torch

        x_t = torch.tensor(x, requires_grad=True)
        f(x_t).backward()
        return x_t.grad.detach().cpu().numpy()
    raise NotImplementedError(f"autodiff_gradient does not know the {backend!r} backend")


def layer_gradients(layer: Any, x: np.ndarray, upstream: np.ndarray) -> list[np.ndarray]:
    """Autodiff gradients of ``sum(layer(x) * upstream)``: ``[dL/dx, dL/dW_1, dL/dW_2, ...]``.

    ``upstream`` plays ``dL/dy``, so for a Dense or Conv2D layer this is the ``[dx, dW, db]``
    that a hand-written backward pass must return. ``stateless_call`` takes the layer's weights
    as arguments, which lets :func:`autodiff_gradient` differentiate with respect to each of
    them on any backend.
    """
    import keras

    # ops.copy(w) is a plain backend tensor; converting the Variable itself goes through its
    # __array__, which NumPy 2 flags with a DeprecationWarning on TensorFlow and JAX.
    weights = [keras.ops.convert_to_numpy(keras.ops.copy(w)) for w in layer.trainable_weights]

    def loss(x_: Any, weights_: list[Any]) -> Any:
        y, _ = layer.stateless_call(weights_, [], x_)
        return keras.ops.sum(keras.ops.multiply(y, upstream))  # not *: torch tensors and NumPy arrays don't mix

    grads = [autodiff_gradient(lambda v: loss(v, weights), x)]
    for i, w in enumerate(weights):
        grads.append(autodiff_gradient(lambda v: loss(x, weights[:i] + [v] + weights[i + 1:]), w))
    return grads
