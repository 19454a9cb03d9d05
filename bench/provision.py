"""Benchmark: county tenants created by cloning the template versus by running migrations,
and a no-op `migrate_schemas` over 120 tenants.

Runs in its own database (zwfw_bench, dropped and recreated) so the demo data is untouched:

    .venv/bin/python bench/provision.py [--clones 20] [--migrated 3] [--noop 120]

Prints a Markdown table to paste into bench/RESULTS.md.
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
BENCH_DB = "zwfw_bench"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")


def recreate_database():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)


def county(index: int, prefix: str):
    from tenants.models import Region

    # Synthetic county codes under 合肥 (340100): 3401xx with xx from 01..99 are enough here.
    return Region(
        schema_name=f"{prefix}{index:03d}",
        slug=f"{prefix}{index:03d}",
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clones", type=int, default=20)
    parser.add_argument("--migrated", type=int, default=3)
    parser.add_argument("--noop", type=int, default=120)
    args = parser.parse_args()

    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tenants.provisioning import ensure_system_tenants

    call_command("migrate_schemas", shared=True, verbosity=0)
    timed("template schema migrated from zero", ensure_system_tenants)

    def create(prefix, count):
        for i in range(count):
            county(i, prefix).save(verbosity=0)

    clone_total = timed(f"{args.clones} tenants by clone", lambda: create("clone", args.clones))
    settings.TENANT_CREATION_FAKES_MIGRATIONS = False
    migrate_total = timed(
        f"{args.migrated} tenants by migrations", lambda: create("migr", args.migrated)
    )
    settings.TENANT_CREATION_FAKES_MIGRATIONS = True
    extra = max(0, args.noop - args.clones - args.migrated - 1)  # the template is a tenant too
    timed(f"{extra} more tenants by clone", lambda: create("noop", extra))

    from tenants.models import Region

    tenants = Region.objects.exclude(schema_name="public").count()
    noop = timed(
        f"migrate_schemas --tenant, nothing to apply, {tenants} tenants",
        lambda: call_command("migrate_schemas", tenant=True, verbosity=0),
    )
    per_clone, per_migrated = clone_total / args.clones, migrate_total / args.migrated
    print()
    print(
        f"| machine | {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} |"
    )
    print(f"| date | {time.strftime('%Y-%m-%d')} |")
    print(f"| seconds per tenant, clone ({args.clones} tenants) | {per_clone:.2f} |")
    print(f"| seconds per tenant, migrations ({args.migrated} tenants) | {per_migrated:.2f} |")
    print(f"| speed-up | {per_migrated / per_clone:.1f}x |")
    print(f"| no-op migrate_schemas, {tenants} tenants | {noop:.1f} s |")


if __name__ == "__main__":
    main()
