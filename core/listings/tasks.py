"""Per-tenant merge of a catalogue version (runs in the claimant's schema)."""

from celery import shared_task
from django.db import transaction

from core.catalogue.models import MatterVersion, SyncJob
from tenants.current import current_region

from .merge import merge_version
from .models import ImplementationItem


@shared_task(name="listings.merge_catalogue_version", acks_late=True, ignore_result=True)
def merge_catalogue_version(version_id: int) -> dict:
    """Merge ``version`` into every entry of this tenant based on an older version of its matter.
    Idempotent: entries already on the version are skipped; the job is marked done atomically
    with the merge, or keeps the error for the reconciler's bounded retries."""
    version = MatterVersion.objects.get(pk=version_id)
    region = current_region()
    merged = conflicts = 0
    try:
        with transaction.atomic():
            items = (
                ImplementationItem.objects.select_for_update(of=("self",))
                .filter(matter_id=version.matter_id)
                .order_by("pk")  # one lock order for every writer of several entries
            )
            for item in items.select_related("base_version"):
                outcome = merge_version(item, version)
                merged += not outcome.skipped
                conflicts += len(outcome.conflicts)
            SyncJob.objects.filter(version=version, region=region).update(
                state=SyncJob.State.DONE, items=merged, conflicts=conflicts, error=""
            )
    except Exception as error:
        SyncJob.objects.filter(version=version, region=region, state=SyncJob.State.PENDING).update(
            error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    return {"region": region.slug, "merged": merged, "conflicts": conflicts}
