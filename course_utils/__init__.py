"""course_utils: the plumbing behind the Deep Learning for Medical Images course.

Data loading, seeding, plots, the environment report and recorded figures live
here, so that the notebooks can be about the ideas. One module per concern:

========================  ==================================================
:mod:`.catalog`           MedMNIST flags, sizes, URLs, MD5s, class names
:mod:`.storage`           where files live; safe downloads and imports
:mod:`.data`              :func:`load_medmnist`, stratified subsets
:mod:`.seed`              :func:`set_seed`
:mod:`.env`               :func:`print_environment`, :func:`require_backend`
:mod:`.plots`             image grids, class balance, training curves
:mod:`.record`            :func:`record` a notebook's key figures
:mod:`.exercises`         checkable exercises and their solutions
:mod:`.runner`            ``make course``: run every lesson, write a report
:mod:`.quiet`             start the backend without TensorFlow's chatter
:mod:`.conv`              NumPy Conv2D forward/backward, output size, receptive field (02)
:mod:`.pooling`           NumPy max/average/global pooling, forward and backward (03)
:mod:`.dense`             NumPy dense layer, activations, cross-entropy, gradients (04)
:mod:`.gradcheck`         finite differences and the backend's autodiff (02-04)
:mod:`.metrics`           MedMNIST ACC/AUC per task, sensitivity, specificity (05)
:mod:`.benchmark`         the MedMNIST v2 benchmark table, shipped as data (05, 10)
:mod:`.evaluation_plots`  confusion matrix and ROC curve (05)
:mod:`.reconstruction`    PCA baseline, per-image MSE, PSNR, subspace angles (06)
:mod:`.image_rows`        rows of images side by side (06)
:mod:`.gan`               GAN and conditional GAN with a custom train_step (07, 08)
:mod:`.fid`               Fréchet distance and nearest neighbours (08)
:mod:`.calibration`       ECE, reliability, temperature scaling, bootstrap (09)
:mod:`.saliency`          gradients, Grad-CAM, occlusion (09, 10)
========================  ==================================================
"""

import os as _os

# TensorFlow's C++ core logs to stderr, which Jupyter shows in red under a cell:
# CUDA probes on import, and with deterministic ops (see set_seed) a harmless
# "NodeDef mentions attribute use_unbounded_threadpool" line at every fit().
# Level 3 keeps only fatal messages; Python exceptions are raised as usual.
# Set TF_CPP_MIN_LOG_LEVEL yourself before importing course_utils to see more.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .quiet import start_backend_quietly as _start_backend_quietly  # noqa: E402

# Import `course_utils` before `keras` in a lesson, so that this runs first.
_start_backend_quietly()

from . import plots  # noqa: E402

from .catalog import DatasetInfo, all_flags, available_sizes, dataset_info  # noqa: E402
from .data import MedMNIST, load_medmnist, stratified_indices  # noqa: E402
from .env import print_environment, require_backend  # noqa: E402
from .errors import CourseError  # noqa: E402
from .record import record  # noqa: E402
from .seed import set_seed  # noqa: E402

__version__ = "0.1.0"
__all__ = [
    "CourseError",
    "DatasetInfo",
    "MedMNIST",
    "all_flags",
    "available_sizes",
    "dataset_info",
    "load_medmnist",
    "plots",
    "print_environment",
    "record",
    "require_backend",
    "set_seed",
    "stratified_indices",
]
