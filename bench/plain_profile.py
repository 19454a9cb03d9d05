"""Benchmark: the plain tenant-routed view in process, without a server or network.

Calls the project's WSGI application (production settings, ``bench.load.application``) with a
request for ``bench.load.plain_view`` on 蜀山's host, in interleaved rounds with a bare WSGI
function of the same body, and prints µs per request of each, their ratio, and a cProfile of
the plain view grouped by the middleware or part of the request path that spent the time.

    BENCH_LOAD_DB=zwfw_bench_load .venv/bin/python bench/plain_profile.py [--requests 2000]
        [--rounds 5] [--redis-db 8] [--top 25] [--guide-hit]

``--guide-hit`` measures, in the same interleaved rounds, bench/ratios.py's "GuideDetail, cache
hit" request (the persisted GuideDetail of 蜀山's guide with the most materials, a JSON POST
answered from the response cache) and profiles it instead of the plain view.

The database is bench/load.py's (prepared by bench/load.py or bench/ratios.py). The machine may
be shared: compare the ratio and the shares, not the µs, across runs.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: its graphql.py would shadow the library

HOST = "shushan.localhost"
MIDDLEWARE_HOOKS = ("process_request", "process_response", "process_view", "process_exception")
# Parts of the request path: (name, file path part, functions counted with their callees).
PARTS = [
    ("request_started signal", "django/dispatch/dispatcher.py", ("send",)),
    ("WSGIRequest()", "django/core/handlers/wsgi.py", ("__init__",)),
    ("RegionMiddleware (routing)", "tenants/middleware.py", ("process_request",)),
    ("SecurityMiddleware", "django/middleware/security.py", MIDDLEWARE_HOOKS),
    ("SessionMiddleware", "django/contrib/sessions/middleware.py", MIDDLEWARE_HOOKS),
    ("LocaleMiddleware", "django/middleware/locale.py", MIDDLEWARE_HOOKS),
    ("CommonMiddleware", "django/middleware/common.py", MIDDLEWARE_HOOKS),
    ("CsrfViewMiddleware", "django/middleware/csrf.py", MIDDLEWARE_HOOKS),
    ("AuthenticationMiddleware", "django/contrib/auth/middleware.py", MIDDLEWARE_HOOKS),
    ("MessageMiddleware", "django/contrib/messages/middleware.py", MIDDLEWARE_HOOKS),
    ("XFrameOptionsMiddleware", "django/middleware/clickjacking.py", MIDDLEWARE_HOOKS),
    ("RegionRedirectMiddleware", "tenants/middleware.py", ("process_response",)),
    ("URL resolving", "django/urls/resolvers.py", ("resolve",)),
    ("view: cache read", "core/cache_backends.py", ("get",)),
    ("view (cache read + JSON)", "bench/load.py", ("plain_view",)),
    ("response close (request_finished)", "django/http/response.py", ("close",)),
]
HIT_PARTS = [
    ("API view dispatch (all of the hit)", "api/views.py", ("dispatch",)),
    ("thin path", "api/thin.py", ("answer",)),
    ("  request body JSON", "api/thin.py", ("_body",)),
    ("  persisted lookup", "api/core/persisted.py", ("find",)),
    ("  response cache lookup (Redis)", "api/core/cache.py", ("find",)),
    ("  HttpResponse", "django/http/response.py", ("__init__",)),
]


def guide_hit_environ(code: str):
    body = json.dumps({"id": "GuideDetail", "variables": {"implementationCode": code}}).encode()

    def make() -> dict:
        return {**environ(), "REQUEST_METHOD": "POST", "PATH_INFO": "/graphql/",
                "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
                "wsgi.input": io.BytesIO(body)}  # fmt: skip

    return make


def environ() -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/bench/plain", "QUERY_STRING": "",
        "SERVER_NAME": HOST, "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT": "*/*",
        "HTTP_USER_AGENT": "wrk", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.multithread": True,
        "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0),
    }  # fmt: skip


def call(app, make_environ=None) -> bytes:
    status = []
    body = app((make_environ or environ)(), lambda s, h, exc_info=None: status.append(s))
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    assert status[0].startswith("200"), (status, content[:200])
    return content


def per_request_us(app, requests: int, make_environ=None) -> float:
    """CPU time of this process per request (waits for Redis and a loaded CPU left out)."""
    start = time.process_time()
    for _ in range(requests):
        call(app, make_environ)
    return (time.process_time() - start) / requests * 1e6


def shares(profile: cProfile.Profile, total: float, parts=PARTS) -> list[tuple[str, float]]:
    stats = pstats.Stats(profile).stats
    found = []
    for name, path, functions in parts:
        cumulative = sum(
            row[3] for (file, _, func), row in stats.items() if path in file and func in functions
        )
        found.append((name, cumulative / total))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--redis-db", type=int, default=8)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--guide-hit", action="store_true")
    args = parser.parse_args()
    from bench import load

    os.environ.update(load.environment(args.redis_db))
    app, bare = load.application(), load.bare_application()
    hit = None
    if args.guide_hit:
        from bench import graphql as api_bench

        hit = guide_hit_environ(api_bench.pick_guides(load.DATABASE)[0])
        call(app, hit)  # fills the response cache
    call(app)  # warm: host map, URL resolver, cache entry
    plain, ceiling, hits = [], [], []
    for _ in range(args.rounds):
        plain.append(per_request_us(app, args.requests))
        ceiling.append(per_request_us(bare, args.requests))
        if hit:
            hits.append(per_request_us(app, args.requests, hit))
    ratios = [b / p for p, b in zip(plain, ceiling, strict=True)]
    print(f"load average {os.getloadavg()[0]:.1f}; {args.rounds} rounds of {args.requests}")
    print(f"plain view {statistics.median(plain):.0f} µs CPU/request, bare WSGI "
          f"{statistics.median(ceiling):.1f} µs CPU/request (in process, no server)")  # fmt: skip
    print(f"plain ÷ bare, in process (median of rounds): {statistics.median(ratios):.4f}")
    if hit:
        to_plain = statistics.median(p / h for p, h in zip(plain, hits, strict=True))
        print(
            f"GuideDetail cache hit {statistics.median(hits):.0f} µs CPU/request; "
            f"plain ÷ hit CPU, i.e. the hit's req/s ÷ the plain view's (median): {to_plain:.2f}"
        )
    profile = cProfile.Profile(time.process_time)  # CPU time, as above
    start = time.process_time()
    profile.runcall(lambda: [call(app, hit) for _ in range(args.requests)])
    total = time.process_time() - start
    print(f"\nunder cProfile: {total / args.requests * 1e6:.0f} µs CPU/request; shares")
    for name, share in shares(profile, total, (PARTS + HIT_PARTS) if hit else PARTS):
        print(f"  {share * 100:5.1f} %  {name}")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_callees("dispatcher.py.*[(]send[)]|response.py.*[(]close")
    print(out.getvalue())


if __name__ == "__main__":
    main()
