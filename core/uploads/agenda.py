"""导入任务 on the admin home's 今日待办 (core.workbench's ``workbench_agenda_rows`` hook)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.catalogue.admin.access import is_province
from core.workbench.agenda import AgendaRow

from .models import ImportJob

RECENT_FAILURES = timedelta(days=7)
RUNNING = (ImportJob.State.UPLOADED, ImportJob.State.PREVIEWING, ImportJob.State.APPLYING)
FAILED = (ImportJob.State.FAILED, ImportJob.State.INVALID)


def import_job_rows(request) -> list[AgendaRow]:
    """The region's uploads previewed and waiting for 确认导入, those still running, and those
    that failed in the last week: one query."""
    tenant = request.tenant
    since = timezone.now() - RECENT_FAILURES
    counts = ImportJob.objects.filter(
        region_id=tenant.pk, schema_name=tenant.schema_name
    ).aggregate(
        waiting=Count("pk", filter=Q(state=ImportJob.State.PREVIEWED)),
        running=Count("pk", filter=Q(state__in=RUNNING)),
        failed=Count("pk", filter=Q(state__in=FAILED, updated_at__gte=since)),
    )
    kind = ImportJob.Kind.CATALOGUE if is_province(request) else ImportJob.Kind.LISTING
    detail = f"正在处理 {counts['running']} 个，近7天失败 {counts['failed']} 个"
    tone = "critical" if counts["failed"] else "warning" if counts["waiting"] else ""
    return [AgendaRow("imports", "导入预览待确认", counts["waiting"],
                      reverse("uploads_admin:home", args=[kind]), detail, tone)]  # fmt: skip
