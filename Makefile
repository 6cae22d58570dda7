# casegraph: `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
# The exact versions the tests last passed with (`make lock` renews the file).
CONSTRAINTS := constraints.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(CONSTRAINTS) | sha256sum | cut -c1-12)
DEMO_STORE ?= .casegraph-demo
PACKAGES := core extract graph store queries outputs casegraph

.PHONY: install system demo test lint format unit neo4j neo4j-stop bench notebook lab lock clean

install: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# System packages the tests need (headless Chromium); idempotent, needs root or sudo.
system:
	scripts/install-chromium

demo: install
	rm -rf $(DEMO_STORE)
	$(BIN)/casegraph ingest --store $(DEMO_STORE) examples/nordfyns
	$(BIN)/casegraph meetings --store $(DEMO_STORE)
	@echo
	$(BIN)/casegraph case --store $(DEMO_STORE) "centralisering af regningsbetaling"
	@echo
	$(BIN)/casegraph attended --store $(DEMO_STORE) regningsbetaling
	@echo
	$(BIN)/casegraph viz --store $(DEMO_STORE) regningsbetaling -o casegraph-demo.html

# ruff, the format check, mypy, and import-linter: layers import only downwards, no cycles.
lint: install
	$(BIN)/ruff check $(PACKAGES) tests bench
	$(BIN)/ruff format --check $(PACKAGES) tests bench
	$(BIN)/mypy $(PACKAGES)
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix $(PACKAGES) tests bench
	$(BIN)/ruff format $(PACKAGES) tests bench

neo4j: install
	scripts/neo4j-dev start

neo4j-stop:
	scripts/neo4j-dev stop

# Everything: lint, then every test against the real Neo4j server and headless Chromium.
# Reuses this checkout's dev server if it runs; otherwise starts one on a free port (so another
# Neo4j on 7687 does not get in the way) and stops it afterwards.
FREE_PORT := $(PY) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
test: install system lint
	@if scripts/neo4j-dev status >/dev/null 2>&1; then \
	  port=$$(cat .neo4j/neo4j.port); started=0; \
	else \
	  port=$${NEO4J_DEV_PORT:-$$($(FREE_PORT))}; started=1; \
	  NEO4J_DEV_PORT=$$port scripts/neo4j-dev start || exit 1; \
	fi; \
	NEO4J_DEV_PORT=$$port NEO4J_TESTS=1 CHROMIUM_TESTS=1 $(BIN)/pytest -q; status=$$?; \
	if [ $$started = 1 ]; then scripts/neo4j-dev stop; fi; exit $$status

# Quick loop while developing: no services, no fuzz run.
unit: install
	$(BIN)/pytest -q -m "not neo4j and not chromium and not fuzz"

bench: install
	$(PY) bench/ingest.py

# Run the worked notebook; the executed copy (tables, plots, inline graph) goes to the repo root.
notebook: install
	$(PY) scripts/run-notebook notebooks/explore_cases.ipynb casegraph-notebook.ipynb
	@echo "To open it: make lab (installs JupyterLab into $(VENV) and opens the notebook), or open"
	@echo "casegraph-notebook.ipynb in VS Code and pick $(CURDIR)/$(PY) as the kernel."

# JupyterLab is not a dependency: install it on first use, keeping the locked versions.
lab: install
	$(BIN)/jupyter-lab --version >/dev/null 2>&1 || \
	  $(PY) -m pip install --quiet -c $(CONSTRAINTS) 'jupyterlab>=4,<5'
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/explore_cases.ipynb

# Jupyter refuses to run as root (a container, a VM) unless told.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

# Renew constraints.txt: resolve pyproject.toml's ranges afresh in a scratch venv and freeze.
# Run `make test` after it; commit the file when it passes.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions for make install (pip -c). Renewed by make lock; do not edit by hand."; \
	  .venv-lock/bin/pip freeze --exclude-editable; } > $(CONSTRAINTS)
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .casegraph $(DEMO_STORE) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
