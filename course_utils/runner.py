"""Execute the course's notebooks and write a run report (``make course``).

Each notebook runs with papermill into ``build/``; its wall time and the figures
it recorded with :func:`course_utils.record` go into ``build/report.md``. The
data the course needs is checked (and downloaded if missing) before anything
runs, so a missing file stops the run at once with one clear message.
"""

from __future__ import annotations

import json
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import storage
from .catalog import dataset_info
from .data import ensure_file
from .errors import CourseError

# The kernel must draw figures into the notebook, even when the calling shell
# has MPLBACKEND=Agg (CI sets it for the tests): Agg would drop every figure
# from the executed copies in build/.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

# Over TCP, every kernel prints "Kernel is running over TCP without encryption ...
# susceptible to eavesdropping" to the terminal. Local IPC sockets are private to this
# machine, and the kernel says nothing. Windows has no IPC transport: TCP stays there.
KERNEL_TRANSPORT = "tcp" if os.name == "nt" else "ipc"

# Every dataset some lesson loads with its default parameters: (flag, size).
COURSE_DATASETS: tuple[tuple[str, int], ...] = (
    ("pneumoniamnist", 28),
    ("breastmnist", 28),
    ("retinamnist", 28),
    ("bloodmnist", 28),
    ("organamnist", 28),
    ("adrenalmnist3d", 28),
)


def notebooks(folder: Path) -> list[Path]:
    """The lesson notebooks, in lesson order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def _course_metadata(notebook: Path) -> dict[str, Any]:
    """The notebook's ``metadata.course`` (empty if it has none)."""
    return json.loads(notebook.read_text())["metadata"].get("course", {})


def fast_parameters(notebook: Path) -> dict[str, Any]:
    """The quick parameters a notebook declares in ``metadata.course.fast_parameters``."""
    return dict(_course_metadata(notebook).get("fast_parameters", {}))


def lesson_backends(notebook: Path) -> list[str]:
    """The Keras backends a lesson runs on, from ``metadata.course.backends`` (all three if it is silent)."""
    return list(_course_metadata(notebook).get("backends", ["tensorflow", "jax", "torch"]))


def ensure_course_data(data_dir: str | None = None) -> None:
    """Make sure every dataset the course needs is on disk, verified."""
    for flag, size in COURSE_DATASETS:
        path = ensure_file(dataset_info(flag, size), data_dir)
        print(f"  data ok: {path}")


def run_notebook(notebook: Path, out_dir: Path, fast: bool) -> dict[str, Any]:
    """Execute one notebook; return its status, wall time and recorded figures."""
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    record_file = out_dir / "records" / f"{notebook.stem}.json"
    record_file.unlink(missing_ok=True)
    os.environ["COURSE_RECORD_FILE"] = str(record_file.resolve())
    saved_backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    start = time.perf_counter()
    error = ""
    try:
        papermill.execute_notebook(
            str(notebook),
            str(out_dir / notebook.name),
            parameters=fast_parameters(notebook) if fast else {},
            cwd=str(notebook.parent),
            progress_bar=False,
            config=Config({"KernelManager": {"transport": KERNEL_TRANSPORT}}),
        )
    except PapermillExecutionError as err:
        error = f"{err.ename}: {err.evalue}"
    finally:
        os.environ.pop("COURSE_RECORD_FILE", None)
        if saved_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved_backend
    figures = json.loads(record_file.read_text()) if record_file.exists() else {}
    return {"notebook": notebook.name, "seconds": time.perf_counter() - start, "error": error, "figures": figures}


def _format_figures(figures: dict[str, dict[str, Any]]) -> str:
    parts = []
    for name, entry in figures.items():
        value = entry["value"]
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        parts.append(f"{name} = {shown} {entry.get('unit', '')}".strip())
    # A "|" inside a figure's name (e.g. "max |a - b|") would split the Markdown table's cell.
    return "; ".join(parts).replace("|", "\\|") or "-"


def write_report(results: list[dict[str, Any]], out_dir: Path, fast: bool) -> Path:
    """Write ``report.md``: one row per notebook, with wall time and figures."""
    import keras

    lines = [
        "# Course run report",
        "",
        f"- Date (UTC): {datetime.now(timezone.utc):%Y-%m-%d %H:%M}",
        f"- Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPU cores",
        f"- Python {platform.python_version()}, Keras {keras.__version__} ({keras.backend.backend()} backend)",
        f"- Parameters: {'fast (metadata.course.fast_parameters)' if fast else 'the defaults in each notebook'}",
        f"- Data directory: {storage.target_dir()}",
        "",
        "| notebook | status | wall time (s) | recorded figures |",
        "|---|---|---:|---|",
    ]
    for r in results:
        status = "FAILED" if r["error"] else f"skipped: {r['skipped']}" if r.get("skipped") else "ok"
        lines.append(f"| {r['notebook']} | {status} | {r['seconds']:.1f} | {_format_figures(r['figures'])} |")
    lines.append("")
    lines.append(f"Total wall time: {sum(r['seconds'] for r in results):.1f} s")
    path = out_dir / ("report-fast.md" if fast else "report.md")
    path.write_text("\n".join(lines) + "\n")
    (out_dir / path.with_suffix(".json").name).write_text(json.dumps(results, indent=1))
    return path


def run_course(notebook_dir: Path, out_dir: Path, fast: bool = False, only: list[str] | None = None) -> int:
    """Run every lesson (or those whose names contain an entry of ``only``); 0 if all pass."""
    out_dir.mkdir(parents=True, exist_ok=True)
    print("Checking the course data ...")
    try:
        ensure_course_data()
    except CourseError as err:
        print(f"\nThe course cannot run yet: {err}")
        return 2
    selected = [nb for nb in notebooks(notebook_dir) if not only or any(o in nb.name for o in only)]
    import keras

    running = keras.backend.backend()
    results = []
    for nb in selected:
        backends = lesson_backends(nb)
        if running not in backends:  # it would stop at its require_backend() cell
            skipped = f"needs the {' or '.join(backends)} backend, not {running}"
            print(f"Skipping {nb.name}: it {skipped}.")
            results.append({"notebook": nb.name, "seconds": 0.0, "error": "", "figures": {}, "skipped": skipped})
            continue
        print(f"Running {nb.name} ...", flush=True)
        result = run_notebook(nb, out_dir, fast)
        results.append(result)
        print(f"  {'FAILED' if result['error'] else 'ok'} in {result['seconds']:.1f} s  {_format_figures(result['figures'])}")
        if result["error"]:
            print(f"\n{nb.name} stopped with this error:\n{result['error']}\n"
                  f"The executed notebook, with the failing cell, is {out_dir / nb.name}.")
            break
    report = write_report(results, out_dir, fast)
    print(f"\nReport: {report}")
    return 1 if any(r["error"] for r in results) else 0
