"""course_utils.dense against keras.layers.Dense, Keras' activations and losses, and autodiff.

Tolerances: float32 results agree with Keras to atol = rtol = 1e-5 (activations,
losses) or 1e-4 (matrix products with up to 20·20 terms); the float64
finite-difference checks agree to a relative error of 1e-6.
"""

from __future__ import annotations

import course_utils  # noqa: F401  (starts Keras quietly)
import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import dense as D
from course_utils.gradcheck import autodiff_gradient, layer_gradients, numerical_gradient, relative_error

TOL = dict(atol=1e-5, rtol=1e-5)
MATMUL_TOL = dict(atol=1e-4, rtol=1e-4)

shapes = st.tuples(st.integers(1, 6), st.integers(1, 20), st.integers(1, 20), st.integers(0, 2**16))


@settings(max_examples=30, deadline=None)
@given(shapes)
def test_dense_forward_and_backward_match_keras(shape: tuple[int, int, int, int]) -> None:
    n, d_in, d_out, seed = shape
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d_in)).astype(np.float32)
    w = rng.normal(size=(d_in, d_out)).astype(np.float32)
    b = rng.normal(size=d_out).astype(np.float32)
    dz = rng.normal(size=(n, d_out)).astype(np.float32)
    layer = keras.layers.Dense(d_out)
    layer.build((None, d_in))
    layer.set_weights([w, b])
    assert layer.count_params() == D.dense_param_count(d_in, d_out)
    np.testing.assert_allclose(D.dense_forward(x, w, b), keras.ops.convert_to_numpy(layer(x)), **MATMUL_TOL)
    for mine, theirs in zip(D.dense_backward(dz, x, w), layer_gradients(layer, x, dz), strict=True):
        np.testing.assert_allclose(mine, theirs, **MATMUL_TOL)


ACTIVATIONS = {
    "relu": (D.relu, D.relu_grad, keras.activations.relu),
    "sigmoid": (D.sigmoid, D.sigmoid_grad, keras.activations.sigmoid),
}


@pytest.mark.parametrize("name", ACTIVATIONS)
@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 50), seed=st.integers(0, 2**16))
def test_activation_and_derivative_match_keras(name: str, n: int, seed: int) -> None:
    forward, grad, keras_fn = ACTIVATIONS[name]
    z = (np.random.default_rng(seed).normal(size=n) * 5).astype(np.float32)
    np.testing.assert_allclose(forward(z), keras.ops.convert_to_numpy(keras_fn(z)), **TOL)
    # elementwise, so the gradient of the sum is the derivative at each entry
    np.testing.assert_allclose(grad(z), autodiff_gradient(lambda v: keras.ops.sum(keras_fn(v)), z), **TOL)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 8), k=st.integers(2, 10), seed=st.integers(0, 2**16))
def test_softmax_and_its_backward_match_keras(n: int, k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(n, k)) * 3).astype(np.float32)
    dp = rng.normal(size=(n, k)).astype(np.float32)
    p = D.softmax(z)
    np.testing.assert_allclose(p, keras.ops.convert_to_numpy(keras.activations.softmax(z)), **TOL)
    dz = autodiff_gradient(lambda v: keras.ops.sum(keras.ops.multiply(keras.activations.softmax(v), dp)), z)
    np.testing.assert_allclose(D.softmax_backward(dp, p), dz, **TOL)


def test_softmax_is_stable_for_large_logits() -> None:
    p = D.softmax(np.array([[1000.0, 1000.0, -1000.0]]))
    np.testing.assert_allclose(p, [[0.5, 0.5, 0.0]])
    assert np.all(np.isfinite(D.sigmoid(np.array([-1000.0, 1000.0]))))


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 16), k=st.integers(2, 8), seed=st.integers(0, 2**16))
def test_cross_entropies_and_logit_gradients_match_keras(n: int, k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    # Logits are kept in [-4, 4], so no probability falls into the [eps, 1 - eps] clipping of the
    # losses: there our probability-based loss clips while Keras, which sees the logits behind
    # keras.activations.sigmoid/softmax, does not (hypothesis found this with logits near 15).
    # Binary: logits z, probabilities sigmoid(z), labels 0/1.
    z = np.clip(rng.normal(size=(n, 1)) * 3, -4, 4).astype(np.float32)
    y = rng.integers(0, 2, size=(n, 1)).astype(np.float32)
    def bce(logits):  # noqa: ANN001, ANN202 (a backend tensor in, a scalar out)
        return keras.losses.BinaryCrossentropy()(y, keras.activations.sigmoid(logits))

    assert D.binary_cross_entropy(D.sigmoid(z), y) == pytest.approx(float(bce(z)), rel=1e-5, abs=1e-6)
    np.testing.assert_allclose(D.sigmoid_cross_entropy_grad(z, y), autodiff_gradient(bce, z), **TOL)
    # Categorical: logits (n, k), one-hot labels.
    z = np.clip(rng.normal(size=(n, k)) * 3, -4, 4).astype(np.float32)
    y = D.one_hot(rng.integers(0, k, size=n), k)
    def cce(logits):  # noqa: ANN001, ANN202
        return keras.losses.CategoricalCrossentropy()(y, keras.activations.softmax(logits))

    assert D.categorical_cross_entropy(D.softmax(z), y) == pytest.approx(float(cce(z)), rel=1e-5, abs=1e-6)
    np.testing.assert_allclose(D.softmax_cross_entropy_grad(z, y), autodiff_gradient(cce, z), **TOL)


def test_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(0)
    n, d_in, d_out = 4, 5, 3
    x, w, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=d_out)
    y = D.one_hot(rng.integers(0, d_out, size=n), d_out).astype(np.float64)

    def loss(x_: np.ndarray, w_: np.ndarray, b_: np.ndarray) -> float:
        return D.categorical_cross_entropy(D.softmax(D.dense_forward(x_, w_, b_)), y)

    dz = D.softmax_cross_entropy_grad(D.dense_forward(x, w, b), y)  # p - y, averaged over the batch
    dx, dw, db = D.dense_backward(dz, x, w)
    assert relative_error(dx, numerical_gradient(lambda v: loss(v, w, b), x)) < 1e-6
    assert relative_error(dw, numerical_gradient(lambda v: loss(x, v, b), w)) < 1e-6
    assert relative_error(db, numerical_gradient(lambda v: loss(x, w, v), b)) < 1e-6
    z = rng.normal(size=(6, 1)) * 2
    yb = rng.integers(0, 2, size=(6, 1)).astype(np.float64)
    numeric = numerical_gradient(lambda v: D.binary_cross_entropy(D.sigmoid(v), yb), z)
    assert relative_error(D.sigmoid_cross_entropy_grad(z, yb), numeric) < 1e-6
    for f, g in [(D.sigmoid, D.sigmoid_grad), (D.relu, D.relu_grad)]:
        zz = rng.normal(size=7) + 0.01  # away from relu's kink at 0
        assert relative_error(g(zz), numerical_gradient(lambda v: float(f(v).sum()), zz)) < 1e-6


def test_a_wrong_softmax_gradient_fails_the_check() -> None:
    z, y = np.array([[2.0, -1.0, 0.5]]), np.array([[0.0, 1.0, 0.0]])
    numeric = numerical_gradient(lambda v: D.categorical_cross_entropy(D.softmax(v), y), z)
    assert relative_error(D.softmax(z) + y, numeric) > 0.1  # the sign error p + y is caught
