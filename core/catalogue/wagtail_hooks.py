"""Wagtail admin of the catalogue: menu 基本目录 and 认领情况, on a province tenant only."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import urls
from .admin.access import is_province


class ProvinceMenuItem(MenuItem):
    """Shown only on a province tenant's admin."""

    def is_shown(self, request):
        return is_province(request)


@hooks.register("register_admin_urls")
def register_catalogue_urls():
    return [path("catalogue/", include(urls, namespace="catalogue_admin"))]


@hooks.register("register_admin_menu_item")
def register_catalogue_menu_item():
    return ProvinceMenuItem(
        "基本目录", reverse("catalogue_admin:index"), name="catalogue", icon_name="list-ul",
        order=210,
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def register_claims_menu_item():
    return ProvinceMenuItem(
        "认领情况", reverse("catalogue_admin:claims"), name="catalogue-claims", icon_name="site",
        order=211,
    )  # fmt: skip
