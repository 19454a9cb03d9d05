"""Wagtail admin of the implementation list: menu 实施清单 and 同步收件箱 (with a count badge),
on every tenant."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import urls
from .admin.queries import inbox_count


class InboxMenuItem(MenuItem):
    """The label carries the number of entries waiting in the inbox."""

    def render_component(self, request):
        component = super().render_component(request)
        if count := inbox_count():
            component.label = f"{self.label}（{count}）"
        return component


@hooks.register("register_admin_urls")
def register_listings_urls():
    return [path("listings/", include(urls, namespace="listings_admin"))]


@hooks.register("register_admin_menu_item")
def register_listings_menu_item():
    return MenuItem(
        "实施清单", reverse("listings_admin:index"), name="listings", icon_name="list-ol", order=220
    )


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        "同步收件箱", reverse("listings_admin:inbox"), name="listings-inbox", icon_name="mail",
        order=221,
    )  # fmt: skip
