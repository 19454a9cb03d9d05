"""Benchmark: the API's ratios to the server's ceilings, measured with wrk in interleaved rounds.

Four gunicorn servers (production settings, 2 gthread workers × 4 threads, 127.0.0.1), visited
in turn by wrk (``--connections`` connections) for ``--seconds`` each, ``--rounds`` times:

- bare WSGI: a WSGI function returning a body of the plain view's size (the server's ceiling);
- plain view: a Django view on 蜀山's host through every middleware, returning 2 KB of JSON
  read from the cache (``bench.load.plain_view``);
- GuideDetail, cache hit: the persisted operation on the same server (response cache on; the
  guide's entry is warm), answered by the thin path before graphene's view (``api/thin.py``);
- GuideDetail, executed: response cache off, so every request parses the variables, checks the
  limits and executes (the guide's body may come from the per-process body memo, as a
  response-cache miss of an unchanged guide would);
- GuideDetail, executed without the body memo: every field resolved (the full cost).

The guide is 蜀山's guide with the most materials. Each round gives each endpoint's req/s and its
ratio to the plain view and to bare WSGI in that round; the medians over the rounds are printed
as a Markdown table, with the load average seen during the run (the machine may be shared).

``BENCH_LOAD_DB`` and ``BENCH_PORT_BASE`` move the database and the ports (``BENCH_PORT_BASE``
+ 6 … + 11) when several people share the machine.

Prerequisites: wrk (Debian: ``apt-get install -y wrk``) and the database of bench/load.py
(``zwfw_bench_load``, prepared on first use):

    .venv/bin/python bench/ratios.py [--rounds 5] [--seconds 5] [--connections 8] [--redis-db 8]
                                     [--before <commit>] [--only <names>]

``--before <commit>`` also serves the plain view and GuideDetail (cached and uncached) from that
commit's tree in the same rounds: a before/after comparison under the same load. ``--only`` keeps
the endpoints whose names contain one of its comma-separated parts (and the two ceilings).
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_BASE = int(os.environ.get("BENCH_PORT_BASE", "8775")) + 6  # bench/load.py uses the first two
PORTS = {"bare": _BASE, "app": _BASE + 1, "executed": _BASE + 2, "raw": _BASE + 3,
         "before": _BASE + 4, "before executed": _BASE + 5}  # fmt: skip
HOST = "shushan.localhost"


def executed_application():
    """The project's application with the response cache off (gunicorn factory)."""
    from bench.load import application

    wsgi = application()
    from django.conf import settings

    settings.GRAPHQL_RESPONSE_CACHE = False
    return wsgi


def raw_application():
    """Response cache and guide body memo off: every field of every request is resolved."""
    wsgi = executed_application()
    from django.conf import settings

    settings.GRAPHQL_GUIDE_BODY_MEMO = False
    return wsgi


def start(env: dict, log_dir: Path, before: Path | None) -> list[subprocess.Popen]:
    """The servers; with ``before`` (an exported older tree) also its cached and uncached app,
    with their own cache key prefix."""
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--worker-class", "gthread",
                "--threads", "4", "--log-level", "warning"]  # fmt: skip
    apps = {"bare": (ROOT, "bench.load:bare_application()"),
            "app": (ROOT, "bench.load:application()"),
            "executed": (ROOT, "bench.ratios:executed_application()"),
            "raw": (ROOT, "bench.ratios:raw_application()")}  # fmt: skip
    if before:
        apps["before"] = (before, "bench.load:application()")
        apps["before executed"] = (before, "bench.graphql:uncached_application()")
    processes = []
    for name, (tree, app) in apps.items():
        out = (log_dir / f"{name.replace(' ', '-')}.log").open("w")
        command = [*gunicorn, "--bind", f"127.0.0.1:{PORTS[name]}", app]
        own = env if tree == ROOT else {**env, "CACHE_KEY_PREFIX": env["CACHE_KEY_PREFIX"] + "-old"}
        processes.append(subprocess.Popen(command, cwd=tree, env=own, stdout=out, stderr=out))
    from bench.load import _wait_for

    for name, process in zip(apps, processes, strict=True):
        _wait_for(PORTS[name], process, HOST)
    return processes


def export(commit: str, work: Path) -> Path:
    """The tree of an older commit, for its servers (same virtualenv and database)."""
    tree = work / "before"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def lua_script(path: Path, method: str, body: str | None) -> Path:
    lines = [f'wrk.method = "{method}"', f'wrk.headers["Host"] = "{HOST}"',
             'wrk.headers["X-Forwarded-Proto"] = "https"']  # fmt: skip
    if body is not None:
        lines += ['wrk.headers["Content-Type"] = "application/json"', f"wrk.body = {body!r}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def endpoints(code: str, work: Path, before: str | None) -> dict[str, tuple[int, str, Path]]:
    """name → (port, path, wrk script)."""
    body = json.dumps({"id": "GuideDetail", "variables": {"implementationCode": code}})
    get, post = (
        lua_script(work / "get.lua", "GET", None),
        lua_script(work / "post.lua", "POST", body),
    )
    found = {
        "bare WSGI": (PORTS["bare"], "/", get),
        "plain view": (PORTS["app"], "/bench/plain", get),
        "GuideDetail, cache hit": (PORTS["app"], "/graphql/", post),
        "GuideDetail, executed": (PORTS["executed"], "/graphql/", post),
        "GuideDetail, executed, no body memo": (PORTS["raw"], "/graphql/", post),
    }
    if before:
        found[f"plain view, {before}"] = (PORTS["before"], "/bench/plain", get)
        found[f"GuideDetail, cache hit, {before}"] = (PORTS["before"], "/graphql/", post)
        found[f"GuideDetail, executed, {before}"] = (PORTS["before executed"], "/graphql/", post)
    return found


def check(port: int, path: str, code: str) -> str | None:
    """The X-API-Cache header of a second request (the first warms the cache)."""
    body = None
    if path == "/graphql/":
        body = json.dumps({"id": "GuideDetail", "variables": {"implementationCode": code}}).encode()
    for _ in range(2):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers={
            "Host": HOST, "X-Forwarded-Proto": "https", "Content-Type": "application/json"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
            assert response.status == 200 and b'"errors"' not in content, content[:300]
            outcome = response.headers.get("X-API-Cache")
    return outcome


def wrk(port: int, path: str, script: Path, seconds: float, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s",
         str(script), f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return {"rps": rps, "errors": int(errors.group(1)) if errors else 0,
            "p50": float(p50.group(1)) * scale}  # fmt: skip


def run(args, code: str, work: Path, targets: dict) -> tuple[dict, list[float]]:
    rounds: dict[str, list[dict]] = {name: [] for name in targets}
    loads = []
    for _ in range(args.rounds):
        for name, (port, path, script) in targets.items():
            rounds[name].append(wrk(port, path, script, args.seconds, args.connections))
        loads.append(os.getloadavg()[0])
    return rounds, loads


def report(args, code: str, rounds: dict, loads: list[float], hits: dict) -> None:
    print(f"\nwrk -t2 -c{args.connections}, {args.rounds} rounds of {args.seconds:g} s per"
          f" endpoint in turn; {platform.machine()}, {os.cpu_count()} CPUs; guide {code};"
          f" load average during the rounds {min(loads):.1f}–{max(loads):.1f}\n")  # fmt: skip
    print("| endpoint | req/s (median) | min–max | p50 ms (median) | errors | X-API-Cache"
          " | ÷ plain view (median of rounds) | ÷ bare WSGI |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, results in rounds.items():
        rps = [r["rps"] for r in results]
        to_plain = [r["rps"] / p["rps"] for r, p in zip(results, rounds["plain view"], strict=True)]
        to_bare = [r["rps"] / b["rps"] for r, b in zip(results, rounds["bare WSGI"], strict=True)]
        print(f"| {name} | {statistics.median(rps):.0f} | {min(rps):.0f}–{max(rps):.0f} |"
              f" {statistics.median(r['p50'] for r in results):.1f} |"
              f" {sum(r['errors'] for r in results)} | {hits.get(name) or '—'} |"
              f" {statistics.median(to_plain):.2f} | {statistics.median(to_bare):.3f} |")  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--guides", type=int, default=300)
    parser.add_argument("--redis-db", type=int, default=8)
    parser.add_argument("--before", help="also measure this older commit's GuideDetail (exported"
                        " with git archive into a temporary directory)")  # fmt: skip
    parser.add_argument("--only", help="comma-separated parts of endpoint names to measure"
                        " besides the two ceilings, e.g. 'cache hit'")  # fmt: skip
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    from bench import graphql as api_bench
    from bench import load

    load.prepare_database(args.guides)
    code = api_bench.pick_guides(load.DATABASE)[0]
    env = load.environment(args.redis_db)
    work = Path(tempfile.mkdtemp(prefix="bench-ratios-"))
    before = export(args.before, work) if args.before else None
    processes = start(env, work, before)
    try:
        targets = endpoints(code, work, args.before)
        if args.only:  # the ceilings are always measured: every ratio needs them
            wanted = ("bare WSGI", "plain view", *args.only.split(","))
            targets = {n: t for n, t in targets.items() if any(w in n for w in wanted)}
        hits = {name: check(port, path, code) for name, (port, path, _) in targets.items()}
        time.sleep(1)
        rounds, loads = run(args, code, work, targets)
    finally:
        load.stop(processes)
    report(args, code, rounds, loads, hits)
    print(f"\nserver logs: {work}")


if __name__ == "__main__":
    main()
