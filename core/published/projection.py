"""What a projection row holds: the published snapshot, resolved places and the region chain,
plus the editors' approved additions. Written only by ``core.published.sync``."""

from tenants.models import ServicePoint, Window


def region_payload(region) -> dict:
    return {
        "code": region.code, "name": region.name, "slug": region.slug, "level": region.level,
        "ancestors": [{"code": r.code, "name": r.name, "slug": r.slug} for r in region.ancestors()],
    }  # fmt: skip


def _windows(region, refs: list[str]) -> list[dict]:
    if not refs:
        return []
    rows = Window.objects.filter(
        hall__region=region, is_active=True, hall__is_active=True
    ).select_related("hall")
    by_ref = {w.reference: w for w in rows}
    return [
        {"ref": ref, "hall": w.hall.name, "address": w.hall.address, "hours": w.hall.hours,
         "window": w.key, "name": w.name, "phone": w.phone or w.hall.phone}
        for ref in refs if (w := by_ref.get(ref))
    ]  # fmt: skip


def _service_points(region, codes: list[str]) -> list[dict]:
    active = ServicePoint.objects.filter(region=region, code__in=codes or [], is_active=True)
    points = {p.code: p for p in active}
    return [
        {"code": c, "name": p.name, "address": p.address, "hours": p.hours, "phone": p.phone}
        for c in codes or [] if (p := points.get(c))
    ]  # fmt: skip


def build_payload(snapshot: dict, region, url: str) -> dict:
    """The guide as rendered everywhere: the published snapshot plus resolved places."""
    local = snapshot["local"]
    return {
        **snapshot,
        "region": region_payload(region),
        "windows_detail": _windows(region, local.get("windows")),
        "service_points_detail": _service_points(region, local.get("service_points")),
        "url": url,
    }


def projection_values(
    region, entry_id: int, snapshot: dict, version: int, url: str, published_at, additions: dict
) -> dict:
    """The column values of one live guide's row: facets, and the whole guide as ``payload``."""
    fixed, local = snapshot["fixed"], snapshot["local"]
    themes = fixed.get("themes") or {}
    return {
        "region_code": region.code, "ancestor_codes": region.ancestor_codes(),
        "implementation_code": snapshot["implementation_code"],
        "basic_code": snapshot["basic_code"], "name": fixed["name"],
        "department_uscc": snapshot["department"]["uscc"],
        "department_name": snapshot["department"]["name"], "matter_type": fixed["type"],
        "service_objects": fixed.get("service_objects") or [],
        "person_themes": themes.get("person") or [], "legal_themes": themes.get("legal") or [],
        "life_events": fixed.get("life_events") or [],
        "aliases": list(dict.fromkeys([*(fixed.get("aliases") or []), *(local.get("aliases") or [])])),
        "online_depth": local.get("online_depth") or 1, "visits": local.get("visits") or 0,
        "statutory_limit": fixed.get("statutory_limit") or {},
        "promised_limit": local.get("promised_limit") or {},
        "charged": bool((local.get("fee") or {}).get("charged")), "url": url,
        "version": version, "published_at": published_at,
        "payload": {**build_payload(snapshot, region, url), "additions": additions,
                    "version": version, "published_at": published_at.isoformat()},
    }  # fmt: skip
