# Deep Learning for Medical Images: the two commands are `make course` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MEDMNIST := $(shell sed -n 's/^no-deps = \["\(.*\)"\]/\1/p' pyproject.toml)

.PHONY: setup course course-fast lab data test test-fast test-backends tidy clean help
help:
	@echo "make course     run every lesson into build/ and write build/report.md"
	@echo "make test       unit tests, notebook hygiene, papermill (fast) and nbval runs"
	@echo "make test-fast  unit and hygiene tests only (seconds)"
	@echo "make test-backends  unit tests and fast lessons on JAX too (BACKENDS=\"jax torch\" adds PyTorch)"
	@echo "make lab        open the lessons in JupyterLab"
	@echo "make data       fetch (or check) every dataset the course uses"
	@echo "make setup      create .venv with everything installed"

setup: $(STAMP)
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.10+ is needed (3.11 recommended)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps "$(MEDMNIST)"
	touch $(STAMP)

course: setup
	$(BIN)/python -m course_utils run-course --notebooks notebooks --out build

course-fast: setup
	$(BIN)/python -m course_utils run-course --notebooks notebooks --out build/fast --fast

lab: setup
	$(BIN)/jupyter lab notebooks

data: setup
	$(BIN)/python -m course_utils fetch --course

test-fast: setup
	$(BIN)/python -m pytest tests -m "not notebook" -q

test: setup
	$(BIN)/python -m pytest tests notebooks --nbval-lax -q

# Lessons 00-05, 09 and 10 run on every Keras backend; 06-08 must refuse the others with a clear message.
# JAX comes from the `backends` extra. PyTorch is left to you: PyPI's Linux build brings
# gigabytes of CUDA wheels, so install the CPU build first (see the README).
BACKENDS ?= jax
test-backends: setup
	$(BIN)/python -m pip install --quiet -e ".[backends]"
	@for b in $(BACKENDS); do \
	  $(BIN)/python -c "import $$b" 2>/dev/null || { echo "make test-backends: $$b is not installed in $(VENV); install it, or leave it out of BACKENDS"; exit 1; }; \
	  echo "== KERAS_BACKEND=$$b"; \
	  KERAS_BACKEND=$$b $(BIN)/python -m pytest tests/unit tests/notebooks/test_papermill_fast.py -q || exit 1; \
	done

tidy: setup
	$(BIN)/python tools/tidy_notebooks.py notebooks

clean:
	rm -rf build
