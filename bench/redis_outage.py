"""Walk-through: the demo served with Redis stopped for 60 s, then restarted.

Runs the demo (dev server, Celery worker and beat) against the demo database and a private
redis-server on its own port, so the machine's Redis is not touched:

    make setup && .venv/bin/python bench/redis_outage.py [--outage 60]

Every second it asks shushan's home page, a guide page, a search, a GraphQL guide query and
/healthz. Ten seconds in, Redis is killed; during the outage an entry is published (its hours
changed). After the restart it waits for the guide to show the new hours and for
``check_consistency`` to find no drift. Prints status counts per phase and a Markdown row.
"""

import argparse
import collections
import json
import os
import platform
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
REDIS_PORT = 6391
PORT = 8391
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
os.environ.update(
    DJANGO_SETTINGS_MODULE="core.settings.dev", REDIS_URL=REDIS_URL, CELERY_QUEUE="bench-outage",
    CELERY_BROKER_URL=REDIS_URL, CELERY_RESULT_BACKEND=REDIS_URL, SYNC_DRAIN_SECONDS="5",
)  # fmt: skip
HOST = "shushan.localhost"


def start_redis() -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    return process


def start(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=os.environ.copy(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def get(path: str, body: dict | None = None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", data=data, headers={
            "Host": HOST, "Content-Type": "application/json", "Accept": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


def probes(code: str, url_path: str) -> dict:
    query = {"query": f'{{ guide(implementationCode: "{code}") {{ name hours }} }}'}
    return {
        "home": lambda: get("/"),
        "guide": lambda: get(url_path),
        "search": lambda: get("/search/?q=%E8%BA%AB%E4%BB%BD%E8%AF%81"),
        "graphql": lambda: get("/graphql/", query),
        "healthz": lambda: get("/healthz"),
    }


def publish_during_outage(item_pk: int, hours: str) -> str:
    from django_tenants.utils import schema_context

    from core.listings import services
    from core.listings.models import ImplementationItem

    with schema_context("shushan"):
        item = ImplementationItem.objects.get(pk=item_pk)
        services.update_item(item, {"hours": hours}, user="outage")
        services.publish_item(item, user="outage", direct=True)
        return ImplementationItem.objects.get(pk=item_pk).get_state_display()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outage", type=int, default=60)
    args = parser.parse_args()
    import django

    django.setup()
    from core.published.consistency import check_all
    from core.published.models import PublishedGuide

    guide = PublishedGuide.objects.filter(region__slug="shushan").order_by("pk").first()
    url_path = "/" + guide.url.split("/", 3)[3]
    redis = start_redis()
    server = start("manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}")
    worker = start("-m", "celery", "-A", "core", "worker", "--pool=solo", "-Q", "bench-outage")
    beat = start("-m", "celery", "-A", "core", "beat", "-s", "/tmp/bench-outage-beat")
    deadline = time.monotonic() + 60
    while get("/healthz")[0] != 200 and time.monotonic() < deadline:  # the server starting
        time.sleep(0.5)
    checks = probes(guide.implementation_code, url_path)
    phases: dict = collections.defaultdict(collections.Counter)
    health: dict = collections.defaultdict(collections.Counter)
    hours = f"工作日 8:30-17:30（停机演练 {time.strftime('%H:%M:%S')}）"
    started, published, restarted_at = time.monotonic(), None, None
    try:
        while True:
            elapsed = time.monotonic() - started
            if elapsed > 10 and redis.poll() is None and restarted_at is None:
                redis.kill()
                redis.wait()
                outage_began = time.monotonic()
            phase = "before" if elapsed <= 10 else ("outage" if restarted_at is None else "after")
            if phase == "outage" and published is None and time.monotonic() - outage_began > 5:
                published = publish_during_outage(guide.entry_id, hours)
            if phase == "outage" and time.monotonic() - outage_began > args.outage:
                redis, restarted_at = start_redis(), time.monotonic()
            for name, probe in checks.items():
                status, text = probe()
                phases[phase][f"{name} {status}"] += 1
                if name == "healthz":
                    health[phase][json.loads(text).get("status", "?") if status else "down"] += 1
            if restarted_at and hours in get(url_path)[1] and not check_all().drifts:
                caught_up = time.monotonic() - restarted_at
                break
            if restarted_at and time.monotonic() - restarted_at > 120:
                caught_up = None
                break
            time.sleep(1)
    finally:
        for process in (server, worker, beat, redis):
            process.terminate()
    for phase in ("before", "outage", "after"):
        print(phase, dict(sorted(phases[phase].items())), "healthz:", dict(health[phase]))
    print(
        f"published during the outage: state {published}; guide and zero drift "
        f"{f'{caught_up:.1f} s after the restart' if caught_up is not None else 'NOT reached'}"
    )
    outage = phases["outage"]
    bad = sum(n for key, n in outage.items() if not key.endswith(" 200") and "healthz" not in key)
    print(
        f"| {time.strftime('%Y-%m-%d')} | {platform.node()} | {args.outage} s | "
        f"{sum(outage.values())} | {bad} | {dict(health['outage'])} | "
        f"{f'{caught_up:.1f} s' if caught_up is not None else '—'} |"
    )
    sys.exit(0 if caught_up is not None and not bad else 1)


if __name__ == "__main__":
    main()
