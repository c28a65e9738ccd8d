"""Keep the lesson notebooks tidy: no outputs, one kernelspec, nbformat's JSON layout.

    python tools/tidy_notebooks.py notebooks                      # rewrite in place
    python tools/tidy_notebooks.py notebooks/05_cnn_classifier.ipynb  # just one
    python tools/tidy_notebooks.py --check notebooks              # exit 1 if any would change

Lessons may be written in jupytext's percent format and converted with
``jupytext --to ipynb``; this script then strips jupytext's metadata too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
KEEP_NOTEBOOK_METADATA = ("course", "colab")


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return ``nb`` without outputs, execution counts or editor metadata."""
    nb.metadata = nbformat.from_dict(
        {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
        | {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    )
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        cell.metadata = nbformat.from_dict({"tags": tags} if tags else {})
        cell.id = cell.get("id") or f"cell-{i}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.pop("attachments", None) if cell.cell_type == "markdown" and not cell.get("attachments") else None
    nbformat.validate(nb)
    return nb


def tidy_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return nbformat.writes(tidy(nb)) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", type=Path, nargs="+", help="notebooks, or folders of notebooks")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    untidy = []
    notebooks = [p for arg in args.paths for p in (sorted(arg.glob("*.ipynb")) if arg.is_dir() else [arg])]
    for path in notebooks:
        text = tidy_text(path)
        if path.read_text() != text:
            untidy.append(path)
            if not args.check:
                path.write_text(text)
    for path in untidy:
        print(("untidy: " if args.check else "tidied: ") + str(path))
    return 1 if (args.check and untidy) else 0


if __name__ == "__main__":
    sys.exit(main())
