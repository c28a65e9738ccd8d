"""Where does a CNN look? Saliency maps, Grad-CAM and occlusion sensitivity (lesson 09).

All three explain one *score* ``S`` of a Keras model for each image: the logit of
the positive class (``sign=+1``) or its negative (``sign=-1``, the evidence for
the negative class of a sigmoid classifier). ``sign`` may also be an array with
one value per image, e.g. ``np.where(p > 0.5, 1, -1)`` to explain each image's
predicted class. Use the logit, not the probability: the sigmoid saturates, and
its gradient vanishes for confident predictions.

* :func:`vanilla_saliency`  ``|dS/dx|`` (Simonyan et al., 2014);
* :func:`grad_cam`           ``ReLU(sum_k alpha_k A^k)``, ``alpha_k = mean_ij dS/dA^k_ij``
  (Selvaraju et al., 2017), in 2D or 3D;
* :func:`occlusion_sensitivity` how much ``S`` drops when a patch is hidden (Zeiler & Fergus, 2014).

The gradients come from :func:`course_utils.gradcheck.autodiff_gradient`, which runs
the Keras backend's own automatic differentiation (``tf.GradientTape``, ``jax.grad`` or
torch's ``backward``), so every map here works on all three backends.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import keras
import numpy as np
from scipy.ndimage import zoom
from scipy.stats import spearmanr

from .gradcheck import autodiff_gradient


Sign = float | np.ndarray  # +1 or -1 for every image, or one value per image


def _per_image(sign: Sign, n: int) -> np.ndarray:
    """``sign`` as a float32 array of shape ``(n,)`` (a scalar is repeated)."""
    signs = np.asarray(sign, dtype="float32")
    if signs.ndim and signs.shape != (n,):
        raise ValueError(f"sign has shape {signs.shape}; expected a scalar or ({n},).")
    return np.broadcast_to(signs, (n,))


def _summed_score(part: keras.Model, signs: np.ndarray) -> Callable[[Any], Any]:
    """``t -> sum_i sign_i * part(t)_i``. Each image's score depends on that image alone
    (BatchNorm runs in inference mode), so one gradient of the sum holds every image's own gradient."""
    return lambda t: keras.ops.sum(keras.ops.multiply(keras.ops.reshape(part(t, training=False), (-1,)), signs))


def input_gradients(
    model: keras.Model, images: np.ndarray, score_layer: str, sign: Sign = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The score ``S = sign * output of score_layer`` for each image, and ``dS/dx``.

    ``score_layer`` must output one number per image (e.g. a ``Dense(1)`` logit).
    """
    x = np.asarray(images, dtype="float32")
    signs = _per_image(sign, len(x))
    probe = keras.Model(model.input, model.get_layer(score_layer).output)
    score = signs * keras.ops.convert_to_numpy(probe(x, training=False)).reshape(-1)
    return score, autodiff_gradient(_summed_score(probe, signs), x)


def feature_gradients(
    model: keras.Model, images: np.ndarray, feature_layer: str, score_layer: str, sign: Sign = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The output ``A`` of ``feature_layer`` for each image, and ``dS/dA``.

    The model is cut in two at ``A``: a head ``x -> A`` and a tail ``A -> S``. The tail's
    gradient with respect to its own input is ``dS/dA``.
    """
    x = np.asarray(images, dtype="float32")
    signs = _per_image(sign, len(x))
    features_output = model.get_layer(feature_layer).output
    features = keras.ops.convert_to_numpy(keras.Model(model.input, features_output)(x, training=False))
    try:
        tail = keras.Model(features_output, model.get_layer(score_layer).output)
    except ValueError as err:  # Keras: "Output ... is not connected to `inputs`"
        raise ValueError(
            f"Cannot cut the model at {feature_layer!r}: some path from the input to {score_layer!r} "
            f"goes around it (a skip connection?). Choose a layer that every path passes through, "
            f"such as the output of the last convolution block."
        ) from err
    return features, autodiff_gradient(_summed_score(tail, signs), features)


def vanilla_saliency(model: keras.Model, images: np.ndarray, score_layer: str, sign: Sign = 1.0) -> np.ndarray:
    """``max over channels |dS/dx|``: how strongly each pixel (voxel) moves the score. Shape = images without channels.

    The absolute value drops the direction: the map is the same for ``S`` and ``-S``,
    so it shows where the score is sensitive, not which class a pixel speaks for.
    """
    _, grad_x = input_gradients(model, images, score_layer, sign)
    return np.abs(grad_x).max(axis=-1)


def grad_cam(
    model: keras.Model, images: np.ndarray, feature_layer: str, score_layer: str, sign: Sign = 1.0
) -> np.ndarray:
    """Grad-CAM at the resolution of ``feature_layer`` (shape ``(N, h, w)`` or ``(N, d, h, w)``).

    ``alpha_k = mean over positions of dS/dA^k`` weighs each feature map ``A^k``;
    the map is ``ReLU(sum_k alpha_k A^k)``: the regions whose features raise ``S``.
    Use :func:`upsample` to bring it to the image size.
    """
    features, grad_a = feature_gradients(model, images, feature_layer, score_layer, sign)
    spatial = tuple(range(1, features.ndim - 1))
    alpha = grad_a.mean(axis=spatial, keepdims=True)  # (N, 1, 1, K): one weight per channel
    return np.maximum((alpha * features).sum(axis=-1), 0.0)


def occlusion_sensitivity(
    model: keras.Model, images: np.ndarray, score_layer: str, patch: int = 6, stride: int = 2,
    fill: float | None = None, sign: Sign = 1.0, batch_size: int = 256,
) -> np.ndarray:
    """Drop of the score when a ``patch x patch`` square is hidden, averaged over the patches covering each pixel.

    Positive values mark evidence *for* the score. ``fill`` replaces the hidden
    pixels (default: each image's mean). 2D images only: ``(N, H, W, C)``.
    Needs only forward passes, so it works with any model and any backend.
    """
    probe = keras.Model(model.input, model.get_layer(score_layer).output)
    images = np.asarray(images, dtype="float32")
    n, height, width = images.shape[:3]
    corners = [(i, j) for i in range(0, height - patch + 1, stride) for j in range(0, width - patch + 1, stride)]
    # Every occluded copy of every image, in one batch: (n, len(corners), H, W, C).
    occluded = np.repeat(images[:, None], len(corners), axis=1)
    fills = images.mean(axis=(1, 2, 3)) if fill is None else np.full(n, fill, dtype="float32")
    for k, (i, j) in enumerate(corners):
        occluded[:, k, i:i + patch, j:j + patch, :] = fills[:, None, None, None]
    batch = np.concatenate([images, occluded.reshape(-1, *images.shape[1:])])
    # Direct calls in chunks rather than predict(): no tf.function is traced for each new probe model.
    chunks = [keras.ops.convert_to_numpy(probe(batch[k:k + batch_size], training=False))
              for k in range(0, len(batch), batch_size)]
    raw = np.concatenate(chunks).reshape(-1)
    signs = _per_image(sign, n)
    base, occluded_scores = signs * raw[:n], signs[:, None] * raw[n:].reshape(n, len(corners))
    drop_sum = np.zeros((n, height, width))
    covered = np.zeros((height, width))
    for k, (i, j) in enumerate(corners):
        drop_sum[:, i:i + patch, j:j + patch] += (base - occluded_scores[:, k])[:, None, None]
        covered[i:i + patch, j:j + patch] += 1
    return drop_sum / np.maximum(covered, 1)


def upsample(maps: np.ndarray, shape: Sequence[int]) -> np.ndarray:
    """Resize ``(N, *spatial)`` maps to ``(N, *shape)`` by linear interpolation (2D or 3D)."""
    maps = np.asarray(maps, dtype=np.float64)
    factors = (1.0,) + tuple(t / s for t, s in zip(shape, maps.shape[1:]))
    return zoom(maps, factors, order=1)


def normalise(maps: np.ndarray) -> np.ndarray:
    """Scale each map to [0, 1] (a constant map becomes 0), so that maps can be shown and compared."""
    maps = np.asarray(maps, dtype=np.float64)
    axes = tuple(range(1, maps.ndim))
    low, high = maps.min(axis=axes, keepdims=True), maps.max(axis=axes, keepdims=True)
    return np.where(high > low, (maps - low) / np.where(high > low, high - low, 1.0), 0.0)


def rank_correlation(maps_a: np.ndarray, maps_b: np.ndarray) -> np.ndarray:
    """Spearman rank correlation between ``maps_a[i]`` and ``maps_b[i]``, for each image ``i``.

    Adebayo et al. (2018) use it to ask whether a saliency method depends on the
    weights at all: maps of a randomised model should *not* correlate with the
    trained model's maps. Constant maps (no ranking) give NaN.
    """
    out = []
    for a, b in zip(np.asarray(maps_a), np.asarray(maps_b)):
        a, b = a.ravel(), b.ravel()
        out.append(np.nan if np.ptp(a) == 0 or np.ptp(b) == 0 else spearmanr(a, b).statistic)
    return np.asarray(out, dtype=np.float64)


def show_overlays(
    images: np.ndarray, maps: dict[str, np.ndarray], row_titles: Sequence[str], title: str, alpha: float = 0.5
):  # -> matplotlib Figure
    """A grid: one row per image, the image then each map in ``maps`` laid over it (jet colour map)."""
    import matplotlib.pyplot as plt

    n, cols = len(images), 1 + len(maps)
    fig, axes = plt.subplots(n, cols, figsize=(2.1 * cols, 2.1 * n + 0.5), squeeze=False)
    for r in range(n):
        image = np.asarray(images[r]).squeeze()
        axes[r, 0].imshow(image, cmap="gray", vmin=0, vmax=1)
        axes[r, 0].set_ylabel(row_titles[r], fontsize=7)
        for c, (name, m) in enumerate(maps.items(), start=1):
            axes[r, c].imshow(image, cmap="gray", vmin=0, vmax=1)
            shown = axes[r, c].imshow(normalise(m[r : r + 1])[0], cmap="jet", alpha=alpha, vmin=0, vmax=1)
            if r == 0:
                axes[r, c].set_title(name, fontsize=9)
        if r == 0:
            axes[r, 0].set_title("image", fontsize=9)
        for ax in axes[r]:
            ax.set_xticks([])
            ax.set_yticks([])
    fig.colorbar(shown, ax=axes, fraction=0.02, label="relevance (each map scaled to [0, 1])")
    fig.suptitle(title)
    return fig
