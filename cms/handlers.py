"""Receivers of lower-layer signals: region set-up, the page step of a guide's sync, guide
pages published or unpublished in the admin (→ a sync request of their entry), and any page
published, unpublished, moved or deleted (→ the region's pages stamp, ``cms.fragments``)."""

from django.db import connection
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import stamps
from core.published.outbox import request_sync
from core.published.signals import collect_drift, guide_page_sync
from tenants.provisioning import primary_domain
from tenants.signals import region_provisioned

from . import fragments
from .drift import page_drift
from .guides import SYNCING, match_page
from .models import GuidePage
from .site import ensure_site
from .structure import sections


@receiver(region_provisioned)
def set_up_region_site(sender, region, config, dry_run, **kwargs):
    """Give the region its Wagtail Site on its own host and its portal home page."""
    changes = ensure_site(
        hostname=primary_domain(region.slug),
        title=config.get("branding", {}).get("site_title") or region.name,
        home_title=region.name,
        dry_run=dry_run,
    )
    if not dry_run:
        sections()  # 办事指南, 部门窗口, 一件事, 搜索 and the moderation workflow
    return changes


@receiver(guide_page_sync)
def sync_guide_page(sender, entry_id, guide, **kwargs):
    return match_page(entry_id, guide)


@receiver(collect_drift)
def report_page_drift(sender, region, live, rows, **kwargs):
    return page_drift(region, live)


@receiver(page_published, sender=GuidePage)
@receiver(page_unpublished, sender=GuidePage)
def guide_page_changed(sender, instance, **kwargs):
    """Approved additions (or a page switched on or off in the admin): the sync decides what is
    live from the entry's state, so a page published for a suspended entry goes off again."""
    if not SYNCING.get():
        request_sync(instance.entry_id)


@receiver(page_published, dispatch_uid="cms-pages-stamp-published")
@receiver(page_unpublished, dispatch_uid="cms-pages-stamp-unpublished")
@receiver(post_page_move, dispatch_uid="cms-pages-stamp-moved")
@receiver(post_delete, sender=Page, dispatch_uid="cms-pages-stamp-deleted")
def pages_changed(sender, instance, **kwargs):
    """Titles, URLs, the home's intro and hot picks are rendered into cached fragments."""
    stamps.bump_now_and_on_commit(fragments.pages(connection.schema_name))
