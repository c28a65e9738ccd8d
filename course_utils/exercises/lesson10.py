"""Exercises of lesson 10 (3D volumes: Conv3D, cost, 2.5D)."""

from __future__ import annotations

from typing import Any

from . import close_to, exercise


def _conv3d_params(k: int = 3, c_in: int = 16, c_out: int = 32) -> int:
    return k**3 * c_in * c_out + c_out


@exercise("10.1", "How many trainable parameters has Conv3D(32, kernel_size=3) (with bias) on a 16-channel input?",
          _conv3d_params,
          "(k_d k_h k_w C_in + 1) C_out = (27 * 16 + 1) * 32 = 13,856. The same layer in 2D would have\n"
          "(9 * 16 + 1) * 32 = 4,640: a 3D kernel has k times more weights (13,824 = 3 * 4,608),\n"
          "while the 32 biases are unchanged.",
          wrong_example=4640)
def _check_1(answer: Any) -> bool:
    return int(answer) == _conv3d_params()


def _out_size(n: int = 28, k: int = 3, stride: int = 2) -> int:
    return (n - k) // stride + 1


@exercise("10.2", "A 28x28x28 volume goes through Conv3D(kernel_size=3, strides=2, padding='valid'). "
          "What is the side of the output volume?", _out_size,
          "Per axis, as in 2D: floor((n - k) / s) + 1 = floor(25 / 2) + 1 = 13, along each of the three axes.",
          wrong_example=14)
def _check_2(answer: Any) -> bool:
    return int(answer) == _out_size()


def _macs(side: int = 14, k: int = 3, c_in: int = 16, c_out: int = 32, dims: int = 3) -> int:
    """Multiply-adds per sample of a stride-1 'same' convolution: output side = input side."""
    return side**dims * k**dims * c_in * c_out


@exercise("10.3", "How many multiply-adds does Conv3D(32, 3, padding='same') cost on ONE 14x14x14x16 input?",
          _macs,
          "One multiply-add per weight per output voxel: D'H'W' * k^3 * C_in * C_out = 14^3 * 27 * 16 * 32\n"
          "= 37,933,056 (about 38 M, i.e. 76 MFLOP counting the multiply and the add separately).",
          wrong_example=14**2 * 9 * 16 * 32)
def _check_3(answer: Any) -> bool:
    return close_to(_macs(), rel=1e-6)(answer)


def _macs_ratio(side: int = 28, k: int = 3, channels: int = 32) -> int:
    """MACs per sample of the 3D layer over those of its 2D twin."""
    return _macs(side, k, channels, channels, dims=3) // _macs(side, k, channels, channels, dims=2)


@exercise("10.4", "A 3x3 Conv2D layer (32 -> 32 channels, 'same' padding) on 28x28 images becomes a 3x3x3 Conv3D "
          "on 28x28x28 volumes. By what factor does its number of multiply-adds per sample grow?",
          _macs_ratio,
          "Each output value costs k = 3 times more (27 instead of 9 weights per channel pair), and there are\n"
          "D = 28 times more output values: 3 * 28 = 84 times the work per sample.",
          wrong_example=3)
def _check_4(answer: Any) -> bool:
    return close_to(_macs_ratio(), rel=1e-6)(answer)
