"""One timed GAN run for lesson 08's design choices (the scratch experiment behind its "Why BloodMNIST?").

Trains the lesson's DCGAN (or, with cond=1, its conditional GAN) for T seconds on one dataset, then
scores samples with the Fréchet distance in the features of a small classifier trained on the same
training images, against the VALIDATION split (the test split is not used), beside the
real-train-vs-real-val baseline. Appends a JSON line to $OUT/results.jsonl and saves a sample grid.

    COURSE_DATA_DIR=../shared/medmnist taskset -c 1 python tools/lesson08_gan_experiments/exp.py ds=bloodmnist T=120 name=ds_bloodmnist

Settings are key=value overrides of ``cfg`` below. The recorded rows carry ``cat=1``: they scored
real and fake in one discriminator call, through a subclass that course_utils.gan's ``d_step`` has
since replaced (it now always does so), so the classes below are course_utils.gan's own.
"""
import os, sys, time, json
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
OUT = Path(os.environ.get("OUT", "/tmp/lesson08_experiments")); OUT.mkdir(parents=True, exist_ok=True)
from models import *
import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
from course_utils import load_medmnist, set_seed
from course_utils.fid import frechet_distance_features, nearest_neighbours
cfg = dict(ds="organamnist", T=120.0, cond=0, cat=1, batch=64, w=128, w1=32, w2=16, d1=32, d2=64, d3=128,
           lrd=4e-4, lrg=1e-4, drop=0.3, smooth=0.0, sub=6400, name="x", mom=0.9)
for a in sys.argv[1:]:
    k, v = a.split("="); cfg[k] = type(cfg[k])(v)
set_seed(0)
data = load_medmnist(cfg["ds"], subset={"train": cfg["sub"]}, seed=0)
x = data.x_train * 2 - 1; y = data.y_train; ch = x.shape[-1]; ncls = len(data.class_names)
xv, yv = data.x_val * 2 - 1, data.y_val
gk = dict(w=cfg["w"], w1=cfg["w1"], w2=cfg["w2"], mom=cfg["mom"]); dk = dict(d1=cfg["d1"], d2=cfg["d2"], d3=cfg["d3"], drop=cfg["drop"])
if cfg["cond"]:
    gan = ConditionalGAN(make_cgen(64, ncls, ch, **gk), make_cdisc(ncls, ch, **dk), 64, ncls, seed=0)
else:
    gan = GAN(make_generator(64, ch, **gk), make_disc(ch, **dk), 64, seed=0)
gan.compile(d_optimizer=adam(cfg["lrd"]), g_optimizer=adam(cfg["lrg"]), label_smoothing=cfg["smooth"])
class Stop(keras.callbacks.Callback):
    def on_train_begin(self, logs=None): self.t0 = time.perf_counter(); self.n = 0
    def on_train_batch_end(self, b, logs=None):
        self.n += 1
        if time.perf_counter() - self.t0 > cfg["T"]: self.model.stop_training = True
stop = Stop()
h = gan.fit(batches(x, y if cfg["cond"] else None, batch_size=cfg["batch"]), epochs=1000, callbacks=[stop], verbose=0, shuffle=False)
steps = stop.n; ttrain = time.perf_counter() - stop.t0
# classifier (as in the notebook)
set_seed(0)
inp = keras.Input(x.shape[1:]); hh = L.Conv2D(32, 3, activation="relu", padding="same")(inp); hh = L.MaxPooling2D()(hh)
hh = L.Conv2D(64, 3, activation="relu", padding="same")(hh); hh = L.MaxPooling2D()(hh); hh = L.Flatten()(hh)
f = L.Dense(64, activation="relu")(hh); clf = keras.Model(inp, L.Dense(ncls, activation="softmax")(f))
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
clf.fit(x, y, batch_size=128, epochs=5, verbose=0)
fm = keras.Model(inp, f); feats = lambda a: fm.predict(a, batch_size=256, verbose=0)
rng = np.random.default_rng(4); n = min(2000, len(xv), len(x))
ref = feats(xv[rng.choice(len(xv), n, replace=False)])
base = frechet_distance_features(feats(x[rng.choice(len(x), n, replace=False)]), ref)
lab = rng.choice(y, n) if cfg["cond"] else None
fake = gan.sample(n, lab, seed=5)
fd = frechet_distance_features(feats(fake), ref)
res = dict(cfg, steps=steps, ttrain=round(ttrain, 1), sps=round(steps / ttrain, 2), base=round(base, 3), fd=round(fd, 3),
           ratio=round(fd / base, 2), val_acc=round(float(clf.evaluate(xv, yv, verbose=0)[1]), 3),
           last={k: round(float(v[-1]), 3) for k, v in h.history.items()})
if cfg["cond"]:
    pc = 50; asked = np.repeat(np.arange(ncls), pc)
    pred = clf.predict(gan.sample(len(asked), asked, seed=8), verbose=0).argmax(1)
    res["cacc"] = round(float(np.mean([np.mean(pred[asked == c] == c) for c in range(ncls)])), 3)
    pv = clf.predict(xv, verbose=0).argmax(1); res["racc"] = round(float(np.mean([np.mean(pv[yv == c] == c) for c in range(ncls)])), 3)
    imgs = gan.sample(ncls * 6, np.repeat(np.arange(ncls), 6), seed=3)
else:
    imgs = gan.sample(48, seed=3)
print("RESULT", json.dumps(res), flush=True)
open(OUT / "results.jsonl", "a").write(json.dumps(res) + "\n")
k = len(imgs); cols = 12 if not cfg["cond"] else 6; rows = int(np.ceil(k / cols))
fig, axes = plt.subplots(rows, cols, figsize=(cols, rows))
for i, ax in enumerate(axes.flat):
    ax.axis("off")
    if i < k:
        im = (imgs[i] + 1) / 2; ax.imshow(im[..., 0] if ch == 1 else im, cmap="gray", vmin=0, vmax=1)
fig.suptitle(f"{cfg['name']} {cfg['ds']} steps={steps} ratio={res['ratio']}"); fig.tight_layout()
fig.savefig(OUT / f"grid_{cfg['name']}.png", dpi=70)
