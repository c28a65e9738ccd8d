"""Set-up files agree with each other, and importing the package is silent."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_environment_yml_names_the_same_packages() -> None:
    project = _pyproject()["project"]
    declared = {r for r in project["dependencies"]} | {r for r in project["optional-dependencies"]["dev"]}
    text = (REPO / "environment.yml").read_text()
    pip_section = text.split("- pip:", 1)[1]
    listed = {line.strip()[2:].strip() for line in pip_section.splitlines() if line.strip().startswith("- ")}
    assert {_name(r) for r in listed} == {_name(r) for r in declared}
    # Same lower bounds too, not just the same names.
    assert {r.split("#")[0].strip().replace(" ", "") for r in listed} == {r.replace(" ", "") for r in declared}


def test_medmnist_is_installed_without_torch_everywhere() -> None:
    pin = _pyproject()["tool"]["course"]["no-deps"]
    assert pin == ["medmnist==3.0.2"]
    assert all(_name(r) != "medmnist" for r in _pyproject()["project"]["dependencies"]), "it would pull in torch"
    assert f'pip install --no-deps -e . "{pin[0]}"' in (REPO / "environment.yml").read_text()
    assert pin[0] in (REPO / "README.md").read_text()
    makefile = (REPO / "Makefile").read_text()
    assert "--no-deps \"$(MEDMNIST)\"" in makefile
    pin_from_makefile = subprocess.run(["make", "-s", "-f", "-", "show"], input=makefile + "\nshow:\n\t@echo $(MEDMNIST)\n",
                                       capture_output=True, text=True, cwd=REPO).stdout.strip()
    assert pin_from_makefile == pin[0]


def test_import_is_silent_and_needs_no_torch() -> None:
    """No 'Please install the required packages first', no TensorFlow chatter, no torch.

    set_seed is in the check because on JAX or PyTorch keras.utils.set_random_seed imports
    TensorFlow (when installed); course_utils must have imported it quietly before then.
    """
    code = "import sys, course_utils; course_utils.set_seed(0); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stderr == "", out.stderr
    # medmnist imports torch only where a user installed it anyway; here it must not be there.
    has_torch = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True).returncode == 0
    assert out.stdout == f"{has_torch}\n"


def test_missing_medmnist_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['medmnist'] = None\n"  # as if it were not installed
        "try:\n    import course_utils\nexcept ImportError as err:\n    print(err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert 'pip install --no-deps "medmnist==3.0.2"' in out.stdout, out


def test_course_utils_type_checks(tmp_path: Path) -> None:
    """The package says it is typed (py.typed), so its annotations must hold: mypy finds no error."""
    out = subprocess.run([sys.executable, "-m", "mypy", "course_utils", "--cache-dir", str(tmp_path)],
                         capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-1000:]


def _make(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", *args], capture_output=True, text=True, cwd=REPO, **kwargs)


def _pip_lines(output: str, verb: str) -> list[str]:
    return [line for line in output.splitlines() if f"-m pip {verb}" in line]


def test_setup_from_a_wheelhouse_never_asks_an_index() -> None:
    """`make setup WHEELHOUSE=dir` installs every package from dir alone; plain `make setup` uses PyPI."""
    offline = _pip_lines(_make("-n", "-B", "setup", "WHEELHOUSE=/media/usb/wheelhouse").stdout, "install")
    assert len(offline) == 3  # pip itself, the course with its dev extra, medmnist without its torch
    assert all('--no-index --find-links "/media/usb/wheelhouse"' in line for line in offline), offline
    online = _pip_lines(_make("-n", "-B", "setup").stdout, "install")
    assert len(online) == 3 and not any("--no-index" in line for line in online), online


def test_setup_refuses_a_wheelhouse_that_is_not_there(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    out = _make("setup", f"VENV={venv}", f"WHEELHOUSE={tmp_path / 'nowhere'}")
    assert out.returncode != 0
    assert f"WHEELHOUSE={tmp_path / 'nowhere'} is not a folder" in out.stdout + out.stderr
    assert "make wheelhouse" in out.stdout + out.stderr
    assert not venv.exists(), "it should stop before making a virtual environment"


def test_wheelhouse_saves_what_setup_installs_for_the_platform_asked() -> None:
    out = _make("-n", "wheelhouse", "WHEELHOUSE=/tmp/wheels", "PLATFORM=win_amd64").stdout
    downloads = _pip_lines(out, "download")
    assert len(downloads) == 2, out
    assert all('-d "/tmp/wheels"' in line and "--platform win_amd64 --only-binary=:all:" in line for line in downloads)
    everything, medmnist = downloads
    build_requires = _pyproject()["build-system"]["requires"]  # pip builds the course itself from these
    assert all(f'"{r}"' in everything for r in build_requires) and '".[dev]"' in everything and " pip " in everything
    assert f'--no-deps "{_pyproject()["tool"]["course"]["no-deps"][0]}"' in medmnist


@pytest.mark.slow
def test_a_wheelhouse_installs_the_course_without_the_network(tmp_path: Path) -> None:
    """End to end: `make wheelhouse`, then `make setup WHEELHOUSE=...` with every index out of reach."""
    if shutil.disk_usage(tmp_path).free < 8e9:
        pytest.skip("needs about 4 GB of free disk (0.7 GB of wheels and a fresh virtual environment)")
    wheels, venv = tmp_path / "wheelhouse", tmp_path / "venv"
    made = _make("wheelhouse", f"WHEELHOUSE={wheels}")
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    # No pip configuration, no extra wheel folders, and an index that cannot answer: only the wheelhouse is left.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple")
    no_network = ["unshare", "--net"] if shutil.which("unshare") and subprocess.run(
        ["unshare", "--net", "true"], capture_output=True).returncode == 0 else []
    installed = subprocess.run([*no_network, "make", "setup", f"VENV={venv}", f"WHEELHOUSE={wheels}"],
                               capture_output=True, text=True, cwd=REPO, env=env)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    code = "import course_utils, keras, tensorflow, medmnist, papermill, nbval, pytest, jupyterlab, importlib.util as u; print(u.find_spec('torch'))"
    # The new environment has Keras' default backend, TensorFlow, only: not the one these tests may run under.
    default_backend = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    imported = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, cwd=tmp_path,
                              env=default_backend)
    assert imported.returncode == 0, imported.stderr[-2000:]
    assert imported.stdout.strip() == "None", "medmnist must come without torch"
