"""Delete searches (and their opened results) older than the retention period, in batches."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SearchClick, SearchEvent

BATCH = 5000


def cutoff(now=None):
    days = settings.SEARCH_ANALYTICS_RETENTION_DAYS
    if days < 1:
        raise ValueError(f"SEARCH_ANALYTICS_RETENTION_DAYS must be at least 1, got {days}")
    return (now or timezone.now()) - timedelta(days=days)


def purge(now=None, batch: int = BATCH) -> int:
    """Searches searched before the cut-off are deleted with their clicks; the number deleted."""
    before = cutoff(now)
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                SearchEvent.objects.filter(searched_at__lt=before).values_list("pk", flat=True)[
                    :batch
                ]
            )
            if not ids:
                return deleted
            SearchClick.objects.filter(event_id__in=ids).delete()
            deleted += SearchEvent.objects.filter(pk__in=ids).delete()[0]
