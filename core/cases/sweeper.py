"""Remove uploads never attached to a submitted case (the applicant gave up, or an API client
uploaded and never called submitCase), once older than ``CASE_UPLOAD_RETENTION_HOURS``.

Per region (its schema), idempotent, and safe against a case submitted at the same moment:
rows are taken ``FOR UPDATE SKIP LOCKED`` while still unattached. ``applying`` locks the files
it attaches the same way, so either the submission holds them (the sweeper skips them and
they end up attached) or the sweeper deletes them first (the submission then finds them gone
and refuses with "文件不存在或已使用", changing nothing). Stored files are deleted only after
the rows' deletion commits.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import uploads
from .models import CaseFile

log = logging.getLogger(__name__)
BATCH = 500


def cutoff(now: datetime | None = None) -> datetime:
    hours = getattr(settings, "CASE_UPLOAD_RETENTION_HOURS", 48)
    return (now or timezone.now()) - timedelta(hours=hours)


def _delete_stored(names: list[str]) -> None:
    storage = uploads.storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # the row is gone; a file left behind is logged, not fatal
            log.warning("case upload %s could not be removed from storage", name)


def sweep_batch(before: datetime) -> int:
    """Delete up to ``BATCH`` stale unattached uploads of the current schema; how many."""
    with transaction.atomic():
        stale = list(
            CaseFile.objects.select_for_update(skip_locked=True)
            .filter(case__isnull=True, uploaded_at__lt=before)
            .order_by("pk")
            .values_list("pk", "storage_name")[:BATCH]
        )
        if not stale:
            return 0
        _remove(stale)
    return len(stale)


def _remove(stale: list[tuple[int, str]]) -> None:
    """Delete the locked rows; their stored files go once that commits."""
    CaseFile.objects.filter(pk__in=[pk for pk, _ in stale], case__isnull=True).delete()
    names = [name for _, name in stale]
    transaction.on_commit(lambda: _delete_stored(names))


def sweep(now: datetime | None = None) -> int:
    """Every stale unattached upload of the current schema, batch by batch."""
    before, total = cutoff(now), 0
    while removed := sweep_batch(before):
        total += removed
    return total
