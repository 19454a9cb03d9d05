"""Admin additions: the region's open 差评 follow-ups (差评整改)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.domain.errors import DomainError
from core.published.models_ratings import FollowUp
from core.published.ratings import close_follow_up, open_follow_ups


def follow_ups(request):
    """The open 差评 of the region, oldest deadline first, each with its matter, guide and a
    form to close it."""
    from core.workbench.follow_ups import follow_up_rows

    items = follow_up_rows(open_follow_ups(request.tenant), request.tenant)
    return TemplateResponse(request, "cms/admin/follow_ups.html", {"items": items})


@require_POST
def close(request, pk):
    item = get_object_or_404(FollowUp, pk=pk, region=request.tenant)
    try:
        close_follow_up(item, request.POST.get("answer", ""), request.user.get_username())
        messages.success(request, "已办结该差评整改")
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("cms_follow_ups")


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("follow-ups/", follow_ups, name="cms_follow_ups"),
        path("follow-ups/<int:pk>/close/", close, name="cms_follow_up_close"),
    ]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MenuItem("差评整改", reverse("cms_follow_ups"), icon_name="warning", order=900)


@hooks.register("before_publish_page")
def refuse_guide_of_offline_entry(request, page):
    """A guide page goes live only with its entry: publishing it for a suspended (or never
    published) entry is refused here, and the sync would switch it off again anyway."""
    from django.urls import reverse as admin_reverse

    from core.published.sync import desired_state

    from .guide_page import GuidePage

    if not isinstance(page.specific_deferred, GuidePage) or page.id is None:
        return None
    if desired_state(page.specific_deferred.entry_id, request.tenant) is None:
        messages.error(request, "该事项的实施清单未发布或已暂停，不能发布其办事指南")
        return redirect(admin_reverse("wagtailadmin_pages:edit", args=[page.id]))
    return None


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    """Our audit actions (core.audit) beside Wagtail's own, in the same log entries."""
    from core.audit.actions import register

    register(actions)


@hooks.register("before_edit_page")
def refuse_own_workflow_approval(request, page):
    """Show the four-eyes refusal on the edit form (the rule itself is core.four_eyes, enforced
    on Wagtail's TaskState whatever view approves)."""
    from django.urls import reverse as admin_reverse

    from core.four_eyes import may_review

    if request.method != "POST" or request.POST.get("workflow-action-name") != "approve":
        return None
    state = page.current_workflow_state
    requester = state.requested_by if state else None
    if requester is None or may_review(requester.get_username(), request.user.get_username()):
        return None
    messages.error(request, "不能审核自己提交的修改（四眼原则），请由其他审核员审核")
    return redirect(admin_reverse("wagtailadmin_pages:edit", args=[page.id]))


@hooks.register("register_admin_urls")
def register_audit_urls():
    from core.audit.views import urlpatterns

    return [path("audit/", include((urlpatterns, "audit"), namespace="audit"))]


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    from core.audit.views import AuditMenuItem

    return AuditMenuItem("下级区划审计日志", reverse("audit:index"), icon_name="history", order=900)


@hooks.register("construct_page_action_menu")
def hide_own_workflow_approval(menu_items, request, context):
    """No "approve" button for the user who submitted the page's workflow (four-eyes)."""
    from wagtail.admin.action_menu import WorkflowMenuItem

    from core.four_eyes import may_review

    page = context.get("page")
    state = page.current_workflow_state if page is not None and page.pk else None
    requester = state.requested_by if state else None
    if requester is None or may_review(requester.get_username(), request.user.get_username()):
        return
    menu_items[:] = [
        item
        for item in menu_items
        if not (isinstance(item, WorkflowMenuItem) and item.name == "approve")
    ]
