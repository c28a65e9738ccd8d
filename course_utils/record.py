"""Let a notebook record its key figures (a test AUC, a training time).

In Jupyter, :func:`record` just prints the figure. When ``make course`` runs a
notebook it sets ``COURSE_RECORD_FILE``, and every figure is also saved there as
JSON; the run report in ``build/`` is made from those files.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

ENV_VAR = "COURSE_RECORD_FILE"
_recorded: dict[str, dict[str, object]] = {}


def record(name: str, value: float | int | str, unit: str = "") -> None:
    """Record one key figure of this notebook under ``name``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"Cannot record {name}: {value} is not a finite number.")
    elif not isinstance(value, str):
        raise TypeError(f"Cannot record {name}: expected a number or a string, got {type(value).__name__}.")
    _recorded[name] = {"value": value, "unit": unit}
    shown = f"{value:.4g}" if isinstance(value, float) else value
    print(f"[recorded] {name} = {shown} {unit}".rstrip())
    target = os.environ.get(ENV_VAR)
    if target:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(_recorded, indent=1))
        os.replace(tmp, path)


def recorded() -> dict[str, dict[str, object]]:
    """A copy of everything recorded so far in this process."""
    return {k: dict(v) for k, v in _recorded.items()}
