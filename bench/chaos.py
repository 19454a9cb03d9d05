"""Chaos run: random publish / withdraw / edit / merge / deactivate operations from 4 processes
while the Celery worker is killed and restarted twice; then the reconciler, until zero drift.

Runs against the demo database (``make setup`` first; it changes the demo data):

    .venv/bin/python bench/chaos.py [--operations 200] [--processes 4]

Prints the operations done and refused, the drift found by ``check_consistency`` right after
the burst (sync messages lost with the killed worker) and after reconciling, and the seconds the
reconciler needed to converge. Prints a Markdown row for bench/RESULTS.md.
"""

import argparse
import multiprocessing
import os
import platform
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
QUEUE = f"bench-chaos-{uuid.uuid4().hex[:6]}"
os.environ["CELERY_QUEUE"] = QUEUE
REGIONS = ("shushan", "yaohai", "hefei", "baohe", "feixi", "wuhu", "jinjiang")
OPERATIONS = ("publish", "withdraw", "edit", "merge", "deactivate")


def setup_django():
    import django

    django.setup()


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core", "worker", "--pool=solo",
         "--loglevel=ERROR", "-Q", QUEUE, "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def one_operation(rng: random.Random, kind: str) -> str:
    from django_tenants.utils import schema_context

    from core.catalogue import services as catalogue
    from core.domain.errors import DomainError
    from core.listings import services as listings
    from core.listings.models import ImplementationItem
    from tenants.lifecycle import set_region_active
    from tenants.models import Region

    slug = rng.choice([r for r in REGIONS if Region.objects.filter(slug=r).exists()])
    if kind == "deactivate":
        region = Region.objects.get(slug=slug)
        set_region_active(region, not region.is_active)
        return "ok"
    with schema_context(slug):
        items = list(ImplementationItem.objects.values_list("pk", flat=True))
        if not items:
            return "skip"
        item = ImplementationItem.objects.get(pk=rng.choice(items))
        try:
            if kind == "publish":
                listings.publish_item(item, user="chaos", direct=True)
            elif kind == "withdraw":
                listings.suspend_item(item, reason="chaos")
            elif kind == "edit":
                listings.update_item(item, {"hours": f"工作日 {rng.randint(8, 9)}:00-17:00"})
            elif kind == "merge":
                matter = item.matter
                draft = catalogue.open_draft(matter) or catalogue.start_version(
                    matter, allow_national=True
                )
                catalogue.update_draft(
                    draft,
                    {
                        "description": f"说明 {uuid.uuid4().hex[:6]}",
                        "change_note": "压力测试：说明更新",
                    },
                )
                catalogue.submit_version(draft)
                catalogue.publish_version(draft)
        except DomainError:
            return "refused"
    return "ok"


def burst(seed: int, count: int, results) -> None:
    setup_django()
    from django.db import connections

    rng = random.Random(seed)
    done = {"ok": 0, "refused": 0, "skip": 0, "error": 0}
    for _ in range(count):
        kind = rng.choices(OPERATIONS, weights=(35, 20, 30, 10, 5))[0]
        try:
            done[one_operation(rng, kind)] += 1
        except Exception:  # a deadlock victim or a lock timeout: counted, the run goes on
            done["error"] += 1
    connections.close_all()
    results.put(done)


def converge(deadline: float = 300.0) -> tuple[int, float, int]:
    """Run the reconcilers (as beat would) until check_consistency finds no drift."""
    from django.test import override_settings

    from core.catalogue.tasks import reconcile_sync_jobs
    from core.published.consistency import check_all
    from core.published.outbox import drain

    started = time.monotonic()
    rounds = 0
    while time.monotonic() - started < deadline:
        rounds += 1
        with override_settings(SYNC_JOB_BACKOFF_SECONDS=0):
            reconcile_sync_jobs(settle_seconds=0)
        time.sleep(1)  # the worker merges what was resent
        check_all(repair=True)
        drain()
        if not check_all().drifts:
            return rounds, time.monotonic() - started, 0
    return rounds, time.monotonic() - started, len(check_all().drifts)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--operations", type=int, default=200)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    setup_django()
    from core.published.consistency import check_all
    from tenants.lifecycle import set_region_active
    from tenants.models import Region

    worker = start_worker()
    results = multiprocessing.Queue()
    per = args.operations // args.processes
    started = time.monotonic()
    procs = [
        multiprocessing.Process(target=burst, args=(args.seed + i, per, results))
        for i in range(args.processes)
    ]
    for proc in procs:
        proc.start()
    kills = 0
    while any(p.is_alive() for p in procs):
        time.sleep(4)
        if kills < 2 and any(p.is_alive() for p in procs):
            worker.kill()  # SIGKILL: whatever it was merging or syncing is lost
            worker.wait()
            kills += 1
            time.sleep(1)
            worker = start_worker()
    totals = {"ok": 0, "refused": 0, "skip": 0, "error": 0}
    for _ in procs:
        for key, value in results.get().items():
            totals[key] += value
    burst_seconds = time.monotonic() - started
    for region in Region.objects.filter(slug__in=REGIONS, is_active=False):
        set_region_active(region, True)  # end with every region on, so all guides count
    drift_before = len(check_all().drifts)
    rounds, seconds, drift_after = converge()
    worker.terminate()
    worker.wait()
    print(
        f"operations {sum(totals.values())} ({totals}) by {args.processes} processes in "
        f"{burst_seconds:.1f} s, worker killed {kills}×"
    )
    print(
        f"drift after the burst: {drift_before}; after reconciling: {drift_after} "
        f"({rounds} rounds, {seconds:.1f} s)"
    )
    print(
        f"| {time.strftime('%Y-%m-%d')} | {platform.node()} | {sum(totals.values())} | "
        f"{totals['ok']} / {totals['refused']} / {totals['error']} | {kills} | {drift_before} | "
        f"{drift_after} | {seconds:.1f} s |"
    )
    sys.exit(1 if drift_after else 0)


if __name__ == "__main__":
    main()
