"""Benchmark: portal pages in process, the route map and rendered fragments on and off, interleaved.

The guide page, a county home (蜀山) and the province home (安徽) of bench/load.py's database
(``BENCH_LOAD_DB``, default ``zwfw_bench_load``; prepare it by running bench/load.py once),
served by the Django test client under production settings: three rounds, each timing every page
``--requests`` times in each configuration — route map and fragments on (``PORTAL_ROUTE_MAP``,
``PORTAL_FRAGMENT_CACHE``), the route map off, both off — (medians, with the SQL statements of
one request), then a cProfile of the guide page and county home with both on:

    .venv/bin/python bench/portal.py [--requests 30] [--redis-db 8]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# bench/graphql.py would shadow the graphql-core package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))


def targets(database: str) -> list[tuple[str, str, str]]:
    import psycopg

    from bench.graphql import DB_URL

    with psycopg.connect(DB_URL.format(database)) as conn:
        url = conn.execute(
            "SELECT payload->>'url' FROM published_publishedguide WHERE region_code = '340104'"
            " ORDER BY implementation_code LIMIT 1"
        ).fetchone()[0]
    parts = urlsplit(url)
    return [("guide page (蜀山)", parts.hostname, parts.path),
            ("county home (蜀山)", "shushan.localhost", "/"),
            ("province home (安徽)", "anhui.localhost", "/")]  # fmt: skip


# (column, PORTAL_ROUTE_MAP, PORTAL_FRAGMENT_CACHE); the first is the baseline of the ratios.
CONFIGS = [
    ("map + fragments", True, True),
    ("fragments only", False, True),
    ("neither", False, False),
]


def statements(host: str, path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(not q["sql"].startswith("SET search_path") for q in queries.captured_queries)


def timed(host: str, path: str, requests: int) -> float:
    from django.test import Client

    client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    assert client.get(path).status_code == 200, (host, path)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--redis-db", type=int, default=8)
    args = parser.parse_args()
    from bench import graphql as api_bench
    from bench.load import DATABASE

    os.environ.update(api_bench.server_env(DATABASE))
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    pages = targets(DATABASE)
    rows: dict = {}
    for _ in range(3):
        for column, routes, cached in CONFIGS:
            settings.PORTAL_ROUTE_MAP, settings.PORTAL_FRAGMENT_CACHE = routes, cached
            for name, host, path in pages:
                rows.setdefault((name, column), []).append(timed(host, path, args.requests))
    counts = {}
    for column, routes, cached in CONFIGS:
        settings.PORTAL_ROUTE_MAP, settings.PORTAL_FRAGMENT_CACHE = routes, cached
        for name, host, path in pages:
            counts[(name, column)] = statements(host, path)
    print(f"\nload average {os.getloadavg()}; medians of 3 rounds × {args.requests}; ms (SQL)\n")
    print("| page | " + " | ".join(c for c, _, _ in CONFIGS) + " | ÷ map + fragments |")
    print("|---|" + "---|" * len(CONFIGS) + "---|")
    for name, _, _ in pages:
        times = [statistics.median(rows[(name, c)]) for c, _, _ in CONFIGS]
        cells = [
            f"{t:.1f} ({counts[(name, c)]})" for t, (c, _, _) in zip(times, CONFIGS, strict=True)
        ]
        ratios = " / ".join(f"{t / times[0]:.1f}×" for t in times[1:])
        print(f"| {name} | {' | '.join(cells)} | {ratios} |")
    settings.PORTAL_ROUTE_MAP, settings.PORTAL_FRAGMENT_CACHE = True, True
    for name, host, path in pages[:2]:
        client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
        client.get(path)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
        print(
            f"\nprofile, {name}, map and fragments on, {args.requests} requests\n{out.getvalue()}"
        )


if __name__ == "__main__":
    main()
