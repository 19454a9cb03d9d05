"""Buffered items → rows: the flush (batches, idempotent) and the direct write used while Redis
is unreachable. Both fail open towards search: a write that fails is logged, never raised to a
searching citizen; the flush puts a batch it could not write back into the buffer."""

import logging
import uuid

from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_datetime

from . import buffer
from .models import SearchClick, SearchEvent

log = logging.getLogger(__name__)

BATCH = 1000


def _event(item: dict) -> SearchEvent:
    return SearchEvent(
        id=item["id"], searched_at=parse_datetime(item["at"]), region_code=item["region"],
        province_code=item["province"], channel=item["channel"], query=item["query"],
        normalised=item["normalised"], result_count=item["count"], first_result=item["first"],
    )  # fmt: skip


def _click(item: dict) -> SearchClick:
    return SearchClick(
        event_id=item["search"], clicked_at=parse_datetime(item["at"]),
        position=item["position"], implementation_code=item["code"],
    )  # fmt: skip


def write(items: list[dict]) -> tuple[int, int]:
    """Insert the searches, then the opened results whose search exists (a search already
    purged, or lost with Redis, takes its clicks with it). Idempotent: ids and (search, guide)
    are unique, repeats are ignored. Returns (searches, clicks) offered for insertion."""
    events = [_event(i) for i in items if i.get("kind") == "search"]
    clicks = [_click(i) for i in items if i.get("kind") == "open"]
    with transaction.atomic():
        SearchEvent.objects.bulk_create(events, ignore_conflicts=True)
        if clicks:
            known = set(
                SearchEvent.objects.filter(pk__in={c.event_id for c in clicks}).values_list(
                    "pk", flat=True
                )
            )
            clicks = [c for c in clicks if _uuid(c.event_id) in known]
            SearchClick.objects.bulk_create(clicks, ignore_conflicts=True)
            opened = {c.event_id for c in clicks}
            SearchEvent.objects.filter(pk__in=opened, opened=False).update(opened=True)
            firsts = {c.event_id for c in clicks if c.position == 1}
            SearchEvent.objects.filter(pk__in=firsts, first_opened=False).update(first_opened=True)
    return len(events), len(clicks)


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def write_directly(item: dict) -> None:
    """Redis is unreachable: write this one item now, in a savepoint; log and drop it if the
    database refuses too."""
    try:
        write([item])
    except DatabaseError:
        log.warning("search analytics: database write failed, item dropped", exc_info=True)


def flush(batch: int = BATCH) -> tuple[int, int]:
    """Write every buffered item; (searches, clicks) written. A batch the database refuses goes
    back to the buffer for the next run and the flush stops."""
    searches = clicks = 0
    while items := buffer.pop(batch):
        try:
            written = write(items)
        except DatabaseError:
            log.warning("search analytics: flush failed, %d items kept", len(items), exc_info=True)
            buffer.push_back(items)
            break
        searches, clicks = searches + written[0], clicks + written[1]
        if len(items) < batch:
            break
    return searches, clicks
