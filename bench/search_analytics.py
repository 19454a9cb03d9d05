"""Benchmark: search analytics — what recording costs a search, the flush, and the admin reports
over a province's 180 days of searches.

Needs a database migrated for the shared apps (``make setup``, or ``manage.py migrate_schemas
--shared``) and Redis. Writes synthetic rows (province code 990000, removed at the end):

    .venv/bin/python bench/search_analytics.py [--events 1000000] [--calls 5000]
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
PROVINCE = "990000"  # no real province: the rows are easy to find and remove
COUNTY = "990101"


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def time_calls(function, calls: int) -> tuple[float, float]:
    samples = []
    for n in range(calls):
        start = time.perf_counter()
        function(n)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95)


def fill(events: int) -> None:
    """``events`` searches over 180 days in 120 regions (Zipf-like queries, 8% without results,
    a click on ~40% of those with results, mostly the first)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO analytics_searchevent
              (id, searched_at, region_code, province_code, channel, query, normalised,
               result_count, first_result, opened, first_opened)
            SELECT md5('bench' || n)::uuid,
                   now() - (n %% 180) * interval '1 day' - (n %% 86400) * interval '1 second',
                   CASE WHEN n %% 120 = 0 THEN %(county)s
                        ELSE '99' || lpad((n %% 120)::text, 4, '0') END,
                   %(province)s, CASE WHEN n %% 10 = 0 THEN 'graphql' ELSE 'portal' END,
                   q, q, CASE WHEN n %% 12 = 0 THEN 0 ELSE 1 + n %% 30 END,
                   CASE WHEN n %% 12 = 0 THEN '' ELSE 'BM' || lpad(k::text, 29, '0') END,
                   false, false
            FROM (SELECT n, (floor(5000 / (1 + (n::bigint * 7919) %% 5000)))::int AS k,
                         '查询词' || (floor(5000 / (1 + (n::bigint * 7919) %% 5000)))::int AS q
                  FROM generate_series(1, %(events)s) AS n) AS s
            """,
            {"events": events, "province": PROVINCE, "county": COUNTY},
        )
        cursor.execute(
            """
            INSERT INTO analytics_searchclick (event_id, clicked_at, position, implementation_code)
            SELECT id, searched_at, CASE WHEN random() < 0.7 THEN 1 ELSE 2 + (random() * 5)::int END,
                   first_result
            FROM analytics_searchevent
            WHERE province_code = %(province)s AND result_count > 0 AND random() < 0.4
            """,
            {"province": PROVINCE},
        )
        cursor.execute(
            """
            UPDATE analytics_searchevent e SET opened = true, first_opened = c.first
            FROM (SELECT event_id, bool_or(position = 1) AS first
                  FROM analytics_searchclick GROUP BY event_id) c
            WHERE c.event_id = e.id
            """
        )
        cursor.execute("VACUUM ANALYZE analytics_searchevent")
        cursor.execute("VACUUM ANALYZE analytics_searchclick")


def remove() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM analytics_searchclick WHERE event_id IN "
            "(SELECT id FROM analytics_searchevent WHERE province_code = %s)",
            [PROVINCE],
        )
        cursor.execute("DELETE FROM analytics_searchevent WHERE province_code = %s", [PROVINCE])


def report_times(runs: int = 5) -> list[tuple[str, float]]:
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from search.analytics import reports
    from search.analytics.models import SearchEvent
    from tenants.models import Region

    now = timezone.now()
    found = []
    for scope, where in (
        ("province", Q(province_code=PROVINCE)),
        ("county", Q(region_code__in=[COUNTY])),
    ):
        for days in (7, 30):
            events = SearchEvent.objects.filter(
                where, searched_at__gte=now - timedelta(days=days),
                channel__in=reports.SUBMITTED,
            )  # fmt: skip
            for name in ("top_queries", "zero_result_queries", "first_never_opened", "totals"):
                function = getattr(reports, name)
                samples = []
                for _ in range(runs):
                    start = time.perf_counter()
                    function(events)
                    samples.append((time.perf_counter() - start) * 1000)
                found.append((f"{scope} {days} days: {name}", statistics.median(samples)))
    province = Region(code=PROVINCE, level=Region.Level.PROVINCE)  # unsaved: only its code
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        reports.weekly_trend(province)
        samples.append((time.perf_counter() - start) * 1000)
    found.append(("province 12 weeks: weekly_trend", statistics.median(samples)))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from search.analytics import buffer, recording, store

    buffer.client().delete(buffer.key())
    recording.record("预热", COUNTY, "portal", result_count=1)  # region chain cached
    buffer.client().delete(buffer.key())
    from django.core.cache import cache

    # Interleaved with a read of the default cache (what every request already does), so that
    # the machine's load hits both alike: recording should cost about one Redis round trip.
    recorded, cached = [], []
    for n in range(args.calls):
        start = time.perf_counter()
        recording.record(f"查询词{n % 500}", COUNTY, "portal", result_count=n % 7,
                         first_result="BM1")  # fmt: skip
        middle = time.perf_counter()
        cache.get("bench:analytics:baseline")
        recorded.append((middle - start) * 1000)
        cached.append((time.perf_counter() - middle) * 1000)
    p50, p95 = statistics.median(recorded), percentile(recorded, 95)
    c50, c95 = statistics.median(cached), percentile(cached, 95)
    print(f"record (Redis buffer): p50 {p50:.3f} ms, p95 {p95:.3f} ms over {args.calls} calls; "
          f"interleaved cache.get p50 {c50:.3f} ms, p95 {c95:.3f} ms")  # fmt: skip
    start = time.perf_counter()
    written = store.flush()
    flush_seconds = time.perf_counter() - start
    print(f"flush: {written[0]} searches in {flush_seconds:.2f} s "
          f"({written[0] / flush_seconds:,.0f}/s)")  # fmt: skip
    settings.SEARCH_ANALYTICS_REDIS_URL = "redis://127.0.0.1:1/0"  # unreachable: direct writes
    direct50, direct95 = time_calls(
        lambda n: recording.record(f"查询词{n % 500}", COUNTY, "portal", result_count=1),
        min(args.calls, 1000),
    )
    settings.SEARCH_ANALYTICS_REDIS_URL = ""
    print(f"record, Redis down (direct insert): p50 {direct50:.3f} ms, p95 {direct95:.3f} ms")
    remove()
    start = time.perf_counter()
    fill(args.events)
    print(f"filled {args.events:,} searches in {time.perf_counter() - start:.1f} s", flush=True)
    try:
        for name, median in report_times():
            print(f"{name}: median {median:.0f} ms")
    finally:
        remove()
        connection.close()
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
