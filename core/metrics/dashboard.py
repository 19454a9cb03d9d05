"""What the 效能看板 shows, read from snapshots only (no aggregation over guides on a view)."""

from django.http import Http404

from tenants.current import province_of
from tenants.models import Region

from . import definitions, targets
from .models import Alert, MetricSnapshot
from .snapshots import counts_of, tree

TREND_DAYS = 60


def latest_day(region):
    return (
        MetricSnapshot.objects.filter(region__in=tree(region))
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )


def display(metric, value) -> str:
    """85.0% for rates, 3.50 for per-100 counts, — when there is nothing to measure."""
    if value is None:
        return "—"
    if metric.count:
        return f"{value:d}"
    return f"{value:.2f}" if metric.per != 1 else f"{value * 100:.1f}%"


def visible_region(viewer: Region, code: str) -> Region:
    """A region the viewer may look at (itself or below it); 404 otherwise, also by code."""
    region = tree(viewer).filter(code=code).select_related("parent__parent").first()
    if region is None:
        raise Http404("无权查看该区划的效能数据")
    return region


def _cells(counts: dict, province, day) -> list[dict]:
    values = definitions.rates(counts)
    cells = []
    for metric in definitions.METRICS:
        minimum = targets.target(province, metric.key, day)
        value = values[metric.key]
        cells.append({"key": metric.key, "label": metric.label, "value": value, "target": minimum,
                      "display": display(metric, value), "target_display": display(metric, minimum),
                      "status": targets.status(value, minimum)})  # fmt: skip
    return cells


def rows_below(region: Region, day, sort: str) -> list[dict]:
    """The regions directly below, each rolled up, ranked by ``sort`` (best first)."""
    province = province_of(region)
    children = Region.objects.active().filter(parent=region).order_by("code")
    rows = [{"region": child, "cells": _cells(counts_of(child, day, rolled_up=True), province, day)}
            for child in children]  # fmt: skip
    if sort in definitions.BY_KEY:

        def key(row):
            value = next(c["value"] for c in row["cells"] if c["key"] == sort)
            return (value is None, -(value or 0))

        rows.sort(key=key)
    return rows


def department_rows(region: Region, day) -> list[dict]:
    province = province_of(region)
    snapshots = MetricSnapshot.objects.filter(region=region, day=day).exclude(department_uscc="")
    names = dict(region.departments.values_list("uscc", "name"))
    return [{"uscc": s.department_uscc, "name": names.get(s.department_uscc, s.department_uscc),
             "cells": _cells(definitions.add(s.counts), province, day)}
            for s in snapshots.order_by("department_uscc")]  # fmt: skip


def trend(region: Region, metric_key: str) -> list[tuple]:
    """(day, value) of the region rolled up, oldest first, for the last TREND_DAYS snapshots."""
    days = list(
        MetricSnapshot.objects.filter(region=region, department_uscc="")
        .order_by("-day").values_list("day", flat=True)[:TREND_DAYS]
    )  # fmt: skip
    metric = definitions.BY_KEY[metric_key]
    return [(d, metric.value(counts_of(region, d, rolled_up=True))) for d in reversed(days)]


def open_alerts(region: Region):
    return (
        Alert.objects.filter(region__in=tree(region), resolved_at__isnull=True)
        .select_related("region")
        .order_by("-level", "due_on")
    )


def view_model(viewer: Region, region: Region, day, sort: str = "") -> dict:
    province = province_of(region)
    return {
        "region": region, "day": day, "metrics": definitions.METRICS,
        "own": _cells(counts_of(region, day, rolled_up=True), province, day) if day else [],
        "below": rows_below(region, day, sort) if day else [],
        "departments": department_rows(region, day) if day else [],
        "trend": trend(region, "online_rate") if day else [],
        "alerts": list(open_alerts(region)[:200]),
        "can_supervise": region != viewer,
    }  # fmt: skip


def failing_entries(region: Region, uscc: str) -> list[dict]:
    """The department's live guides with what keeps them below the thresholds (the bottom of
    the drill-down: province → city → county → department → entries)."""
    from core.published.models import PublishedGuide

    limits = definitions.thresholds(province_of(region).applied_config)
    rows = PublishedGuide.objects.filter(region=region, department_uscc=uscc).only(
        "implementation_code", "name", "online_depth", "visits", "url"
    )
    found = []
    for guide in rows.order_by("basic_code"):
        reasons = []
        if guide.online_depth < limits["online_depth"]:
            reasons.append(
                f"网上办理深度 {guide.online_depth} 级，低于 {limits['online_depth']} 级"
            )
        if guide.visits > limits["max_visits"]:
            reasons.append(f"到现场 {guide.visits} 次，超过 {limits['max_visits']} 次")
        if reasons:
            found.append({"guide": guide, "reasons": reasons})
    return found
