"""Tests of course_utils.image_rows.show_image_rows."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course_utils.image_rows import show_image_rows


def test_rows_titles_and_notes() -> None:
    rng = np.random.default_rng(0)
    rows = {"original": rng.random((5, 8, 8, 1)), "reconstruction": rng.random((4, 8, 8, 1)) * 2 - 0.5}
    fig = show_image_rows(rows, ["a", "b", "c", "d", "e"], title="demo", row_notes={"reconstruction": ["1", "2", "3", "4"]})
    axes = np.array(fig.axes).reshape(2, 4)  # as many columns as the shortest row
    assert fig._suptitle.get_text() == "demo"
    assert [ax.get_ylabel() for ax in axes[:, 0]] == ["original", "reconstruction"]
    assert [ax.get_title() for ax in axes[0]] == ["a", "b", "c", "d"]
    assert [ax.get_xlabel() for ax in axes[1]] == ["1", "2", "3", "4"]
    shown = axes[1, 0].images[0].get_array()
    assert shown.min() >= 0.0 and shown.max() <= 1.0  # out-of-range outputs are clipped for display
    plt.close(fig)


def test_rgb_images_keep_their_colours() -> None:
    fig = show_image_rows({"rgb": np.ones((2, 4, 4, 3)) * 0.5}, title="rgb")
    assert fig.axes[0].images[0].get_array().shape == (4, 4, 3)
    plt.close(fig)
