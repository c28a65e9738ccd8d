"""Tests of course_utils.reconstruction (PCA baseline, MSE, PSNR, subspace angles).

Tolerances: float64 linear algebra, so 1e-9 relative unless stated.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.reconstruction import fit_pca, per_image_mse, principal_angles, projection_distance, psnr


def _images(n: int = 50, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # Low-rank structure plus a little noise, in the (n, H, W, C) layout of the lessons.
    basis = rng.normal(size=(3, 6 * 6))
    flat = rng.normal(size=(n, 3)) @ basis + 0.05 * rng.normal(size=(n, 36))
    return flat.reshape(n, 6, 6, 1)


def test_pca_with_all_components_is_exact() -> None:
    x = _images(n=50)
    pca = fit_pca(x, 36)
    np.testing.assert_allclose(pca.reconstruct(x), x, atol=1e-9)
    assert pca.reconstruct(x).shape == x.shape


def test_pca_components_orthonormal_and_sorted() -> None:
    pca = fit_pca(_images(), 5)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(5), atol=1e-9)
    assert np.all(np.diff(pca.explained_variance) <= 0)


def test_pca_error_is_sum_of_discarded_eigenvalues() -> None:
    # On the training data, mean squared error per pixel = (sum of dropped eigenvalues) / d.
    x = _images(n=80)
    flat = x.reshape(len(x), -1)
    eig = np.sort(np.linalg.eigvalsh(np.cov(flat, rowvar=False, bias=True)))[::-1]
    for k in (1, 3, 10):
        mse = per_image_mse(x, fit_pca(x, k).reconstruct(x)).mean()
        np.testing.assert_allclose(mse, eig[k:].sum() / flat.shape[1], rtol=1e-8)


def test_pca_matches_scikit_learn() -> None:
    from sklearn.decomposition import PCA as SkPCA

    x = _images(n=60)
    flat = x.reshape(len(x), -1)
    ours = fit_pca(x, 4)
    theirs = SkPCA(n_components=4, svd_solver="full").fit(flat)
    np.testing.assert_allclose(ours.reconstruct(x).reshape(60, -1), theirs.inverse_transform(theirs.transform(flat)), atol=1e-9)
    np.testing.assert_allclose(ours.explained_variance, theirs.explained_variance_ * (59 / 60), rtol=1e-8)


def test_pca_rejects_bad_k() -> None:
    with pytest.raises(ValueError):
        fit_pca(_images(n=10), 0)
    with pytest.raises(ValueError):
        fit_pca(_images(n=10), 11)


def test_per_image_mse_by_hand() -> None:
    x = np.zeros((2, 2, 2, 1))
    x_hat = np.zeros_like(x)
    x_hat[1, 0, 0, 0] = 2.0  # one of four pixels off by 2 -> MSE 4/4 = 1
    np.testing.assert_allclose(per_image_mse(x, x_hat), [0.0, 1.0])


def test_psnr_known_values() -> None:
    x = np.zeros((1, 10, 10))
    np.testing.assert_allclose(psnr(x, x + 0.1), [20.0])  # MSE 0.01, range 1 -> 20 dB
    np.testing.assert_allclose(psnr(x, x + 25.5, data_range=255.0), [20.0])  # same in uint8 units
    assert psnr(x, x)[0] == np.inf


@given(st.floats(1e-4, 0.5), st.floats(1.5, 10.0))
def test_psnr_drops_by_20log10_when_error_scales(sigma: float, factor: float) -> None:
    x = np.zeros((1, 4, 4))
    noise = np.random.default_rng(0).normal(size=x.shape)
    drop = psnr(x, x + sigma * noise)[0] - psnr(x, x + factor * sigma * noise)[0]
    np.testing.assert_allclose(drop, 20 * np.log10(factor), rtol=1e-9)


def test_principal_angles_simple_cases() -> None:
    e = np.eye(4)
    np.testing.assert_allclose(principal_angles(e[:, :2], e[:, :2]), [0, 0], atol=1e-7)
    np.testing.assert_allclose(principal_angles(e[:, :2], e[:, 2:]), [np.pi / 2] * 2, atol=1e-12)
    theta = 0.3
    rotated = np.array([[np.cos(theta)], [np.sin(theta)], [0], [0]])
    np.testing.assert_allclose(principal_angles(e[:, :1], rotated), [theta], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_angles_ignore_the_basis_and_match_projection_distance(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(8, k)), rng.normal(size=(8, k))
    mix = rng.normal(size=(k, k)) + 3 * np.eye(k)  # an invertible change of basis
    angles = principal_angles(a, b)
    np.testing.assert_allclose(principal_angles(a @ mix, b), angles, atol=1e-6)
    np.testing.assert_allclose(projection_distance(a, b), np.sqrt(2 * np.sum(np.sin(angles) ** 2)), atol=1e-9)
    assert projection_distance(a, a @ mix) < 1e-9
