"""Benchmark: the GuideDetail and Search persisted operations through gunicorn (production
settings, 2 workers, 127.0.0.1), plus the SQL queries each request runs.

Uses the dev database ``zwfw`` if it holds published guides, else its own ``zwfw_bench_api``
(migrated, demo regions provisioned, every demo entry published, copies up to ``--guides``):

    .venv/bin/python bench/graphql.py [--requests 3000] [--concurrency 8] [--guides 300]

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
            if not PublishedGuide.objects.filter(
                implementation_code=source.implementation_code
            ).exists():
                source.save()
    print(indexing.rebuild())


def server_env(database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "DJANGO_ALLOWED_HOSTS": "localhost,.localhost",
        "DATABASE_URL": DB_URL.format(database),
        "LOG_LEVEL": "WARNING",
    }


def start_server(database: str) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/gunicorn"), "core.wsgi", "--workers", "2",
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


def fire(body: dict, total: int, concurrency: int) -> dict:
    """``total`` POSTs of ``body`` from ``concurrency`` threads with keep-alive connections."""
    payload = json.dumps(body).encode()
    latencies, failures, lock = [], [], threading.Lock()
    per_thread = [total // concurrency + (i < total % concurrency) for i in range(concurrency)]

    def worker(count):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        for _ in range(count):
            started = time.perf_counter()
            conn.request("POST", "/graphql/", payload,
                         {"Host": HOST, "Content-Type": "application/json"})  # fmt: skip
            response = conn.getresponse()
            data = response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200 or b'"errors"' in data:
                with lock:
                    failures.append(data[:200])
        with lock:
            latencies.extend(mine)

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


def pick_guide(database: str) -> str:
    import psycopg

    with psycopg.connect(DB_URL.format(database)) as conn:
        row = conn.execute(
            "SELECT implementation_code FROM published_publishedguide WHERE region_code = '340104'"
            " ORDER BY jsonb_array_length(payload->'local'->'materials') DESC LIMIT 1"
        ).fetchone()
    return row[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--guides", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
    database = prepare_database(args.guides)
    bodies = {
        "guide": {"id": "GuideDetail", "variables": {"implementationCode": pick_guide(database)}},
        "search": {"id": "Search", "variables": {"query": "开饭店", "first": 20}},
    }
    server = start_server(database)
    try:
        rows = []
        for name, body in bodies.items():
            fire(body, 200, args.concurrency)  # warm-up
            result = fire(body, args.requests, args.concurrency)
            result["sql"] = queries_per_request(database, body)
            rows.append((name, result))
    finally:
        server.terminate()
        server.wait()
    print(f"\nGraphQL, persisted operations, gunicorn 2 workers, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, database {database} ({_guide_count(database)} guides), "
          f"{args.requests} requests, concurrency {args.concurrency}\n")  # fmt: skip
    print("| operation | req/s | p50 ms | p95 ms | SQL queries / request | failures |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['sql']} | {r['failures']} |"
        )
        if r["sample_failure"]:
            print(f"first failure: {r['sample_failure']!r}")


if __name__ == "__main__":
    main()
