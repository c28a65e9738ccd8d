"""Which Keras backends each part of the course needs, and what a student is told on the wrong one.

`make test` runs this on TensorFlow, and pretends to be on JAX for the refusals;
`make test-backends` runs it again for real on JAX (see the README).
"""

from __future__ import annotations

import course_utils  # noqa: F401  (starts Keras quietly)
import keras
import pytest

from course_utils import require_backend
from course_utils.errors import BackendError, CourseError

RUNNING = keras.backend.backend()
OTHER = "jax" if RUNNING != "jax" else "torch"


def test_require_backend_passes_on_the_running_backend() -> None:
    require_backend(RUNNING, why="any reason.")
    require_backend("tensorflow", "jax", "torch", why="any reason.")


def test_require_backend_says_what_happened_and_what_to_do() -> None:
    with pytest.raises(BackendError) as caught:
        require_backend(OTHER, why="it uses something only that backend has.")
    message = str(caught.value)
    assert f"needs the {OTHER} Keras backend" in message
    assert f"running on {RUNNING}" in message
    assert "it uses something only that backend has." in message
    assert f"KERAS_BACKEND={OTHER}" in message and "restart the kernel" in message
    # A CourseError, so `make course` prints only the message; a NotImplementedError for callers.
    assert isinstance(caught.value, CourseError) and isinstance(caught.value, NotImplementedError)


@pytest.fixture
def not_tensorflow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the test as if Keras were on JAX (for real when it is not on TensorFlow)."""
    if RUNNING == "tensorflow":
        # Only the check reads the name: each test below stops at the check.
        monkeypatch.setattr(keras.backend, "backend", lambda: "jax")


def _tiny_model(n_in: int, n_out: int, name: str) -> keras.Model:
    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out, name="logit")], name=name)


def test_gan_refuses_another_backend_at_once(not_tensorflow: None) -> None:
    from course_utils.gan import GAN

    generator, discriminator = _tiny_model(2, 3, "g"), _tiny_model(3, 1, "d")
    with pytest.raises(BackendError, match="tf.GradientTape"):
        GAN(generator, discriminator, latent_dim=2)
