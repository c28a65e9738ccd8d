"""The GAN training code: each network learns, and only from its own step.

Weights are compared bit for bit (a step that must not touch a network must
leave every one of its variables exactly equal); a step that must change a
network must change at least one of its trainable variables.
"""

from __future__ import annotations

import course_utils  # noqa: F401  (starts Keras quietly)
import keras
import numpy as np
import pytest
from keras import layers

from course_utils.gan import GAN, ConditionalGAN, batches, discriminator_loss, generator_loss

# course_utils.gan trains with tf.GradientTape; on another backend it refuses at once (test_backends.py).
pytestmark = pytest.mark.skipif(keras.backend.backend() != "tensorflow", reason="course_utils.gan needs TensorFlow")

LATENT, SIDE, N_CLASSES = 8, 8, 3


def make_generator(conditional: bool = False) -> keras.Model:
    z = keras.Input((LATENT,))
    y = keras.Input((N_CLASSES,))
    h = layers.Concatenate()([z, y]) if conditional else z
    h = layers.Dense(4 * 4 * 8)(h)
    h = layers.BatchNormalization()(h)  # so that the test covers non-trainable state too
    h = layers.LeakyReLU(0.2)(h)
    h = layers.Reshape((4, 4, 8))(h)
    out = layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")(h)
    return keras.Model([z, y] if conditional else z, out)


def make_discriminator(conditional: bool = False) -> keras.Model:
    x = keras.Input((SIDE, SIDE, 1))
    y = keras.Input((N_CLASSES,))
    h = layers.Flatten()(layers.LeakyReLU(0.2)(layers.Conv2D(4, 3, strides=2, padding="same")(x)))
    if conditional:
        h = layers.Concatenate()([h, y])
    return keras.Model([x, y] if conditional else x, layers.Dense(1)(h))


def make_gan(conditional: bool = False) -> GAN:
    keras.utils.set_random_seed(0)
    g, d = make_generator(conditional), make_discriminator(conditional)
    gan = ConditionalGAN(g, d, LATENT, N_CLASSES) if conditional else GAN(g, d, LATENT)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-2), g_optimizer=keras.optimizers.Adam(1e-2))
    return gan


def real_batch(n: int = 16) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.uniform(-1, 1, (n, SIDE, SIDE, 1)).astype("float32"), rng.integers(0, N_CLASSES, n)


def snapshot(model: keras.Model, trainable_only: bool = False) -> list[np.ndarray]:
    weights = model.trainable_weights if trainable_only else model.weights
    return [np.array(w.numpy()) for w in weights]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("conditional", [False, True])
def test_train_step_changes_both_networks(conditional: bool) -> None:
    gan = make_gan(conditional)
    x, y = real_batch()
    g0, d0 = snapshot(gan.generator, True), snapshot(gan.discriminator, True)
    logs = gan.fit(x, y if conditional else None, batch_size=16, epochs=1, verbose=0).history
    assert not same(g0, snapshot(gan.generator, True)), "the generator did not learn"
    assert not same(d0, snapshot(gan.discriminator, True)), "the discriminator did not learn"
    assert set(logs) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(np.isfinite(v[0]) for v in logs.values())
    assert 0.0 <= logs["d_real"][0] <= 1.0 and 0.0 <= logs["d_fake"][0] <= 1.0


@pytest.mark.parametrize("conditional", [False, True])
def test_generator_step_leaves_discriminator_unchanged(conditional: bool) -> None:
    gan = make_gan(conditional)
    _, y = real_batch()
    labels = gan.encode(y) if conditional else None
    d0, g0 = snapshot(gan.discriminator), snapshot(gan.generator, True)
    gan.g_step(16, labels)
    assert same(d0, snapshot(gan.discriminator)), "the G step changed D"
    assert not same(g0, snapshot(gan.generator, True)), "the G step did not change G"


@pytest.mark.parametrize("conditional", [False, True])
def test_discriminator_step_leaves_generator_parameters_unchanged(conditional: bool) -> None:
    gan = make_gan(conditional)
    x, y = real_batch()
    labels = gan.encode(y) if conditional else None
    g0, d0 = snapshot(gan.generator, True), snapshot(gan.discriminator, True)
    gan.d_step(x, labels)
    assert same(g0, snapshot(gan.generator, True)), "the D step changed G's parameters"
    assert not same(d0, snapshot(gan.discriminator, True)), "the D step did not change D"


def test_discriminator_step_lowers_its_loss_on_the_same_batch() -> None:
    gan = make_gan()
    x, _ = real_batch()
    gan.noise = lambda n: keras.ops.zeros((n, LATENT))  # same fakes each time, so the losses compare
    first = float(gan.d_step(x)[0])
    for _ in range(5):
        last = float(gan.d_step(x)[0])
    assert last < first


def test_generator_step_lowers_its_loss_against_the_same_discriminator() -> None:
    """G's step must make D(G(z)) more 'real' for the same noise; D is not updated between the steps."""
    gan = make_gan()
    z = keras.ops.convert_to_tensor(np.random.default_rng(1).standard_normal((16, LATENT)).astype("float32"))
    gan.noise = lambda n: z  # same noise each time, so the losses compare
    first = float(gan.g_step(16))
    for _ in range(5):
        last = float(gan.g_step(16))
    assert last < first


@pytest.mark.parametrize("conditional", [False, True])
def test_discriminator_step_on_one_concatenated_batch_matches_two_calls(conditional: bool) -> None:
    """d_step calls D once on [real; fake]: its outputs must equal those of separate calls (tolerance 1e-5)."""
    gan = make_gan(conditional)
    x, y = real_batch()
    labels = gan.encode(y) if conditional else None
    gan.noise = lambda n: keras.ops.ones((n, LATENT))  # known fakes
    fake = gan.generate(gan.noise(len(x)), labels, training=True)
    logits_real = gan.discriminate(x, labels, training=True)  # before the update
    logits_fake = gan.discriminate(fake, labels, training=True)
    expected_loss = float(keras.ops.mean(keras.ops.binary_crossentropy(keras.ops.ones_like(logits_real), logits_real, from_logits=True))
                          + keras.ops.mean(keras.ops.binary_crossentropy(keras.ops.zeros_like(logits_fake), logits_fake, from_logits=True)))
    loss, d_real, d_fake = gan.d_step(x, labels)
    np.testing.assert_allclose(float(loss), expected_loss, rtol=1e-5)
    np.testing.assert_allclose(float(d_real), float(keras.ops.mean(keras.ops.sigmoid(logits_real))), rtol=1e-5)
    np.testing.assert_allclose(float(d_fake), float(keras.ops.mean(keras.ops.sigmoid(logits_fake))), rtol=1e-5)
    assert abs(float(d_real) - float(d_fake)) > 1e-4  # the halves differ, so a swapped split would fail


def test_losses_at_equilibrium() -> None:
    """If D outputs 1/2 everywhere (logit 0), D's summed loss is log 4 and G's is log 2."""
    gan = make_gan()
    zero_d = keras.Sequential([keras.Input((SIDE, SIDE, 1)), layers.Flatten(), layers.Dense(1, kernel_initializer="zeros")])
    gan.discriminator = zero_d
    d_loss, d_real, d_fake = gan.d_step(real_batch()[0])
    np.testing.assert_allclose(float(d_loss), np.log(4.0), rtol=1e-6)
    np.testing.assert_allclose([float(d_real), float(d_fake)], [0.5, 0.5], rtol=1e-6)
    zero_d.layers[-1].set_weights([np.zeros((SIDE * SIDE, 1)), np.zeros(1)])  # the D step moved it; back to logit 0
    np.testing.assert_allclose(float(gan.g_step(16)), np.log(2.0), rtol=1e-6)


def test_loss_functions_at_known_logits() -> None:
    """log 4 and log 2 at logit 0; a confident, correct D (large logits of the right sign) has a loss near 0."""
    half = keras.ops.zeros((5, 1))
    np.testing.assert_allclose(float(discriminator_loss(half, half)), np.log(4.0), rtol=1e-6)
    np.testing.assert_allclose(float(generator_loss(half)), np.log(2.0), rtol=1e-6)
    sure = keras.ops.full((5, 1), 20.0)
    assert float(discriminator_loss(sure, -sure)) < 1e-8  # BCE = log(1 + e^-20) ~ 2e-9 per term
    np.testing.assert_allclose(float(generator_loss(-sure)), 20.0, rtol=1e-6)  # -log sigmoid(-20) ~ 20
    # label smoothing: a real target of 0.9 at logit 0 still gives log 2 per term
    np.testing.assert_allclose(float(discriminator_loss(half, half, real_target=0.9)), np.log(4.0), rtol=1e-6)


def test_sample_shapes_and_range() -> None:
    gan = make_gan()
    images = gan.sample(10, seed=3)
    assert images.shape == (10, SIDE, SIDE, 1) and images.dtype == np.float32
    assert images.min() >= -1.0 and images.max() <= 1.0  # tanh output
    np.testing.assert_array_equal(images, gan.sample(10, seed=3))  # repeatable
    assert not np.array_equal(images, gan.sample(10, seed=4))


def test_conditional_sample_needs_labels_and_uses_them() -> None:
    gan = make_gan(conditional=True)
    images = gan.sample(6, labels=np.array([0, 1, 2, 0, 1, 2]), seed=1)
    assert images.shape == (6, SIDE, SIDE, 1) and np.abs(images).max() <= 1.0
    other = gan.sample(6, labels=np.array([1, 2, 0, 1, 2, 0]), seed=1)
    assert not np.array_equal(images, other), "the label has no effect on the sample"
    with pytest.raises(ValueError):
        gan.sample(6, seed=1)


def test_batches_cover_the_data_in_a_seeded_order_that_changes_each_epoch() -> None:
    x = np.arange(10, dtype="float32").reshape(10, 1, 1, 1)
    y = np.arange(10) % 3

    def epochs(seed: int, n: int = 2) -> list[np.ndarray]:
        data = batches(x, y, batch_size=4, seed=seed)
        out = []
        for _ in range(n):
            xs, ys = zip(*[(bx.numpy().ravel(), by.numpy()) for bx, by in data])
            assert [len(b) for b in xs] == [4, 4, 2]
            order = np.concatenate(xs)
            np.testing.assert_array_equal(np.concatenate(ys), order.astype(int) % 3)  # pairs stay together
            out.append(order)
        return out

    first, second = epochs(seed=0)
    np.testing.assert_array_equal(np.sort(first), x.ravel())  # every image once per epoch
    assert not np.array_equal(first, second), "the order should change from epoch to epoch"
    for a, b in zip(epochs(seed=0), (first, second)):
        np.testing.assert_array_equal(a, b)  # repeatable with the same seed
    assert not np.array_equal(epochs(seed=1, n=1)[0], first)


def test_gan_fits_from_batches() -> None:
    gan = make_gan(conditional=True)
    x, y = real_batch(32)
    logs = gan.fit(batches(x, y, batch_size=16), epochs=1, verbose=0, shuffle=False).history
    assert all(np.isfinite(v[0]) for v in logs.values())
