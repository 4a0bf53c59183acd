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

# Tests run on every core (pytest-xdist, one SQLite file or PostgreSQL database per worker)
# but the browser tests, which share one Chromium and run one at a time.
PARALLEL = -n auto

# Everything but the browser tests and the slow ones (fuzzing, crash safety), on SQLite.
fast: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not e2e and not slow" -q $(PARALLEL)

e2e: $(VENV)/.dev-installed
	$(BIN)/pytest -m e2e tests/e2e

# ical.js reads the calendar file in tests/reminders; installed from its lock file.
ICAL_JS := tests/reminders/node_modules/.package-lock.json
$(ICAL_JS): tests/reminders/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/reminders --no-audit --no-fund; \
	else echo "npm not found: the ical.js calendar test will be skipped"; fi

# The official FHIR R4 JSON schema the FHIR export is validated against (tests/exchange).
tests/exchange/node_modules/.package-lock.json: tests/exchange/package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "npm is missing: the FHIR schema test is skipped (CI requires it; apt-get install npm)"; \
	  test "$$CI" != true; \
	else npm ci --prefix tests/exchange --no-audit --no-fund; fi

# The PostgreSQL pass runs as if it were just after midnight UTC, when persons in different
# time zones are on different dates (tests/conftest.py: BACKCARE_TEST_INSTANT). It also runs
# the API fuzzing and the access matrix (marked slow; the crash test covers PostgreSQL from
# the first pass).
PG_TEST = DATABASE_URL=$(TEST_DATABASE_URL) BACKCARE_TEST_INSTANT=2026-12-03T00:20:00+00:00 $(BIN)/pytest -q
test: lint types $(ICAL_JS) tests/exchange/node_modules/.package-lock.json
	$(BIN)/pytest -q -m "not e2e" $(PARALLEL)
	$(BIN)/pytest -q -m e2e tests/e2e
	$(PG_TEST) -m "not e2e and not slow" $(PARALLEL) tests/web tests/api tests/cli \
		tests/reminders tests/hardening tests/exchange tests/outcomes tests/care
	$(PG_TEST) -m slow $(PARALLEL) tests/hardening/test_api_fuzz.py \
		tests/hardening/test_access_matrix.py tests/hardening/test_idle_everywhere.py

# Both setups: the SQLite single box, and nginx + gunicorn + PostgreSQL + Redis (deploy/stack),
# which needs PostgreSQL at BENCH_DATABASE_URL's server and Redis at BENCH_REDIS_URL.
bench: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || \
		(apt-get update -qq && apt-get install -y -qq nginx-light)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
