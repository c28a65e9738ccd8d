"""Tests of course_utils.saliency on tiny models whose answers are known in closed form.

Tolerances: float32 arithmetic, so 1e-5 (absolute) or 1e-5 (relative).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.gradcheck import numerical_gradient, relative_error
from course_utils.saliency import (
    feature_gradients,
    grad_cam,
    input_gradients,
    normalise,
    occlusion_sensitivity,
    rank_correlation,
    show_overlays,
    upsample,
    vanilla_saliency,
)

def cam_model(size: int = 4, dims: int = 2) -> keras.Model:
    """x -> 1x1 conv with kernels (1, 2) -> GAP -> Dense(1) with weights (3, -1): S = mean(x) * (3*1 - 1*2)."""
    conv = keras.layers.Conv2D if dims == 2 else keras.layers.Conv3D
    gap = keras.layers.GlobalAveragePooling2D if dims == 2 else keras.layers.GlobalAveragePooling3D
    inputs = keras.Input((size,) * dims + (1,))
    features = conv(2, 1, use_bias=False, name="features")(inputs)
    logit = keras.layers.Dense(1, name="logit")(gap()(features))
    model = keras.Model(inputs, keras.layers.Activation("sigmoid")(logit))
    model.get_layer("features").set_weights([np.array([1.0, 2.0]).reshape((1,) * dims + (1, 2))])
    model.get_layer("logit").set_weights([np.array([[3.0], [-1.0]]), np.array([0.5])])
    return model


def test_grad_cam_equals_the_analytic_cam() -> None:
    # dS/dA^k = w_k / HW everywhere, so alpha = (3, -1) / 16 and
    # CAM = ReLU(3/16 * x - 1/16 * 2x) = ReLU(x / 16).
    x = np.random.default_rng(0).normal(size=(3, 4, 4, 1)).astype("float32")
    cam = grad_cam(cam_model(), x, "features", "logit")
    np.testing.assert_allclose(cam, np.maximum(x[..., 0] / 16, 0), atol=1e-6)
    # The negative class (sign=-1) sees the opposite evidence.
    cam_neg = grad_cam(cam_model(), x, "features", "logit", sign=-1.0)
    np.testing.assert_allclose(cam_neg, np.maximum(-x[..., 0] / 16, 0), atol=1e-6)


def test_per_image_signs_explain_each_image_on_its_own() -> None:
    # One sign per image must give, image by image, the map of that image's own sign.
    x = np.random.default_rng(5).normal(size=(2, 4, 4, 1)).astype("float32")
    model, signs = cam_model(), np.array([1.0, -1.0])
    cam = grad_cam(model, x, "features", "logit", sign=signs)
    np.testing.assert_allclose(cam, np.maximum(signs[:, None, None] * x[..., 0] / 16, 0), atol=1e-6)
    drop = occlusion_sensitivity(model, x, "logit", patch=2, stride=2, fill=0.0, sign=signs)
    for k, s in enumerate(signs):
        alone = occlusion_sensitivity(model, x[k : k + 1], "logit", patch=2, stride=2, fill=0.0, sign=s)
        np.testing.assert_allclose(drop[k], alone[0], atol=1e-6)
    positive = occlusion_sensitivity(model, x[1:], "logit", patch=2, stride=2, fill=0.0)
    np.testing.assert_allclose(drop[1], -positive[0], atol=1e-6)  # the sign of image 1 was applied
    # |dS/dx| does not see the sign: the same map for S and -S.
    np.testing.assert_allclose(vanilla_saliency(model, x, "logit", sign=signs), vanilla_saliency(model, x, "logit"))
    with pytest.raises(ValueError, match="sign has shape"):
        grad_cam(model, x, "features", "logit", sign=np.ones(3))


def test_grad_cam_works_in_3d() -> None:
    x = np.random.default_rng(1).normal(size=(2, 3, 3, 3, 1)).astype("float32")
    cam = grad_cam(cam_model(3, dims=3), x, "features", "logit")
    np.testing.assert_allclose(cam, np.maximum(x[..., 0] / 27, 0), atol=1e-6)


def test_input_gradients_of_a_linear_model() -> None:
    # S = w . x + b has dS/dx = w for every image.
    inputs = keras.Input((5, 5, 2))
    logit = keras.layers.Dense(1, name="logit")(keras.layers.Flatten()(inputs))
    model = keras.Model(inputs, logit)
    w = np.random.default_rng(2).normal(size=(50, 1)).astype("float32")
    model.get_layer("logit").set_weights([w, np.zeros(1, "float32")])
    x = np.random.default_rng(3).normal(size=(4, 5, 5, 2)).astype("float32")
    score, grad_x = input_gradients(model, x, "logit", sign=-1.0)
    np.testing.assert_allclose(score, -(x.reshape(4, -1) @ w).ravel(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(grad_x, np.broadcast_to(-w.reshape(5, 5, 2), x.shape), atol=1e-6)
    sal = vanilla_saliency(model, x, "logit")
    np.testing.assert_allclose(sal[0], np.abs(w.reshape(5, 5, 2)).max(axis=-1), atol=1e-6)


def small_cnn() -> keras.Model:
    """A nonlinear CNN with BatchNorm (inference mode: its moving statistics) between A and S."""
    inputs = keras.Input((6, 6, 1))
    features = keras.layers.Conv2D(3, 3, activation="tanh", name="features")(inputs)
    h = keras.layers.Conv2D(2, 2, activation="tanh")(keras.layers.BatchNormalization()(features))
    return keras.Model(inputs, keras.layers.Dense(1, name="logit")(keras.layers.Flatten()(h)))


def test_gradients_match_finite_differences() -> None:
    # Central differences through the Keras forward pass; h = 1e-2 keeps float32 rounding small.
    keras.utils.set_random_seed(6)
    model, signs = small_cnn(), np.array([1.0, -1.0])
    x = np.random.default_rng(6).normal(size=(2, 6, 6, 1)).astype("float32")

    def summed(part: keras.Model):
        return lambda v: float(np.sum(signs * keras.ops.convert_to_numpy(part(v.astype("float32"), training=False)).ravel()))

    score, grad_x = input_gradients(model, x, "logit", sign=signs)
    assert relative_error(grad_x, numerical_gradient(summed(model), x, h=1e-2)) < 1e-2
    features, grad_a = feature_gradients(model, x, "features", "logit", sign=signs)
    assert features.shape == (2, 4, 4, 3)
    tail = keras.Model(model.get_layer("features").output, model.get_layer("logit").output)
    assert relative_error(grad_a, numerical_gradient(summed(tail), features, h=1e-2)) < 1e-2


def test_grad_cam_refuses_a_layer_that_a_skip_connection_goes_around() -> None:
    inputs = keras.Input((6, 6, 1))
    features = keras.layers.Conv2D(2, 3, padding="same", name="features")(inputs)
    h = keras.layers.Add()([features, keras.layers.Conv2D(2, 1)(inputs)])
    model = keras.Model(inputs, keras.layers.Dense(1, name="logit")(keras.layers.Flatten()(h)))
    with pytest.raises(ValueError, match="goes around it"):
        grad_cam(model, np.zeros((1, 6, 6, 1), "float32"), "features", "logit")


def test_occlusion_of_a_linear_model() -> None:
    # With S = sum(x) and fill 0, hiding a patch lowers S by the sum of its pixels.
    inputs = keras.Input((6, 6, 1))
    logit = keras.layers.Dense(1, name="logit", kernel_initializer="ones")(keras.layers.Flatten()(inputs))
    model = keras.Model(inputs, logit)
    x = np.zeros((1, 6, 6, 1), "float32")
    x[0, 0, 0, 0] = 1.0  # one bright pixel in the corner
    drop = occlusion_sensitivity(model, x, "logit", patch=2, stride=2, fill=0.0)
    expected = np.zeros((6, 6))
    expected[:2, :2] = 1.0  # only the patch covering the bright pixel changes S
    np.testing.assert_allclose(drop[0], expected, atol=1e-6)


def test_upsample_normalise_and_rank_correlation() -> None:
    maps = np.arange(2 * 7 * 7, dtype=float).reshape(2, 7, 7)
    big = upsample(maps, (28, 28))
    assert big.shape == (2, 28, 28)
    assert big[0].min() == pytest.approx(maps[0].min()) and big[0].max() == pytest.approx(maps[0].max())
    assert upsample(np.ones((1, 2, 2, 2)), (4, 4, 4)).shape == (1, 4, 4, 4)
    unit = normalise(maps)
    assert unit.min() == 0 and unit.max() == 1 and np.all(normalise(np.ones((1, 3, 3))) == 0)
    rho = rank_correlation(maps, maps ** 3)  # a monotone transform keeps every rank
    np.testing.assert_allclose(rho, 1.0)
    np.testing.assert_allclose(rank_correlation(maps, -maps), -1.0)
    assert np.isnan(rank_correlation(np.ones((1, 3, 3)), maps[:1, :3, :3]))[0]


def test_show_overlays_makes_a_grid() -> None:
    images = np.random.default_rng(4).uniform(size=(2, 8, 8, 1))
    fig = show_overlays(images, {"a": images[..., 0], "b": images[..., 0] ** 2}, ["one", "two"], title="t")
    assert len(fig.axes) == 2 * 3 + 1  # the grid and a colour bar
    assert fig.axes[0].get_title() == "image"
