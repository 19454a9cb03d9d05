"""The region switcher: links from a region to its parent, children and siblings."""

from dataclasses import dataclass

from tenants.models import Region


@dataclass
class RegionLink:
    name: str
    code: str
    url: str


def region_url(region: Region, request=None) -> str:
    """Absolute URL of a region's portal, on the request's port in development."""
    domain = next((d.domain for d in region.domains.all() if d.is_primary), None)
    if domain is None:
        return ""
    port = request.get_port() if request is not None else "80"
    suffix = "" if port in ("80", "443") else f":{port}"
    scheme = "https" if request is not None and request.is_secure() else "http"
    return f"{scheme}://{domain}{suffix}/"


def _links(regions, request) -> list[RegionLink]:
    return [RegionLink(r.name, r.code, region_url(r, request)) for r in regions]


def region_switcher(region: Region, request=None) -> dict:
    """Ancestors (province first, for the bar at the top of a page), parent, children and
    siblings of a region (active ones only), in division-code order."""
    related = Region.objects.active().prefetch_related("domains").order_by("code")
    order = [r.pk for r in reversed(region.ancestors())]  # province first
    found = {r.pk: r for r in related.filter(pk__in=order)}
    ancestors = [found[pk] for pk in order if pk in found]
    parent = found.get(region.parent_id)
    return {
        "ancestors": _links(ancestors, request),
        "parent": _links([parent], request)[0] if parent else None,
        "children": _links(related.filter(parent=region), request),
        "siblings": _links(
            related.filter(parent_id=region.parent_id).exclude(pk=region.pk), request
        )
        if region.parent_id
        else [],
    }
