"""Benchmark: county tenant creation as schemas accumulate (replay of the template's DDL versus
django-tenants' clone_schema, at 20, 120 and 500 schemas), by migrations for comparison, and a
no-op `migrate_schemas` over every tenant.

Runs in its own database (zwfw_bench, dropped and recreated) so the demo data is untouched:

    .venv/bin/python bench/provision.py [--levels 20,120,500] [--sample 5] [--migrated 3]

The database is filled up to each level by replay (the fast method), then `--sample` tenants are
created by each method and timed, so django-tenants' cost at 500 schemas is measured without
creating 500 tenants its slow way. Prints a Markdown table to paste into bench/RESULTS.md.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/graphql.py would shadow the graphql-core package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DB", "zwfw_bench")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")


def recreate_database():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)


def county(index: int, prefix: str):
    from tenants.models import Region

    return Region(
        schema_name=f"{prefix}{index:04d}",
        slug=f"{prefix}{index:04d}",
        name=f"基准县{index}",
        level=Region.Level.COUNTY,
        code=None,
    )


def timed(label, func):
    started = time.perf_counter()
    func()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return elapsed


def per_tenant(method: str, prefix: str, start: int, count: int) -> float:
    from django.conf import settings

    settings.TENANT_CLONE_METHOD = method
    started = time.perf_counter()
    for i in range(start, start + count):
        county(i, prefix).save(verbosity=0)
    return (time.perf_counter() - started) / count


def schema_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace")
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="20,120,500")
    parser.add_argument("--sample", type=int, default=5)
    parser.add_argument("--migrated", type=int, default=3)
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]

    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tenants.models import Region
    from tenants.provisioning import ensure_system_tenants
    from tenants.schema_clone import DJANGO_TENANTS, REPLAY

    call_command("migrate_schemas", shared=True, verbosity=0)
    timed("template schema migrated from zero", ensure_system_tenants)
    settings.TENANT_CREATION_FAKES_MIGRATIONS = False
    per_migrated = per_tenant(REPLAY, "migr", 0, args.migrated) if args.migrated else 0.0
    settings.TENANT_CREATION_FAKES_MIGRATIONS = True
    per_tenant(REPLAY, "warm", 0, 1)  # the one dump of the template, outside the timings
    rows, filled = [], 0
    for level in levels:
        tenants = Region.objects.exclude(schema_name="public").count()
        fill = max(0, level - tenants - 2 * args.sample)
        if fill:
            seconds = per_tenant(REPLAY, "fill", filled, fill) * fill
            print(f"filled {fill} tenants by replay: {seconds:.1f} s", flush=True)
        filled += fill
        replay = per_tenant(REPLAY, f"r{level}_", 0, args.sample)
        clone = per_tenant(DJANGO_TENANTS, f"d{level}_", 0, args.sample)
        tenants = Region.objects.exclude(schema_name="public").count()
        print(f"{tenants} tenants ({schema_count()} schemas): replay {replay:.2f} s, "
              f"django-tenants {clone:.2f} s per tenant", flush=True)  # fmt: skip
        rows.append((tenants, replay, clone))
    settings.TENANT_CLONE_METHOD = REPLAY
    tenants = Region.objects.exclude(schema_name="public").count()
    noop = timed(
        f"migrate_schemas --tenant, nothing to apply, {tenants} tenants",
        lambda: call_command("migrate_schemas", tenant=True, verbosity=0),
    )
    print()
    print(f"| machine | {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f} |")  # fmt: skip
    print(f"| date | {time.strftime('%Y-%m-%d')} |")
    for tenants, replay, clone in rows:
        print(
            f"| s per county at {tenants} tenants, replay / django-tenants ({args.sample} each) "
            f"| {replay:.2f} / {clone:.2f} ({clone / replay:.1f}x) |"
        )
    if args.migrated:
        print(f"| s per tenant, migrations ({args.migrated} tenants) | {per_migrated:.2f} |")
    print(f"| no-op migrate_schemas, {tenants} tenants | {noop:.1f} s |")


if __name__ == "__main__":
    main()
