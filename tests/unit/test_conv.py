"""course_utils.conv against keras.layers.Conv2D and the Keras backend's autodiff
(TensorFlow, JAX or PyTorch: see course_utils.gradcheck.autodiff_gradient).

Tolerances: float32 forward and backward results agree with Keras to
atol = rtol = 1e-4 (sums of up to ~100 products of numbers in [-1, 1]);
the float64 finite-difference check agrees to a relative error of 1e-6.
"""

from __future__ import annotations

import course_utils  # noqa: F401  (starts Keras quietly)
import keras
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_utils.conv import (
    conv2d_backward,
    conv2d_forward,
    conv2d_param_count,
    conv_output_size,
    convolve2d,
    correlate2d,
    receptive_field,
)
from course_utils.gradcheck import autodiff_gradient, layer_gradients, numerical_gradient, relative_error

TOL = dict(atol=1e-4, rtol=1e-4)


@st.composite
def conv_cases(draw: st.DrawFn) -> dict:
    k = draw(st.integers(1, 4))
    return dict(
        n=draw(st.integers(1, 2)),
        h=draw(st.integers(k, 9)),
        w=draw(st.integers(k, 9)),
        c_in=draw(st.integers(1, 3)),
        c_out=draw(st.integers(1, 3)),
        k=k,
        stride=draw(st.integers(1, 3)),
        padding=draw(st.sampled_from(["valid", "same"])),
        seed=draw(st.integers(0, 2**16)),
    )


def _arrays(case: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(case["seed"])
    x = rng.uniform(-1, 1, (case["n"], case["h"], case["w"], case["c_in"])).astype(np.float32)
    w = rng.uniform(-1, 1, (case["k"], case["k"], case["c_in"], case["c_out"])).astype(np.float32)
    b = rng.uniform(-1, 1, case["c_out"]).astype(np.float32)
    return x, w, b


def _keras_conv(case: dict, w: np.ndarray, b: np.ndarray) -> keras.layers.Conv2D:
    layer = keras.layers.Conv2D(case["c_out"], case["k"], strides=case["stride"], padding=case["padding"])
    layer.build((None, case["h"], case["w"], case["c_in"]))
    layer.set_weights([w, b])
    return layer


@settings(max_examples=30, deadline=None)
@given(conv_cases())
def test_forward_matches_keras(case: dict) -> None:
    x, w, b = _arrays(case)
    expected = keras.ops.convert_to_numpy(_keras_conv(case, w, b)(x))
    got = conv2d_forward(x, w, b, stride=case["stride"], padding=case["padding"])
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOL)
    size = conv_output_size(case["h"], case["k"], case["stride"], case["padding"])
    assert expected.shape[1] == size


@settings(max_examples=30, deadline=None)
@given(conv_cases())
def test_backward_matches_autodiff(case: dict) -> None:
    # PyTorch 2.13's CPU conv2d cannot take the kernel gradient for one image, one output channel,
    # several input channels and k > 1, with Keras' channels-last layout ("slow_conv2d: grad_weight
    # must be contiguous"; raw torch.nn.functional.conv2d on permuted tensors fails the same way).
    torch_bug = case["n"] == 1 and case["c_out"] == 1 and case["c_in"] > 1 and case["k"] > 1
    assume(not (keras.backend.backend() == "torch" and torch_bug))
    x, w, b = _arrays(case)
    layer = _keras_conv(case, w, b)
    dy = np.random.default_rng(case["seed"] + 1).uniform(-1, 1, layer.compute_output_shape(x.shape)).astype(np.float32)
    dx, dw, db = conv2d_backward(dy, x, w, stride=case["stride"], padding=case["padding"])
    for mine, autodiff in zip([dx, dw, db], layer_gradients(layer, x, dy), strict=True):
        np.testing.assert_allclose(mine, autodiff, **TOL)


@pytest.mark.parametrize("stride,padding", [(1, "valid"), (2, "same"), (2, "valid"), (3, "same")])
def test_backward_matches_finite_differences(stride: int, padding: str) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 6, 5, 2))
    w = rng.normal(size=(3, 3, 2, 3))
    b = rng.normal(size=3)
    dy = rng.normal(size=conv2d_forward(x, w, b, stride, padding).shape)

    def loss(x_: np.ndarray, w_: np.ndarray, b_: np.ndarray) -> float:
        return float((conv2d_forward(x_, w_, b_, stride, padding) * dy).sum())

    dx, dw, db = conv2d_backward(dy, x, w, stride, padding)
    assert relative_error(dx, numerical_gradient(lambda v: loss(v, w, b), x)) < 1e-6
    assert relative_error(dw, numerical_gradient(lambda v: loss(x, v, b), w)) < 1e-6
    assert relative_error(db, numerical_gradient(lambda v: loss(x, w, v), b)) < 1e-6


def test_a_wrong_gradient_fails_the_check() -> None:
    # The finite-difference check must be able to fail: a transposed kernel is caught.
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(1, 5, 5, 1)), rng.normal(size=(3, 3, 1, 1))
    dy = rng.normal(size=(1, 3, 3, 1))
    _, dw, _ = conv2d_backward(dy, x, w)
    numeric = numerical_gradient(lambda v: float((conv2d_forward(x, v) * dy).sum()), w)
    assert relative_error(dw.transpose(1, 0, 2, 3), numeric) > 1e-2


@pytest.mark.parametrize("k,c_in,c_out", [(3, 1, 8), (5, 3, 16), (1, 4, 2)])
def test_param_count_matches_keras(k: int, c_in: int, c_out: int) -> None:
    layer = keras.layers.Conv2D(c_out, k)
    layer.build((None, 16, 16, c_in))
    assert layer.count_params() == conv2d_param_count(k, c_in, c_out)


def test_convolution_is_correlation_with_flipped_kernel() -> None:
    image = np.arange(25.0).reshape(5, 5)
    kernel = np.array([[1.0, 2, 0], [0, 0, 0], [0, 0, -1]])  # not symmetric, so the flip matters
    assert not np.allclose(convolve2d(image, kernel), correlate2d(image, kernel))
    np.testing.assert_allclose(convolve2d(image, kernel), correlate2d(image, kernel[::-1, ::-1]))
    # A delta image reproduces the flipped kernel under convolution: the textbook property.
    delta = np.zeros((5, 5))
    delta[2, 2] = 1.0
    np.testing.assert_allclose(convolve2d(np.pad(delta, 1), kernel)[1:4, 1:4], kernel)


@pytest.mark.parametrize("kernels,strides,expected", [([3], None, 3), ([3, 3, 3], None, 7), ([3, 3], [2, 1], 7), ([5, 3], [1, 1], 7)])
def test_receptive_field_formula(kernels: list[int], strides: list[int] | None, expected: int) -> None:
    assert receptive_field(kernels, strides) == expected


def test_receptive_field_matches_gradient_support() -> None:
    # Stack three 3×3 convolutions (one with stride 2); the gradient of one central output
    # w.r.t. the input is non-zero exactly on a square of the predicted side.
    kernels, strides = [3, 3, 3], [1, 2, 1]
    model = keras.Sequential([keras.Input((21, 21, 1))] + [
        keras.layers.Conv2D(1, k, strides=s, kernel_initializer="ones") for k, s in zip(kernels, strides)])
    x = np.random.default_rng(0).uniform(size=(1, 21, 21, 1)).astype(np.float32)

    def centre(x_):
        y = model(x_)
        return y[0, y.shape[1] // 2, y.shape[2] // 2, 0]

    support = np.abs(autodiff_gradient(centre, x)[0, :, :, 0]) > 0
    rows, cols = np.flatnonzero(support.any(axis=1)), np.flatnonzero(support.any(axis=0))
    side = receptive_field(kernels, strides)
    assert rows.size == cols.size == side and support.sum() == side * side
