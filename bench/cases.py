"""Benchmark: the 办件 inbox and the progress query with 10,000+ cases.

Runs on the demo database (``make setup`` first). Adds 10,000 cases to 蜀山's schema (20 times
a county's share of 10,000 cases over 20 counties: an upper bound for one inbox) with their
register rows, and 19 synthetic counties (public rows only) with 500 register rows each, then
measures, through the full request path (middleware, view, template):

- the admin inbox (``/admin/cases/``, 50 rows a page, all / overdue / processing filters),
- the progress query (POST ``/cases/progress/`` with number + 查询码 on 合肥's host),

and removes what it added::

    .venv/bin/python bench/cases.py [--cases 10000] [--counties 20] [--requests 200]
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
DAY = "19990101"  # the submission date in every bench case number (how they are found again)
CODE = "BENCH234"
PREFIX = "bc"
USER = "bench_cases_admin"


def _register_row(region, number, state, submitted, due, case_id, guide):
    from core.case_register.digests import applicant_digest, query_code_digest
    from core.case_register.models import CaseRecord

    return CaseRecord(
        number=number, query_code_digest=query_code_digest(number, CODE),
        applicant_digest=applicant_digest(case_id % 3000, None), region=region,
        region_code=region.code or "", ancestor_codes=[], case_id=case_id,
        implementation_code=guide.implementation_code, matter_name=guide.name,
        department_uscc=guide.department_uscc, department_name=guide.department_name,
        applicant_type="person", state=state, limit={"value": 5, "unit": "工作日"},
        submitted_at=submitted, due_date=due,
        timeline=[{"action": "submit", "label": "提交申请", "state": "submitted",
                   "at": submitted.isoformat()}],
    )  # fmt: skip


def build(cases: int, counties: int) -> list[str]:
    """Cases in 蜀山 and register rows in ``counties`` regions; returns sample numbers."""
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from core.case_register.models import CaseRecord
    from core.cases.models import Case
    from core.listings.models import ImplementationItem
    from core.published.models import PublishedGuide
    from tenants.models import Region

    shushan = Region.objects.get(slug="shushan")
    states = ["submitted", "supplement", "processing", "suspended", "approved", "rejected"]
    now, today = timezone.now(), timezone.localdate()
    numbers, records = [], []
    with schema_context("shushan"):
        items = list(ImplementationItem.objects.filter(live_version__isnull=False)
                     .select_related("live_version"))  # fmt: skip
        guides = {g.implementation_code: g for g in PublishedGuide.objects.filter(region=shushan)}
        items = [i for i in items if i.implementation_code in guides]
        rows = []
        for n in range(cases):
            item = items[n % len(items)]
            state = states[n % len(states)]
            due = (
                None
                if state in ("supplement", "suspended")
                else today + timedelta(days=n % 30 - 10)
            )
            rows.append(Case(
                number=f"{item.implementation_code}{DAY}{n:05d}", query_code=CODE, item=item,
                item_version=item.live_version, department_id=item.department_id,
                applicant_person_id=n % 3000, applicant_name=f"申请人{n}", state=state,
                limit={"value": 5, "unit": "工作日"}, province_code="340000",
                submitted_at=now - timedelta(hours=n), due_date=due,
                paused_since=today if due is None else None,
            ))  # fmt: skip
        created = Case.objects.bulk_create(rows, batch_size=2000)
        for case in created:
            guide = guides[case.item.implementation_code]
            records.append(_register_row(shushan, case.number, case.state, case.submitted_at,
                                         case.due_date, case.pk, guide))  # fmt: skip
        numbers += [c.number for c in created[:: max(len(created) // 200, 1)]]
    Region.auto_create_schema = False  # synthetic counties: public rows only
    guide = next(iter(guides.values()))
    hefei = Region.objects.get(slug="hefei")
    for c in range(counties - 1):
        region = Region.objects.create(
            schema_name=f"{PREFIX}{c:03d}", slug=f"{PREFIX}{c:03d}", name=f"测试县{c:03d}",
            level="county", code=f"3401{80 + c:02d}", parent=hefei,
        )  # fmt: skip
        for n in range(cases // counties):
            number = f"{guide.implementation_code}{DAY}{90000 - c * 1000 - n:05d}{c:02d}"[:44]
            records.append(
                _register_row(
                    region,
                    number,
                    states[n % len(states)],
                    now - timedelta(hours=n),
                    today,
                    10_000_000 + n,
                    guide,
                )
            )
    CaseRecord.objects.bulk_create(records, batch_size=2000)
    _analyze()
    return numbers


def _analyze() -> None:
    """Planner statistics for the bulk-loaded tables, as autovacuum keeps them on a live system
    (measured right after a bulk insert, the planner would think the tables were nearly empty
    and sort every open case instead of reading the first page from the partial index)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE shushan.cases_case, public.tenants_department")
        cursor.execute("ANALYZE public.case_register_caserecord")


def remove() -> None:
    from django_tenants.utils import schema_context

    from core.case_register.models import CaseRecord
    from core.cases.models import Case
    from tenants.models import Region

    CaseRecord.objects.filter(number__contains=DAY).delete()
    with schema_context("shushan"):
        Case.objects.filter(number__contains=DAY).delete()
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username=USER).delete()
    Region.objects.filter(slug__startswith=PREFIX).delete()


def timed(fn, count: int) -> dict:
    samples = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1],
            "max": samples[-1]}  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_tenants.utils import schema_context

    settings.ALLOWED_HOSTS = ["*"]
    settings.CASE_QUERY_HOURLY_LIMIT = 10**9  # the bench is one client
    remove()
    started = time.perf_counter()
    numbers = build(args.cases, args.counties)
    print(f"built {args.cases} cases + register rows in {args.counties} regions "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    try:
        admin = Client(HTTP_HOST="shushan.localhost")
        with schema_context("shushan"):
            user = get_user_model().objects.create_superuser(USER, "b@example.cn", "x")
            admin.force_login(user)
        results = {}
        for label, query in (("inbox", ""), ("inbox overdue", "?due=overdue"),
                             ("inbox processing", "?state=processing"),
                             ("inbox page 5", "?page=5")):  # fmt: skip
            admin.get("/admin/cases/" + query)  # warm
            results[label] = timed(lambda i, q=query: _ok(admin.get("/admin/cases/" + q)),
                                   args.requests)  # fmt: skip
        results["inbox data only"] = _data_only(args.requests)
        admin.get("/admin/listings/inbox/")
        results["admin baseline"] = timed(lambda i: _ok(admin.get("/admin/listings/inbox/")),
                                          args.requests)  # fmt: skip
        portal = Client(HTTP_HOST="hefei.localhost")
        random.seed(7)
        portal.post("/cases/progress/", {"number": numbers[0], "query_code": CODE})
        results["progress query"] = timed(lambda i: _found(portal.post("/cases/progress/", {
            "number": random.choice(numbers), "query_code": CODE})), args.requests)  # fmt: skip
    finally:
        remove()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, {date.today()}")  # fmt: skip
    for label, r in results.items():
        print(f"{label:18} p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  max {r['max']:6.1f} ms")


def _data_only(count: int) -> dict:
    """The inbox's own work without the admin chrome: the page's query and its clock figures."""
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from core.cases import clock
    from core.cases.admin import queries

    with schema_context("shushan"):
        user = get_user_model().objects.get(username=USER)
        today = clock.today()

        def page(i):
            rows = list(queries.inbox(user, today=today, province_code="340000")[:50])
            return clock.remaining_many(rows, today)

        return timed(page, count)


def _ok(response):
    assert response.status_code == 200, response.status_code


def _found(response):
    assert response.status_code == 200 and b"case-state" in response.content, response.status_code


if __name__ == "__main__":
    main()
