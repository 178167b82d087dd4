# osintkit — the commands a researcher and CI need.
#
#   make brief   create the environment (first time) and write the sample brief
#   make test    type-check (mypy), then every test: unit tests, doctests in
#                src/, notebooks (nbval)
#   make lint    ruff check, ruff format --check and mypy
#   make typecheck  mypy only
#   make bench   run the benchmarks
#   make clean   remove outputs and caches (make distclean also removes .venv)
#
# Needs only python3 (>= 3.11) and make. The environment is .venv, created with
# `python3 -m venv`; uv (installed into it with pip) installs the package.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.osintkit-installed

SAMPLE := data/kursk-belgorod-2024-03
BRIEF_OUT := outputs/brief
BRIEF_START := 2024-03-11
BRIEF_END := 2024-03-17

# PYTHONDONTWRITEBYTECODE=1 is common on shared machines: compile at install
# time, or every kernel start re-compiles pandas, matplotlib and osintkit
# itself in memory.
export UV_COMPILE_BYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help env test lint typecheck format brief bench clean distclean

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

env: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || { $(BIN)/python -m pip --version >/dev/null 2>&1 \
		|| $(BIN)/python -m ensurepip --upgrade >/dev/null; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check uv; }
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e ".[dev]"
	@# the editable package too: uv compiles only what it installs
	$(BIN)/python -m compileall -q src
	@touch $@

test: env typecheck
	$(BIN)/python -m pytest --doctest-modules --nbval-lax --nbval-current-env \
		src tests notebooks

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# mypy's settings (files, Python version) are in pyproject.toml
typecheck: env
	$(BIN)/mypy

format: env
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

brief: env
	$(BIN)/osintkit brief $(SAMPLE) --start $(BRIEF_START) --end $(BRIEF_END) \
		--out $(BRIEF_OUT)

bench: env
	$(BIN)/python -m benchmarks

clean:
	rm -rf outputs .pytest_cache .ruff_cache .mypy_cache .hypothesis \
		benchmarks/_generated
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune \
		-exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) src/*.egg-info
