"""Four-eyes: nobody approves, publishes or rejects their own submission.

One rule for catalogue versions, 实施清单 entries and the guide workflow. A superuser is bound
too, unless the acting region's configuration says ``allow_self_approval: true``
(tenant_configs, copied into ``Region.options`` by provisioning). Calls without a username
(system work such as the catalogue fan-out) carry no identity to compare and are not checked;
the admin always passes the acting user's name. Direct publishing of an import
(``publish_item(direct=True)``, ``publish_version(direct=True)``) is the operator's own act and
not a review: it is not checked here, and is logged as such.
"""

from django.contrib.auth import get_user_model

from core.domain.errors import DomainError
from tenants.current import current_region

SWITCH = "allow_self_approval"


def self_approval_allowed(username: str) -> bool:
    """Only an active superuser, and only where the region's switch is on."""
    region = current_region()
    if not (region.options or {}).get(SWITCH):
        return False
    users = get_user_model().objects.filter(username=username, is_active=True, is_superuser=True)
    return users.exists()


def may_review(submitter: str, reviewer: str) -> bool:
    if not reviewer or reviewer != submitter:
        return True
    return self_approval_allowed(reviewer)


def refuse_own_submission(submitter: str, reviewer: str, what: str) -> None:
    """DomainError when ``reviewer`` submitted ``what`` themselves."""
    if not may_review(submitter, reviewer):
        raise DomainError(f"不能审核自己提交的{what}（四眼原则），请由其他审核员审核")


def refuse_own_workflow_approval(sender, instance, **kwargs) -> None:
    """pre_save of Wagtail's TaskState: the user who submitted a workflow (guide additions) may
    not approve its task, however it is reached (edit view, dashboard, ``Task.on_action``)."""
    from django.core.exceptions import PermissionDenied
    from wagtail.models import TaskState

    if instance.pk is None or instance.status != TaskState.STATUS_APPROVED:
        return
    requester, approver = instance.workflow_state.requested_by, instance.finished_by
    if requester is None or approver is None:
        return
    if not may_review(requester.get_username(), approver.get_username()):
        raise PermissionDenied("不能审核自己提交的修改（四眼原则），请由其他审核员审核")
