# The single entry point: `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Re-install only when pyproject.toml changes (idempotent, quick when already set up).
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-10)

.PHONY: setup run test lint fmt bench golden system-deps clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,bench,spark]'
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: setup
	@PORT=$(PORT) bash scripts/run.sh

test: setup system-deps
	$(PY) -m ruff check src tests bench scripts
	$(PY) -m mypy
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: setup
	$(PY) -m ruff check src tests bench scripts
	$(PY) -m ruff format --check src tests bench scripts
	$(PY) -m mypy

fmt: setup
	$(PY) -m ruff format src tests bench scripts
	$(PY) -m ruff check --fix src tests bench scripts

golden: setup
	$(PY) scripts/regen_golden.py

bench: setup
	$(PY) bench/parse.py
	$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) sample .pytest_cache .mypy_cache .ruff_cache
