"""Case counts of a region for the 效能 snapshots (core.metrics), from the register only."""

from collections import defaultdict

from django.db.models import Count, Q

from .models import CaseRecord

FINISHED = ("approved", "denied")


def case_counts(region, day) -> dict[str, dict[str, int]]:
    """{department USCC: counts} of the cases submitted on or before ``day``: all of them,
    those 办结 by then, those 办结 on time, those that needed 补正 (as the register says now)."""
    finished = Q(state__in=FINISHED, finished_at__date__lte=day)
    rows = (
        CaseRecord.objects.filter(region=region, submitted_at__date__lte=day)
        .values("department_uscc")
        .annotate(
            cases=Count("pk"),
            cases_finished=Count("pk", filter=finished),
            cases_on_time=Count("pk", filter=finished & Q(on_time=True)),
            cases_supplemented=Count("pk", filter=Q(supplement_requested=True)),
        )
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        uscc = row.pop("department_uscc")
        out[uscc] = row
    return dict(out)
