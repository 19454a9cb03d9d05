"""Write the day's snapshots (idempotent) and read rolled-up reports from them."""

from django.db import transaction
from django.db.models import Q

from tenants.current import province_of
from tenants.models import Region

from . import definitions, targets
from .counts import region_counts
from .models import MetricSnapshot


@transaction.atomic
def snapshot_region(region: Region, day) -> int:
    """Replace the region's snapshots of ``day`` (whole region and each department)."""
    counts = region_counts(region, province_of(region), day)
    MetricSnapshot.objects.filter(region=region, day=day).exclude(
        department_uscc__in=list(counts)
    ).delete()
    for uscc, values in counts.items():
        MetricSnapshot.objects.update_or_create(
            region=region, day=day, department_uscc=uscc, defaults={"counts": values}
        )
    return len(counts)


def snapshot_all(day) -> int:
    regions = Region.objects.active().select_related("parent__parent").order_by("code")
    return sum(snapshot_region(region, day) for region in regions)


def tree(region: Region):
    """The region and every region below it (cities, counties)."""
    return Region.objects.regions().filter(
        Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region)
    )


def counts_of(region: Region, day, rolled_up: bool = False, department: str = "") -> dict:
    regions = tree(region) if rolled_up else [region]
    rows = MetricSnapshot.objects.filter(region__in=regions, day=day, department_uscc=department)
    return definitions.add(*rows.values_list("counts", flat=True))


def report(region: Region, day) -> list[dict]:
    """Every metric of the region on ``day``: alone, rolled up, the target and its colour."""
    province = province_of(region)
    alone = definitions.rates(counts_of(region, day))
    rolled = definitions.rates(counts_of(region, day, rolled_up=True))
    rows = []
    for metric in definitions.METRICS:
        minimum = targets.target(province, metric.key, day)
        rows.append({
            "key": metric.key, "label": metric.label, "self": alone[metric.key],
            "tree": rolled[metric.key], "target": minimum,
            "status": targets.status(rolled[metric.key], minimum),
        })  # fmt: skip
    return rows
