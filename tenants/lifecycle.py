"""Activating and deactivating a region: the one place that flips ``Region.is_active``."""

from django.db import transaction

from .models import Region
from .signals import region_activity_changed


@transaction.atomic
def set_region_active(region: Region, active: bool) -> bool:
    """Switch the region on or off; True if it changed. Receivers of ``region_activity_changed``
    act in the same transaction (the read model queues a sync of the region's guides)."""
    changed = Region.objects.filter(pk=region.pk).exclude(is_active=active).update(is_active=active)
    region.is_active = active
    if changed:
        region_activity_changed.send(sender=Region, region=region, active=active)
    return bool(changed)
