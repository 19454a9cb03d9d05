"""Benchmark: a province's mixed load, driven by Locust (headless, library mode).

Against gunicorn (production settings, 2 gthread workers × 4 threads, 127.0.0.1) with a Celery
worker and beat running, in one run:

1. the bare-WSGI ceiling (a WSGI function returning a body of the plain view's size, same
   gunicorn settings) and the plain tenant-routed view ceiling (a Django view on a region host,
   through the project's middleware, returning JSON read from the cache);
2. the mixed load: portal home, guide page, search page, suggest, GraphQL GuideDetail and
   GraphQL Search from ``--users`` closed-loop users without think time, guides picked with Zipf
   popularity over every live guide and host, plus 1 rating per second
   (GraphQL rateGuide) and 1 listing edit per 10 s (edit, submit, publish by another user; the
   guide follows through the sync outbox and the worker).

Reported: req/s, p50/p95/p99 per endpoint, errors, the GraphQL response-cache hit ratio (from
the X-API-Cache header of every cacheable response), PostgreSQL connections in use
(pg_stat_activity of the bench database, sampled each second), and every req/s as a ratio to
both ceilings. Uses its own database ``zwfw_bench_load`` (seeded like bench/graphql.py's) and
Redis database ``--redis-db`` (``BENCH_LOAD_DB`` and ``BENCH_PORT_BASE`` move the database and
the two ports, e.g. when several people share the machine):

    .venv/bin/python bench/load.py [--seconds 300] [--ceiling-seconds 20] [--users 8]
                                   [--guides 300] [--redis-db 8]

Prints a Markdown table to paste into bench/RESULTS.md.
"""

import argparse
import itertools
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Several engineers may share the machine: the database and ports can be moved.
DATABASE = os.environ.get("BENCH_LOAD_DB", "zwfw_bench_load")
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8775"))
APP_PORT, BARE_PORT = PORT_BASE, PORT_BASE + 1
PLAIN_PATH = "/bench/plain"
PLAIN_KEY = "bench:plain"
PLAIN_BODY_BYTES = 2048
EDIT_EVERY = 10.0
EDIT_REGION = "shushan"
SEARCH_WORDS = ["开饭店", "身份证", "营业执照", "社保", "公积金", "出生", "退休", "许可"]
# Production settings expect a TLS proxy in front (SECURE_PROXY_SSL_HEADER): say it is there.
BEHIND_TLS_PROXY = {"X-Forwarded-Proto": "https"}
SUGGEST_PREFIXES = ["身份", "营业", "sheb", "gongj", "食品", "出生"]


# --- the servers -------------------------------------------------------------------------------


def _plain_value() -> dict:
    return {"ok": True, "padding": "x" * (PLAIN_BODY_BYTES - 26)}


def plain_view(request):
    """A tenant-routed view doing what a cached page does: one cache read, JSON out."""
    from django.core.cache import cache
    from django.http import JsonResponse

    value = cache.get(PLAIN_KEY)
    if value is None:
        value = _plain_value()
        cache.set(PLAIN_KEY, value, timeout=None)
    return JsonResponse({"region": request.tenant.schema_name, **value})


def application():
    """The project's WSGI application with ``PLAIN_PATH`` mounted first (gunicorn factory)."""
    import django

    django.setup()
    from django.urls import clear_url_caches, path

    from core import urls_tenants
    from core.wsgi import application as wsgi

    urls_tenants.urlpatterns.insert(0, path(PLAIN_PATH.lstrip("/"), plain_view))
    clear_url_caches()
    return wsgi


def bare_application():
    """A WSGI function answering every request with a body of the plain view's size."""
    body = b'{"region": "shushan", "ok": true, "padding": "' + b"x" * (PLAIN_BODY_BYTES - 26)
    body += b'"}'
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]

    def app(environ, start_response):
        start_response("200 OK", headers)
        return [body]

    return app


def environment(redis_db: int) -> dict:
    from bench import graphql as api_bench

    return {
        **api_bench.server_env(DATABASE),
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "TRUSTED_PROXIES": "127.0.0.1",  # raters are told apart by X-Forwarded-For
    }


def _wait_for(port: int, process: subprocess.Popen, host: str) -> None:
    import http.client

    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": host})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def start_services(env: dict, log_dir: Path) -> list[subprocess.Popen]:
    """gunicorn (app and bare WSGI), a Celery worker and beat; each logs to ``log_dir``."""
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--worker-class", "gthread",
                "--threads", "4", "--log-level", "warning"]  # fmt: skip
    celery = [sys.executable, "-m", "celery", "-A", "core"]
    commands = {
        "app": [*gunicorn, "--bind", f"127.0.0.1:{APP_PORT}", "bench.load:application()"],
        "bare": [*gunicorn, "--bind", f"127.0.0.1:{BARE_PORT}", "bench.load:bare_application()"],
        "worker": [*celery, "worker", "--loglevel=WARNING", "--concurrency=2", "--without-gossip"],
        "beat": [*celery, "beat", "--loglevel=WARNING", f"--schedule={log_dir / 'beat'}"],
    }
    processes = []
    for name, command in commands.items():
        out = (log_dir / f"{name}.log").open("w")
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out))
    from bench.graphql import HOST

    try:
        _wait_for(APP_PORT, processes[0], HOST)
        _wait_for(BARE_PORT, processes[1], HOST)
    except BaseException:
        stop(processes)
        raise
    return processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the database ------------------------------------------------------------------------------


def prepare_database(minimum: int) -> None:
    """Migrate ``zwfw_bench_load``; the first time also provision and seed it (bench.graphql)."""
    from bench import graphql as api_bench

    os.environ["DATABASE_URL"] = api_bench.DB_URL.format(DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)
    api_bench._manage("migrate_schemas", "--shared")
    api_bench._manage("provision_tenants", "--system-only")
    api_bench._manage("migrate_schemas", "--tenant")
    if api_bench._guide_count(DATABASE) >= minimum:
        return
    api_bench._manage("provision_tenants")
    api_bench._manage("shell", "-c", f"from bench.graphql import seed; seed({minimum})")


def guides() -> list[tuple[str, str, str]]:
    """(host, guide page path, implementation code) of every live guide."""
    from urllib.parse import urlsplit

    import psycopg

    from bench.graphql import DB_URL

    with psycopg.connect(DB_URL.format(DATABASE)) as conn:
        rows = conn.execute(
            "SELECT implementation_code, payload->>'url' FROM published_publishedguide"
        ).fetchall()
    found = []
    for code, url in rows:
        parts = urlsplit(url or "")
        if parts.hostname and parts.path:
            found.append((parts.hostname, parts.path, code))
    return found


def connections_in_use() -> tuple[int, int]:
    """(connections to the bench database, of which running a statement)."""
    import psycopg

    from bench.graphql import DB_URL

    with psycopg.connect(DB_URL.format("postgres"), autocommit=True) as conn:
        total, active = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        ).fetchone()
    return total, active


# --- the listing editor (a separate Django process) --------------------------------------------


def edit_listings(until: float) -> None:
    """Every EDIT_EVERY seconds until ``until`` (wall clock): edit a published entry of
    EDIT_REGION, submit it, publish it as another user (four-eyes). Run inside ``manage.py
    shell`` (its start-up is not part of the period); prints "edits N errors M"."""
    from django_tenants.utils import schema_context

    from core.listings import services
    from core.listings.models import ImplementationItem

    done = errors = 0
    while time.time() < until:
        started = time.monotonic()
        try:
            with schema_context(EDIT_REGION):
                published = ImplementationItem.objects.filter(
                    state=ImplementationItem.State.PUBLISHED
                )
                item = published.order_by("?").first()
                services.update_item(item, {"hours": f"工作日 9:00–17:00（{done + 1}）"},
                                     user="bench-editor")  # fmt: skip
                services.submit_item(item, user="bench-editor")
                services.publish_item(item, user="bench-approver")
            done += 1
        except Exception as error:
            errors += 1
            print(f"edit failed: {error!r}", file=sys.stderr)
        time.sleep(max(0.0, EDIT_EVERY - (time.monotonic() - started)))
    print(f"edits {done} errors {errors}")


def start_editor(env: dict, seconds: float, log_dir: Path) -> subprocess.Popen:
    # Ends with the mixed load, however long the shell takes to start on a busy machine.
    script = f"from bench.load import edit_listings; edit_listings({time.time() + seconds})"
    out = (log_dir / "editor.log").open("w")
    return subprocess.Popen([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env=env, stdout=out, stderr=out)  # fmt: skip


# --- the load (Locust) -------------------------------------------------------------------------


def popular(guide_list) -> Callable[[], tuple[str, str, str]]:
    """A guide picker with Zipf popularity (the k-th most visited guide gets 1/k of the first's
    visits), the order shuffled with a fixed seed: a portal's visits are skewed, not uniform."""
    ranked = sorted(guide_list)
    random.Random(11).shuffle(ranked)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(ranked) + 1)))
    return lambda: random.choices(ranked, cum_weights=cumulative)[0]


def user_classes(guide_list, mixed: bool, ceiling_port: int | None = None):
    """Locust users: for a ceiling, one class hitting one URL; else the mix and a rater."""
    from locust import FastHttpUser, constant, constant_pacing, task

    from bench.graphql import HOST, SEARCH, guide_body

    pick = popular(guide_list or [])

    def post_json(user, name, host, body, **headers):
        with user.client.post("/graphql/", json=body, name=name, catch_response=True,
                              headers={"Host": host, **headers}) as response:  # fmt: skip
            if response.status_code != 200 or "errors" in (response.json() or {}):
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
            cache_state = response.headers.get("X-API-Cache")
            if cache_state:
                CACHE_STATES.setdefault(name, {}).setdefault(cache_state, 0)
                CACHE_STATES[name][cache_state] += 1

    if not mixed:

        class Ceiling(FastHttpUser):
            host = f"http://127.0.0.1:{ceiling_port}"
            default_headers = BEHIND_TLS_PROXY
            wait_time = constant(0)

            @task
            def plain(self):
                self.client.get(PLAIN_PATH, name="ceiling", headers={"Host": HOST})

        return [Ceiling]

    class Reader(FastHttpUser):
        host = f"http://127.0.0.1:{APP_PORT}"
        default_headers = BEHIND_TLS_PROXY
        wait_time = constant(0)

        @task(3)
        def home(self):
            host, _path, _code = pick()
            self.client.get("/", name="portal home", headers={"Host": host})

        @task(3)
        def guide_page(self):
            host, path, _code = pick()
            self.client.get(path, name="guide page", headers={"Host": host})

        @task(1)
        def search_page(self):
            query = random.choice(SEARCH_WORDS)
            self.client.get(f"/search/?q={query}", name="search page", headers={"Host": HOST})

        @task(2)
        def suggest(self):
            prefix = random.choice(SUGGEST_PREFIXES)
            self.client.get(f"/search/suggest?q={prefix}", name="suggest",
                            headers={"Host": HOST})  # fmt: skip

        @task(4)
        def guide_detail(self):
            host, _path, code = pick()
            post_json(self, "GraphQL GuideDetail", host, guide_body(code))

        @task(1)
        def graphql_search(self):
            body = {**SEARCH, "variables": {**SEARCH["variables"],
                                            "query": random.choice(SEARCH_WORDS)}}  # fmt: skip
            post_json(self, "GraphQL Search", HOST, body)

    class Rater(FastHttpUser):
        host = f"http://127.0.0.1:{APP_PORT}"
        default_headers = BEHIND_TLS_PROXY
        fixed_count = 1
        wait_time = constant_pacing(1.0)

        @task
        def rate(self):
            host, _path, code = pick()
            body = {
                "id": "RateGuide",
                "variables": {"implementationCode": code, "score": random.randint(1, 5)},
            }
            client = f"198.51.100.{random.randint(1, 254)}"  # a header value, never a peer
            post_json(self, "GraphQL rateGuide", host, body, Origin=f"https://{host}",
                      **{"X-Forwarded-For": client})  # fmt: skip

    return [Reader, Rater]


CACHE_STATES: dict[str, dict[str, int]] = {}


def drive(classes, users: int, seconds: float, sample=None) -> tuple[dict, float, list]:
    """Run Locust for ``seconds``; (stats per name, elapsed seconds, samples)."""
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=classes)
    runner = env.create_local_runner()
    samples = []

    def sampler():
        while True:
            samples.append(sample())
            gevent.sleep(1.0)

    watcher = gevent.spawn(sampler) if sample else None
    runner.start(users, spawn_rate=users)
    started = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    runner.quit()
    if watcher:
        watcher.kill()
    rows = {}
    for (name, _method), entry in env.stats.entries.items():
        rows[name] = {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
    return rows, elapsed, samples


# --- the report --------------------------------------------------------------------------------


def report(args, ceilings: dict, rows: dict, elapsed: float, samples, editor_out: str) -> None:
    bare, plain = ceilings["bare WSGI"], ceilings["plain view"]
    print(f"\nMixed load, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
          f" {platform.machine()}, {os.cpu_count()} CPUs; gunicorn 2 gthread workers × 4 threads,"
          f" Celery worker (2) and beat; Locust {args.users} users without think time + 1 rater"
          f" (1/s) + listing editor (1/{EDIT_EVERY:.0f} s); {elapsed:.0f} s mixed,"
          f" {args.ceiling_seconds} s per ceiling\n")  # fmt: skip
    print(
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors | ÷ plain view"
        " | ÷ bare WSGI |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in [("bare WSGI (ceiling)", bare), ("plain view (ceiling)", plain)]:
        print(f"| {name} | {r['count']} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} |"
              f" {r['p99']:.0f} | {r['failures']} | {r['rps'] / plain['rps']:.2f} |"
              f" {r['rps'] / bare['rps']:.3f} |")  # fmt: skip
    total = sum(r["count"] for r in rows.values())
    failures = sum(r["failures"] for r in rows.values())
    for name in sorted(rows):
        r = rows[name]
        rps = r["count"] / elapsed
        print(f"| {name} | {r['count']} | {rps:.1f} | {r['p50']:.0f} | {r['p95']:.0f} |"
              f" {r['p99']:.0f} | {r['failures']} | {rps / plain['rps']:.3f} |"
              f" {rps / bare['rps']:.4f} |")  # fmt: skip
    print(f"| **all mixed** | {total} | {total / elapsed:.0f} | | | | {failures}"
          f" ({100 * failures / max(total, 1):.2f} %) | {total / elapsed / plain['rps']:.2f} |"
          f" {total / elapsed / bare['rps']:.3f} |")  # fmt: skip
    print()
    for name, states in sorted(CACHE_STATES.items()):
        # "patched": a hit whose rating summaries were recomputed (api.core.holes)
        patched, seen = states.get("patched", 0), sum(states.values())
        hits = states.get("hit", 0) + patched
        print(
            f"- response cache, {name}: {hits} hits of {seen} ({100 * hits / seen:.1f} %),"
            f" {patched} of them patched"
        )
    if samples:
        totals = [t for t, _ in samples]
        actives = [a for _, a in samples]
        print(f"- PostgreSQL connections to {DATABASE}: mean {sum(totals) / len(totals):.1f},"
              f" max {max(totals)}; running a statement: mean"
              f" {sum(actives) / len(actives):.1f}, max {max(actives)}"
              f" ({len(samples)} samples, 1/s)")  # fmt: skip
    print(f"- listing editor: {editor_out.strip() or 'no output'}")


def ceiling(port: int, users: int, seconds: float) -> dict:
    rows, elapsed, _ = drive(user_classes(None, False, port), users, seconds)
    row = rows["ceiling"]
    return {**row, "rps": row["count"] / elapsed}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--ceiling-seconds", type=float, default=20)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--guides", type=int, default=300)
    parser.add_argument("--redis-db", type=int, default=8)
    args = parser.parse_args()
    import locust  # noqa: F401  (gevent's monkey-patching, before anything opens sockets)

    prepare_database(args.guides)
    guide_list = guides()
    env = environment(args.redis_db)
    log_dir = Path(f"/tmp/bench-load-{os.getpid()}")
    log_dir.mkdir()
    processes = start_services(env, log_dir)
    try:
        ceilings = {
            "bare WSGI": ceiling(BARE_PORT, args.users, args.ceiling_seconds),
            "plain view": ceiling(APP_PORT, args.users, args.ceiling_seconds),
        }
        editor = start_editor(env, args.seconds, log_dir)
        rows, elapsed, samples = drive(
            user_classes(guide_list, True), args.users + 1, args.seconds, connections_in_use
        )
        try:
            editor.wait(timeout=EDIT_EVERY * 3)
        except subprocess.TimeoutExpired:
            editor.terminate()  # its last edit hangs: report the run anyway
    finally:
        stop(processes)
    editor_out = (log_dir / "editor.log").read_text().splitlines()
    report(args, ceilings, rows, elapsed, samples, (editor_out or [""])[-1])
    print(f"\nserver, worker, beat and editor logs: {log_dir}")


if __name__ == "__main__":
    main()
