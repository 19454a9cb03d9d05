# Two commands matter: `make demo` (set up everything, serve the demo province) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo setup install database migrate provision test lint contract pytest serve worker bench clean

demo: setup ## set up everything, then serve the demo province with a Celery worker
	@bash scripts/serve_demo.sh $(HOST) $(PORT)

setup: install database migrate provision ## idempotent: venv, database, migrations, demo regions

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

install: $(UV) ## create the virtualenv from the lock file
	$(UV) sync --frozen --quiet

database: install
	$(PY) scripts/ensure_database.py

migrate: database
	$(MANAGE) migrate_schemas --shared
	$(MANAGE) provision_tenants --system-only
	$(MANAGE) migrate_schemas --tenant

provision: migrate
	$(MANAGE) provision_tenants

test: install lint contract pytest ## everything CI runs

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

contract:
	$(VENV)/bin/lint-imports
	$(PY) -m api.print_schema --check

pytest:
	$(PY) scripts/ensure_database.py
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/provision.py

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache
