"""Shared test set-up: a headless matplotlib and the repository's paths."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # as course_utils does

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
