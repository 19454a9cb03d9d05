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
