"""Admin menu 效能看板 (every region's admin)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views


@hooks.register("register_admin_urls")
def register_metrics_urls():
    return [
        path("metrics/", admin_views.overview, name="metrics_overview"),
        path("metrics/alerts/<int:pk>/supervise/", admin_views.supervise, name="metrics_supervise"),
    ]


@hooks.register("register_admin_menu_item")
def register_metrics_menu_item():
    return MenuItem("效能看板", reverse("metrics_overview"), name="metrics", icon_name="table",
                    order=905)  # fmt: skip


class AlertsPanel(Component):
    """Admin home: the open 电子监察 alerts of the region and below, linking to the dashboard."""

    name = "metrics_alerts"
    order = 50

    def __init__(self, counts: dict):
        self.counts = counts

    def render_html(self, parent_context=None):
        from django.utils.html import format_html

        return format_html(
            '<section class="panel" aria-label="预警"><h2>电子监察预警</h2><p>红牌 {} 条 · 黄牌 {} 条'
            ' · <a href="{}">查看效能看板</a></p></section>',
            self.counts.get("red", 0), self.counts.get("yellow", 0), reverse("metrics_overview"),
        )  # fmt: skip


@hooks.register("construct_homepage_panels")
def add_alerts_panel(request, panels):
    from django.db.models import Count

    from .dashboard import open_alerts

    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return
    counts = dict(open_alerts(tenant).order_by().values_list("level").annotate(n=Count("id")))
    if counts:
        panels.append(AlertsPanel(counts))
