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
# The demo's Wagtail Sites answer on PORT, so every absolute URL the demo writes (guide URLs in
# the projection, JSON-LD, GraphQL `url`, links in mails) carries it: `make demo PORT=8106`.
demo setup migrate provision demo-data: export WAGTAIL_SITE_PORT = $(PORT)

.PHONY: demo setup install messages vendor database migrate provision demo-data test lint contract browser pdf-tools pytest bench clean

demo: setup ## set up everything, then serve the demo province with a Celery worker
	@bash scripts/serve_demo.sh $(HOST) $(PORT)

setup: install vendor database migrate provision demo-data ## idempotent: venv, database, migrations, demo data

ECHARTS_VERSION := 5.6.0
vendor: core/static/vendor/echarts/echarts.min.js core/static/vendor/graphiql/graphiql.min.js ## front-end libraries from the npm registry (no CDN)

core/static/vendor/echarts/echarts.min.js:
	npm install --silent --no-save --no-audit --no-fund --prefix .tools/npm "echarts@$(ECHARTS_VERSION)"
	mkdir -p core/static/vendor/echarts
	cp .tools/npm/node_modules/echarts/dist/echarts.min.js .tools/npm/node_modules/echarts/LICENSE core/static/vendor/echarts/

# GraphiQL and what graphene-django's graphiql.js expects as globals, at the versions it pins
# (api/templates/api/graphiql.html loads them from here: the explorer works offline).
GRAPHIQL_PACKAGES := graphiql@2.4.7 @graphiql/plugin-explorer@0.1.15 react@17.0.2 react-dom@17.0.2 graphql-ws@5.13.1
core/static/vendor/graphiql/graphiql.min.js:
	npm install --silent --no-save --no-audit --no-fund --prefix .tools/npm-graphiql $(GRAPHIQL_PACKAGES)
	mkdir -p core/static/vendor/graphiql
	cd .tools/npm-graphiql/node_modules && cp react/umd/react.production.min.js react-dom/umd/react-dom.production.min.js graphql-ws/umd/graphql-ws.min.js @graphiql/plugin-explorer/dist/graphiql-plugin-explorer.umd.js graphiql/graphiql.min.css ../../../core/static/vendor/graphiql/
	cp .tools/npm-graphiql/node_modules/@graphiql/plugin-explorer/dist/style.css core/static/vendor/graphiql/graphiql-plugin-explorer.css
	for p in graphiql react react-dom graphql-ws; do cp .tools/npm-graphiql/node_modules/$$p/LICENSE* core/static/vendor/graphiql/LICENSE.$$p; done
	cp .tools/npm-graphiql/node_modules/graphiql/graphiql.min.js core/static/vendor/graphiql/

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

install: $(UV) messages ## create the virtualenv from the lock file, compile our translations
	$(UV) sync --frozen --quiet

MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
messages: $(MESSAGES) ## compile locale/ (Chinese for what Wagtail's own catalogue lacks)

locale/%.mo: locale/%.po
	bash scripts/ensure_gettext.sh
	msgfmt --check -o $@ $<

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

test: install vendor lint contract browser pdf-tools pytest ## everything CI runs (vendor: GraphiQL, ECharts)

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
	$(PY) bench/ratios.py  # needs wrk (apt-get install -y wrk)
	$(PY) bench/portal.py

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache
