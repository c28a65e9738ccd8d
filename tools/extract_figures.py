"""Save every PNG figure of an executed notebook, to look at them outside Jupyter.

    python tools/extract_figures.py build/01_medical_images_and_medmnist.ipynb /tmp/figs
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path


def main(notebook: str, out: str) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    cells = json.loads(Path(notebook).read_text())["cells"]
    count = 0
    for i, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                count += 1
                (folder / f"{Path(notebook).stem[:2]}_cell{i:02d}_{count:02d}.png").write_bytes(base64.b64decode(png))
    print(f"{count} figures written to {folder}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
