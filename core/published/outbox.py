"""Write and drain sync requests (the read model's transactional outbox).

``request_sync`` is called inside the transaction of the change; ``drain`` runs anywhere (a
Celery task woken after commit, the beat schedule, a management command) and syncs each request
from current state. Drainers lease rows instead of holding locks, so writers never wait on a
running sync and a killed drainer's rows come back when the lease expires.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from .models_outbox import WHOLE_REGION, SyncRequest

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=120)
BACKOFF_BASE_SECONDS = 5
BACKOFF_MAX_SECONDS = 3600

_UPSERT = """
INSERT INTO {table} AS r (schema_name, entry_id, requested_at, generation, attempts,
                          next_attempt_at, last_error)
VALUES (%s, %s, clock_timestamp(), 1, 0, clock_timestamp(), '')
ON CONFLICT (schema_name, entry_id) DO UPDATE
SET requested_at = clock_timestamp(), generation = r.generation + 1,
    next_attempt_at = LEAST(r.next_attempt_at, clock_timestamp())
"""


def request_sync(entry_id: int, schema_name: str | None = None) -> None:
    """Ask for the read side of one guide to be synced; part of the caller's transaction."""
    _upsert(schema_name or connection.schema_name, entry_id)


def request_region_sync(schema_name: str) -> None:
    """Ask for every guide of a schema to be synced (a region switched on or off)."""
    _upsert(schema_name, WHOLE_REGION)


def _upsert(schema_name: str, entry_id: int) -> None:
    if schema_name == get_public_schema_name():
        raise ValueError("sync requests name a tenant schema")
    sql = _UPSERT.format(table=f"public.{SyncRequest._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [schema_name, entry_id])
    _wake_drainer_on_commit()


def _wake_drainer_on_commit() -> None:
    """Best effort: a broker outage must not fail the change (beat drains what is left)."""
    from core.jobs import enqueue

    from .tasks import drain_sync_requests

    enqueue(drain_sync_requests, schema_name=get_public_schema_name(), robust=True)


def backoff(attempts: int) -> timedelta:
    return timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)
    )


def _lease_next() -> SyncRequest | None:
    """Take the oldest due request for ``LEASE`` (skipping rows other drainers are leasing)."""
    with transaction.atomic():
        row = (
            SyncRequest.objects.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if row is not None:
            row.next_attempt_at = timezone.now() + LEASE
            row.save(update_fields=["next_attempt_at"])
        return row


def _finish(row: SyncRequest, error: BaseException | None) -> None:
    if error is None:
        SyncRequest.objects.filter(pk=row.pk, generation=row.generation).delete()
        return
    attempts = row.attempts + 1
    failed = SyncRequest.objects.filter(pk=row.pk)
    message = f"{type(error).__name__}: {error}"[:2000]
    # Backed off only if nobody asked again meanwhile: a new request is tried at once.
    backed_off = failed.filter(generation=row.generation).update(
        attempts=attempts, next_attempt_at=timezone.now() + backoff(attempts), last_error=message
    )
    if not backed_off:
        failed.update(attempts=attempts, next_attempt_at=timezone.now(), last_error=message)


def process(row: SyncRequest) -> None:
    """Sync what one request names, in its schema."""
    from tenants.models import Region

    from .sync import sync_guide, sync_region

    if not Region.objects.filter(schema_name=row.schema_name).exists():
        return  # the tenant is gone; nothing of it can be live
    with schema_context(row.schema_name):
        if row.entry_id == WHOLE_REGION:
            sync_region()
        else:
            sync_guide(row.entry_id)


def drain(limit: int = 1000) -> dict[str, int]:
    """Process up to ``limit`` due requests; returns counts of synced and failed ones."""
    counts = {"synced": 0, "failed": 0}
    with schema_context(get_public_schema_name()):
        for _ in range(limit):
            row = _lease_next()
            if row is None:
                break
            try:
                process(row)
            except Exception as error:  # recorded on the row, retried with backoff
                log.warning("sync of %s failed: %s", row, error, exc_info=True)
                _finish(row, error)
                counts["failed"] += 1
            else:
                _finish(row, None)
                counts["synced"] += 1
    return counts
