"""The validation sweep behind lesson 05's defaults (validation metrics only, never test).

Each run trains lesson 05's CNN (the same blocks: two 3×3 convolutions per stage, 28 → 14 → 7 px,
global average pooling, dropout, AdamW with warm-up and cosine decay, class weights for binary
tasks, mirror test-time augmentation where it is safe) with one configuration, and prints the
validation AUC and ACC after every epoch and a final ``RESULT`` line. It never computes anything
on the test split. ``tools/lesson05_validation_sweep.md`` lists the runs that chose the defaults.

    COURSE_DATA_DIR=../shared/medmnist python tools/lesson05_validation_sweep.py --ds bloodmnist --epochs 10 --aug flip
    python tools/lesson05_validation_sweep.py summarise LOG...   # a markdown table of RESULT lines

``--aug``: ``default`` (the lesson's earlier augmentation: flips, rotations and shifts, interpolated),
``flip`` (flips only), ``shift`` (shifts only; ``--interp nearest`` for whole pixels) or ``none``.
``--bnm`` is the batch-normalisation momentum (Keras' default 0.99; the lesson uses 0.9).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

MIRROR_UNSAFE = {"organamnist"}  # left and right organs are different classes
ORIENTATION_FREE = {"bloodmnist"}  # microscopy: any flip or rotation keeps the label


def summarise(logs: list[str]) -> None:
    """Print the RESULT lines of sweep logs as a markdown table."""
    print("| dataset | epochs | batch | BN (momentum) | augmentation | lr | best val AUC | its val ACC | epoch | s |")
    print("|---|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for log in logs:
        for line in open(log):
            if line.startswith("RESULT "):
                m = re.match(r"RESULT (\{.*\}) best_val_auc ([\d.]+) acc ([\d.]+) ep (\d+) .* time (\d+)", line)
                a, auc, acc, ep, t = json.loads(m[1]), m[2], m[3], m[4], m[5]
                bn = f"on ({a.get('bnm', 0.99)})" if a["bn"] else "off"
                aug = a["aug"] + (f", {a['interp']}" if a.get("interp", "bilinear") != "bilinear" else "")
                print(f"| {a['ds']} | {a['epochs']} | {a['batch']} | {bn} | {aug} | {a['lr']:g} | {auc} | {acc} | {ep} | {t} |")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ds", default="bloodmnist")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--width", type=int, default=24)
    p.add_argument("--bn", type=int, default=1)
    p.add_argument("--bnm", type=float, default=0.99)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--wd", type=float, default=1e-4)
    p.add_argument("--aug", default="default", choices=["default", "flip", "shift", "none"])
    p.add_argument("--interp", default="bilinear")
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--subset", type=int, default=0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tta", type=int, default=1)
    p.add_argument("--balance", type=int, default=1)
    return p.parse_args()


def main() -> None:
    a = parse_args()
    import course_utils  # noqa: F401  (starts Keras quietly)
    import keras
    import numpy as np

    from course_utils import load_medmnist, metrics, set_seed

    data = load_medmnist(a.ds, subset=a.subset or None, seed=a.seed)
    info = data.info
    set_seed(a.seed)
    free = a.ds in ORIENTATION_FREE
    fill = "reflect" if free else "constant"

    def augmentation():
        if a.aug == "none":
            return keras.layers.Identity()
        if a.aug == "flip":
            return keras.layers.RandomFlip("horizontal_and_vertical" if free else "horizontal")
        if a.aug == "shift":
            return keras.layers.RandomTranslation(0.1, 0.1, fill_mode=fill, interpolation=a.interp)
        if free:
            layers = [keras.layers.RandomFlip("horizontal_and_vertical"),
                      keras.layers.RandomRotation(0.5, fill_mode=fill, interpolation=a.interp)]
        elif a.ds not in MIRROR_UNSAFE:
            layers = [keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.05, fill_mode="constant")]
        else:
            layers = [keras.layers.RandomRotation(0.05, fill_mode="constant")]
        layers.append(keras.layers.RandomTranslation(0.1, 0.1, fill_mode=fill, interpolation=a.interp))
        return keras.Sequential(layers)

    def conv(x, filters):
        x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=not a.bn)(x)
        if a.bn:
            x = keras.layers.BatchNormalization(momentum=a.bnm)(x)
        return keras.layers.Activation("relu")(x)

    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(data.x_train)
    inputs = keras.Input(data.x_train.shape[1:])
    x = norm(augmentation()(inputs))
    for i, filters in enumerate([a.width, 2 * a.width, 4 * a.width]):
        x = conv(conv(x, filters), filters)
        x = keras.layers.MaxPooling2D(2)(x) if i < 2 else keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(a.dropout)(x)
    if info.task == "binary-class":
        head, loss = keras.layers.Dense(1, activation="sigmoid"), keras.losses.BinaryCrossentropy()
    else:
        head, loss = keras.layers.Dense(info.n_classes, activation="softmax"), "sparse_categorical_crossentropy"
    model = keras.Model(inputs, head(x))
    steps = a.epochs * int(np.ceil(len(data.x_train) / a.batch))
    schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=steps - steps // 10, warmup_target=a.lr,
                                                      warmup_steps=steps // 10)
    model.compile(optimizer=keras.optimizers.AdamW(schedule, weight_decay=a.wd), loss=loss)
    class_weight = None
    if a.balance and info.task == "binary-class":
        counts = np.bincount(data.y_train, minlength=2)
        class_weight = {k: len(data.y_train) / (2 * n) for k, n in enumerate(counts)}
    flip = a.tta and a.ds not in MIRROR_UNSAFE

    def predict(images):
        scores = model.predict(images, batch_size=1024, verbose=0)
        if flip:
            scores = (scores + model.predict(images[:, :, ::-1], batch_size=1024, verbose=0)) / 2
        return scores

    log, best = [], [(-1.0, None, None)]

    def score_validation(epoch, logs):
        r = metrics.evaluate(data.y_val, predict(data.x_val), info.task)
        log.append((epoch + 1, round(logs["loss"], 4), round(r["auc"], 4), round(r["acc"], 4), round(time.perf_counter() - t0)))
        print(*log[-1], flush=True)
        if r["auc"] > best[0][0]:
            best[0] = (r["auc"], r["acc"], epoch + 1)

    print(model.count_params(), "params", flush=True)
    t0 = time.perf_counter()
    model.fit(data.x_train, data.y_train, epochs=a.epochs, batch_size=a.batch, shuffle=True, class_weight=class_weight,
              callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=score_validation)], verbose=0)
    seconds = time.perf_counter() - t0
    print("RESULT", json.dumps(vars(a)), "best_val_auc %.4f acc %.4f ep %d" % best[0],
          "last_val auc %.4f acc %.4f" % (log[-1][2], log[-1][3]), "time %.0f" % seconds, flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "summarise":
        summarise(sys.argv[2:])
    else:
        main()
