# The single entry point: `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Re-install only when pyproject.toml changes (idempotent, quick when already set up).
# `make run` needs only the core and the web server; `make test` adds the test, bench and
# Spark extras (pyspark alone is ~300 MB, which `make run` should not wait for).
HASH := $(shell sha1sum pyproject.toml | cut -c1-10)
RUN_STAMP := $(VENV)/.run-$(HASH)
TEST_STAMP := $(VENV)/.test-$(HASH)

.PHONY: setup setup-test run test lint fmt bench golden system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[web,collect]'
	@rm -f $(VENV)/.run-*
	@touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev,bench,spark]'
	@rm -f $(VENV)/.test-* $(VENV)/.run-*
	@touch $@ $(RUN_STAMP)

setup: $(RUN_STAMP)

setup-test: $(TEST_STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: setup
	@PORT=$(PORT) bash scripts/run.sh

test: setup-test system-deps
	$(PY) -m ruff check src tests bench scripts
	$(PY) -m mypy
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: setup-test
	$(PY) -m ruff check src tests bench scripts
	$(PY) -m ruff format --check src tests bench scripts
	$(PY) -m mypy

fmt: setup-test
	$(PY) -m ruff format src tests bench scripts
	$(PY) -m ruff check --fix src tests bench scripts

golden: setup-test
	$(PY) scripts/regen_golden.py

bench: setup-test
	$(PY) bench/parse.py
	$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) sample .pytest_cache .mypy_cache .ruff_cache
