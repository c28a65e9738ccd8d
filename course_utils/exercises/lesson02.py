"""Exercises of lesson 02 (convolution)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..conv import conv2d_param_count, conv_output_size, convolve2d, correlate2d, receptive_field
from . import close_to, exercise


@exercise("02.1", "A 28×28 image goes through a 5×5 convolution with stride 2 and 'valid' padding. "
          "How many pixels wide is the output?", lambda: conv_output_size(28, 5, 2, "valid"),
          "floor((n + 2p - k) / s) + 1 = floor((28 + 0 - 5) / 2) + 1 = 11 + 1 = 12.", wrong_example=14)
def _check_output_size(answer: Any) -> bool:
    return int(answer) == conv_output_size(28, 5, 2, "valid")


@exercise("02.2", "How many trainable parameters has Conv2D(16, kernel_size=3) applied to an RGB image?",
          lambda: conv2d_param_count(3, 3, 16),
          "Each of the 16 filters has 3·3·3 = 27 weights (one per position and input channel) plus one bias: "
          "(3·3·3 + 1)·16 = 448. The image size does not matter: the weights are shared over all positions.",
          wrong_example=3 * 3 * 16 + 16)
def _check_params(answer: Any) -> bool:
    return close_to(conv2d_param_count(3, 3, 16), rel=0)(answer)


@exercise("02.3", "Four 3×3 convolutions with stride 1 are stacked. How many pixels wide is the receptive "
          "field of one output of the last layer?", lambda: receptive_field([3, 3, 3, 3]),
          "Each 3×3 layer with stride 1 widens the field by k - 1 = 2 pixels: 1 + 4·2 = 9.", wrong_example=12)
def _check_receptive_field(answer: Any) -> bool:
    return int(answer) == receptive_field([3, 3, 3, 3])


def _test_images() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(2)
    return [(rng.normal(size=(h, w)), rng.normal(size=(k, k))) for h, w, k in [(6, 7, 3), (5, 5, 2), (8, 4, 3)]]


@exercise("02.4", "Write a function convolve(image, kernel) that returns the 'valid' convolution (in the "
          "mathematical sense, kernel flipped) of a 2D image with a 2D kernel, using loops or slicing.",
          lambda: convolve2d,
          "Flip the kernel in both directions, then slide it: out[i, j] = sum_{u,v} image[i+u, j+v] * "
          "kernel[k-1-u, k-1-v]. The reference is course_utils.conv.convolve2d.",
          wrong_example=correlate2d)
def _check_convolve(answer: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
    for image, kernel in _test_images():
        got = np.asarray(answer(image, kernel))
        expected = convolve2d(image, kernel)
        if got.shape != expected.shape or not np.allclose(got, expected, atol=1e-6):
            return False
    return True
