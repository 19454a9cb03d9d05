"""“今日待办” on the admin home: what waits for the signed-in user in their region, each with
the list it links to. One query per row (pinned by tests/admin/test_admin_home.py).

Other apps add rows (import jobs, for example) with the Wagtail hook ``workbench_agenda_rows``:
a function ``(request) -> list[AgendaRow]``.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from core import reviewers
from core.catalogue.models import MatterVersion, SyncJob
from core.domain import workdays
from core.listings.models import ImplementationItem
from core.published.models_ratings import FollowUp
from tenants.current import province_of
from tenants.models import Region

from .violations import violation_count

# A 差评 follow-up is "near its deadline" this many working days before it.
FOLLOW_UP_WARNING_WORKDAYS = 3
HOOK = "workbench_agenda_rows"


@dataclass
class AgendaRow:
    key: str
    label: str
    count: int
    url: str
    detail: str = ""
    tone: str = ""  # "critical", "warning" or "" (nothing pressing)


def _listings(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("listings_admin:index") + (f"?{query}" if query else "")


def review_rows(request) -> list[AgendaRow]:
    """Entries submitted by someone else, for a reviewer (four-eyes: never their own); for an
    editor, their entries a reviewer sent back (退回) with a note."""
    user = request.user
    if not reviewers.is_reviewer(user, reviewers.LISTINGS):
        count = (
            ImplementationItem.objects.filter(
                state=ImplementationItem.State.DRAFT, submitted_by=user.get_username()
            )
            .exclude(review_note="")
            .count()
        )
        return [AgendaRow("returned", "退回给我修改的清单事项", count, _listings(state="draft"),
                          tone="warning" if count else "")]  # fmt: skip
    count = (
        ImplementationItem.objects.filter(state=ImplementationItem.State.REVIEW)
        .exclude(submitted_by=user.get_username())
        .count()
    )
    return [AgendaRow("review", "待我审核的清单事项", count, _listings(state="review"),
                      tone="warning" if count else "")]  # fmt: skip


def sync_rows(request) -> list[AgendaRow]:
    counts = ImplementationItem.objects.aggregate(
        conflict=Count("pk", filter=Q(sync_state=ImplementationItem.Sync.CONFLICT), distinct=True),
        outdated=Count("pk", filter=Q(sync_state=ImplementationItem.Sync.OUTDATED), distinct=True),
        open=Count("conflicts", filter=Q(conflicts__resolved=False)),
    )
    detail = f"{counts['conflict']} 个事项共 {counts['open']} 处冲突，{counts['outdated']} 个事项待确认更新"
    return [AgendaRow("conflicts", "同步冲突待处理", counts["conflict"],
                      reverse("listings_admin:inbox"), detail,
                      "warning" if counts["conflict"] else "")]  # fmt: skip


def follow_up_rows(request) -> list[AgendaRow]:
    region = request.tenant
    today = timezone.localdate()
    soon = workdays.add_workdays(today, FOLLOW_UP_WARNING_WORKDAYS, province_of(region).code)
    counts = FollowUp.objects.filter(region=region, state=FollowUp.State.OPEN).aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        near=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon)),
        open=Count("pk"),
    )
    detail = (f"已逾期 {counts['overdue']} 条，{FOLLOW_UP_WARNING_WORKDAYS} 个工作日内到期 "
              f"{counts['near']} 条，待整改共 {counts['open']} 条")  # fmt: skip
    tone = "critical" if counts["overdue"] else "warning" if counts["near"] else ""
    return [AgendaRow("follow_ups", "差评整改临近或超过期限", counts["overdue"] + counts["near"],
                      reverse("cms_follow_ups"), detail, tone)]  # fmt: skip


def catalogue_rows(request) -> list[AgendaRow]:
    """Province only: catalogue versions waiting for review and fan-out jobs that failed."""
    region = request.tenant
    if region.level != Region.Level.PROVINCE:
        return []
    counts = MatterVersion.objects.filter(matter__province=region).aggregate(
        review=Count("pk", filter=Q(state=MatterVersion.State.REVIEW), distinct=True),
        failed=Count("sync_jobs", filter=Q(sync_jobs__state=SyncJob.State.FAILED)),
        pending=Count("sync_jobs", filter=Q(sync_jobs__state=SyncJob.State.PENDING)),
    )
    return [
        AgendaRow("catalogue_review", "待审核的目录版本", counts["review"],
                  reverse("catalogue_admin:index") + "?in_review=true",
                  tone="warning" if counts["review"] else ""),
        AgendaRow("sync_jobs", "目录下发任务失败", counts["failed"],
                  reverse("catalogue_admin:claims"), f"进行中 {counts['pending']} 个",
                  "critical" if counts["failed"] else ""),
    ]  # fmt: skip


def violation_rows(request) -> list[AgendaRow]:
    count = violation_count(request.tenant)
    return [AgendaRow("violations", "不符合发布规则的清单事项", count,
                      reverse("workbench_violations"), tone="warning" if count else "")]  # fmt: skip


ROWS = (review_rows, sync_rows, follow_up_rows, catalogue_rows, violation_rows)


def agenda(request) -> list[AgendaRow]:
    rows = [row for rows_of in ROWS for row in rows_of(request)]
    for rows_of in hooks.get_hooks(HOOK):
        rows.extend(rows_of(request))
    return rows
