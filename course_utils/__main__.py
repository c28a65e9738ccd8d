"""Command line: ``python -m course_utils {fetch,info,run-course} ...``.

    python -m course_utils fetch pneumoniamnist bloodmnist     # download, MD5-checked
    python -m course_utils fetch --course --from /media/usb      # import for a workshop
    python -m course_utils info                                  # environment report
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CourseError


def _fetch(args: argparse.Namespace) -> int:
    from . import storage
    from .catalog import dataset_info
    from .data import ensure_file
    from .runner import COURSE_DATASETS

    wanted = [(flag, args.size) for flag in args.flags]
    if args.course:
        wanted += list(COURSE_DATASETS)
    if not wanted:
        print("Name at least one dataset (e.g. pneumoniamnist), or use --course.")
        return 2
    for flag, size in wanted:
        info = dataset_info(flag, size)
        if args.source:
            path = storage.import_file(info, args.source, args.data_dir)
        else:
            path = ensure_file(info, args.data_dir)
        print(f"{info.filename}: MD5 ok, {path}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from .env import print_environment

    print_environment(args.data_dir)
    return 0


def _run_course(args: argparse.Namespace) -> int:
    from .runner import run_course

    return run_course(Path(args.notebooks), Path(args.out), fast=args.fast, only=args.only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_utils", description="Course data and environment tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    fetch = sub.add_parser("fetch", help="download MedMNIST files (MD5-checked), or import them from a folder")
    fetch.add_argument("flags", nargs="*", metavar="FLAG", help="dataset names, e.g. pneumoniamnist")
    fetch.add_argument("--size", type=int, default=28, help="image size: 28, 64, 128 or 224 (3D: 28 or 64)")
    fetch.add_argument("--from", dest="source", metavar="DIR", help="import from this folder instead of downloading")
    fetch.add_argument("--course", action="store_true", help="also every dataset the lessons use")
    fetch.add_argument("--data-dir", help="where to put the files (default: see README, 'Where the data lives')")
    fetch.set_defaults(func=_fetch)

    info = sub.add_parser("info", help="print Python, Keras, backend, devices and the datasets on disk")
    info.add_argument("--data-dir")
    info.set_defaults(func=_info)

    run = sub.add_parser("run-course", help="execute every notebook into build/ and write a report")
    run.add_argument("--notebooks", default="notebooks")
    run.add_argument("--out", default="build")
    run.add_argument("--fast", action="store_true", help="use each notebook's fast parameters")
    run.add_argument("--only", nargs="*", help="run only notebooks whose names contain one of these")
    run.set_defaults(func=_run_course)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CourseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
