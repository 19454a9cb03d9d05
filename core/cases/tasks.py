"""Beat tasks of cases: the upload sweeper, fanned out to every active region's schema."""

from celery import shared_task


@shared_task(name="cases.sweep_uploads", ignore_result=True)
def sweep_uploads() -> int:
    """Queue ``sweep_region_uploads`` in every active region (beat; runs in public)."""
    from core.jobs import enqueue
    from tenants.models import Region

    schemas = list(Region.objects.active().values_list("schema_name", flat=True))
    for schema_name in schemas:
        enqueue(sweep_region_uploads, schema_name=schema_name)
    return len(schemas)


@shared_task(name="cases.sweep_region_uploads", acks_late=True, ignore_result=True)
def sweep_region_uploads() -> int:
    """Remove the region's stale unattached uploads (runs in the region's schema)."""
    from .sweeper import sweep

    return sweep()
