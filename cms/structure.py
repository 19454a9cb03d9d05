"""The fixed sections under a region's home page and the guide moderation workflow."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import IndexPage, RegionHomePage, SearchPage

SECTIONS = {"guides": "办事指南", "departments": "部门窗口", "topics": "一件事"}
REVIEWERS = "指南审核员"
WORKFLOW = "办事指南审核"


def sections(home: RegionHomePage | None = None) -> dict[str, IndexPage]:
    """The section index pages by slug, creating the missing ones (and the search page)."""
    home = home or RegionHomePage.objects.first()
    if home is None:
        raise RuntimeError("本区划尚无门户首页：请先运行 provision_tenants")
    found = {p.slug: p for p in IndexPage.objects.child_of(home).filter(slug__in=SECTIONS)}
    if len(found) == len(SECTIONS):
        return found
    with transaction.atomic():
        for slug, title in SECTIONS.items():
            if slug not in found:
                found[slug] = home.add_child(instance=IndexPage(title=title, slug=slug))
        if not SearchPage.objects.child_of(home).exists():
            home.add_child(instance=SearchPage(title="搜索", slug="search"))
        ensure_guide_workflow(found["guides"])
    return found


def ensure_guide_workflow(guides: IndexPage) -> Workflow:
    """Submit → approve by the region's 指南审核员 for every page under 办事指南."""
    group, _ = Group.objects.get_or_create(name=REVIEWERS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for permission in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=guides,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=permission
            ),
        )
    task, created = GroupApprovalTask.objects.get_or_create(name="指南审核")
    if created:
        task.groups.set([group])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    # workflow_tasks is a ParentalKey manager (in memory): write the link row itself
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=guides, defaults={"workflow": workflow})
    return workflow
