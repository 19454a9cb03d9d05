"""Benchmark: 效能 snapshots and the province dashboard at province scale.

Runs on the demo database (``make setup`` first). Adds 120 synthetic counties under 安徽's
cities (public rows only: metrics never read tenant schemas) with 200,000 live guides between
them, then measures the nightly snapshot of every region and the province dashboard read from
snapshots, and removes what it added:

    .venv/bin/python bench/metrics.py [--counties 120] [--guides 200000]
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
PREFIX = "bm"  # slugs bm001… mark the synthetic counties


def build(counties: int, guides: int) -> list:
    from django.utils import timezone

    from core.published.models import PublishedGuide
    from tenants.models import Region

    Region.auto_create_schema = False  # public rows only
    cities = list(Region.objects.filter(parent__slug="anhui", is_active=True).order_by("code"))
    template = PublishedGuide.objects.filter(region__parent__parent__slug="anhui").first()
    made = []
    for n in range(counties):
        city = cities[n % len(cities)]
        code = f"{city.code[:4]}{70 + n // len(cities):02d}"[:6]
        region = Region.objects.create(
            schema_name=f"{PREFIX}{n:03d}", slug=f"{PREFIX}{n:03d}", name=f"测试县{n:03d}",
            level="county", code=code if not Region.objects.filter(code=code).exists()
            else f"{city.code[:4]}{n % 100:02d}", parent=city,
        )  # fmt: skip
        made.append(region)
    now, rows = timezone.now(), []
    for i in range(guides):
        region = made[i % len(made)]
        row = PublishedGuide(**{f.attname: getattr(template, f.attname)
                                for f in PublishedGuide._meta.concrete_fields if f.name != "id"})  # fmt: skip
        row.region_id, row.region_code = region.pk, region.code
        row.ancestor_codes = [region.parent.code, "340000"]
        row.entry_id, row.implementation_code = 2_000_000 + i, f"BM{i:029d}"
        row.online_depth, row.visits, row.published_at = 1 + i % 4, i % 3, now
        rows.append(row)
        if len(rows) == 5000:
            PublishedGuide.objects.bulk_create(rows)
            rows = []
    PublishedGuide.objects.bulk_create(rows)
    return made


def remove() -> None:
    from core.metrics.models import MetricSnapshot
    from core.published.models import PublishedGuide
    from tenants.models import Region

    rows = PublishedGuide.objects.filter(implementation_code__startswith="BM")
    rows._raw_delete(rows.db)  # 200k rows: no per-row collection (they have no dependants)
    MetricSnapshot.objects.filter(region__slug__startswith=PREFIX).delete()
    Region.objects.filter(slug__startswith=PREFIX).delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counties", type=int, default=120)
    parser.add_argument("--guides", type=int, default=200_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: 200k inserts with payloads
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from core.metrics.snapshots import snapshot_all
    from tenants.models import Region

    remove()
    started = time.perf_counter()
    try:
        build(args.counties, args.guides)
    except BaseException:
        remove()
        raise
    print(
        f"built {args.counties} counties, {args.guides} guides in {time.perf_counter() - started:.1f} s"
    )
    regions = Region.objects.active().count()
    started = time.perf_counter()
    snapshot_all(timezone.localdate())
    snapshot_seconds = time.perf_counter() - started
    print(f"nightly snapshot of {regions} regions: {snapshot_seconds:.1f} s", flush=True)
    client = Client(HTTP_HOST="anhui.localhost")
    with schema_context("anhui"):
        admin = get_user_model().objects.filter(is_superuser=True).first()
        client.force_login(admin)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get("/admin/metrics/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    remove()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"nightly snapshot of {regions} regions: {snapshot_seconds:.1f} s (target ≤ 60 s)")
    print(
        f"province dashboard: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms (target ≤ 300 ms)"
    )
    print(
        f"| {time.strftime('%Y-%m-%d')} | {platform.node()} | {regions} | {args.guides} | "
        f"{snapshot_seconds:.1f} s | {statistics.median(times):.0f} / {p95:.0f} ms |"
    )


if __name__ == "__main__":
    main()
