"""Receivers of tenants-layer signals: the schema-side set-up of a provisioned region."""

from django.dispatch import receiver

from tenants.provisioning import primary_domain
from tenants.signals import region_provisioned

from .site import ensure_site


@receiver(region_provisioned)
def set_up_region_site(sender, region, config, dry_run, **kwargs):
    """Give the region its Wagtail Site on its own host and its portal home page."""
    return ensure_site(
        hostname=primary_domain(region.slug),
        title=config.get("branding", {}).get("site_title") or region.name,
        home_title=region.name,
        dry_run=dry_run,
    )
