"""Scratch model builders for tools/lesson08_gan_experiments/exp.py (the lesson's networks, with sizes as arguments)."""
import os, sys, time, json
import course_utils
import keras, numpy as np
from course_utils.gan import GAN, ConditionalGAN, batches
L = keras.layers

def make_generator(input_dim, ch=1, w=128, w1=64, w2=32, mom=0.9, k_last=3):
    BN = lambda: L.BatchNormalization(momentum=mom)
    def up(f): return [L.UpSampling2D(2), L.Conv2D(f, 3, padding="same", use_bias=False), BN(), L.LeakyReLU(0.2)]
    return keras.Sequential([keras.Input((input_dim,)), L.Dense(7*7*w, use_bias=False), BN(), L.LeakyReLU(0.2),
        L.Reshape((7, 7, w)), *up(w1), *up(w2), L.Conv2D(ch, k_last, padding="same", activation="tanh")])

def make_dfeat(ch=1, d1=64, d2=128, d3=256, drop=0.3):
    return keras.Sequential([keras.Input((28, 28, ch)),
        L.Conv2D(d1, 4, strides=2, padding="same"), L.LeakyReLU(0.2),
        L.Conv2D(d2, 4, strides=2, padding="same"), L.LeakyReLU(0.2),
        L.Conv2D(d3, 3, strides=2, padding="same"), L.LeakyReLU(0.2),
        L.Flatten(), L.Dropout(drop)])

def make_disc(ch=1, **kw):
    return keras.Sequential([make_dfeat(ch, **kw), L.Dense(1)])

def make_cgen(lat, ncls, ch=1, **kw):
    z, y = keras.Input((lat,)), keras.Input((ncls,))
    return keras.Model([z, y], make_generator(lat + ncls, ch, **kw)(L.Concatenate()([z, y])))

def make_cdisc(ncls, ch=1, **kw):
    x, y = keras.Input((28, 28, ch)), keras.Input((ncls,))
    phi = make_dfeat(ch, **kw)(x)
    e = L.Dense(phi.shape[-1], use_bias=False)(y)
    return keras.Model([x, y], L.Add()([L.Dense(1)(phi), L.Dot(axes=1)([e, phi])]))

def adam(lr): return keras.optimizers.Adam(lr, beta_1=0.5)
