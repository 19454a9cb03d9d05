"""Admin menu 搜索分析 (every region's admin; what each sees is scoped in admin_views)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_search_analytics_urls():
    return [path("search-analytics/", admin_views.report, name="search_analytics")]


class RegionMenuItem(MenuItem):
    def is_shown(self, request):
        tenant = getattr(request, "tenant", None)
        return getattr(tenant, "schema_name", "public") != "public" and super().is_shown(request)


@hooks.register("register_admin_menu_item")
def register_search_analytics_menu_item():
    return RegionMenuItem("搜索分析", reverse("search_analytics"), name="search-analytics",
                          icon_name="search", order=906)  # fmt: skip
