#!/usr/bin/env bash
# The one-shot migrate service (docker-compose.yml): what `make migrate` does, in the image.
# web, worker and beat start only after it exited 0. Safe to run on every start: each step is
# idempotent.
set -euo pipefail
cd /app
# Placeholders of deploy/.env.example left in the environment: refuse to start on them.
placeholders=$(env | grep -i 'change-me' | cut -d= -f1 | sort | tr '\n' ' ' || true)
if [ -n "$placeholders" ]; then
  echo "deploy/.env still has placeholder values (change-me): ${placeholders}" >&2
  echo "Generate secrets with: python deploy/new_secrets.py (docs/operations.md)" >&2
  exit 1
fi
echo "== database (UTF8, UTF-8 LC_CTYPE: pg_trgm needs it)"
python scripts/ensure_database.py
echo "== shared apps (public schema)"
python manage.py migrate_schemas --shared
echo "== platform and template tenants"
python manage.py provision_tenants --system-only
echo "== tenant schemas (the template and every region)"
python manage.py migrate_schemas --tenant
