"""The validation sweep behind lesson 05's defaults (validation metrics only, never test).

Each run trains lesson 05's CNN (the same blocks: two 3×3 convolutions per stage, 28 → 14 → 7 px,
global average pooling, dropout, AdamW with warm-up and cosine decay, class weights for binary
tasks, mirror test-time augmentation where it is safe) with one configuration, and prints the
validation AUC and ACC after every epoch and a final ``RESULT`` line. It never computes anything
on the test split. ``tools/lesson05_validation_sweep.md`` lists the runs that chose the defaults.

    COURSE_DATA_DIR=../shared/medmnist python tools/lesson05_validation_sweep.py --ds bloodmnist --epochs 10 --aug flip
    python tools/lesson05_validation_sweep.py summarise LOG...   # a markdown table of RESULT lines
    python tools/lesson05_validation_sweep.py cv --ds breastmnist --epochs 60 --batch 32 --bnm 0.9 --aug flip \
        --folds 5 --members 5 --out cv.jsonl                       # does a seed ensemble beat one model?

``cv`` is cross-validation on the training and validation splits pooled (the test split is not
used): each of ``--folds`` stratified folds is held out in turn; the rest is split again into a
training part and an inner validation part as large as the official one, which selects each model's
best epoch exactly as the lesson does. ``--members`` models with seeds 0, 1, ... are trained per fold
(seed by seed, so that a cut-short run still has whole seeds) and their held-out scores are written
to ``--out``; ``cv-summary FILE`` prints the held-out AUC/ACC of one model and of ensembles of 2, 3, ...
models (averaged over folds and over every choice of seeds). With ``--every-epoch 1``, ``cv`` also
stores every epoch's scores of the inner validation and held-out images, and ``cv-epochs FILE``
compares ways of choosing epochs (the best one, the k best averaged, the last ones) and of setting the
threshold (Bayes' rule, or calibrations fitted on the inner validation split).

    python tools/lesson05_validation_sweep.py cv-epochs tools/lesson05_breast_cv_epochs.jsonl.gz

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


def cv_splits(y, n_folds: int, n_val: int) -> list:
    """``(train, inner val, held out)`` index arrays into the pooled train + val labels ``y``, one per fold.

    Stratified folds; each fold's remainder is split again (stratified) into a training part and an
    inner validation part of ``n_val`` images, which selects the best epoch as the lesson's val split does.
    """
    from sklearn.model_selection import StratifiedKFold, train_test_split

    folds = StratifiedKFold(n_folds, shuffle=True, random_state=0).split(y, y)
    return [(*train_test_split(rest, test_size=n_val, stratify=y[rest], random_state=k), held_out)
            for k, (rest, held_out) in enumerate(folds)]


def cross_validate(a: argparse.Namespace) -> None:
    """Held-out scores of single models and seed ensembles, by cross-validation on train + val."""
    import course_utils  # noqa: F401  (starts Keras quietly)
    import numpy as np

    from course_utils import load_medmnist

    data = load_medmnist(a.ds)
    x = np.concatenate([data.x_train, data.x_val])
    y = np.concatenate([data.y_train, data.y_val])
    folds = cv_splits(y, a.folds, len(data.y_val))
    with open(a.out, "a") as out:
        seeds = [int(s) for s in a.seeds.split(",")] if a.seeds else range(a.members)
        for seed in seeds:
            for k, (tr, va, held_out) in enumerate(folds):
                watched = [] if a.every_epoch else None
                predict, best, seconds, _ = build_and_train(a, x[tr], y[tr], x[va], y[va], data.info, seed, verbose=False,
                                                            watch=x[held_out], watched=watched)
                # indices into train + val (pooled), not labels: no MedMNIST data goes into the file
                row = {"ds": a.ds, "balance": a.balance, "fold": k, "seed": seed, "best_epoch": best[2], "inner_val_auc": best[0],
                       "seconds": round(seconds), "held_out": held_out.tolist(), "scores": predict(x[held_out]).tolist(),
                       "val": va.tolist(), "val_scores": predict(x[va]).tolist()}  # for calibration on the inner val
                if watched:  # every epoch's scores, to compare ways of choosing or averaging epochs
                    row["epoch_val_scores"] = [np.round(v.ravel(), 5).tolist() for v, _ in watched]
                    row["epoch_scores"] = [np.round(h.ravel(), 5).tolist() for _, h in watched]
                out.write(json.dumps(row) + "\n")
                out.flush()
                print(f"fold {k} seed {seed}: best epoch {best[2]}, {seconds:.0f} s", flush=True)


def cv_summary(path: str) -> None:
    """Held-out AUC and ACC of ensembles of m seeds (m = 1 is one model), averaged over folds and seed choices.

    For each fold, every combination of m of the fold's seeds is scored, so that the figure for m does
    not hang on which seeds happen to come first. The last column is the ACC after the ensemble's
    probabilities are converted to the balance of the fold's training part with Bayes' rule (odds times
    N1/N0), as lesson 05 does for test splits drawn at random from the training collection; the
    conversion is monotone, so it leaves the AUC unchanged.
    """
    from itertools import combinations

    import numpy as np

    import course_utils  # noqa: F401  (starts Keras quietly)

    from course_utils import load_medmnist, metrics

    rows = read_rows(path)
    data = load_medmnist(rows[0]["ds"])
    labels = np.concatenate([data.y_train, data.y_val])  # the pooled order that cross_validate used
    splits = cv_splits(labels, max(r["fold"] for r in rows) + 1, len(data.y_val))
    folds = sorted({r["fold"] for r in rows})
    n_seeds = min(sum(r["fold"] == k for r in rows) for k in folds)
    print(f"{len(folds)} folds, {n_seeds} seeds in every fold, {np.mean([r['seconds'] for r in rows]):.0f} s per model")
    weighted = rows[0].get("balance", 1)  # only class-weighted models need converting back to the training balance
    per_fold = []  # (runs sorted by seed, held-out labels, N1/N0 of the fold's training part)
    for k in folds:
        runs = sorted((r for r in rows if r["fold"] == k), key=lambda r: r["seed"])[:n_seeds]
        train_part, _, held_out = splits[k]
        assert held_out.tolist() == runs[0]["held_out"], "the folds differ from those of the runs"
        prevalence = labels[train_part].mean()
        per_fold.append((runs, labels[held_out], prevalence / (1 - prevalence)))

    def averaged(group):
        return np.mean([np.array(g["scores"]) for g in group], axis=0)

    print("| models averaged | mean held-out AUC | mean held-out ACC |" + (" ACC at the training balance |" if weighted else "")
          + "\n|---:|---:|---:|" + ("---:|" if weighted else ""))
    for m in range(1, n_seeds + 1):
        aucs, accs, accs_prior = [], [], []
        for runs, y, odds in per_fold:
            for group in combinations(runs, m):
                p = averaged(group)
                result = metrics.evaluate(y, p, "binary-class")
                aucs.append(result["auc"])
                accs.append(result["acc"])
                accs_prior.append(metrics.evaluate(y, to_training_balance(p, odds), "binary-class")["acc"])
        print(f"| {m} | {np.mean(aucs):.4f} | {np.mean(accs):.4f} |" + (f" {np.mean(accs_prior):.4f} |" if weighted else ""))
    if weighted:  # fold by fold, for the ensemble of all seeds: does the conversion help everywhere?
        print(f"\nEnsemble of {n_seeds}, fold by fold: held-out ACC as is -> at the training balance; images predicted class 0")
        for k, (runs, y, odds) in zip(folds, per_fold):
            p = averaged(runs).ravel()
            converted = to_training_balance(p, odds)
            print(f"    fold {k}: ACC {np.mean((p > 0.5) == y):.3f} -> {np.mean((converted > 0.5) == y):.3f}; "
                  f"predicted class 0: {np.sum(p <= 0.5)} -> {np.sum(converted <= 0.5)} (truly class 0: {np.sum(y == 0)})")


def read_rows(path: str) -> list[dict]:
    """The rows of a ``cv`` output file, plain or gzipped."""
    import gzip

    with (gzip.open if path.endswith(".gz") else open)(path, "rt") as f:
        return [json.loads(line) for line in f]


def cv_epochs(path: str) -> None:
    """Held-out AUC and ACC of the 5-model ensemble, fold by fold, for several ways of using the epochs and the threshold.

    Every choice below uses the inner validation split only (each model's epochs are ranked by their
    inner-validation AUC; calibrations are fitted on the inner-validation scores); the held-out fold
    only scores the result.
    """
    import numpy as np
    from scipy.optimize import minimize

    import course_utils  # noqa: F401  (starts Keras quietly)

    from course_utils import load_medmnist, metrics

    rows = read_rows(path)
    data = load_medmnist(rows[0]["ds"])
    labels = np.concatenate([data.y_train, data.y_val])
    folds = sorted({r["fold"] for r in rows})
    splits = cv_splits(labels, len(folds), len(data.y_val))
    logit = lambda p: np.log(np.clip(p, 1e-6, 1 - 1e-6) / (1 - np.clip(p, 1e-6, 1 - 1e-6)))  # noqa: E731
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731

    def nll(p, y):
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    results = {}  # (epochs, threshold rule) -> [(AUC, ACC) per fold]
    for k in folds:
        train_part, inner_val, held_out = splits[k]
        runs = sorted((r for r in rows if r["fold"] == k), key=lambda r: r["seed"])
        assert runs[0]["held_out"] == held_out.tolist() and runs[0]["val"] == inner_val.tolist(), "folds differ"
        y_val, y_held = labels[inner_val], labels[held_out]
        prevalence = labels[train_part].mean()
        odds = prevalence / (1 - prevalence)  # N1/N0 of the fold's training part, as in cv_summary
        per_run = []  # (every epoch's inner-val scores, held-out scores, epochs by inner-val AUC, best first)
        for r in runs:
            V, H = np.array(r["epoch_val_scores"]), np.array(r["epoch_scores"])
            # a stable sort, so that ties go to the earlier epoch, as in the lesson
            per_run.append((V, H, np.argsort([-metrics.auc(y_val, v, "binary-class") for v in V], kind="stable")))
        rules = {"best": lambda ranked: ranked[:1], "best 3": lambda ranked: ranked[:3], "best 5": lambda ranked: ranked[:5],
                 "best 10": lambda ranked: ranked[:10], "last 5": lambda ranked: np.arange(-5, 0), "last": lambda ranked: [-1]}
        choices = {}  # epochs rule -> (the ensemble's inner-val scores, its held-out scores)
        for rule, epochs_of in rules.items():
            choices[rule] = (np.mean([V[epochs_of(ranked)].mean(axis=0) for V, _, ranked in per_run], axis=0),
                             np.mean([H[epochs_of(ranked)].mean(axis=0) for _, H, ranked in per_run], axis=0))
        for rule, (val, held) in choices.items():
            a, b = minimize(lambda t: nll(sigmoid(t[0] * logit(val) + t[1]), y_val), [1.0, 0.0]).x
            thresholds = {"0.5": held, "Bayes": to_training_balance(held, odds),
                          "Platt on inner val": sigmoid(a * logit(held) + b)}
            for name, p in thresholds.items():
                results.setdefault((rule, name), []).append((metrics.auc(y_held, held, "binary-class"), np.mean((p > 0.5) == y_held)))
    print(f"{len(folds)} folds, {len(runs)} seeds; held-out AUC and ACC of the ensemble, mean over folds, then fold by fold")
    print("| epochs per model | threshold | AUC | ACC | ACC per fold |\n|---|---|---:|---:|---|")
    for (rule, name), per_fold in results.items():
        auc, acc = np.mean(per_fold, axis=0)
        print(f"| {rule} | {name} | {auc:.4f} | {acc:.4f} | " + " ".join(f"{a:.3f}" for _, a in per_fold) + " |")


def to_training_balance(p, odds: float):
    """Bayes' rule, as in lesson 05: balanced-population probabilities ``p`` -> at prior odds ``odds`` (N1/N0)."""
    return odds * p / (odds * p + 1 - p)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
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
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--members", type=int, default=5)
    p.add_argument("--seeds", default="", help="comma-separated seeds to train (default: 0 .. members-1), "
                   "to share one cross-validation between processes")
    p.add_argument("--every-epoch", type=int, default=0, help="cv: also store every epoch's val and held-out scores")
    p.add_argument("--out", default="cv.jsonl")
    return p.parse_args(argv)


def build_and_train(a: argparse.Namespace, x_train, y_train, x_val, y_val, info, seed: int, verbose: bool = True,
                    watch=None, watched: list | None = None):
    """Train lesson 05's CNN with configuration ``a`` on (x_train, y_train), scoring (x_val, y_val) after each epoch.

    Returns ``(predict, best, seconds, log)``: a function giving the (mirror-averaged) scores of images with
    the weights of the best epoch by validation AUC, ``best = (auc, acc, epoch)``, the training time, and
    one ``(epoch, loss, val AUC, val ACC, seconds)`` row per epoch. With ``watch`` (images) and ``watched``
    (a list), each epoch appends ``(scores of x_val, scores of watch)`` to ``watched``.
    """
    import keras
    import numpy as np

    from course_utils import metrics, set_seed

    set_seed(seed)
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
    norm.adapt(x_train)
    inputs = keras.Input(x_train.shape[1:])
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
    steps = a.epochs * int(np.ceil(len(x_train) / a.batch))
    schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=steps - steps // 10, warmup_target=a.lr,
                                                      warmup_steps=steps // 10)
    model.compile(optimizer=keras.optimizers.AdamW(schedule, weight_decay=a.wd), loss=loss)
    class_weight = None
    if a.balance and info.task == "binary-class":
        counts = np.bincount(y_train, minlength=2)
        class_weight = {k: len(y_train) / (2 * n) for k, n in enumerate(counts)}
    flip = a.tta and a.ds not in MIRROR_UNSAFE

    def predict(images):
        scores = model.predict(images, batch_size=1024, verbose=0)
        if flip:
            scores = (scores + model.predict(images[:, :, ::-1], batch_size=1024, verbose=0)) / 2
        return scores

    log, best, best_weights = [], [(-1.0, None, None)], [None]

    def score_validation(epoch, logs):
        val_scores = predict(x_val)
        r = metrics.evaluate(y_val, val_scores, info.task)
        if watched is not None:
            watched.append((val_scores, predict(watch)))
        log.append((epoch + 1, round(logs["loss"], 4), round(r["auc"], 4), round(r["acc"], 4), round(time.perf_counter() - t0)))
        if verbose:
            print(*log[-1], flush=True)
        if r["auc"] > best[0][0]:
            best[0], best_weights[0] = (r["auc"], r["acc"], epoch + 1), model.get_weights()

    if verbose:
        print(model.count_params(), "params", flush=True)
    t0 = time.perf_counter()
    model.fit(x_train, y_train, epochs=a.epochs, batch_size=a.batch, shuffle=True, class_weight=class_weight,
              callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=score_validation)], verbose=0)
    seconds = time.perf_counter() - t0
    model.set_weights(best_weights[0])  # the lesson's best checkpoint
    return predict, best[0], seconds, log


def main() -> None:
    a = parse_args()
    import course_utils  # noqa: F401  (starts Keras quietly)

    from course_utils import load_medmnist

    data = load_medmnist(a.ds, subset=a.subset or None, seed=a.seed)
    _, best, seconds, log = build_and_train(a, data.x_train, data.y_train, data.x_val, data.y_val, data.info, a.seed)
    print("RESULT", json.dumps(vars(a)), "best_val_auc %.4f acc %.4f ep %d" % best,
          "last_val auc %.4f acc %.4f" % (log[-1][2], log[-1][3]), "time %.0f" % seconds, flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "summarise":
        summarise(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "cv":
        cross_validate(parse_args(sys.argv[2:]))
    elif len(sys.argv) > 1 and sys.argv[1] == "cv-summary":
        cv_summary(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "cv-epochs":
        cv_epochs(sys.argv[2])
    else:
        main()
