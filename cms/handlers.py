"""Receivers of lower-layer signals: region set-up, the page step of a guide's sync, guide
pages published or unpublished in the admin (→ a sync request of their entry), and any page
published, unpublished, moved, deleted or saved with a routed field changed, a view restriction
or a Site changed (→ the region's pages stamp: ``cms.fragments``, ``cms.routing``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.published.outbox import request_sync
from core.published.signals import collect_drift, guide_page_sync
from tenants.provisioning import primary_domain
from tenants.signals import region_provisioned

from . import routing
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


# Page saves that only keep a draft's bookkeeping (save_revision, locking): nothing a visitor
# sees or routes by changes, so no stamp is bumped.
DRAFT_FIELDS = frozenset({
    COMMENTS_RELATION_NAME, "latest_revision", "latest_revision_created_at", "draft_title",
    "has_unpublished_changes", "locked", "locked_by", "locked_at",
})  # fmt: skip


@receiver(page_published, dispatch_uid="cms-pages-stamp-published")
@receiver(page_unpublished, dispatch_uid="cms-pages-stamp-unpublished")
@receiver(post_page_move, dispatch_uid="cms-pages-stamp-moved")
@receiver(post_delete, sender=Page, dispatch_uid="cms-pages-stamp-deleted")
@receiver(post_save, sender=Site, dispatch_uid="cms-pages-stamp-site-saved")
@receiver(post_delete, sender=Site, dispatch_uid="cms-pages-stamp-site-deleted")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="cms-pages-stamp-restriction")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="cms-pages-stamp-unrestricted")
def pages_changed(sender, **kwargs):
    """Titles, URLs, the home's intro and hot picks are rendered into cached fragments; routes,
    Sites and view restrictions are kept in each process's route map."""
    routing.pages_changed()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="cms-pages-groups")
def restriction_groups_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        routing.pages_changed()


@receiver(post_save, dispatch_uid="cms-pages-stamp-saved")
def page_saved(sender, instance, update_fields=None, **kwargs):
    """Any page model (the signal's sender is the concrete class): a slug, url_path, live or
    alias written by a save outside publishing (the sync, a script) routes afresh too."""
    if isinstance(instance, Page) and not (update_fields and update_fields <= DRAFT_FIELDS):
        routing.pages_changed()
