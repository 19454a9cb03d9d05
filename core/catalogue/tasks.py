"""Orchestration of catalogue changes: one idempotent merge task per claimant tenant, with
per-tenant progress recorded in SyncJob so a reconciler can finish what a dead worker left."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.jobs import schema_headers

from .fanout import claimant_regions
from .models import MatterVersion, SyncJob


def _send_merge(job: SyncJob) -> None:
    from core.listings.tasks import merge_catalogue_version

    SyncJob.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, updated_at=timezone.now())
    merge_catalogue_version.apply_async(
        args=[job.version_id], headers=schema_headers(job.region.schema_name)
    )


@shared_task(name="catalogue.fan_out_version")
def fan_out_version(version_id: int) -> int:
    """Create one job per claimant region (once) and send the pending ones."""
    version = MatterVersion.objects.get(pk=version_id)
    sent = 0
    for region in claimant_regions(version):
        job, _ = SyncJob.objects.get_or_create(version=version, region=region)
        if job.state == SyncJob.State.PENDING:
            job.region = region
            _send_merge(job)
            sent += 1
    return sent


@shared_task(name="catalogue.reconcile_sync_jobs")
def reconcile_sync_jobs(stale_after_seconds: int = 300) -> int:
    """Resend jobs left pending longer than ``stale_after_seconds`` (a worker died), and fan out
    published versions whose orchestrator never ran."""
    cutoff = timezone.now() - timedelta(seconds=stale_after_seconds)
    resent = 0
    for job in SyncJob.objects.filter(
        state=SyncJob.State.PENDING, updated_at__lt=cutoff
    ).select_related("region"):
        _send_merge(job)
        resent += 1
    never_fanned = MatterVersion.objects.filter(
        state=MatterVersion.State.PUBLISHED, number__gt=1, published_at__lt=cutoff,
        sync_jobs__isnull=True, matter__claims__state="active",
    ).distinct()  # fmt: skip
    for version in never_fanned:
        resent += fan_out_version(version.pk)
    return resent
