"""Figures every lesson uses: image grids, class balance, training curves, volumes.

Each function returns the matplotlib ``Figure`` so a lesson can save or tweak it.
"""

from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


def short_name(name: str, width: int = 22) -> str:
    """A class name short enough for a plot label ("immature granulocytes(myelocytes, ...)" -> "immature granulocytes")."""
    name = name.split("(")[0].strip()
    return name if len(name) <= width else name[: width - 1] + "…"


def _label_text(label: np.ndarray | int, class_names: Sequence[str] | None) -> str:
    if np.ndim(label) > 0:  # multi-label: name every finding present
        names = [short_name(class_names[i]) if class_names else str(i) for i in np.flatnonzero(label).tolist()]
        return ", ".join(names) or "no finding"
    return short_name(class_names[int(label)]) if class_names else str(int(label))


def show_images(
    images: np.ndarray,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] | None = None,
    *,
    n: int = 16,
    ncols: int = 8,
    title: str = "",
    seed: int | None = 0,
) -> Figure:
    """A grid of ``n`` images (random if ``seed`` is set, else the first n) with class names."""
    count = min(n, len(images))
    index = np.random.default_rng(seed).choice(len(images), count, replace=False) if seed is not None else np.arange(count)
    nrows = int(np.ceil(count / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.6 * ncols, 1.8 * nrows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, index):
        image = images[i]
        grey = image.ndim == 2 or image.shape[-1] == 1
        ax.imshow(image.squeeze(), cmap="gray" if grey else None, vmin=0, vmax=1 if image.dtype.kind == "f" else 255)
        if labels is not None:
            ax.set_title(_label_text(labels[i], class_names), fontsize=8)
    fig.suptitle(title or f"{count} images")
    fig.tight_layout()
    return fig


def class_counts(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Images per class; for multi-label targets, positives per finding."""
    return labels.sum(axis=0) if labels.ndim > 1 else np.bincount(labels, minlength=n_classes)


def plot_class_balance(data: Any, title: str = "") -> Figure:
    """Bar chart of the share of each class in train, val and test (counts on the bars)."""
    names = [short_name(n) for n in data.class_names]
    width = 0.8 / 3
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(names) + 2), 4))
    for k, split in enumerate(("train", "val", "test")):
        _, y = data.split(split)
        counts = class_counts(y, len(names))
        share = 100 * counts / len(y)
        bars = ax.bar(np.arange(len(names)) + (k - 1) * width, share, width, label=f"{split} (n={len(y)})")
        ax.bar_label(bars, labels=[str(int(c)) for c in counts], fontsize=7, rotation=90, padding=2)
    ax.set_xticks(np.arange(len(names)), names, rotation=30 if len(names) > 3 else 0, ha="right" if len(names) > 3 else "center")
    ax.set_ylabel("share of images in split (%)")
    ax.set_xlabel("class" if data.y_train.ndim == 1 else "finding (an image may have several)")
    ax.set_ylim(0, ax.get_ylim()[1] * 1.2)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="split")
    ax.set_title(title or f"{data.info.flag}: class balance per split (numbers on bars are counts)")
    fig.tight_layout()
    return fig


def plot_history(history: Any, title: str = "Training curves") -> Figure:
    """Loss and metrics per epoch, training against validation, from a Keras ``History``.

    A metric logged for the validation split only (``val_auc`` without ``auc``, as a callback
    that scores the validation split logs it) gets a panel of its own, after the others.
    """
    logs = history.history if hasattr(history, "history") else dict(history)
    trained = [k for k in logs if not k.startswith("val_")]
    validation_only = [k.removeprefix("val_") for k in logs if k.startswith("val_") and k.removeprefix("val_") not in logs]
    metrics = trained + validation_only
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.4), squeeze=False)
    for ax, metric in zip(axes.flat, metrics):
        series = logs[metric] if metric in logs else logs[f"val_{metric}"]
        epochs = np.arange(1, len(series) + 1)
        if metric in logs:
            ax.plot(epochs, logs[metric], "o-", color="C0", label="train")
        if f"val_{metric}" in logs:  # the same colour and style whether or not a training curve is drawn
            ax.plot(epochs, logs[f"val_{metric}"], "s--", color="C1", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.set_title(metric)
        ax.legend()
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_intensity_histograms(
    data: Any,
    split: str = "train",
    max_images: int = 2000,
    title: str = "",
    *,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """Distribution of pixel intensities per class (one panel per colour channel).

    ``class_names`` replaces ``data.class_names`` in the legend (e.g. "DR grade 3" for "3").
    The ten colours of matplotlib's default cycle repeat past ten classes, so the line style
    changes with each round of ten: no two classes look alike. The legend sits outside the
    panels, where it cannot hide a curve.
    """
    from matplotlib.lines import Line2D

    x, y = data.split(split)
    x, y = x[:max_images], y[:max_images]
    names = [short_name(n) for n in (class_names or data.class_names)]
    colours = [plt.get_cmap("tab10")(k) for k in range(10)]
    styles = ("-", "--", ":")
    looks: list[dict[str, Any]] = [{"color": colours[k % 10], "linestyle": styles[(k // 10) % 3], "linewidth": 1.4} for k in range(len(names))]
    channels = x.shape[-1]
    fig, axes = plt.subplots(1, channels, figsize=(4.5 * channels + 1.8, 3.4), squeeze=False)
    bins = np.linspace(0, 1, 52)
    for c, ax in enumerate(axes.flat):
        for k in range(len(names)):
            members = x[y == k, ..., c] if y.ndim == 1 else x[y[:, k] == 1, ..., c]
            if members.size:
                ax.hist(members.ravel(), bins=bins, density=True, histtype="step", **looks[k])
        ax.set_xlabel("pixel intensity (0 = black, 1 = white)")
        ax.set_ylabel("density (per unit intensity)")
        ax.set_title(["red", "green", "blue"][c] + " channel" if channels == 3 else "grey level")
    handles = [Line2D([], [], **look) for look in looks]
    axes.flat[-1].legend(handles, names, fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                         title="class" if y.ndim == 1 else "finding")
    fig.suptitle(title or f"{data.info.flag}: pixel intensities per class ({split} split, up to {max_images} images)")
    fig.tight_layout()
    return fig


def show_volume(
    volume: np.ndarray,
    title: str = "",
    index: Sequence[int] | None = None,
    *,
    voxel_size_mm: float | None = None,
    plane_names: Sequence[str] | None = ("axial", "coronal", "sagittal"),
) -> Figure:
    """Three orthogonal slices through a (D, H, W[, 1]) volume, one across each array axis.

    ``index`` picks the slices (default: the centre). ``plane_names`` names the slices across
    axes 0, 1 and 2; the default assumes the usual CT layout, with axis 0 along the body.
    Pass ``None`` where the orientation is not documented: the panels are then named by
    array index only. With ``voxel_size_mm`` the axes are in millimetres, else in voxels.
    Every panel is drawn the same way, row 0 at the top (imshow's default).
    """
    vol = np.asarray(volume).squeeze()
    d, h, w = (s // 2 for s in vol.shape) if index is None else index
    panels = [  # (which slice, the image, (array axis of its rows, of its columns))
        (f"volume[{d}, :, :]", vol[d], (1, 2)),
        (f"volume[:, {h}, :]", vol[:, h], (0, 2)),
        (f"volume[:, :, {w}]", vol[:, :, w], (0, 1)),
    ]
    names = list(plane_names) if plane_names is not None else [""] * 3
    unit = "voxels" if voxel_size_mm is None else "mm"
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.6))
    for ax, name, (where, image, (row_axis, col_axis)) in zip(axes, names, panels):
        rows, cols = image.shape
        extent = None if voxel_size_mm is None else (0, cols * voxel_size_mm, rows * voxel_size_mm, 0)
        ax.imshow(image, cmap="gray", vmin=0, vmax=1 if vol.dtype.kind == "f" else 255, extent=extent)
        ax.set_title(f"{name}: {where}" if name else where, fontsize=10)
        ax.set_xlabel(f"array axis {col_axis} ({unit})")
        ax.set_ylabel(f"array axis {row_axis} ({unit})")
    fig.suptitle(title or f"Orthogonal slices of a {vol.shape[0]}×{vol.shape[1]}×{vol.shape[2]} volume")
    fig.tight_layout()
    return fig
