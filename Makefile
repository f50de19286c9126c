# Causerie — `make run` serves the site, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The first Python 3.12+ on the PATH (pyenv picks 3.13 from .python-version).
SYSTEM_PYTHON := $(shell for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then command -v $$p; break; fi; done)

.PHONY: run test lint fmt messages bench clean serve failover

$(PY):
	@if [ -z "$(SYSTEM_PYTHON)" ]; then \
		echo "Causerie needs Python 3.12 or newer, and none was found on the PATH (tried python3.13, python3.12, python3, python)."; \
		echo "Install one (for example with pyenv: pyenv install 3.13) and run make again."; \
		exit 1; fi
	$(SYSTEM_PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: export DJANGO_DEBUG := 1
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: export DJANGO_SETTINGS_MODULE := config.settings_test
test: lint
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# ruff (lint and format), the layers contract (lower apps never import upper ones), and
# pip-audit (no dependency with a known vulnerability; see .ci/audit.py).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) .ci/audit.py

fmt: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Regenerates the French catalogue from the source (needs GNU gettext); both .po and .mo are committed.
messages: export DJANGO_DEBUG := 1
messages: $(STAMP)
	$(PY) manage.py makemessages --locale fr --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages --locale fr --ignore '.venv/*'

# Serves the site with gunicorn and loads it: prints requests/s and latencies (see README).
bench: export DJANGO_DEBUG := 0
bench: export DJANGO_SECRET_KEY ?= bench-only-not-a-secret-bench-only-not-a-secret
bench: export DJANGO_SECURE_SSL_REDIRECT := 0
bench: export DJANGO_LOG_LEVEL := WARNING
bench: $(STAMP)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py bench

clean:
	rm -rf $(VENV) var/static

# The production shape on this machine, on 127.0.0.1: nginx on :8080 in front of two gunicorn app
# servers (:8101, :8102), a task worker, PostgreSQL and Redis (installs nginx, starts PostgreSQL
# and Redis if they are not running); Ctrl-C stops what it started. See README, Production.
serve: $(STAMP)
	$(PY) -m config.deploy.stack

# The proof of that shape: an app server killed under load, nothing lost or doubled (about a
# minute; starts make serve if it is not running, and stops what it started).
failover: $(STAMP)
	$(PY) -m config.deploy.failover
