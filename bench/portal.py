"""Benchmark: portal pages in process, rendered fragments on and off, interleaved.

The guide page, a county home (蜀山) and the province home (安徽) of bench/load.py's database
(``BENCH_LOAD_DB``, default ``zwfw_bench_load``; prepare it by running bench/load.py once),
served by the Django test client under production settings: three rounds, each timing every page
``--requests`` times with ``PORTAL_FRAGMENT_CACHE`` on, then off (medians), then a cProfile of
the cached guide page and county home (where the rest of the time goes):

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
        for cached in (True, False):
            settings.PORTAL_FRAGMENT_CACHE = cached
            for name, host, path in pages:
                rows.setdefault((name, cached), []).append(timed(host, path, args.requests))
    print(f"\nload average {os.getloadavg()[0]:.1f}; medians of 3 rounds × {args.requests}\n")
    print("| page | fragments on, ms | off, ms | off ÷ on |")
    print("|---|---|---|---|")
    for name, _, _ in pages:
        on, off = statistics.median(rows[(name, True)]), statistics.median(rows[(name, False)])
        print(f"| {name} | {on:.1f} | {off:.1f} | {off / on:.1f}× |")
    settings.PORTAL_FRAGMENT_CACHE = True
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
        print(f"\nprofile, {name}, fragments on, {args.requests} requests\n{out.getvalue()}")


if __name__ == "__main__":
    main()
