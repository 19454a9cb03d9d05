"""The nightly snapshot (beat): yesterday's figures of every active region, idempotent."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone


@shared_task(name="metrics.snapshot_day", ignore_result=True)
def snapshot_day(day: str | None = None) -> int:
    from datetime import date

    from .snapshots import snapshot_all

    when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    return snapshot_all(when)


@shared_task(name="metrics.evaluate_alerts", ignore_result=True)
def evaluate_alerts() -> dict:
    """电子监察 for every active region (beat, hourly)."""
    from tenants.models import Region

    from .alerts import evaluate_region

    totals: dict[str, int] = {}
    for region in Region.objects.active().select_related("parent__parent"):
        for key, value in evaluate_region(region).items():
            totals[key] = totals.get(key, 0) + value
    return totals
