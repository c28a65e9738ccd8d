"""Exercises of lesson 08 (a DCGAN on MedMNIST)."""

from __future__ import annotations

import math
from typing import Any, Callable

from . import close_to, exercise


def _height() -> int:
    size = 7
    for _ in range(3):  # each stride-2 'same' transposed convolution doubles it
        size *= 2
    return size


@exercise("08.1", "7x7 input, three Conv2DTranspose(strides=2, padding='same'): output height?", _height,
          "Each stride-2 transposed convolution with padding='same' doubles height and width: 7 -> 14 -> 28 -> 56. "
          "That is why the seed text's generator made 56x56 images; two such layers give 28.", wrong_example=28)
def _check_height(answer: Any) -> bool:
    return int(answer) == _height()


@exercise("08.2", "The discriminator's summed loss (real BCE + fake BCE) at the theoretical equilibrium?",
          lambda: 2 * math.log(2),
          "At equilibrium D(x) = 1/2 everywhere, so each cross-entropy is -log(1/2) = log 2 and their sum is "
          "log 4 = 1.386 nats (= -V(D*, G) at p_g = p_data).", wrong_example=math.log(2))
def _check_equilibrium(answer: Any) -> bool:
    return close_to(2 * math.log(2), rel=1e-3)(answer)


@exercise("08.3", "Keras 3: D.compile(...); D.trainable = False; D.train_on_batch(x, y). How many of D's weights change?",
          lambda: "none",
          "None: Keras 3 builds the training function at the first train_on_batch and reads the trainable weights "
          "then. D has none, so nothing is updated (lesson 08 measures it). Keras 2 read the flag at compile time.",
          wrong_example="all")
def _check_trap(answer: Any) -> bool:
    return str(answer).strip().lower() == "none"


def _frechet_1d(mu1: float, sigma1: float, mu2: float, sigma2: float) -> float:
    return (mu1 - mu2) ** 2 + (sigma1 - sigma2) ** 2


_CASES = [(0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 3.0, 1.0), (1.0, 2.0, -1.0, 0.5), (0.5, 0.1, 0.5, 3.0)]


@exercise("08.4", "Write frechet_1d(mu1, sigma1, mu2, sigma2): d^2 between two 1-D Gaussians.", lambda: _frechet_1d,
          "In 1-D, Tr(S1 + S2 - 2 (S1 S2)^(1/2)) = s1^2 + s2^2 - 2 s1 s2 = (s1 - s2)^2, so "
          "d^2 = (mu1 - mu2)^2 + (sigma1 - sigma2)^2.",
          wrong_example=lambda m1, s1, m2, s2: (m1 - m2) ** 2 + (s1**2 - s2**2) ** 2)
def _check_frechet(answer: Callable[..., float]) -> bool:
    return all(abs(float(answer(*c)) - _frechet_1d(*c)) <= 1e-9 for c in _CASES)


def _conv_macs(height: int, width: int, filters_in: int, filters_out: int, kernel: int = 3) -> int:
    """Multiply-adds of a stride-1 'same' convolution: one kernel-sized dot product per output value."""
    return height * width * filters_out * filters_in * kernel * kernel


def _saving() -> float:
    return _conv_macs(28, 28, 64, 32) / _conv_macs(28, 28, 32, 16)


@exercise("08.5", "The generator's 3x3 convolution at 28x28 has 32 input and 16 output filters; a generator twice "
          "as wide would have 64 and 32 there. How many times fewer multiply-adds does the narrow one take?", _saving,
          "A stride-1 3x3 convolution takes H*W*C_in*C_out*9 multiply-adds. Halving both C_in and C_out "
          "divides that by 2*2 = 4 (28*28*64*32*9 = 14.5 million against 3.6 million per image).",
          wrong_example=2)
def _check_saving(answer: Any) -> bool:
    return close_to(_saving(), rel=1e-3)(answer)
