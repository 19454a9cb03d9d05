"""Orchestration of catalogue changes: one idempotent merge task per claimant tenant, with
per-tenant progress recorded in SyncJob so a reconciler can finish what a dead worker left.

A job is retried with exponential backoff (``SYNC_JOB_BACKOFF_SECONDS`` × 2^attempts) and marked
FAILED, with its last error, after ``SYNC_JOB_MAX_ATTEMPTS`` sends; a FAILED job is shown in the
claims overview and sent again only when the consistency check repairs its entries.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.jobs import schema_headers

from .fanout import claimant_regions
from .models import Claim, MatterVersion, SyncJob


def max_attempts() -> int:
    return getattr(settings, "SYNC_JOB_MAX_ATTEMPTS", 6)


def retry_delay(attempts: int) -> timedelta:
    base = getattr(settings, "SYNC_JOB_BACKOFF_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _send_merge(job: SyncJob) -> None:
    from core.listings.tasks import merge_catalogue_version

    SyncJob.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, updated_at=timezone.now())
    merge_catalogue_version.apply_async(
        args=[job.version_id], headers=schema_headers(job.region.schema_name)
    )


def current_versions():
    """The last published version of every matter that has active claims."""
    latest = {}
    published = MatterVersion.objects.filter(
        state=MatterVersion.State.PUBLISHED, matter__claims__state=Claim.State.ACTIVE
    ).distinct()
    for version in published.order_by("matter_id", "number"):
        latest[version.matter_id] = version
    return list(latest.values())


@shared_task(name="catalogue.fan_out_version", ignore_result=True)
def fan_out_version(version_id: int) -> int:
    """Create one job per claimant region (once) and send the ones never sent."""
    version = MatterVersion.objects.get(pk=version_id)
    sent = 0
    for region in claimant_regions(version):
        job, _ = SyncJob.objects.get_or_create(version=version, region=region)
        if job.state == SyncJob.State.PENDING and job.attempts == 0:
            job.region = region
            _send_merge(job)
            sent += 1
    return sent


def _retry_or_fail(now, settle: timedelta) -> int:
    """Resend pending jobs whose retry is due — also jobs never sent (the process died between
    creating and sending them) once they are older than ``settle`` — and fail those out of
    attempts."""
    resent = 0
    for job in SyncJob.objects.filter(state=SyncJob.State.PENDING).select_related("region"):
        wait = retry_delay(job.attempts) if job.attempts else settle
        if job.updated_at + wait > now:
            continue
        if job.attempts >= max_attempts():
            error = job.error or "工作进程未完成合并（可能已中止）"
            SyncJob.objects.filter(pk=job.pk, state=SyncJob.State.PENDING).update(
                state=SyncJob.State.FAILED, error=f"重试 {job.attempts} 次仍未完成：{error}"
            )
            continue
        _send_merge(job)
        resent += 1
    return resent


@shared_task(name="catalogue.reconcile_sync_jobs", ignore_result=True)
def reconcile_sync_jobs(settle_seconds: int = 60) -> int:
    """Resend pending jobs whose retry is due, fail those out of attempts, and fan out current
    versions to claimant regions that have no job for them (also when a fan-out stopped half-way).
    Versions published less than ``settle_seconds`` ago are left to their own fan-out."""
    now = timezone.now()
    resent = _retry_or_fail(now, timedelta(seconds=settle_seconds))
    cutoff = now - timedelta(seconds=settle_seconds)
    for version in current_versions():
        if version.number == 1 or (version.published_at and version.published_at > cutoff):
            continue
        covered = set(SyncJob.objects.filter(version=version).values_list("region_id", flat=True))
        if any(r.pk not in covered for r in claimant_regions(version)):
            resent += fan_out_version(version.pk)
    return resent


@transaction.atomic
def requeue_merge(schema_name: str, entry_id: int) -> bool:
    """The consistency check found an entry behind its matter's current version: (re)open the
    region's job for that version and send it. False if there is nothing to merge."""
    from django_tenants.utils import schema_context

    from core.listings.models import ImplementationItem

    with schema_context(schema_name):
        item = ImplementationItem.objects.filter(pk=entry_id).select_related("claim").first()
        if item is None:
            return False
        matter_id, region_id = item.matter_id, item.claim.region_id
    version = (
        MatterVersion.objects.filter(matter_id=matter_id, state=MatterVersion.State.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if version is None:
        return False
    job, _ = SyncJob.objects.select_for_update().get_or_create(version=version, region_id=region_id)
    if job.state == SyncJob.State.PENDING and job.attempts > 0:
        return False  # in flight: its own retries finish it
    reopen_job(job)
    return True


@transaction.atomic
def reopen_job(job: SyncJob) -> None:
    """Send a job again from its first attempt (an operator's 重试, or a repair)."""
    job.state, job.attempts, job.error = SyncJob.State.PENDING, 0, ""
    job.save(update_fields=["state", "attempts", "error", "updated_at"])
    transaction.on_commit(lambda: _send_merge(job))
