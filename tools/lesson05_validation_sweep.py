"""The validation sweep behind lesson 05's defaults (validation metrics only, never test).

Each run trains lesson 05's CNN (the same blocks: two 3×3 convolutions per stage, 28 → 14 → 7 px,
global average pooling, dropout, AdamW with warm-up and cosine decay, class weights for binary
tasks, mirror test-time augmentation where it is safe) with one configuration, and prints the
validation AUC and ACC after every epoch and a final ``RESULT`` line. It never loads predictions
for the test split. ``tools/lesson05_validation_sweep.md`` lists the runs that chose the defaults.

    COURSE_DATA_DIR=../shared/medmnist python tools/lesson05_validation_sweep.py --ds bloodmnist --epochs 10 --aug flip
    python tools/lesson05_validation_sweep.py summarise LOG...   # a markdown table of RESULT lines

Options beyond the lesson's: ``--arch resnet`` (not used by the lesson), ``--norm gn`` (group
normalisation), ``--aug default`` (the earlier augmentation: flips, rotations and sub-pixel shifts),
``--aug shift --interp nearest`` (shifts without interpolation), ``--bnm`` (batch-norm momentum).
"""
import sys

if len(sys.argv) > 1 and sys.argv[1] == "summarise":
    import json, re
    print("| dataset | epochs | batch | BN (momentum) | augmentation | lr | best val AUC | its val ACC | epoch | s |")
    print("|---|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for log in sys.argv[2:]:
        for line in open(log):
            if line.startswith("RESULT "):
                m = re.match(r"RESULT (\{.*\}) best_val_auc ([\d.]+) acc ([\d.]+) ep (\d+) .* time (\d+)", line)
                a, auc, acc, ep, t = json.loads(m[1]), m[2], m[3], m[4], m[5]
                bn = f"on ({a.get('bnm', 0.99)})" if a["bn"] else "off"
                aug = a["aug"] + (f", {a['interp']}" if a.get("interp", "bilinear") != "bilinear" else "")
                print(f"| {a['ds']} | {a['epochs']} | {a['batch']} | {bn} | {aug} | {a['lr']:g} | {auc} | {acc} | {ep} | {t} |")
    sys.exit()

import argparse, time, json, sys
import course_utils
import keras, numpy as np
from course_utils import load_medmnist, set_seed, metrics

p = argparse.ArgumentParser()
p.add_argument("--ds", default="bloodmnist"); p.add_argument("--epochs", type=int, default=5)
p.add_argument("--width", type=int, default=24); p.add_argument("--bn", type=int, default=1)
p.add_argument("--arch", default="vgg"); p.add_argument("--batch", type=int, default=128)
p.add_argument("--lr", type=float, default=3e-3); p.add_argument("--wd", type=float, default=1e-4)
p.add_argument("--ls", type=float, default=0.0); p.add_argument("--aug", default="default")
p.add_argument("--dropout", type=float, default=0.3); p.add_argument("--jit", type=int, default=0)
p.add_argument("--subset", type=int, default=0); p.add_argument("--seed", type=int, default=0)
p.add_argument("--tta", type=int, default=1); p.add_argument("--steps_only", type=int, default=0)
p.add_argument("--bnm", type=float, default=0.99); p.add_argument("--norm", default="bn"); p.add_argument("--groups", type=int, default=8); p.add_argument("--interp", default="bilinear"); p.add_argument("--balance", type=int, default=1); p.add_argument("--opt", default="adamw")
a = p.parse_args()

data = load_medmnist(a.ds, subset=a.subset or None, seed=a.seed)
info = data.info
set_seed(a.seed)
MIRROR_UNSAFE = {"organamnist"}; FREE = {"bloodmnist"}
def augmentation(flag, kind):
    L = []
    if kind == "none": return keras.layers.Identity()
    if kind == "flip": return keras.layers.RandomFlip("horizontal_and_vertical" if flag in FREE else "horizontal")
    if kind == "shift": return keras.layers.RandomTranslation(0.1, 0.1, fill_mode="reflect" if flag in FREE else "constant", interpolation=a.interp)
    fill = "reflect" if flag in FREE else "constant"
    if flag in FREE:
        L += [keras.layers.RandomFlip("horizontal_and_vertical")]
        if kind != "norot": L += [keras.layers.RandomRotation(0.5, fill_mode=fill, interpolation=a.interp)]
    elif flag not in MIRROR_UNSAFE:
        L += [keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.05, fill_mode="constant")]
    else:
        L += [keras.layers.RandomRotation(0.05, fill_mode="constant")]
    L += [keras.layers.RandomTranslation(0.1, 0.1, fill_mode=fill, interpolation=a.interp)]
    return keras.Sequential(L)

def head(task, n):
    if task == "binary-class": return keras.layers.Dense(1, activation="sigmoid"), keras.losses.BinaryCrossentropy(label_smoothing=a.ls)
    return keras.layers.Dense(n, activation="softmax"), "sparse_categorical_crossentropy"

def conv_bn(x, f, bn, stride=1, act=True):
    x = keras.layers.Conv2D(f, 3, strides=stride, padding="same", use_bias=not bn)(x)
    if bn: x = (keras.layers.BatchNormalization(momentum=a.bnm) if a.norm == "bn" else keras.layers.GroupNormalization(min(a.groups, f)))(x)
    return keras.layers.Activation("relu")(x) if act else x

def vgg(x, w, bn):
    for i, f in enumerate([w, 2*w, 4*w]):
        x = conv_bn(conv_bn(x, f, bn), f, bn)
        x = keras.layers.MaxPooling2D(2)(x) if i < 2 else keras.layers.GlobalAveragePooling2D()(x)
    return x

def resblock(x, f, bn, stride):
    sc = x
    y = conv_bn(x, f, bn, stride)
    y = conv_bn(y, f, bn, act=False)
    if stride != 1 or x.shape[-1] != f:
        sc = keras.layers.Conv2D(f, 1, strides=stride, use_bias=not bn)(x)
        if bn: sc = (keras.layers.BatchNormalization(momentum=a.bnm) if a.norm == "bn" else keras.layers.GroupNormalization(min(a.groups, f)))(sc)
    return keras.layers.Activation("relu")(keras.layers.Add()([y, sc]))

def resnet(x, w, bn):
    x = conv_bn(x, w, bn)
    for f, s in [(w, 1), (2*w, 2), (4*w, 2)]:
        x = resblock(x, f, bn, s)
    return keras.layers.GlobalAveragePooling2D()(x)

def resnet2(x, w, bn):
    x = conv_bn(x, w, bn)
    for f, s in [(w, 1), (w,1), (2*w, 2), (2*w,1), (4*w, 2), (4*w,1)]:
        x = resblock(x, f, bn, s)
    return keras.layers.GlobalAveragePooling2D()(x)

norm = keras.layers.Normalization(axis=-1); norm.adapt(data.x_train)
inp = keras.Input(data.x_train.shape[1:])
x = norm(augmentation(a.ds, a.aug)(inp))
x = {"vgg": vgg, "resnet": resnet, "resnet2": resnet2}[a.arch](x, a.width, bool(a.bn))
x = keras.layers.Dropout(a.dropout)(x)
h, loss = head(info.task, info.n_classes)
if info.task != "binary-class" and a.ls > 0:
    # label smoothing needs one-hot; use categorical CE on one-hot
    loss = keras.losses.CategoricalCrossentropy(label_smoothing=a.ls)
model = keras.Model(inp, h(x))
bs = a.batch
steps = a.epochs * int(np.ceil(len(data.x_train) / bs))
sched = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=steps - steps // 10, warmup_target=a.lr, warmup_steps=steps // 10)
opt = keras.optimizers.AdamW(sched, weight_decay=a.wd) if a.opt == "adamw" else keras.optimizers.SGD(sched, momentum=0.9, nesterov=True)
model.compile(optimizer=opt, loss=loss, jit_compile=bool(a.jit))
ytr = data.y_train
if info.task != "binary-class" and a.ls > 0:
    ytr = keras.utils.to_categorical(ytr, info.n_classes)
cw = None
if a.balance and info.task == "binary-class":
    c = np.bincount(data.y_train, minlength=2); cw = {k: len(data.y_train) / (2 * n) for k, n in enumerate(c)}
flip = a.tta and a.ds not in MIRROR_UNSAFE
def pred(x):
    s = model.predict(x, batch_size=1024, verbose=0)
    if flip: s = (s + model.predict(x[:, :, ::-1], batch_size=1024, verbose=0)) / 2
    return s
log = []
class CB(keras.callbacks.Callback):
    best = (-1, None, None)
    def on_epoch_end(self, ep, logs=None):
        s = pred(data.x_val); r = metrics.evaluate(data.y_val, s, info.task)
        log.append((ep + 1, round(logs["loss"], 4), round(r["auc"], 4), round(r["acc"], 4), round(time.perf_counter() - t0)))
        print(*log[-1], flush=True)
        if r["auc"] > CB.best[0]: CB.best = (r["auc"], r["acc"], ep + 1)
print(model.count_params(), "params", flush=True)
t0 = time.perf_counter()
model.fit(data.x_train, ytr, epochs=a.epochs, batch_size=bs, shuffle=True, class_weight=cw, callbacks=[CB()], verbose=0)
T = time.perf_counter() - t0
print("RESULT", json.dumps(vars(a)), "best_val_auc %.4f acc %.4f ep %d" % CB.best, "last_val auc %.4f acc %.4f" % (log[-1][2], log[-1][3]), "time %.0f" % T, flush=True)
