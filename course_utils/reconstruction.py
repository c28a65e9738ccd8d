"""Reconstruction baselines and measures for the autoencoder lesson (06).

* :class:`PCA` / :func:`fit_pca`: the best *linear* encoder-decoder pair of a
  given latent size, the baseline every autoencoder must beat;
* :func:`per_image_mse` and :func:`psnr`: how far a reconstruction is from its
  target, one number per image;
* :func:`principal_angles` and :func:`projection_distance`: how close two
  subspaces are (e.g. a linear autoencoder's decoder against PCA's components).

Plain NumPy, so every line can be read and checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PCA:
    """A fitted PCA: ``x ≈ mean + (x - mean) Wᵀ W`` with orthonormal rows ``W``."""

    mean: np.ndarray  # (d,) mean of the flattened training images
    components: np.ndarray  # (k, d) orthonormal principal directions, largest variance first
    explained_variance: np.ndarray  # (k,) variance of the data along each direction
    sample_shape: tuple[int, ...]  # shape of one image, to undo the flattening

    def encode(self, x: np.ndarray) -> np.ndarray:
        """Latent codes, shape (n, k): coordinates along the principal directions."""
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        return (flat - self.mean) @ self.components.T

    def decode(self, z: np.ndarray) -> np.ndarray:
        """Images, shape (n, *sample_shape), from latent codes."""
        flat = np.asarray(z, dtype=np.float64) @ self.components + self.mean
        return flat.reshape(len(flat), *self.sample_shape)

    def reconstruct(self, x: np.ndarray) -> np.ndarray:
        """``decode(encode(x))``: the orthogonal projection onto the principal subspace."""
        return self.decode(self.encode(x))


def fit_pca(x: np.ndarray, k: int) -> PCA:
    """Fit PCA with ``k`` components to images ``x`` of shape (n, ...)."""
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    if not 1 <= k <= min(flat.shape):
        raise ValueError(f"k must be between 1 and {min(flat.shape)}, got {k}.")
    mean = flat.mean(axis=0)
    centred = flat - mean
    # Eigenvectors of the d x d covariance. (An SVD of the n x d data gives the same directions,
    # but is many times slower on a busy CPU for n in the thousands.)
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred / len(flat))
    order = np.argsort(eigenvalues)[::-1][:k]  # largest variance first
    return PCA(mean, eigenvectors[:, order].T, np.maximum(eigenvalues[order], 0.0), tuple(np.shape(x)[1:]))


def per_image_mse(x: np.ndarray, x_hat: np.ndarray) -> np.ndarray:
    """Mean squared error of each image, shape (n,): the mean over every axis but the first."""
    diff = np.asarray(x, dtype=np.float64) - np.asarray(x_hat, dtype=np.float64)
    return (diff**2).reshape(len(diff), -1).mean(axis=1)


def psnr(x: np.ndarray, x_hat: np.ndarray, data_range: float = 1.0) -> np.ndarray:
    """Peak signal-to-noise ratio of each image in dB: ``10 log10(R² / MSE)``.

    ``R`` is the range of possible pixel values (1 for images in [0, 1]). A
    perfect reconstruction has MSE 0 and PSNR ``inf``.
    """
    mse = per_image_mse(x, x_hat)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(data_range**2 / mse)


def _orthonormal_basis(a: np.ndarray) -> np.ndarray:
    q, _ = np.linalg.qr(np.asarray(a, dtype=np.float64))
    return q


def principal_angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Principal angles (radians, ascending) between the column spaces of ``a`` (d, k) and ``b`` (d, m).

    The cosines of the angles are the singular values of ``Qaᵀ Qb``, where Qa and
    Qb are orthonormal bases of the two spaces. 0 means a shared direction,
    π/2 an orthogonal one. Both matrices must have full column rank.
    """
    s = np.linalg.svd(_orthonormal_basis(a).T @ _orthonormal_basis(b), compute_uv=False)
    return np.sort(np.arccos(np.clip(s, -1.0, 1.0)))


def projection_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Frobenius distance ``‖Pa - Pb‖`` between the orthogonal projectors onto two column spaces.

    For two k-dimensional spaces it equals ``sqrt(2 Σ sin² θᵢ)`` over their
    principal angles θ: 0 for the same space, ``sqrt(2k)`` for orthogonal ones.
    """
    qa, qb = _orthonormal_basis(a), _orthonormal_basis(b)
    return float(np.linalg.norm(qa @ qa.T - qb @ qb.T))
