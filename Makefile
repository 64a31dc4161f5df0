# inspectie: the two commands of README.md are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.installed
SECRET := instance/secret_key
DEMO_ENV = INSPECTIE_DEMO=1 INSPECTIE_SECRET_KEY="$$(cat $(SECRET))"

.PHONY: help install run serve test test-suites test-sqlite test-postgres test-e2e lint format typecheck system-deps bench bench-load clean

help:
	@echo "make run     install, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test    lint, type checks, the whole suite on SQLite and PostgreSQL, browser tests"
	@echo "make lint | make format | make bench | make bench-load"

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

$(SECRET):
	@mkdir -p instance
	@python3 -c 'import secrets; print(secrets.token_hex(32))' > $(SECRET)
	@chmod 600 $(SECRET)

run: install $(SECRET)
	$(DEMO_ENV) $(BIN)/inspectie db upgrade
	$(DEMO_ENV) $(BIN)/inspectie checklists import
	$(DEMO_ENV) $(BIN)/inspectie demo
	@echo
	@echo "inspectie draait op http://$(HOST):$(PORT)  (stoppen: Ctrl+C)"
	$(DEMO_ENV) $(BIN)/inspectie run --host $(HOST) --port $(PORT)

# Browser tests need Chromium and the PDF tests poppler; install them when missing (root only).
system-deps:
	@need=(); \
	[ -x /usr/bin/chromium ] || need+=(chromium); \
	command -v pdftoppm >/dev/null || need+=(poppler-utils); \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql); \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core); \
	if [ $${#need[@]} -gt 0 ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Missing system packages: $${need[*]} (install them as root)"; exit 1; fi; \
	  echo "apt-get install $${need[*]}"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$${need[@]}" >/dev/null; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check inspectie tests benchmarks

format: install
	$(BIN)/ruff format inspectie tests benchmarks
	$(BIN)/ruff check --fix inspectie tests benchmarks

typecheck: install
	$(BIN)/mypy

# TESTS: pytest arguments that narrow a run, e.g. make test-postgres TESTS=tests/findings
TESTS ?=
PYTEST := $(PY) -m pytest -q -p no:cacheprovider
TEST_SQLITE := INSPECTIE_TEST_DATABASE_URL=sqlite:// $(PYTEST) $(TESTS)
TEST_POSTGRES := bash .ci/with-postgres $(PYTEST) -m "not e2e" $(TESTS)

test-sqlite: install
	$(TEST_SQLITE)

test-postgres: install
	$(TEST_POSTGRES)

# Both suites at once, one per core: SQLite (with the browser tests) and a throwaway PostgreSQL.
# Each writes its own log, printed whole once both are done; fails when either fails. Each runs
# in a process group of its own (set -m), so that Ctrl+C, which reaches only this shell, is
# passed on to both and the PostgreSQL cluster is still stopped and removed.
test-suites: install
	@logs=$$(mktemp -d /tmp/inspectie-tests.XXXXXX); \
	set -m; \
	$(TEST_SQLITE) < /dev/null > $$logs/sqlite.log 2>&1 & sqlite=$$!; \
	$(TEST_POSTGRES) < /dev/null > $$logs/postgres.log 2>&1 & postgres=$$!; \
	set +m; \
	trap 'kill -INT -- -$$sqlite -$$postgres 2>/dev/null' INT TERM; \
	echo "SQLite and PostgreSQL suites running side by side; follow with: tail -f $$logs/*.log"; \
	finish() { while true; do wait $$1; status=$$?; kill -0 $$1 2>/dev/null || return $$status; done; }; \
	finish $$sqlite; sqlite_status=$$?; \
	finish $$postgres; postgres_status=$$?; \
	echo "=== SQLite (exit status $$sqlite_status) ==="; cat $$logs/sqlite.log; \
	echo "=== PostgreSQL (exit status $$postgres_status) ==="; cat $$logs/postgres.log; \
	rm -rf $$logs; \
	[ $$sqlite_status = 0 ] && [ $$postgres_status = 0 ]

# The whole suite: SQLite (with the browser tests) and again on a throwaway PostgreSQL.
test: system-deps install lint typecheck test-suites

bench: install
	$(PY) -m benchmarks

# 50 inspectors autosaving and 5 coordinators on the dashboard for 3 minutes, on gunicorn and a
# throwaway PostgreSQL; LOAD_INSPECTORS, LOAD_COORDINATORS, LOAD_SECONDS, LOAD_WORKERS scale it.
bench-load: install
	bash .ci/with-postgres $(PY) -m benchmarks load

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
