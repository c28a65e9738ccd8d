"""Start the Keras backend without TensorFlow's C++ start-up chatter.

TensorFlow writes lines such as "oneDNN custom operations are on" and "Could not
find cuda drivers" straight to the process's stderr when it is imported and when
it first looks for devices. Jupyter shows them as red text in every lesson,
where they look like errors. We send file descriptor 2 to /dev/null for just
those two moments; Python exceptions still propagate as usual.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator


@contextlib.contextmanager
def silenced_stderr_fd() -> Iterator[None]:
    """Redirect the OS-level stderr (fd 2) to /dev/null inside the block."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def start_backend_quietly() -> None:
    """Import Keras (and so its backend) and let TensorFlow probe devices, silently."""
    with silenced_stderr_fd():
        import keras

        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            tf.config.list_physical_devices("GPU")
        else:
            # On JAX or PyTorch, keras.utils.set_random_seed still imports TensorFlow
            # (to seed tf.data) whenever it is installed; import it here, while quiet.
            with contextlib.suppress(ImportError):
                import tensorflow  # noqa: F401
