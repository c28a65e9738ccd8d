"""Exercises of lesson 04 (dense layers)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dense import dense_param_count, sigmoid_grad, softmax
from . import close_to, exercise


def _mlp_params() -> int:
    return dense_param_count(28 * 28, 32) + dense_param_count(32, 1)


@exercise("04.1", "How many parameters has the MLP Flatten -> Dense(32, relu) -> Dense(1, sigmoid) on 28×28×1 images?",
          _mlp_params,
          "Dense layer l has (d_in + 1)·d_out parameters: (784 + 1)·32 + (32 + 1)·1 = 25120 + 33 = 25153.",
          wrong_example=784 * 32 + 32)
def _check_mlp(answer: Any) -> bool:
    return int(answer) == _mlp_params()


@exercise("04.2", "What is the largest value the derivative of the sigmoid takes, and where? Answer (value, z).",
          lambda: (float(sigmoid_grad(np.array(0.0))), 0.0),
          "sigmoid'(z) = s(1 - s) with s = sigmoid(z) in (0, 1); s(1 - s) is largest at s = 1/2, i.e. z = 0, where "
          "it is 1/4. So each sigmoid layer shrinks gradients by at least a factor 4: one reason deep sigmoid nets "
          "train slowly.", wrong_example=(1.0, 0.0))
def _check_sigmoid(answer: Any) -> bool:
    value, z = answer
    return close_to(0.25)(value) and close_to(0.0)(z)


_LOGITS = np.array([2.0, 1.0, 0.0])
_LABEL = 0


@exercise("04.3", "Logits z = [2, 1, 0] go through softmax and categorical cross-entropy with true class 0. "
          "What is dL/dz (a vector of 3 numbers)?",
          lambda: softmax(_LOGITS) - np.eye(3)[_LABEL],
          "dL/dz = p - y with p = softmax(z) = [0.665, 0.245, 0.090] and y = [1, 0, 0]: "
          "[-0.335, 0.245, 0.090]. The entries sum to zero, and the true class is pushed up.",
          wrong_example=softmax(_LOGITS))
def _check_softmax_grad(answer: Any) -> bool:
    answer = np.asarray(answer, dtype=float)
    return answer.shape == (3,) and np.allclose(answer, softmax(_LOGITS) - np.eye(3)[_LABEL], atol=2e-3)


@exercise("04.4", "keras.layers.Dense(64) is applied to an input of shape (224, 224, 3) without Flatten. "
          "How many parameters does it have?", lambda: dense_param_count(3, 64),
          "Dense acts on the LAST axis only: every pixel's 3 colour values are mapped to 64 numbers with the "
          "same (3 + 1)·64 = 256 weights, and the output is (224, 224, 64). It is a 1×1 convolution. After "
          "Flatten it would be (224·224·3 + 1)·64 = 9,633,856.", wrong_example=dense_param_count(224 * 224 * 3, 64))
def _check_dense_last_axis(answer: Any) -> bool:
    return int(answer) == dense_param_count(3, 64)
