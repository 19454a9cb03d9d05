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

.PHONY: demo setup install vendor database migrate provision demo-data test lint contract browser pdf-tools pytest bench clean

demo: setup ## set up everything, then serve the demo province with a Celery worker
	@bash scripts/serve_demo.sh $(HOST) $(PORT)

setup: install vendor database migrate provision demo-data ## idempotent: venv, database, migrations, demo data

ECHARTS_VERSION := 5.6.0
vendor: core/static/vendor/echarts/echarts.min.js ## front-end libraries from the npm registry (no CDN)

core/static/vendor/echarts/echarts.min.js:
	npm install --silent --no-save --no-audit --no-fund --prefix .tools/npm "echarts@$(ECHARTS_VERSION)"
	mkdir -p core/static/vendor/echarts
	cp .tools/npm/node_modules/echarts/dist/echarts.min.js .tools/npm/node_modules/echarts/LICENSE core/static/vendor/echarts/

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

demo-data: provision ## catalogues, listings (published → guide pages), projection, search index
	$(MANAGE) load_demo_data
	$(MANAGE) rebuild_projection
	$(MANAGE) search_index rebuild

test: install lint contract browser pdf-tools pytest ## everything CI runs

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

contract:
	$(VENV)/bin/lint-imports
	$(PY) -m api.print_schema --check

browser: ## Debian's Chromium for the browser tests (no browser downloads)
	bash scripts/ensure_chromium.sh

pdf-tools: ## Pango, a CJK font and poppler-utils for the case notices (PDF) and their tests
	bash scripts/ensure_pdf_tools.sh

pytest:
	$(PY) scripts/ensure_database.py
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install ## benchmarks (each in its own database); results go to bench/RESULTS.md
	$(PY) bench/provision.py
	$(PY) bench/fanout.py
	$(PY) bench/import_catalogue.py
	$(PY) bench/search.py
	$(PY) bench/graphql.py
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache
