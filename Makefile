# Two commands for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
WORKERS ?=  # default: one per core, at least two (dashboard/server.py)

.PHONY: run test typecheck dev lint data check coverage claims bench screenshot clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	@echo "Peru-China Trade Lens: open http://$(HOST):$(PORT)/"
	$(BIN)/gunicorn -c python:dashboard.gunicorn_conf --bind $(HOST):$(PORT) $(if $(WORKERS),--workers $(WORKERS)) \
		--log-level info 'dashboard.wsgi:server'

dev: $(VENV)/.test-installed
	$(BIN)/python -m dashboard --debug --host $(HOST) --port $(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy dashboard

# Everything CI needs: lint, types, then every test (slow and browser ones included).
test: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/mypy dashboard
	$(BIN)/python -m pytest

data: $(VENV)/.run-installed
	$(BIN)/python -m dashboard.data build

check: $(VENV)/.run-installed
	$(BIN)/python -m dashboard.data check

coverage: $(VENV)/.run-installed
	$(BIN)/python -m dashboard.data coverage

claims: $(VENV)/.run-installed
	$(BIN)/python -m dashboard claims

bench: $(VENV)/.test-installed
	$(BIN)/python -m bench

# Full-page screenshots of the main views at 1366 and 375 px into docs/shots/ (to look at, not to test).
screenshot: $(VENV)/.test-installed
	$(BIN)/python -m bench.screens

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
