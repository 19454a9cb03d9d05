"""Benchmark: a catalogue change fanned out to 120 claimant tenants and merged by 2 workers.

Runs in its own database (zwfw_bench_fanout, recreated):

    .venv/bin/python bench/fanout.py [--tenants 120] [--workers 2]

Builds a province, 6 cities and N counties (clones of the template), lets a market-supervision
department of every county claim 食品经营许可 and localise it, publishes a new catalogue version
and measures the time from publish to the last merged SyncJob, with a Celery worker of
``--workers`` processes. Prints a Markdown table for bench/RESULTS.md.
"""

import argparse
import json
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
BENCH_DB = "zwfw_bench_fanout"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
QUEUE = "bench-fanout"
os.environ["CELERY_QUEUE"] = QUEUE
FOOD = "000131106000"


def recreate_database():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)


def uscc(division: str, serial: int) -> str:
    from tenants.codes import uscc_check_character

    first17 = f"11{division}MB{serial:07d}"
    return first17 + uscc_check_character(first17)


def build_regions(count: int):
    from tenants.models import Department, Region

    province = Region.objects.create(
        schema_name="anhui", slug="anhui", name="安徽省", level="province", code="340000"
    )
    counties, cities = [], {}
    for index in range(count):
        city_code = f"34{index // 20 + 1:02d}00"
        if city_code not in cities:
            cities[city_code] = Region.objects.create(
                schema_name=f"c{city_code}", slug=f"c{city_code}", name=f"市{city_code}",
                level="city", code=city_code, parent=province,
            )  # fmt: skip
        code = f"{city_code[:4]}{index % 20 + 1:02d}"
        county = Region.objects.create(
            schema_name=f"x{code}", slug=f"x{code}", name=f"县{code}", level="county",
            code=code, parent=cities[city_code],
        )  # fmt: skip
        Department.objects.create(
            region=county, key="scjg", name=f"县{code}市场监督管理局", short_name="市场监管局",
            uscc=uscc(code, index + 1),
        )  # fmt: skip
        counties.append(county)
        if (index + 1) % 20 == 0:
            print(f"  {index + 1}/{count} tenants", flush=True)
    return province, counties


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django_tenants.utils import schema_context

    from core.catalogue import services as catalogue
    from core.catalogue.models import SyncJob
    from core.listings import services as listings
    from tenants.models import Department
    from tenants.provisioning import ensure_system_tenants

    call_command("migrate_schemas", shared=True, verbosity=0)
    ensure_system_tenants()
    started = time.perf_counter()
    province, counties = build_regions(args.tenants)
    print(f"{args.tenants} tenants cloned in {time.perf_counter() - started:.1f} s", flush=True)

    data = next(
        m for m in json.loads((ROOT / "demo/catalogue/anhui.json").read_text())["matters"]
        if m["basic_code"] == FOOD
    )  # fmt: skip
    matter = catalogue.create_matter(province, FOOD, data, national=True)
    catalogue.publish_version(matter.versions.get())
    matter.refresh_from_db()
    for county in counties:
        with schema_context(county.schema_name):
            item = listings.claim_matter(matter, Department.objects.get(region=county), "4")
            listings.update_item(item, {"hours": f"{county.name}：周一至周五"})

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core", "worker", f"--concurrency={args.workers}",
         "-Q", QUEUE, "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        env={**os.environ}, cwd=ROOT,
    )  # fmt: skip
    try:
        from core.celery import app

        app.conf.task_default_queue = QUEUE
        while not app.control.ping(timeout=1.0):
            time.sleep(0.5)
        with transaction.atomic():
            draft = catalogue.start_version(matter, allow_national=True)
            catalogue.update_draft(
                draft,
                {
                    "conditions": data["conditions"] + "\n（省级更新）",
                    "change_note": "受理条件更新",
                },
            )
            catalogue.submit_version(draft)
            catalogue.publish_version(draft)
            published = time.perf_counter()
        while SyncJob.objects.filter(state="done").count() < args.tenants:
            time.sleep(0.1)
        elapsed = time.perf_counter() - published
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    merged = SyncJob.objects.filter(state="done", items=1).count()
    print()
    print(f"| machine | {platform.machine()}, {os.cpu_count()} cores |")
    print(f"| date | {time.strftime('%Y-%m-%d')} |")
    print(f"| claimant tenants | {args.tenants} ({merged} merged one entry each) |")
    print(f"| worker processes | {args.workers} |")
    print(f"| publish → all tenants merged | {elapsed:.1f} s |")


if __name__ == "__main__":
    main()
