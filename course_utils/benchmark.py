"""The MedMNIST v2 benchmark table, shipped with the course as data.

The table (``course_utils/reference/medmnist_v2_benchmark.md``) is copied from the
MedMNIST v2 paper and website; its first lines name the source. A lesson prints
its own result beside the published ones::

    >>> from course_utils.benchmark import benchmark_rows
    >>> benchmark_rows("pneumoniamnist")["ResNet-18 (28)"]
    (0.944, 0.854)
"""

from __future__ import annotations

from importlib import resources

TABLE_FILE = "medmnist_v2_benchmark.md"


def benchmark_text() -> str:
    """The whole benchmark file, source note included."""
    return resources.files("course_utils").joinpath("reference", TABLE_FILE).read_text(encoding="utf-8")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def benchmark_table() -> dict[str, dict[str, tuple[float, float]]]:
    """``{flag: {model: (test AUC, test ACC)}}`` for every dataset in the table (2D and 3D)."""
    table: dict[str, dict[str, tuple[float, float]]] = {}
    models: list[str] = []
    for line in benchmark_text().splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = _cells(line)
        if cells[0].endswith("dataset"):  # a header row: "| 2D dataset | ResNet-18 (28) | ..."
            models = cells[1:]
            continue
        flag = cells[0].lower()
        table[flag] = {}
        for model, cell in zip(models, cells[1:]):
            auc, acc = cell.split("/")
            table[flag][model] = (float(auc), float(acc))
    return table


def benchmark_rows(flag: str) -> dict[str, tuple[float, float]]:
    """``{model: (test AUC, test ACC)}`` published for dataset ``flag`` (e.g. ``"bloodmnist"``)."""
    table = benchmark_table()
    if flag not in table:
        raise KeyError(f"{flag!r} is not in the MedMNIST v2 table; it has {', '.join(sorted(table))}.")
    return table[flag]


def source() -> str:
    """The table's source note (the lines above the table)."""
    lines = benchmark_text().splitlines()
    return "\n".join(line for line in lines[: next(i for i, l in enumerate(lines) if l.startswith("|"))] if line).strip()
