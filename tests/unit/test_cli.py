"""The command line: fetch, import from a folder, and the environment report."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.__main__ import main

from fakedata import Register


def test_fetch_unknown_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "pneumonia"]) == 2
    assert "Did you mean 'pneumoniamnist'?" in capsys.readouterr().err


def test_fetch_bad_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "adrenalmnist3d", "--size", "224"]) == 2
    assert "Sizes offered: 28, 64" in capsys.readouterr().err


def test_fetch_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch"]) == 2
    assert "--course" in capsys.readouterr().out


def test_fetch_from_folder(isolated_dirs: dict[str, Path], register: Register, capsys: pytest.CaptureFixture[str]) -> None:
    source = register("toymnist")
    assert main(["fetch", "toymnist", "--from", str(source.parent)]) == 0
    assert "MD5 ok" in capsys.readouterr().out
    assert (isolated_dirs["env"] / "toymnist.npz").read_bytes() == source.read_bytes()
    # Fetching again finds the verified file and downloads nothing.
    assert main(["fetch", "toymnist"]) == 0


def test_fetch_offline(isolated_dirs: dict[str, Path], register: Register, no_network: None, capsys: pytest.CaptureFixture[str]) -> None:
    register("toymnist")
    assert main(["fetch", "toymnist"]) == 2
    err = capsys.readouterr().err
    assert "could not be downloaded" in err and "Traceback" not in err


def test_info_report(isolated_dirs: dict[str, Path], register: Register, capsys: pytest.CaptureFixture[str]) -> None:
    source = register("toymnist")
    main(["fetch", "toymnist", "--from", str(source.parent)])
    capsys.readouterr()
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    for field in ("Python", "Keras", "Keras backend", "TensorFlow", "Accelerators", "Data directory"):
        assert field in out
    assert str(isolated_dirs["env"]) in out
    assert "toymnist.npz" in out and "MD5 ok" in out
