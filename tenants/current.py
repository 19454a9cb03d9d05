"""The region whose schema the connection is in (the one place that maps schema → region)."""

from django.db import connection

from .models import Region


def current_region() -> Region:
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Region) and tenant.schema_name == connection.schema_name:
        return tenant
    return Region.objects.select_related("parent__parent").get(schema_name=connection.schema_name)


def province_of(region: Region) -> Region:
    """The province a region belongs to (itself for a province)."""
    chain = [region, *region.ancestors()]
    return next(r for r in chain if r.level == Region.Level.PROVINCE)
