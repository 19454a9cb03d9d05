"""The Wagtail Site and home page of the current schema."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from .models import RegionHomePage


def _default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def ensure_site(hostname: str, title: str, home_title: str, dry_run: bool = False) -> list[str]:
    """Make the schema's one Site answer on ``hostname`` with a RegionHomePage as its root.

    A schema cloned from the template still carries Wagtail's welcome page and a Site on
    localhost:80; both are replaced here. Returns what changed (empty when nothing did).
    """
    changes = []
    site = _default_site()
    home = RegionHomePage.objects.first()
    port = settings.WAGTAIL_SITE_PORT
    if home is None:
        changes.append("创建门户首页")
    elif home.title != home_title:
        changes.append("更新门户首页标题")
    if site is None or site.hostname != hostname or site.port != port:
        changes.append(f"站点域名 {hostname}:{port}")
    if site is None or site.site_name != title or (home and site.root_page_id != home.pk):
        changes.append("站点名称或根页面")
    if dry_run or not changes:
        return changes
    with transaction.atomic():
        home = _ensure_home(home, home_title)
        site = site or Site(is_default_site=True)
        site.hostname, site.port, site.site_name, site.root_page = hostname, port, title, home
        site.save()
        _remove_welcome_page(home)
    return changes


def _ensure_home(home: RegionHomePage | None, title: str) -> RegionHomePage:
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=RegionHomePage(title=title, slug="home-region"))
    elif home.title != title:
        home.title = title
        home.save_revision().publish()
    return home


def _remove_welcome_page(home: RegionHomePage) -> None:
    """Delete Wagtail's initial 'Welcome to your new Wagtail site!' page if still present."""
    root = Page.get_first_root_node()
    for page in root.get_children().exclude(pk=home.pk).specific():
        if type(page) is Page:  # the plain page created by Wagtail's initial migration
            page.delete()
