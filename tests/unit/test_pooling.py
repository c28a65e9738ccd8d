"""course_utils.pooling against Keras' pooling layers and the Keras backend's autodiff
(TensorFlow, JAX or PyTorch: see course_utils.gradcheck.autodiff_gradient).

Tolerances: float32 results agree with Keras to atol = rtol = 1e-6 (max pooling
copies values, average pooling sums at most 16 of them); the float64
finite-difference check agrees to a relative error of 1e-6.
"""

from __future__ import annotations

import course_utils  # noqa: F401  (starts Keras quietly)
import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.gradcheck import layer_gradients, numerical_gradient, relative_error
from course_utils.pooling import (
    avg_pool2d_backward,
    avg_pool2d_forward,
    global_avg_pool_backward,
    global_avg_pool_forward,
    global_max_pool_forward,
    max_pool2d_backward,
    max_pool2d_forward,
    pool_output_size,
)

TOL = dict(atol=1e-6, rtol=1e-6)


@st.composite
def pool_cases(draw: st.DrawFn) -> dict:
    pool = draw(st.integers(1, 4))
    return dict(
        shape=(draw(st.integers(1, 3)), draw(st.integers(pool, 10)), draw(st.integers(pool, 10)), draw(st.integers(1, 3))),
        pool=pool,
        stride=draw(st.integers(1, 4)),
        seed=draw(st.integers(0, 2**16)),
    )


def _x(case: dict) -> np.ndarray:
    # Continuous random values: ties for the max have probability zero.
    return np.random.default_rng(case["seed"]).normal(size=case["shape"]).astype(np.float32)


LAYERS = {"max": (keras.layers.MaxPooling2D, max_pool2d_forward, max_pool2d_backward),
          "avg": (keras.layers.AveragePooling2D, avg_pool2d_forward, avg_pool2d_backward)}


@pytest.mark.parametrize("kind", LAYERS)
@settings(max_examples=25, deadline=None)
@given(case=pool_cases())
def test_forward_and_backward_match_keras(kind: str, case: dict) -> None:
    layer_cls, forward, backward = LAYERS[kind]
    layer = layer_cls(pool_size=case["pool"], strides=case["stride"])
    x = _x(case)
    y_keras = keras.ops.convert_to_numpy(layer(x))
    dy = np.random.default_rng(case["seed"] + 1).normal(size=y_keras.shape).astype(np.float32)
    y = forward(x, case["pool"], case["stride"])
    assert y.shape[1] == pool_output_size(case["shape"][1], case["pool"], case["stride"])
    np.testing.assert_allclose(y, y_keras, **TOL)
    (dx,) = layer_gradients(layer, x, dy)  # of sum(y * dy), so that dL/dy = dy; no weights
    np.testing.assert_allclose(backward(dy, x, case["pool"], case["stride"]), dx, **TOL)


@settings(max_examples=15, deadline=None)
@given(case=pool_cases())
def test_global_pooling_matches_keras(case: dict) -> None:
    x = _x(case)
    gap = keras.layers.GlobalAveragePooling2D()
    y_keras = keras.ops.convert_to_numpy(gap(x))
    dy = np.random.default_rng(case["seed"]).normal(size=y_keras.shape).astype(np.float32)
    np.testing.assert_allclose(global_avg_pool_forward(x), y_keras, **TOL)
    (dx,) = layer_gradients(gap, x, dy)
    np.testing.assert_allclose(global_avg_pool_backward(dy, x.shape), dx, **TOL)
    gmp = keras.ops.convert_to_numpy(keras.layers.GlobalMaxPooling2D()(x))
    np.testing.assert_allclose(global_max_pool_forward(x), gmp, **TOL)


@pytest.mark.parametrize("pool,stride", [(2, 2), (3, 2), (2, 1), (3, 3)])
def test_backward_matches_finite_differences(pool: int, stride: int) -> None:
    rng = np.random.default_rng(pool * 10 + stride)
    x = rng.normal(size=(2, 7, 6, 2))
    dy = rng.normal(size=max_pool2d_forward(x, pool, stride).shape)
    for forward, backward in [(max_pool2d_forward, max_pool2d_backward), (avg_pool2d_forward, avg_pool2d_backward)]:
        numeric = numerical_gradient(lambda v: float((forward(v, pool, stride) * dy).sum()), x)
        assert relative_error(backward(dy, x, pool, stride), numeric) < 1e-6


def test_max_pool_gradient_goes_to_the_argmax_only() -> None:
    x = np.array([[1.0, 5.0], [3.0, 2.0]]).reshape(1, 2, 2, 1)
    dx = max_pool2d_backward(np.full((1, 1, 1, 1), 7.0), x, pool=2)
    np.testing.assert_array_equal(dx[0, :, :, 0], [[0.0, 7.0], [0.0, 0.0]])
    # Average pooling would have spread the same 7 as 7/4 over the four pixels.
    np.testing.assert_array_equal(avg_pool2d_backward(np.full((1, 1, 1, 1), 7.0), x, pool=2)[0, :, :, 0], np.full((2, 2), 1.75))
