"""Import jobs left 正在预览 or 正在导入 by a run that died (a worker killed, a lost task).

State-based and idempotent: an APPLYING job whose lease ran out (``core.uploads.lease``) wrote
nothing, since the import and its APPLIED record commit together. It is handed to a worker
again until it has been started ``IMPORT_APPLY_MAX_ATTEMPTS`` times, then marked failed with a
message that says so. A PREVIEWING job is handled the same way (a preview writes nothing but
its result). Each step is a conditional update of the lease this run saw, so two
reconcilers (or a reconciler and a late delivery) hand a job on once; a duplicate task is
harmless anyway, the lease admits one run.
"""

import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context

from core.jobs import enqueue
from tenants.models import Region

from . import lease
from .models import ImportJob

log = logging.getLogger(__name__)
State = ImportJob.State


def interrupted_message(attempts: int, state=State.APPLYING) -> str:
    if state == State.PREVIEWING:
        return (
            f"预览中断：处理进程意外退出（已尝试 {attempts} 次）。"
            "请重新上传文件；如仍失败，请联系管理员"
        )
    return (
        f"导入中断：处理进程意外退出（已尝试 {attempts} 次），未写入任何数据。"
        "请重新上传文件后再次导入；如仍失败，请联系管理员"
    )


def stale_jobs(now):
    expired = Q(lease_until__lt=now) | Q(lease_until__isnull=True)
    return ImportJob.objects.filter(expired, state__in=lease.RUNNING)


def reconcile_schema(schema_name: str, now=None) -> dict:
    """Resume or fail the schema's PREVIEWING and APPLYING jobs whose lease ran out."""
    from .tasks import apply_job, preview_job

    now = now or timezone.now()
    counts = {"resumed": 0, "failed": 0}
    with schema_context(schema_name):
        for job in stale_jobs(now):
            seen = ImportJob.objects.filter(
                pk=job.pk, state=job.state,
                lease_token=job.lease_token, lease_until=job.lease_until,
            )  # fmt: skip
            if job.attempts >= settings.IMPORT_APPLY_MAX_ATTEMPTS:
                outcome = interrupted_message(job.attempts, job.state)
                values = {"state": State.FAILED, "outcome": outcome}
                if seen.update(lease_token=None, lease_until=None, **values):
                    log.warning("import job %s (%s) failed: interrupted", job.pk, schema_name)
                    counts["failed"] += 1
            elif seen.update(**lease.queued_values(now)):
                # robust: a broker outage leaves the job queued; the next run sends it again
                if job.state == State.PREVIEWING:
                    enqueue(preview_job, job.pk, schema_name=schema_name, robust=True)
                else:
                    enqueue(apply_job, job.pk, job.apply_user, schema_name=schema_name, robust=True)
                counts["resumed"] += 1
    return counts


def reconcile_all(now=None) -> dict:
    """Every region's schema (also a switched-off region's: its clerk still sees the job)."""
    totals = {"resumed": 0, "failed": 0}
    for schema_name in Region.objects.regions().values_list("schema_name", flat=True):
        for key, count in reconcile_schema(schema_name, now).items():
            totals[key] += count
    return totals
