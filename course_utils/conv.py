"""2D convolution in NumPy, written to be read: the reference for lesson 02.

Shapes follow Keras (channels last):

* input ``x``: ``(N, H, W, C_in)``
* kernel ``w``: ``(k_h, k_w, C_in, C_out)`` (what ``keras.layers.Conv2D`` stores)
* bias ``b``: ``(C_out,)``
* output ``y``: ``(N, H_out, W_out, C_out)``

Like every deep-learning library, :func:`conv2d_forward` computes a
*cross-correlation* (the kernel is not flipped):

    y[n, i, j, o] = b[o] + sum_{u, v, c} x_pad[n, i*s + u, j*s + v, c] * w[u, v, c, o]

:func:`convolve2d` is the flipped version that mathematics calls convolution.
The loops run over output positions only; each step is one dot product of a
patch with the kernel, which is the picture to keep in mind.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

Padding = str  # "valid" or "same"


def conv_output_size(n: int, k: int, stride: int = 1, padding: Padding = "valid") -> int:
    """Output length along one axis: ``floor((n + 2p - k) / s) + 1``.

    With ``"valid"`` padding p = 0. With Keras' ``"same"`` padding the output
    length is ``ceil(n / s)`` (the padding is chosen to make it so).
    """
    if padding == "valid":
        return (n - k) // stride + 1
    if padding == "same":
        return math.ceil(n / stride)
    raise ValueError(f"padding must be 'valid' or 'same', not {padding!r}")


def same_padding(n: int, k: int, stride: int = 1) -> tuple[int, int]:
    """Zeros added (before, after) along one axis by Keras' ``padding="same"``.

    The total is whatever makes the output ``ceil(n / s)`` long; when it is odd,
    the extra zero goes *after* (bottom/right), as in TensorFlow.
    """
    total = max((math.ceil(n / stride) - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def pad_input(x: np.ndarray, k_h: int, k_w: int, stride: int, padding: Padding) -> np.ndarray:
    """Zero-pad the two spatial axes of ``x`` (N, H, W, C) as Keras would."""
    if padding == "valid":
        return x
    if padding != "same":
        raise ValueError(f"padding must be 'valid' or 'same', not {padding!r}")
    top, bottom = same_padding(x.shape[1], k_h, stride)
    left, right = same_padding(x.shape[2], k_w, stride)
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))


def conv2d_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, padding: Padding = "valid"
) -> np.ndarray:
    """Cross-correlate ``x`` (N, H, W, C_in) with ``w`` (k_h, k_w, C_in, C_out), add ``b``."""
    k_h, k_w, c_in, c_out = w.shape
    if x.shape[-1] != c_in:
        raise ValueError(f"input has {x.shape[-1]} channels, kernel expects {c_in}")
    xp = pad_input(x, k_h, k_w, stride, padding)
    h_out = (xp.shape[1] - k_h) // stride + 1
    w_out = (xp.shape[2] - k_w) // stride + 1
    y = np.zeros((x.shape[0], h_out, w_out, c_out), dtype=np.result_type(x, w))
    for i in range(h_out):
        for j in range(w_out):
            patch = xp[:, i * stride : i * stride + k_h, j * stride : j * stride + k_w, :]  # (N, k_h, k_w, C_in)
            # One dot product per output channel: sum over (u, v, c).
            y[:, i, j, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2]))
    if b is not None:
        y = y + b
    return y


def conv2d_backward(
    dy: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1, padding: Padding = "valid"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a loss L with respect to ``x``, ``w`` and ``b``, given ``dy = dL/dy``.

    Each output y[n, i, j, o] touched one patch of the input through the kernel,
    so by the chain rule that patch receives ``dy[n, i, j, o] * w[..., o]`` and
    the kernel receives ``dy[n, i, j, o] * patch``. Summing over all positions
    gives the gradients; the bias gradient is the sum of ``dy`` over N, i, j.
    """
    k_h, k_w, _, _ = w.shape
    xp = pad_input(x, k_h, k_w, stride, padding)
    dxp = np.zeros_like(xp, dtype=np.result_type(dy, w))
    dw = np.zeros_like(w, dtype=np.result_type(dy, x))
    for i in range(dy.shape[1]):
        for j in range(dy.shape[2]):
            rows = slice(i * stride, i * stride + k_h)
            cols = slice(j * stride, j * stride + k_w)
            g = dy[:, i, j, :]  # (N, C_out)
            dxp[:, rows, cols, :] += np.tensordot(g, w, axes=([1], [3]))  # (N, k_h, k_w, C_in)
            dw += np.tensordot(xp[:, rows, cols, :], g, axes=([0], [0]))  # (k_h, k_w, C_in, C_out)
    db = dy.sum(axis=(0, 1, 2))
    # Gradients that fell on padding zeros belong to no input pixel: crop them.
    top, left = 0, 0
    if padding == "same":
        top = same_padding(x.shape[1], k_h, stride)[0]
        left = same_padding(x.shape[2], k_w, stride)[0]
    dx = dxp[:, top : top + x.shape[1], left : left + x.shape[2], :]
    return dx, dw, db


def correlate2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """'Valid' cross-correlation of one 2D image with one 2D kernel (no flip)."""
    x = image[None, :, :, None]
    w = kernel[:, :, None, None]
    return conv2d_forward(x, w)[0, :, :, 0]


def convolve2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """'Valid' convolution in the mathematical sense: correlate with the flipped kernel."""
    return correlate2d(image, kernel[::-1, ::-1])


def conv2d_param_count(k: int, c_in: int, c_out: int, use_bias: bool = True) -> int:
    """Weights of a k×k Conv2D layer: ``(k·k·C_in + 1)·C_out`` (one bias per filter)."""
    return (k * k * c_in + int(use_bias)) * c_out


def receptive_field(kernel_sizes: Sequence[int], strides: Sequence[int] | None = None) -> int:
    """Side length of the input region that one output of a stack of conv layers sees.

    ``r_L = 1 + sum_l (k_l - 1) * prod_{m<l} s_m``: each layer widens the field by
    ``k - 1`` steps of the layers below it. With stride 1 everywhere this is
    ``1 + L(k - 1)``, e.g. 3 layers of 3×3 see 7×7 pixels.
    """
    strides = list(strides) if strides is not None else [1] * len(kernel_sizes)
    if len(strides) != len(kernel_sizes):
        raise ValueError("give one stride per kernel size")
    field, jump = 1, 1
    for k, s in zip(kernel_sizes, strides):
        field += (k - 1) * jump
        jump *= s
    return field
