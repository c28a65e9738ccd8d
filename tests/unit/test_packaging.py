"""Set-up files agree with each other, and importing the package is silent."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

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
