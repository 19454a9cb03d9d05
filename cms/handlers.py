"""Receivers of lower-layer signals: region set-up, entries going live or offline, guide pages
going live or offline (→ projection jobs), and the projection rebuild."""

from django.dispatch import receiver
from django_tenants.utils import schema_context
from wagtail.signals import page_published, page_unpublished

from core.jobs import enqueue
from core.listings.signals import item_published, item_withdrawn
from core.published.signals import collect_live_guides
from core.published.tasks import project_guide, withdraw_guide
from tenants.provisioning import primary_domain
from tenants.signals import region_provisioned

from .guides import live_guide_rows, publish_guide, unpublish_guide
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


def _entry_schema(item) -> str:
    """The schema the entry lives in, from its department's region: on-commit callbacks may
    run after the sender left the tenant's schema."""
    return item.department.region.schema_name


@receiver(item_published)
def entry_published(sender, item, version, **kwargs):
    """An entry was published: its guide page gets the new snapshot and goes live."""
    with schema_context(_entry_schema(item)):
        publish_guide(item.pk, version.elements, version.number, item.department.key)


@receiver(item_withdrawn)
def entry_withdrawn(sender, item, **kwargs):
    with schema_context(_entry_schema(item)):
        unpublish_guide(item.pk)


@receiver(page_published, sender=GuidePage)
def guide_page_published(sender, instance, revision=None, **kwargs):
    """Queue the projection row of the live guide (after commit, in this tenant's schema)."""
    url = instance.get_full_url()
    published_at = instance.last_published_at.isoformat() if instance.last_published_at else None
    enqueue(project_guide, instance.implementation_code, instance.entry_version, url, published_at)


@receiver(page_unpublished, sender=GuidePage)
def guide_page_unpublished(sender, instance, **kwargs):
    enqueue(withdraw_guide, instance.implementation_code)


@receiver(collect_live_guides)
def report_live_guides(sender, **kwargs):
    return live_guide_rows()
