"""Background jobs that keep the projection in step with guide pages (run in the tenant schema).

Queued with ``core.jobs.enqueue`` when a guide page is published or unpublished. Both are
idempotent: projecting a version that is already (or more recently) projected does nothing.
"""

from celery import shared_task

from core.listings.models import ItemVersion

from .models import PublishedGuide
from .projection import project, withdraw


def entry_snapshot(implementation_code: str, version: int) -> dict | None:
    """The published snapshot of an entry's version, found by the code it was published under."""
    row = (
        ItemVersion.objects.filter(
            elements__implementation_code=implementation_code, number=version
        )
        .values_list("elements", flat=True)
        .first()
    )
    return row


@shared_task(name="published.project_guide")
def project_guide(implementation_code: str, version: int, url: str, published_at=None) -> str:
    """Write the row of a guide that went live; a no-op for a version already in place."""
    current = (
        PublishedGuide.objects.filter(implementation_code=implementation_code)
        .values("version", "url")
        .first()
    )
    if current and (current["version"] > version or current == {"version": version, "url": url}):
        return "unchanged"
    snapshot = entry_snapshot(implementation_code, version)
    if snapshot is None:
        return "missing"
    project(snapshot, version, url, published_at=published_at)
    return "projected"


@shared_task(name="published.withdraw_guide")
def withdraw_guide(implementation_code: str) -> str:
    """Remove the row of a guide that went offline (unpublished page, suspended entry)."""
    return "withdrawn" if withdraw(implementation_code) else "absent"
