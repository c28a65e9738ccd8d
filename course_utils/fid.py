"""Evaluating generated images: a Fréchet distance between feature sets, and nearest neighbours.

The Fréchet distance between two Gaussians N(mu1, S1) and N(mu2, S2) is

    d^2 = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^{1/2}).

FID (Heusel et al., 2017) fits a Gaussian to Inception features of real and of
generated images and reports d^2. The course computes the same quantity in the
feature space of a small classifier trained on the same MedMNIST data, so its
values are *not* comparable with published FIDs; compare them with the
real-versus-real baseline computed the same way.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg


def gaussian_stats(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean vector and (unbiased) covariance matrix of ``features`` of shape (n, d)."""
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f"Expected at least two feature vectors of shape (n, d), got {features.shape}.")
    return features.mean(axis=0), np.cov(features, rowvar=False).reshape(features.shape[1], features.shape[1])


def frechet_distance(mu1: np.ndarray, cov1: np.ndarray, mu2: np.ndarray, cov2: np.ndarray) -> float:
    """Squared Fréchet distance between N(mu1, cov1) and N(mu2, cov2)."""
    mu1, mu2 = np.atleast_1d(mu1).astype(np.float64), np.atleast_1d(mu2).astype(np.float64)
    cov1, cov2 = np.atleast_2d(cov1).astype(np.float64), np.atleast_2d(cov2).astype(np.float64)
    with warnings.catch_warnings(record=True) as caught:  # sqrtm warns on a singular product
        warnings.simplefilter("always")
        covmean = scipy.linalg.sqrtm(cov1 @ cov2)
    if caught or not np.isfinite(covmean).all():  # singular: nudge both diagonals, as the FID reference code does
        eps = 1e-6 * np.eye(len(cov1))
        covmean = scipy.linalg.sqrtm((cov1 + eps) @ (cov2 + eps))
    covmean = np.real(covmean)  # rounding leaves tiny imaginary parts
    d2 = float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2.0 * np.trace(covmean))
    return max(d2, 0.0)  # rounding can give -1e-12 for identical inputs


def frechet_distance_features(features1: np.ndarray, features2: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (rows are samples)."""
    return frechet_distance(*gaussian_stats(features1), *gaussian_stats(features2))


def nearest_neighbours(queries: np.ndarray, references: np.ndarray, batch: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """For each query, the index of the closest reference (Euclidean, flattened) and that distance."""
    q = np.asarray(queries, dtype=np.float32).reshape(len(queries), -1)
    r = np.asarray(references, dtype=np.float32).reshape(len(references), -1)
    r_sq = (r**2).sum(axis=1)
    index, distance = np.empty(len(q), dtype=np.int64), np.empty(len(q), dtype=np.float64)
    for start in range(0, len(q), batch):  # in batches: the full distance matrix may not fit in memory
        block = q[start : start + batch]
        d2 = (block**2).sum(axis=1)[:, None] - 2.0 * block @ r.T + r_sq[None, :]
        best = d2.argmin(axis=1)
        index[start : start + len(block)] = best
        distance[start : start + len(block)] = np.sqrt(np.maximum(d2[np.arange(len(block)), best], 0.0))
    return index, distance
