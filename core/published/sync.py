"""One idempotent, state-based sync per guide: entry → page → projection row → search document.

``sync_guide(entry_id)`` reads the current state — the entry's live version, whether its region
is active, the guide page's approved additions — and makes the page, the ``PublishedGuide`` row
and the search document match it. Whatever triggered it, however often and in whatever order,
the outcome is a function of that state alone. Triggers are ``SyncRequest`` rows (the outbox);
the reconciler finds drift and repairs it through this same function.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import DateTimeField, Func

from core.listings.models import ImplementationItem
from tenants.models import Region

from .models import PublishedGuide
from .projection import projection_values
from .signals import guide_page_sync, guide_synced


class TransactionNow(Func):
    """PostgreSQL's transaction time, the clock search documents are stamped with."""

    template = "transaction_timestamp()"
    output_field = DateTimeField()


@dataclass(frozen=True)
class GuideState:
    """What a live guide shows: the entry's published snapshot and where it came from."""

    entry_id: int
    snapshot: dict
    version: int
    published_at: datetime
    department_key: str


def desired_state(entry_id: int, region: Region) -> GuideState | None:
    """The guide an entry should have now, or None (no entry, not live, region switched off)."""
    if not region.is_active:
        return None
    item = (
        ImplementationItem.objects.select_related("live_version", "department")
        .filter(pk=entry_id, live_version__isnull=False)
        .exclude(state=ImplementationItem.State.SUSPENDED)
        .first()
    )
    if item is None:
        return None
    live = item.live_version
    snapshot = {**live.elements, **identity(item)}
    return GuideState(entry_id, snapshot, live.number, live.published_at, item.department.key)


def identity(item: ImplementationItem) -> dict:
    """Who implements the guide under which code: always the entry's current values, so a
    reorganisation (new USCC or level) moves the live guide to its new 实施编码 at once, while
    its facts stay those of the published version until it is republished. Claims keep codes
    unique, so two live guides can never hold one code."""
    department = item.department
    return {
        "implementation_code": item.implementation_code, "level": item.level,
        "department": {"name": department.name, "short_name": department.short_name,
                       "uscc": department.uscc, "nature": department.nature},
    }  # fmt: skip


def _lock(schema_name: str, entry_id: int) -> None:
    """Serialise syncs of one guide (two drainers, a drainer and the reconciler)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
            [f"guide-sync:{schema_name}", entry_id],
        )


def _page(entry_id: int, guide: GuideState | None) -> dict | None:
    answers = [
        a for _, a in guide_page_sync.send(sender=GuideState, entry_id=entry_id, guide=guide)
    ]
    return next((a for a in answers if a), None)


def _write_row(region: Region, guide: GuideState, page: dict) -> PublishedGuide:
    values = projection_values(region, guide.entry_id, guide.snapshot, guide.version,
                               page["url"], guide.published_at, page.get("additions") or {})  # fmt: skip
    code = guide.snapshot["implementation_code"]
    row = PublishedGuide.objects.filter(region=region, entry_id=guide.entry_id).first()
    if row is not None and all(getattr(row, k) == v for k, v in values.items()):
        return row  # already in step: no write, no cache invalidation
    if row is None:
        row = PublishedGuide(region=region, entry_id=guide.entry_id)
    for name, value in values.items():
        setattr(row, name, value)
    row.synced_at = TransactionNow()
    # A row of another entry may still hold the code (a reorganisation moved it): it is stale.
    PublishedGuide.objects.filter(implementation_code=code).exclude(pk=row.pk).delete()
    row.save()
    return row


@transaction.atomic
def sync_guide(entry_id: int) -> str:
    """Make the read side of one entry's guide match the current state; returns what it did:
    "live" (row in place), "withdrawn" (row removed) or "absent" (nothing to show, nothing was)."""
    region = Region.objects.select_related("parent__parent").get(schema_name=connection.schema_name)
    _lock(region.schema_name, entry_id)
    guide = desired_state(entry_id, region)
    page = _page(entry_id, guide)
    existing = list(
        PublishedGuide.objects.filter(region=region, entry_id=entry_id).values_list(
            "implementation_code", flat=True
        )
    )
    if guide is not None and page is not None:
        row = _write_row(region, guide, page)
        outcome, codes = "live", {row.implementation_code, *existing}
    else:
        PublishedGuide.objects.filter(region=region, entry_id=entry_id).delete()
        outcome, codes = ("withdrawn" if existing else "absent"), set(existing)
    if codes:
        guide_synced.send(
            sender=GuideState, implementation_codes=sorted(codes), schema_name=region.schema_name
        )
    return outcome


def entry_ids_of_region(region: Region) -> set[int]:
    """Every entry the read side of this schema might know: entries, rows, pages."""
    ids = set(ImplementationItem.objects.values_list("pk", flat=True))
    ids |= set(PublishedGuide.objects.filter(region=region).values_list("entry_id", flat=True))
    return ids


def sync_region() -> dict[str, int]:
    """Sync every guide of the current schema (each in its own transaction)."""
    region = Region.objects.get(schema_name=connection.schema_name)
    counts: dict[str, int] = {}
    for entry_id in sorted(entry_ids_of_region(region)):
        outcome = sync_guide(entry_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
