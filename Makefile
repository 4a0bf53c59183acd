# backcare task runner: one word each. `make run` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# PostgreSQL used by the second test pass; CI starts it (see .ci/run).
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: run test fast lint fix types bench demo e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# The server and, beside it, the background worker (reminders, imports); Ctrl+C stops both.
run: $(VENV)/.installed
	$(BIN)/backcare migrate
	$(BIN)/backcare worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; $(BIN)/backcare serve --no-migrate

demo: $(VENV)/.installed
	$(BIN)/backcare demo

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fix: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: $(VENV)/.dev-installed
	$(BIN)/mypy backcare

# Everything but the browser tests and the slow ones (fuzzing, crash safety), on SQLite.
fast: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not e2e and not slow" -q

e2e: $(VENV)/.dev-installed
	$(BIN)/pytest -m e2e tests/e2e

test: lint types
	$(BIN)/pytest -q
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -m "not e2e and not slow" tests/web tests/api tests/cli tests/hardening

bench: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
