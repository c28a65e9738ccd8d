"""Quiet access to the parts of the `medmnist` package the course uses.

The course needs medmnist's ``INFO`` table (flags, URLs, MD5s, class names) and
the metric definitions in ``medmnist.evaluator``. It does not need the PyTorch
``Dataset`` classes, so medmnist is installed with ``pip install --no-deps`` and
torch is never pulled in. Without torch, ``import medmnist`` prints
"Please install the required packages first"; this module swallows that message
(and the warning medmnist gives when it cannot create ``~/.medmnist``) so that
nothing stray reaches a student.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from types import ModuleType
from typing import Any, Callable

from .errors import CourseSetupError

_INSTALL_HINT = (
    "Install it without its PyTorch requirement:\n"
    '    pip install --no-deps "medmnist==3.0.2"\n'
    "(`make setup` does this for you; see the README, section 'Installing by hand')."
)


def _quiet_import() -> tuple[ModuleType, ModuleType]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(
        io.StringIO()
    ), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import medmnist.evaluator as evaluator
            import medmnist.info as info
        except ImportError as err:
            raise CourseSetupError(
                f"The `medmnist` package could not be imported ({err}).\n{_INSTALL_HINT}"
            ) from None
    return info, evaluator


_info, _evaluator = _quiet_import()

INFO: dict[str, dict[str, Any]] = _info.INFO
"""medmnist's metadata table, keyed by flag (``"pneumoniamnist"``, ...)."""

MEDMNIST_VERSION: str = _info.__version__
getAUC: Callable[..., float] = _evaluator.getAUC
getACC: Callable[..., float] = _evaluator.getACC
