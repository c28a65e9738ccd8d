"""Side-by-side image rows: originals against reconstructions, noisy against denoised.

Lesson 06 compares several versions of the same images (one row per model),
which :func:`course_utils.plots.show_images` (one grid, one label per image)
does not do.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


def show_image_rows(
    rows: Mapping[str, np.ndarray],
    column_titles: Sequence[str] | None = None,
    *,
    title: str,
    row_notes: Mapping[str, Sequence[str]] | None = None,
) -> Figure:
    """One row of images per entry of ``rows`` (name -> images of shape (n, H, W[, C])).

    Row names go on the left; ``column_titles`` (e.g. class names) above the first
    row; ``row_notes[name]`` (e.g. PSNR per image) under each image of that row.
    Pixel values are shown on a fixed [0, 1] scale, so rows can be compared by eye.
    """
    names = list(rows)
    ncols = min(len(images) for images in rows.values())
    fig, axes = plt.subplots(len(names), ncols, figsize=(1.3 * ncols + 1.2, 1.45 * len(names) + 0.6), squeeze=False)
    for r, name in enumerate(names):
        for c in range(ncols):
            ax = axes[r, c]
            image = np.clip(np.asarray(rows[name][c], dtype=np.float32), 0.0, 1.0)
            grey = image.ndim == 2 or image.shape[-1] == 1
            ax.imshow(image.squeeze(), cmap="gray" if grey else None, vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(name, fontsize=9)
            if r == 0 and column_titles is not None:
                ax.set_title(str(column_titles[c]), fontsize=8)
            if row_notes and name in row_notes:
                ax.set_xlabel(str(row_notes[name][c]), fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
