"""Benchmark: the GuideDetail and Search persisted operations through gunicorn (production
settings, 2 workers of 4 threads each, 127.0.0.1), plus the SQL queries each request runs.

GuideDetail is measured three ways: one guide over and over (the response cache answers all
but the first request), every guide in turn from an empty cache (each guide's first request is
a miss), and with the response cache switched off (every request executes). The hit ratio is
read from the ``X-API-Cache`` response header.

Uses the dev database ``zwfw`` if it holds published guides, else its own ``zwfw_bench_api``
(migrated, demo regions provisioned, every demo entry published, copies up to ``--guides``):

    .venv/bin/python bench/graphql.py [--requests 3000] [--concurrency 8] [--guides 300]
                                      [--worker-class gthread] [--threads 4]

Prints a Markdown table to paste into bench/RESULTS.md.
"""

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "zwfw_bench_api"
PORT = 8765
HOST = "shushan.localhost"
DB_URL = "postgres://postgres@127.0.0.1:5432/{}"


def _guide_count(database: str) -> int:
    import psycopg

    try:
        with psycopg.connect(DB_URL.format(database)) as conn:
            return conn.execute("SELECT count(*) FROM published_publishedguide").fetchone()[0]
    except psycopg.Error:
        return 0


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env=os.environ)


def prepare_database(minimum: int) -> str:
    """The database to serve from: zwfw when it has guides, else a seeded zwfw_bench_api."""
    if _guide_count("zwfw") > 0:
        return "zwfw"
    os.environ["DATABASE_URL"] = DB_URL.format(BENCH_DB)
    if _guide_count(BENCH_DB) >= minimum:
        return BENCH_DB
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)
    _manage("migrate_schemas", "--shared")
    _manage("provision_tenants", "--system-only")
    _manage("migrate_schemas", "--tenant")
    _manage("provision_tenants")
    seed_cmd = f"from bench.graphql import seed; seed({minimum})"
    _manage("shell", "-c", seed_cmd)
    return BENCH_DB


def seed(minimum: int) -> None:
    """Publish every demo entry of every demo tenant, copy rows up to ``minimum``, index."""
    from unittest import mock

    from core.published.models import PublishedGuide
    from search import indexing
    from tests.factories import _demo, published_entry

    with mock.patch("search.signals.enqueue"):
        for path in sorted((ROOT / "demo" / "listings").glob("*.json")):
            slug = path.stem
            for item in _demo("listings", slug)["items"]:
                if not item.get("publish", True):
                    continue
                province = "sichuan" if slug in ("jinjiang", "qingyang") else "anhui"
                try:
                    published_entry(slug, item["basic_code"], province)
                except Exception as error:  # an entry the rules refuse is skipped, not fatal
                    print(f"skip {slug} {item['basic_code']}: {error}")
        originals = list(PublishedGuide.objects.all())
        copy = 0
        while PublishedGuide.objects.count() < minimum:
            source = originals[copy % len(originals)]
            copy += 1
            source.pk = None
            source.implementation_code = source.implementation_code[:-3] + f"{copy:03d}"[-3:]
            source.basic_code = source.implementation_code[-12:]
            source.entry_id = 1_000_000 + copy  # a copy stands for another entry
            if not PublishedGuide.objects.filter(
                implementation_code=source.implementation_code
            ).exists():
                source.save()
    print(indexing.rebuild())


def server_env(database: str) -> dict:
    return {
        # An empty response cache per run, apart from the development server's keys.
        "CACHE_KEY_PREFIX": f"bench-api-{uuid.uuid4().hex[:8]}",
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "DJANGO_ALLOWED_HOSTS": "localhost,.localhost",
        "DATABASE_URL": DB_URL.format(database),
        "LOG_LEVEL": "WARNING",
    }


def uncached_application():
    """The WSGI application with the response cache switched off (gunicorn factory)."""
    from django.conf import settings

    from core.wsgi import application

    settings.GRAPHQL_RESPONSE_CACHE = False
    return application


def start_server(database: str, args, cached: bool = True) -> subprocess.Popen:
    app = "core.wsgi" if cached else "bench.graphql:uncached_application()"
    command = [str(ROOT / ".venv/bin/gunicorn"), app, "--workers", "2",
               "--worker-class", args.worker_class, "--threads", str(args.threads),
               "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=server_env(database))
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": HOST})
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def fire(bodies: list[dict], total: int, concurrency: int) -> dict:
    """``total`` POSTs, the bodies in turn, from ``concurrency`` threads with keep-alive
    connections."""
    payloads = [json.dumps(body).encode() for body in bodies]
    latencies, failures, hits, lock = [], [], [], threading.Lock()
    per_thread = [total // concurrency + (i < total % concurrency) for i in range(concurrency)]
    turn = iter(range(10**9))

    def worker(count):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, hit = [], 0
        for _ in range(count):
            payload = payloads[next(turn) % len(payloads)]
            started = time.perf_counter()
            conn.request("POST", "/graphql/", payload,
                         {"Host": HOST, "Content-Type": "application/json"})  # fmt: skip
            response = conn.getresponse()
            data = response.read()
            mine.append(time.perf_counter() - started)
            hit += response.getheader("X-API-Cache") == "hit"
            if response.status != 200 or b'"errors"' in data:
                with lock:
                    failures.append(data[:200])
        with lock:
            latencies.extend(mine)
            hits.append(hit)

    threads = [threading.Thread(target=worker, args=(n,)) for n in per_thread]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": total / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "hit_ratio": sum(hits) / total,
        "failures": len(failures),
        "sample_failure": failures[0] if failures else None,
    }


def queries_per_request(database: str, body: dict) -> int:
    """SQL statements the API runs for one request, measured in a child process."""
    script = (
        "import django, json; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.conf import settings\n"
        "settings.GRAPHQL_RESPONSE_CACHE = False  # what a request costs when it executes\n"
        f"body = {json.dumps(body)!r}\n"
        f"client = Client(HTTP_HOST={HOST!r})\n"
        "client.post('/graphql/', body, content_type='application/json')\n"
        "with CaptureQueriesContext(connection) as c:\n"
        "    client.post('/graphql/', body, content_type='application/json')\n"
        "print(len([q for q in c.captured_queries if not q['sql'].startswith('SET search_path')"
        " and 'tenants_domain' not in q['sql']]))\n"
    )
    env = {**server_env(database), "DJANGO_SETTINGS_MODULE": "core.settings.dev"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1])


def pick_guides(database: str) -> list[str]:
    """Every guide, the one with the most materials in 蜀山 first."""
    import psycopg

    with psycopg.connect(DB_URL.format(database)) as conn:
        rows = conn.execute(
            "SELECT implementation_code FROM published_publishedguide ORDER BY region_code <>"
            " '340104', jsonb_array_length(payload->'local'->'materials') DESC, id"
        ).fetchall()
    return [row[0] for row in rows]


SEARCH = {"id": "Search", "variables": {"query": "开饭店", "first": 20}}


def guide_body(code: str) -> dict:
    return {"id": "GuideDetail", "variables": {"implementationCode": code}}


def scenarios(database: str) -> list[tuple[str, bool, list[dict]]]:
    """(row label, response cache on, bodies sent in turn)."""
    codes = pick_guides(database)
    search = SEARCH
    return [
        ("guide, one guide", True, [guide_body(codes[0])]),
        (f"guide, {len(codes)} guides in turn", True, [guide_body(c) for c in codes]),
        ("search", True, [search]),
        ("guide, cache off", False, [guide_body(codes[0])]),
        ("search, cache off", False, [search]),
    ]


def run(database: str, args) -> list[tuple[str, dict]]:
    rows = []
    for cached in (True, False):
        server = start_server(database, args, cached)
        try:
            # Warm-up (imports, connections) with a code no guide has: caches nothing we measure.
            fire([guide_body("0" * 31), SEARCH], 200, args.concurrency)
            for name, on, bodies in scenarios(database):
                if on != cached:
                    continue
                result = fire(bodies, args.requests, args.concurrency)
                result["sql"] = queries_per_request(database, bodies[0])
                rows.append((name, result))
        finally:
            server.terminate()
            server.wait()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--guides", type=int, default=300)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", help="serve from this database (default: zwfw if it has"
                        " guides, else zwfw_bench_api)")  # fmt: skip
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
    database = args.database or prepare_database(args.guides)
    rows = run(database, args)
    print(f"\nGraphQL, persisted operations, gunicorn 2 {args.worker_class} workers"
          f" ({args.threads} threads), {platform.machine()}, {os.cpu_count()} CPUs, database"
          f" {database} ({_guide_count(database)} guides), {args.requests} requests,"
          f" concurrency {args.concurrency}\n")  # fmt: skip
    print(
        "| operation | req/s | p50 ms | p95 ms | cache hits | SQL queries / executed request"
        " | failures |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} |"
              f" {100 * r['hit_ratio']:.0f} % | {r['sql']} | {r['failures']} |")  # fmt: skip
        if r["sample_failure"]:
            print(f"first failure: {r['sample_failure']!r}")


if __name__ == "__main__":
    main()
