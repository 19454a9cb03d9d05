"""Receivers of lower-layer signals: region set-up, the page step of a guide's sync, and guide
pages published or unpublished in the admin (→ a sync request of their entry)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from core.published.outbox import request_sync
from core.published.signals import collect_drift, guide_page_sync
from tenants.provisioning import primary_domain
from tenants.signals import region_provisioned

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
