"""Absolute admin links in mails sent from a region's admin (Wagtail's moderation notices)."""

from django import template
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Site

register = template.Library()


@register.simple_tag
def region_admin_base_url() -> str:
    """The origin of the current region's site (its host and the port it is served on, e.g.
    ``http://shushan.localhost:8106``), else ``WAGTAILADMIN_BASE_URL``.

    One deployment serves every region on its own host, so a single WAGTAILADMIN_BASE_URL
    cannot be right for all of them; the region's default Wagtail Site is (provisioning keeps
    its hostname and port current, ``cms.site.ensure_site``).
    """
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url if site else (get_admin_base_url() or "")
