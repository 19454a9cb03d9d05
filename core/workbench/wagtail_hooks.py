"""Admin home panel 今日待办 and the list of entries breaking the publish rules."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import views


class AgendaPanel(Component):
    """What waits for the user in their region, each row linking to its list."""

    name = "workbench_agenda"
    order = 10  # first: the day starts here
    template_name = "workbench/agenda_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "pressing": sum(1 for row in self.rows if row.tone)}


@hooks.register("construct_homepage_panels")
def add_agenda_panel(request, panels):
    from .agenda import agenda

    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name in ("public", "template"):
        return
    panels.append(AgendaPanel(agenda(request)))


@hooks.register("register_admin_urls")
def register_workbench_urls():
    return [
        path("workbench/violations/", views.ViolationsView.as_view(), name="workbench_violations")
    ]


@hooks.register("insert_global_admin_js")
def admin_in_chinese():
    return format_html('<script src="{}"></script>', static("workbench/admin_zh.js"))


@hooks.register("construct_help_menu")
def keep_help_on_the_intranet(request, menu_items):
    """Wagtail's help links lead to guide.wagtail.org (English, and unreachable on 政务外网)."""
    menu_items[:] = [item for item in menu_items if not str(item.url).startswith("http")]
