"""Wagtail admin of cases: the 办件 inbox menu, its URLs and the audit actions of transitions."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import access, states
from .admin import urls


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return access.department_ids(request.user) != set()


@hooks.register("register_admin_urls")
def register_cases_urls():
    return [path("cases/", include(urls, namespace="cases_admin"))]


@hooks.register("register_admin_menu_item")
def register_cases_menu_item():
    return InboxMenuItem(
        "办件", reverse("cases_admin:inbox"), name="cases", icon_name="tasks", order=215
    )


@hooks.register("register_log_actions")
def register_case_actions(actions):
    for name, label in states.LABELS_OF_TRANSITIONS.items():
        actions.register_action(f"zwfw.case.{name}", f"办件{label}", f"办件：{label}")
