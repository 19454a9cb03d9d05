"""Admin menu items 清单导入导出 (every tenant) and 目录导入导出 (province only)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.catalogue.admin.access import is_province

from .admin import urls
from .agenda import import_job_rows


class ProvinceMenuItem(MenuItem):
    def is_shown(self, request):
        return is_province(request)


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [path("exchange/", include(urls, namespace="uploads_admin"))]


@hooks.register("register_admin_menu_item")
def register_catalogue_exchange_menu_item():
    url = reverse("uploads_admin:home", args=["catalogue"])
    return ProvinceMenuItem("目录导入导出", url, name="catalogue-exchange", icon_name="download",
                            order=212)  # fmt: skip


@hooks.register("register_admin_menu_item")
def register_listing_exchange_menu_item():
    url = reverse("uploads_admin:home", args=["listing"])
    return MenuItem("清单导入导出", url, name="listing-exchange", icon_name="download",
                    order=222)  # fmt: skip


hooks.register("workbench_agenda_rows", import_job_rows)  # 今日待办: 导入预览待确认
