"""Exercises of lesson 05 (a CNN classifier evaluated like the MedMNIST benchmark)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from . import close_to, exercise


def _seed_dense_parameters(side: int = 224) -> int:
    """Weights + biases of the seed model's Dense(128) after Flatten, for a side×side input."""
    for _ in range(3):  # Conv2D(3×3, 'valid') loses 2 pixels, MaxPooling2D(2) halves (rounding down)
        side = (side - 2) // 2
    return side * side * 128 * 128 + 128


@exercise("05.1",
          "The seed text's model takes 224×224×3 images. How many trainable parameters does its "
          "Dense(128) layer (the one right after Flatten) have?",
          _seed_dense_parameters,
          "Each 'valid' 3×3 convolution shrinks the side by 2 and each 2×2 pooling halves it: "
          "224 → 222 → 111 → 109 → 54 → 52 → 26. Flatten gives 26·26·128 = 86 528 values, so the dense "
          "layer has 86 528·128 weights + 128 biases = 11 075 712 parameters, about 95% of the whole model. "
          "At 28×28 the same layer has only 1·1·128·128 + 128 = 16 512.",
          wrong_example=16_512)
def _check_dense(answer: Any) -> bool:
    return int(answer) == _seed_dense_parameters()


def _accuracy_at_prevalence() -> float:
    sensitivity, specificity, prevalence = 0.90, 0.80, 390 / 624  # PneumoniaMNIST test: 390 of 624 ill
    return prevalence * sensitivity + (1 - prevalence) * specificity


@exercise("05.2",
          "A classifier has sensitivity 0.90 and specificity 0.80 at its threshold. What accuracy does it "
          "get on PneumoniaMNIST's test split, where 390 of the 624 images show pneumonia?",
          _accuracy_at_prevalence,
          "Accuracy is a prevalence-weighted mean of the two rates: ACC = p·sensitivity + (1 − p)·specificity "
          "with p = 390/624 = 0.625, so ACC = 0.625·0.90 + 0.375·0.80 = 0.8625. On the training split's "
          "balance (p = 0.742) the same classifier would score 0.874: ACC depends on the test balance, "
          "sensitivity and specificity do not.",
          wrong_example=0.742 * 0.90 + 0.258 * 0.80)
def _check_accuracy(answer: Any) -> bool:
    return close_to(_accuracy_at_prevalence(), rel=2e-3)(answer)


def _reference_auc() -> Callable[[np.ndarray, np.ndarray], float]:
    def auc_by_pairs(y_true: np.ndarray, score: np.ndarray) -> float:
        """Share of (positive, negative) pairs that the score orders correctly; ties count half."""
        y_true, score = np.asarray(y_true).ravel().astype(bool), np.asarray(score).ravel()
        diff = score[y_true][:, None] - score[~y_true][None, :]
        return float(np.mean((diff > 0) + 0.5 * (diff == 0)))

    return auc_by_pairs


def _wrong_auc(y_true: np.ndarray, score: np.ndarray) -> float:
    """Accuracy at 0.5: a number in [0, 1] too, but not the AUC."""
    return float(np.mean((np.asarray(score) > 0.5) == np.asarray(y_true)))


@exercise("05.3",
          "Write a function `my_auc(y_true, score)` that returns the binary ROC AUC (without sklearn).",
          _reference_auc,
          "AUC is the probability that a randomly drawn positive gets a higher score than a randomly drawn "
          "negative (ties count one half). Compare every positive with every negative: "
          "diff = s[pos][:, None] − s[neg][None, :]; AUC = mean((diff > 0) + 0.5·(diff == 0)). "
          "course_utils.metrics.binary_auc computes the same with ranks (Mann–Whitney U), in O(N log N).",
          wrong_example=_wrong_auc)
def _check_auc(answer: Any) -> bool:
    from ..metrics import binary_auc

    rng = np.random.default_rng(5)
    for n in (10, 57, 200):
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]
        score = np.round(rng.random(n) * 0.6 + 0.3 * y, 2)  # rounded, so that ties occur
        if abs(float(answer(y, score)) - binary_auc(y, score)) > 1e-9:
            return False
    return True


_HEADS = {
    "binary-class": ("sigmoid", "binary_crossentropy"),
    "multi-label, binary-class": ("sigmoid", "binary_crossentropy"),
    "multi-class": ("softmax", "sparse_categorical_crossentropy"),
    "ordinal-regression": ("softmax", "sparse_categorical_crossentropy"),
}


@exercise("05.4",
          "ChestMNIST is multi-label: an X-ray may show several of 14 findings at once. Give the "
          "(output activation, Keras loss name) pair for its last layer, e.g. ('relu', 'mse').",
          lambda: _HEADS["multi-label, binary-class"],
          "Each finding is its own yes/no question, so each of the 14 outputs gets its own sigmoid and its "
          "own binary cross-entropy ('binary_crossentropy'). A softmax would force the 14 probabilities to sum "
          "to 1, i.e. exactly one finding per image, which is wrong for multi-label data.",
          wrong_example=("softmax", "categorical_crossentropy"))
def _check_head(answer: Any) -> bool:
    activation, loss = (str(a).strip().lower() for a in answer)
    return activation == "sigmoid" and loss in ("binary_crossentropy", "binarycrossentropy")


def _val_share_of_last_class() -> float:
    return 1.0


@exercise("05.5",
          "A training set is sorted by label: 1 214 'normal' images, then 3 494 'pneumonia'. "
          "`model.fit(..., validation_split=0.2)` holds out which share of 'pneumonia' images in its "
          "validation data? (a number between 0 and 1)",
          _val_share_of_last_class,
          "validation_split takes the LAST 20% of the arrays, before any shuffling (shuffle=True only "
          "shuffles the training part). The last 942 images are all 'pneumonia', so the validation set is "
          "100% one class: its accuracy says nothing and its AUC is undefined. Shuffle (or split stratified) first.",
          wrong_example=3494 / 4708)
def _check_split(answer: Any) -> bool:
    return close_to(_val_share_of_last_class(), rel=1e-6)(answer)


def _reference_shift() -> Callable[[np.ndarray, int, int], np.ndarray]:
    def shift_whole_pixels(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
        """Shift (N, H, W, C) images dy rows down and dx columns right; uncovered pixels become 0."""
        out = np.zeros_like(images)
        h, w = images.shape[1:3]
        out[:, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
            images[:, max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
        return out

    return shift_whole_pixels


def _wrapping_shift(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """np.roll: moves whole pixels too, but what leaves one edge comes back at the other."""
    return np.roll(images, (dy, dx), axis=(1, 2))


@exercise("05.6",
          "Write `shift_whole_pixels(images, dy, dx)`: shift a batch of images (N, H, W, C) by dy rows down "
          "and dx columns right (negative values shift up or left), filling the uncovered pixels with 0. "
          "Unlike RandomTranslation's sub-pixel shifts, it never interpolates, so it cannot blur.",
          _reference_shift,
          "Copy a window: the output rows max(dy, 0) … H + min(dy, 0) receive the input rows max(−dy, 0) … "
          "H + min(−dy, 0), and the same for columns; everything else stays 0. np.roll would wrap the pixels "
          "that leave one edge round to the other edge, which puts, e.g., part of a cell on the wrong side.",
          wrong_example=_wrapping_shift)
def _check_shift(answer: Any) -> bool:
    reference = _reference_shift()
    images = np.random.default_rng(6).random((3, 7, 5, 2)).astype("float32")
    for dy, dx in [(0, 0), (2, 1), (-1, 3), (3, -2), (-2, -4)]:
        result = np.asarray(answer(images, dy, dx))
        if result.shape != images.shape or not np.allclose(result, reference(images, dy, dx)):
            return False
    return True
