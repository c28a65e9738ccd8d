# Deep Learning for Medical Images: the two commands are `make course` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MEDMNIST := $(shell sed -n 's/^no-deps = \["\(.*\)"\]/\1/p' pyproject.toml)
BUILD_REQUIRES := $(shell sed -n 's/^requires = \[\(.*\)\]/\1/p' pyproject.toml)

# Workshops with poor Wi-Fi. On a machine with internet, `make wheelhouse` saves every package that
# `make setup` installs into wheelhouse/ (add PLATFORM=macosx_12_0_arm64, win_amd64, ... for students'
# laptops of another kind). Copy it to each machine; `make setup WHEELHOUSE=path/to/wheelhouse` then
# installs from that folder alone (--no-index: pip never reaches for the network).
WHEELHOUSE ?=
PLATFORM ?=
PY_VERSION = $$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PIP_INSTALL = $(BIN)/python -m pip install --quiet $(if $(WHEELHOUSE),--no-index --find-links "$(WHEELHOUSE)")
NOT_IN_WHEELHOUSE = echo "make setup: $(WHEELHOUSE) lacks the package named above for this machine (Python $(PY_VERSION) on \
	$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_platform())')). Make the wheelhouse for it: \
	make wheelhouse, with PLATFORM=... when you make it on another kind of machine."; exit 1
WHEELHOUSE_HINT = $(if $(WHEELHOUSE),|| { $(NOT_IN_WHEELHOUSE); })

.PHONY: setup wheelhouse course course-fast lab data test test-fast test-backends tidy clean help
help:
	@echo "make course     run every lesson into build/ and write build/report.md"
	@echo "make test       unit tests, notebook hygiene, papermill (fast) and nbval runs"
	@echo "make test-fast  unit and hygiene tests only (seconds)"
	@echo "make test-backends  unit tests and fast lessons on JAX too (BACKENDS=\"jax torch\" adds PyTorch)"
	@echo "make lab        open the lessons in JupyterLab"
	@echo "make data       fetch (or check) every dataset the course uses"
	@echo "make setup      create .venv with everything installed (WHEELHOUSE=dir: offline, from make wheelhouse)"
	@echo "make wheelhouse save every package setup installs into wheelhouse/, for offline installs"

setup: $(STAMP)
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.10+ is needed (3.11 recommended)"; exit 1; }
	@test -z "$(WHEELHOUSE)" || test -d "$(WHEELHOUSE)" || { echo "make setup: WHEELHOUSE=$(WHEELHOUSE) is not a folder. \
	Make one with 'make wheelhouse' on a machine with internet, copy it here and give its path."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip $(WHEELHOUSE_HINT)
	$(PIP_INSTALL) -e ".[dev]" $(WHEELHOUSE_HINT)
	$(PIP_INSTALL) --no-deps "$(MEDMNIST)" $(WHEELHOUSE_HINT)
	touch $(STAMP)

# pip download saves wheels for this machine's Python version, and with PLATFORM for another system.
WHEELS_TO = $(or $(WHEELHOUSE),wheelhouse)
DOWNLOAD = $(BIN)/python -m pip download --quiet -d "$(WHEELS_TO)" \
	$(if $(PLATFORM),--platform $(PLATFORM) --only-binary=:all: --python-version $(PY_VERSION))
wheelhouse:
	$(MAKE) setup WHEELHOUSE=
	$(DOWNLOAD) pip $(BUILD_REQUIRES) ".[dev]"
	$(DOWNLOAD) --no-deps "$(MEDMNIST)"
	@echo "$(WHEELS_TO)/ holds $$(ls "$(WHEELS_TO)" | wc -l) packages ($$(du -sh "$(WHEELS_TO)" | cut -f1)) for Python \
	$(PY_VERSION) on $(or $(PLATFORM),this platform). Install from it with: make setup WHEELHOUSE=$(WHEELS_TO)"

course: setup
	$(BIN)/python -m course_utils run-course --notebooks notebooks --out build

course-fast: setup
	$(BIN)/python -m course_utils run-course --notebooks notebooks --out build/fast --fast

lab: setup
	$(BIN)/jupyter lab notebooks

data: setup
	$(BIN)/python -m course_utils fetch --course

test-fast: setup
	$(BIN)/python -m pytest tests -m "not notebook and not slow" -q

test: setup
	$(BIN)/python -m pytest tests notebooks --nbval-lax -q

# Lessons 00-05, 09 and 10 run on every Keras backend; 06-08 must refuse the others with a clear message.
# JAX comes from the `backends` extra. PyTorch is left to you: PyPI's Linux build brings
# gigabytes of CUDA wheels, so install the CPU build first (see the README). The slow wheelhouse test
# is left out here: installing the packages does not depend on the backend, and `make test` runs it.
BACKENDS ?= jax
test-backends: setup
	$(BIN)/python -m pip install --quiet -e ".[backends]"
	@for b in $(BACKENDS); do \
	  $(BIN)/python -c "import $$b" 2>/dev/null || { echo "make test-backends: $$b is not installed in $(VENV); install it, or leave it out of BACKENDS"; exit 1; }; \
	  echo "== KERAS_BACKEND=$$b"; \
	  KERAS_BACKEND=$$b $(BIN)/python -m pytest tests/unit tests/notebooks/test_papermill_fast.py -m "not slow" -q || exit 1; \
	done

tidy: setup
	$(BIN)/python tools/tidy_notebooks.py notebooks

clean:
	rm -rf build
