"""Admin menu 效能看板 (every region's admin)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
