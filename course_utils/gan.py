"""A GAN as a ``keras.Model`` whose ``train_step`` updates D and G with their own optimisers.

This is the pattern of the keras.io DCGAN example ("Customizing what happens in
``fit()``"), written for Keras 3 with the TensorFlow backend::

    gan = GAN(generator, discriminator, latent_dim=64)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    gan.fit(batches(images_in_minus1_to_1, batch_size=64), epochs=5, shuffle=False)

The discriminator outputs a *logit* (no sigmoid): ``D(x) = sigmoid(logit)``.
Its loss is the summed binary cross-entropy on a real and a fake batch, which
is ``log 4 ≈ 1.386`` at the theoretical equilibrium ``D = 1/2``. The generator
uses the non-saturating loss ``-log D(G(z))`` (``log 2`` at equilibrium).

Each optimiser only ever sees its own network's variables: the D step never
changes G's parameters and the G step never changes D's (tests/unit/test_gan.py).
This replaces the Keras 2 ``D.trainable = False`` recipe, which does not work in
Keras 3 (lesson 08 shows why).
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf  # GradientTape in the train steps (backend-specific) and tf.data in batches()
from keras import ops

from .env import require_backend


def _bce_logits(target: float, logits: Any) -> Any:
    """Mean binary cross-entropy of ``logits`` against a constant target (0 or 1)."""
    return ops.mean(ops.binary_crossentropy(ops.full_like(logits, target), logits, from_logits=True))


def discriminator_loss(logits_real: Any, logits_fake: Any, real_target: float = 1.0) -> Any:
    """D's loss: mean BCE on a real batch (target ``real_target``) plus mean BCE on a fake batch (target 0).

    At the equilibrium D = 1/2 (logit 0) each term is log 2, so the sum is log 4.
    """
    return _bce_logits(real_target, logits_real) + _bce_logits(0.0, logits_fake)


def generator_loss(logits_fake: Any) -> Any:
    """G's non-saturating loss -log D(G(z)), the mean BCE of D's logits on fakes against target 1 (log 2 at D = 1/2)."""
    return _bce_logits(1.0, logits_fake)


class GAN(keras.Model):
    """An unconditional GAN: ``generator(z)`` and ``discriminator(x) -> logit``."""

    def __init__(self, generator: keras.Model, discriminator: keras.Model, latent_dim: int, seed: int = 0, **kwargs: Any):
        # Say so at once on JAX or PyTorch, rather than fail obscurely inside fit().
        require_backend("tensorflow", why="the GAN's train_step takes its gradients with tf.GradientTape.")
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(seed)

    def compile(self, d_optimizer: keras.optimizers.Optimizer, g_optimizer: keras.optimizers.Optimizer,
                label_smoothing: float = 0.0, **kwargs: Any) -> None:
        """Two optimisers, one per network. ``label_smoothing`` sets the real target to 1 - s."""
        super().compile(**kwargs)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.real_target = 1.0 - label_smoothing
        self.trackers = {name: keras.metrics.Mean(name=name) for name in ("d_loss", "g_loss", "d_real", "d_fake")}

    @property
    def metrics(self) -> list[keras.metrics.Metric]:
        return list(self.trackers.values())  # reset by fit() at the start of each epoch

    # The two hooks a conditional GAN overrides: how to call each network.
    def generate(self, z: Any, labels: Any = None, training: bool = False) -> Any:
        return self.generator(z, training=training)

    def discriminate(self, x: Any, labels: Any = None, training: bool = False) -> Any:
        return self.discriminator(x, training=training)

    def noise(self, n: Any) -> Any:
        return keras.random.normal((n, self.latent_dim), seed=self.seed_generator)

    def d_step(self, real: Any, labels: Any = None) -> tuple[Any, Any, Any]:
        """One update of D on a real batch and a fake batch; returns (loss, mean D(real), mean D(fake)).

        D sees both halves in one call on the concatenated batch: one pass instead of two, and the
        same result, because D has no batch normalisation (each image's logit depends on that image only).
        """
        n = ops.shape(real)[0]
        fake = self.generate(self.noise(n), labels, training=True)
        both = ops.concatenate([real, fake], axis=0)
        both_labels = None if labels is None else ops.concatenate([labels, labels], axis=0)
        with tf.GradientTape() as tape:
            logits = self.discriminate(both, both_labels, training=True)
            logits_real, logits_fake = logits[:n], logits[n:]
            loss = discriminator_loss(logits_real, logits_fake, self.real_target)
        weights = self.discriminator.trainable_weights
        self.d_optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
        return loss, ops.mean(ops.sigmoid(logits_real)), ops.mean(ops.sigmoid(logits_fake))

    def g_step(self, batch_size: Any, labels: Any = None) -> Any:
        """One update of G with the non-saturating loss -log D(G(z)); D's variables are not touched."""
        z = self.noise(batch_size)
        with tf.GradientTape() as tape:
            logits_fake = self.discriminate(self.generate(z, labels, training=True), labels, training=True)
            loss = generator_loss(logits_fake)
        weights = self.generator.trainable_weights
        self.g_optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
        return loss

    def unpack(self, data: Any) -> tuple[Any, Any]:
        """``fit(x)`` gives ``x`` (or ``(x,)``); the conditional GAN reads ``(x, y)``."""
        return (data[0] if isinstance(data, (tuple, list)) else data), None

    def train_step(self, data: Any) -> dict[str, Any]:
        real, labels = self.unpack(data)
        d_loss, d_real, d_fake = self.d_step(real, labels)
        g_loss = self.g_step(ops.shape(real)[0], labels)
        for name, value in zip(self.trackers, (d_loss, g_loss, d_real, d_fake)):
            self.trackers[name].update_state(value)
        return {name: m.result() for name, m in self.trackers.items()}

    def sample(self, n: int, labels: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
        """``n`` generated images as NumPy, from noise drawn with ``seed`` (repeatable)."""
        z = np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype("float32")
        return ops.convert_to_numpy(self.generate(z, None if labels is None else self.encode(labels)))

    def encode(self, labels: Any) -> Any:
        return labels


class ConditionalGAN(GAN):
    """A GAN whose networks also see the class: ``generator([z, y])`` and ``discriminator([x, y])``.

    ``y`` reaches both networks one-hot encoded; ``fit((x, labels))`` takes integer labels.
    The fake batch in each step carries the real batch's labels, so classes keep their frequencies.
    """

    def __init__(self, generator: keras.Model, discriminator: keras.Model, latent_dim: int, n_classes: int, **kwargs: Any):
        super().__init__(generator, discriminator, latent_dim, **kwargs)
        self.n_classes = n_classes

    def encode(self, labels: Any) -> Any:
        return ops.one_hot(ops.cast(ops.reshape(labels, (-1,)), "int32"), self.n_classes)

    def unpack(self, data: Any) -> tuple[Any, Any]:
        x, y = data[0], data[1]
        return x, self.encode(y)

    def generate(self, z: Any, labels: Any = None, training: bool = False) -> Any:
        return self.generator([ops.convert_to_tensor(z), labels], training=training)

    def discriminate(self, x: Any, labels: Any = None, training: bool = False) -> Any:
        return self.discriminator([ops.convert_to_tensor(x), labels], training=training)

    def sample(self, n: int, labels: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
        if labels is None or len(labels) != n:
            raise ValueError("A conditional GAN needs one class label per sample.")
        return super().sample(n, labels, seed)


def batches(x: np.ndarray, y: np.ndarray | None = None, batch_size: int = 64, seed: int = 0) -> tf.data.Dataset:
    """Shuffled mini-batches of ``x`` (or of ``(x, y)``) for ``GAN.fit``, reshuffled every epoch.

    The order is fixed by ``seed``, so training repeats. Pass ``shuffle=False`` to ``fit``
    (the pipeline shuffles already; Keras warns otherwise).
    """
    data = tf.data.Dataset.from_tensor_slices(x if y is None else (x, y))
    return data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True).batch(batch_size)
