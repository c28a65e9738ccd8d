"""course_utils.gradcheck: finite differences and the backend's autodiff agree on known gradients.

Tolerances: float64 central differences with h = 1e-6 reach a relative error
below 1e-7 on these smooth functions; float32 autodiff agrees to 1e-6.
"""

from __future__ import annotations

import course_utils  # noqa: F401
import keras
import numpy as np

from course_utils.gradcheck import autodiff_gradient, numerical_gradient, relative_error


def test_numerical_gradient_of_known_function() -> None:
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    numeric = numerical_gradient(lambda v: float(np.sum(v**3) + np.sin(v).sum()), x)
    assert relative_error(numeric, 3 * x**2 + np.cos(x)) < 1e-7
    assert x[0, 0] == 0.3  # the input is not modified


def test_autodiff_gradient_of_known_function() -> None:
    x = np.array([0.3, -1.2, 2.0], dtype=np.float32)
    grad = autodiff_gradient(lambda v: keras.ops.sum(v**3), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-6)


def test_relative_error_is_scale_free() -> None:
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert abs(relative_error([1000.0], [1001.0]) - relative_error([1.0], [1.001])) < 1e-12
