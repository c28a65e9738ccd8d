"""Fréchet distance against closed forms; nearest neighbours against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.fid import frechet_distance, frechet_distance_features, gaussian_stats, nearest_neighbours


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(0.01, 9), st.floats(-5, 5), st.floats(0.01, 9)), min_size=1, max_size=5))
def test_diagonal_gaussians_closed_form(params: list[tuple[float, float, float, float]]) -> None:
    """Diagonal covariances: d^2 = sum (m1-m2)^2 + (s1 - s2)^2, with s the standard deviations."""
    m1, v1, m2, v2 = (np.array(p) for p in zip(*params))
    expected = np.sum((m1 - m2) ** 2) + np.sum((np.sqrt(v1) - np.sqrt(v2)) ** 2)
    got = frechet_distance(m1, np.diag(v1), m2, np.diag(v2))
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


def test_rotated_gaussians_closed_form() -> None:
    """Commuting full covariances S2 = 4 S1: (S1 S2)^(1/2) = 2 S1, so d^2 = Tr(S1 + 4 S1 - 4 S1) = Tr(S1)."""
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    cov1 = q @ np.diag([1.0, 2.0, 3.0, 4.0]) @ q.T
    cov2 = 4.0 * cov1  # commutes with cov1: sqrt(cov1 cov2) = 2 cov1
    expected = np.trace(cov1) + np.trace(cov2) - 2 * np.trace(2 * cov1)  # = tr(cov1)
    np.testing.assert_allclose(frechet_distance(np.zeros(4), cov1, np.zeros(4), cov2), expected, rtol=1e-8)


def test_general_case_matches_wasserstein_definition() -> None:
    """Non-commuting covariances: compare with Tr(S1+S2-2 (S1^1/2 S2 S1^1/2)^1/2), the symmetric form."""
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    cov1, cov2 = a @ a.T + 0.1 * np.eye(3), b @ b.T + 0.1 * np.eye(3)
    w, v = np.linalg.eigh(cov1)
    root1 = v @ np.diag(np.sqrt(w)) @ v.T
    w2, v2 = np.linalg.eigh(root1 @ cov2 @ root1)
    expected = 1.0 + np.trace(cov1 + cov2) - 2 * np.sum(np.sqrt(np.clip(w2, 0, None)))
    got = frechet_distance(np.zeros(3), cov1, np.ones(3) / np.sqrt(3), cov2)
    np.testing.assert_allclose(got, expected, rtol=1e-7)
    assert frechet_distance(np.zeros(3), cov2, np.ones(3) / np.sqrt(3), cov1) == pytest.approx(got, rel=1e-7)


def test_identical_and_singular_inputs() -> None:
    cov = np.diag([1.0, 0.0])  # singular covariance
    assert frechet_distance(np.ones(2), cov, np.ones(2), cov) == pytest.approx(0.0, abs=1e-5)


def test_from_samples_approaches_the_gaussian_value() -> None:
    """50 000 samples: the estimate is within 2% of the exact distance (estimation error ~ 1/sqrt(n))."""
    rng = np.random.default_rng(2)
    f1 = rng.normal(0.0, 1.0, (50_000, 3))
    f2 = rng.normal(1.0, 2.0, (50_000, 3))
    exact = 3 * 1.0**2 + 3 * (2.0 - 1.0) ** 2
    assert frechet_distance_features(f1, f2) == pytest.approx(exact, rel=0.02)
    mu, cov = gaussian_stats(f2)
    np.testing.assert_allclose(mu, 1.0, atol=0.05)
    np.testing.assert_allclose(np.diag(cov), 4.0, rtol=0.05)


def test_gaussian_stats_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError):
        gaussian_stats(np.zeros(5))


def test_nearest_neighbours_match_brute_force() -> None:
    rng = np.random.default_rng(3)
    refs = rng.random((50, 4, 4, 1)).astype("float32")
    queries = np.concatenate([refs[[7, 3]], rng.random((5, 4, 4, 1)).astype("float32")])
    index, distance = nearest_neighbours(queries, refs, batch=3)
    brute = np.linalg.norm(queries.reshape(len(queries), 1, -1) - refs.reshape(1, len(refs), -1), axis=2)
    np.testing.assert_array_equal(index, brute.argmin(axis=1))
    np.testing.assert_allclose(distance, brute.min(axis=1), atol=1e-4)
    assert index[0] == 7 and index[1] == 3 and distance[:2].max() < 1e-3  # copies are found, at distance 0
