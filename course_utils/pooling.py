"""Max, average and global-average pooling in NumPy: the reference for lesson 03.

Inputs are channels last, ``(N, H, W, C)``, as in Keras. Pooling works on each
channel separately; a window of ``p×p`` pixels moves with stride ``s`` (Keras'
default ``s = p``) and only ``"valid"`` windows are used (Keras' default):

    max:  y[n, i, j, c] = max_{u, v < p}  x[n, i*s + u, j*s + v, c]
    avg:  y[n, i, j, c] = 1/p² sum_{u, v < p} x[n, i*s + u, j*s + v, c]
    global average: y[n, c] = 1/(H W) sum_{i, j} x[n, i, j, c]

Pooling has no weights; its backward pass only routes the gradient: average
pooling shares it equally over the window, max pooling gives all of it to the
pixel that won the max (the arg-max) and zero to the others.
"""

from __future__ import annotations

import numpy as np


def pool_output_size(n: int, pool: int, stride: int | None = None) -> int:
    """Output length of a 'valid' pooling along one axis: ``floor((n - p) / s) + 1``."""
    stride = stride or pool
    return (n - pool) // stride + 1


def _windows(x: np.ndarray, pool: int, stride: int):
    """Yield (i, j, rows, cols) for every valid pooling window of ``x`` (N, H, W, C)."""
    h_out = pool_output_size(x.shape[1], pool, stride)
    w_out = pool_output_size(x.shape[2], pool, stride)
    for i in range(h_out):
        for j in range(w_out):
            yield i, j, slice(i * stride, i * stride + pool), slice(j * stride, j * stride + pool)


def _output(x: np.ndarray, pool: int, stride: int) -> np.ndarray:
    shape = (x.shape[0], pool_output_size(x.shape[1], pool, stride), pool_output_size(x.shape[2], pool, stride), x.shape[3])
    return np.zeros(shape, dtype=x.dtype)


def max_pool2d_forward(x: np.ndarray, pool: int = 2, stride: int | None = None) -> np.ndarray:
    """Max over each ``pool×pool`` window, channel by channel (``keras.layers.MaxPooling2D``)."""
    stride = stride or pool
    y = _output(x, pool, stride)
    for i, j, rows, cols in _windows(x, pool, stride):
        y[:, i, j, :] = x[:, rows, cols, :].max(axis=(1, 2))
    return y


def max_pool2d_backward(dy: np.ndarray, x: np.ndarray, pool: int = 2, stride: int | None = None) -> np.ndarray:
    """Gradient w.r.t. ``x``: each window's gradient goes to its arg-max only.

    If several pixels tie for the max, the first one (row-major order) gets it.
    Where windows overlap (stride < pool), a pixel collects from every window it wins.
    """
    stride = stride or pool
    dx = np.zeros_like(x, dtype=dy.dtype)
    n_idx, c_idx = np.meshgrid(np.arange(x.shape[0]), np.arange(x.shape[3]), indexing="ij")
    for i, j, rows, cols in _windows(x, pool, stride):
        window = x[:, rows, cols, :].reshape(x.shape[0], pool * pool, x.shape[3])
        winner = window.argmax(axis=1)  # (N, C): flat index of the max inside the window
        u, v = np.divmod(winner, pool)
        np.add.at(dx, (n_idx, rows.start + u, cols.start + v, c_idx), dy[:, i, j, :])
    return dx


def avg_pool2d_forward(x: np.ndarray, pool: int = 2, stride: int | None = None) -> np.ndarray:
    """Mean over each ``pool×pool`` window, channel by channel (``keras.layers.AveragePooling2D``)."""
    stride = stride or pool
    y = _output(x, pool, stride)
    for i, j, rows, cols in _windows(x, pool, stride):
        y[:, i, j, :] = x[:, rows, cols, :].mean(axis=(1, 2))
    return y


def avg_pool2d_backward(dy: np.ndarray, x: np.ndarray, pool: int = 2, stride: int | None = None) -> np.ndarray:
    """Gradient w.r.t. ``x``: each window shares its gradient equally, ``dy / p²`` per pixel."""
    stride = stride or pool
    dx = np.zeros_like(x, dtype=dy.dtype)
    for i, j, rows, cols in _windows(x, pool, stride):
        dx[:, rows, cols, :] += dy[:, i, j, None, None, :] / (pool * pool)
    return dx


def global_avg_pool_forward(x: np.ndarray) -> np.ndarray:
    """Mean over all positions: (N, H, W, C) -> (N, C) (``keras.layers.GlobalAveragePooling2D``)."""
    return x.mean(axis=(1, 2))


def global_avg_pool_backward(dy: np.ndarray, x_shape: tuple[int, ...]) -> np.ndarray:
    """Gradient w.r.t. the input: every one of the H·W positions gets ``dy / (H W)``."""
    n, h, w, c = x_shape
    return np.broadcast_to(dy[:, None, None, :] / (h * w), (n, h, w, c)).copy()


def global_max_pool_forward(x: np.ndarray) -> np.ndarray:
    """Max over all positions: (N, H, W, C) -> (N, C) (``keras.layers.GlobalMaxPooling2D``)."""
    return x.max(axis=(1, 2))
