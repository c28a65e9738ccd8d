"""Exercises of lesson 03 (pooling)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..dense import dense_param_count
from ..pooling import avg_pool2d_backward, max_pool2d_backward, pool_output_size
from . import exercise


@exercise("03.1", "MaxPooling2D(pool_size=3, strides=2) is applied to a 28×28×16 feature map. What is the "
          "output shape (height, width, channels)?", lambda: (pool_output_size(28, 3, 2), pool_output_size(28, 3, 2), 16),
          "floor((28 - 3) / 2) + 1 = 13 along each spatial axis; pooling acts on each channel separately, "
          "so the 16 channels stay: (13, 13, 16).", wrong_example=(14, 14, 16))
def _check_shape(answer: Any) -> bool:
    size = pool_output_size(28, 3, 2)
    return tuple(int(a) for a in answer) == (size, size, 16)


@exercise("03.2", "A 7×7×64 feature map ends a CNN. How many parameters has Dense(2) after "
          "GlobalAveragePooling2D, compared with Dense(2) after Flatten? Answer the pair (GAP, Flatten).",
          lambda: (dense_param_count(64, 2), dense_param_count(7 * 7 * 64, 2)),
          "GAP leaves one number per channel: (64 + 1)·2 = 130. Flatten leaves 7·7·64 = 3136 numbers: "
          "(3136 + 1)·2 = 6274, and those weights are tied to positions, so they are not shift-invariant.",
          wrong_example=(128, 6272))
def _check_gap(answer: Any) -> bool:
    return tuple(int(a) for a in answer) == (dense_param_count(64, 2), dense_param_count(7 * 7 * 64, 2))


def _routing_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(3)
    return [(rng.normal(size=(4, 4)), rng.normal(size=(2, 2))), (rng.normal(size=(6, 4)), rng.normal(size=(3, 2)))]


def _reference_routing(x: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return max_pool2d_backward(dy[None, :, :, None], x[None, :, :, None], pool=2)[0, :, :, 0]


@exercise("03.3", "Write max_pool_backward(x, dy) for one 2D image x and 2×2 max pooling with stride 2: "
          "return dL/dx given dy = dL/dy (shape (H/2, W/2)).", lambda: _reference_routing,
          "Each window passes its whole gradient dy[i, j] to the pixel that held the max and zero to the other "
          "three: for each window find (u, v) = argmax and set dx[2i+u, 2j+v] = dy[i, j]. "
          "The reference is course_utils.pooling.max_pool2d_backward.",
          wrong_example=lambda x, dy: avg_pool2d_backward(dy[None, :, :, None], x[None, :, :, None], pool=2)[0, :, :, 0])
def _check_routing(answer: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
    for x, dy in _routing_cases():
        got = np.asarray(answer(x.copy(), dy.copy()))
        if got.shape != x.shape or not np.allclose(got, _reference_routing(x, dy), atol=1e-9):
            return False
    return True


@exercise("03.4", "How many trainable parameters has MaxPooling2D(pool_size=2) on a 28×28×32 input, and how "
          "many has the Conv2D(32, 2, strides=2) that could replace it? Answer the pair (pool, conv).",
          lambda: (0, (2 * 2 * 32 + 1) * 32),
          "Pooling is a fixed rule with no weights: 0. The strided convolution learns its 2×2 downsampling: "
          "(2·2·32 + 1)·32 = 4128 parameters.", wrong_example=(4, 4128))
def _check_pool_params(answer: Any) -> bool:
    return tuple(int(a) for a in answer) == (0, (2 * 2 * 32 + 1) * 32)
