# Tending — `make run` to serve it, `make test` to check everything.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/tending
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint types migrations-check deploy-check pytest pytest-sqlite pytest-postgres browser bench demo clean

$(PY):
	@python=$$(scripts/find-python) || exit 1; \
	echo "Using $$python ($$($$python --version))"; \
	$$python -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@ $(RUN_STAMP)

# Collecting (and compressing) static files takes a while: only redo it when
# an installed package or one of our static files changed.
STATIC_MANIFEST := $(or $(TENDING_DATA_DIR),var)/static/staticfiles.json
$(STATIC_MANIFEST): $(RUN_STAMP) $(shell find tending -path '*/static/*' -type f 2>/dev/null)
	$(BIN)/tending manage collectstatic --noinput -v 0

run: $(RUN_STAMP) $(STATIC_MANIFEST)
	$(BIN)/tending migrate
	$(BIN)/tending serve

demo: $(RUN_STAMP)
	$(BIN)/tending migrate
	$(BIN)/tending demo

test: lint types migrations-check deploy-check pytest browser

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(DEV_STAMP)
	$(BIN)/mypy tending

migrations-check: $(DEV_STAMP)
	TENDING_DATA_DIR=$$(mktemp -d) $(BIN)/tending manage makemigrations --check --dry-run

# Production settings: an https site URL switches on every production rule.
deploy-check: $(DEV_STAMP)
	TENDING_DATA_DIR=$$(mktemp -d) TENDING_SITE_URL=https://tending.example \
		$(BIN)/tending check --deploy

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: $(DEV_STAMP)
	$(BIN)/pytest -m "not browser" -q

# On PostgreSQL when DATABASE_URL is set or a server answers on 127.0.0.1:5432;
# under CI=true a missing server is a failure, not a skip.
pytest-postgres: $(DEV_STAMP)
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(PY) scripts/port-open 127.0.0.1 5432; then url="$(PG_URL)"; fi; \
	if [ -z "$$url" ]; then \
		if [ "$${CI:-}" = "true" ]; then echo "CI=true: PostgreSQL is required but none is reachable." >&2; exit 1; fi; \
		echo "PostgreSQL not reachable: skipping the PostgreSQL run (set DATABASE_URL to include it)."; \
	else \
		echo "Running the suite on PostgreSQL"; \
		DATABASE_URL="$$url" $(BIN)/pytest -m "not browser" -q; \
	fi

browser: $(DEV_STAMP)
	$(BIN)/pytest -m browser -q

bench: $(DEV_STAMP)
	$(PY) bench/run.py
	$(PY) bench/nudges.py

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
