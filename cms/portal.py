"""Template contexts of the portal pages. Guide lists read the published-guide projection only
(a county lists its city's and province's guides without touching their schemas), with a
constant number of queries whatever the number of guides."""

from core.domain import codes, themes
from core.domain.scope import scope_for
from core.published.models import PublishedGuide
from search import analytics
from tenants.models import Department, Window

from .search_adapter import LIST_FIELDS, search_guides
from .sections import SearchPage


def chain_guides(region) -> list[PublishedGuide]:
    """Live guides serving the region's citizens (``Scope.serving``): its own, then its
    parent's, up to the province."""
    scope = scope_for(region.code)
    rows = PublishedGuide.objects.filter(scope.serving()).only(*LIST_FIELDS)
    return list(rows.annotate(rank=scope.distance()).order_by("rank", "basic_code"))


def search_page_url() -> str:
    page = SearchPage.objects.live().first()
    return page.url if page else "/search/"


def department_context(page, request) -> dict:
    region = request.tenant
    department = Department.objects.filter(region=region, uscc=page.department_uscc).first()
    windows = Window.objects.filter(departments=department, is_active=True).select_related("hall")
    guides = PublishedGuide.objects.filter(
        region_code=region.code, department_uscc=page.department_uscc
    ).only(*LIST_FIELDS)
    return {
        "department": department,
        "windows": list(windows) if department else [],
        "guides": list(guides.order_by("basic_code")),
        "search_url": search_page_url(),
    }


def _bundle(guides: list, order: list[str]) -> list[PublishedGuide]:
    """One guide per matter, the nearest region's, in the editor's order (else by code)."""
    nearest = {}
    for guide in guides:
        nearest.setdefault(guide.basic_code, guide)
    if order:
        return [nearest[c] for c in order if c in nearest]
    return [nearest[c] for c in sorted(nearest)]


def combined_materials(guides: list) -> list[dict]:
    """Every material of the bundle once (by name), with the matters that ask for it."""
    merged: dict = {}
    for guide in guides:
        for material in guide.payload["local"].get("materials") or []:
            entry = merged.setdefault(material["name"], {"name": material["name"], "matters": []})
            if guide.name not in entry["matters"]:
                entry["matters"].append(guide.name)
    return list(merged.values())


def days_text(days: float) -> str:
    """A total of working days as people write it: "10", "10.5" (never "10.0")."""
    rounded = round(days, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def topic_context(page, request) -> dict:
    region = request.tenant
    scope = scope_for(region.code)
    order = page.code_list()
    rows = PublishedGuide.objects.filter(scope.serving())
    rows = (
        rows.filter(basic_code__in=order)
        if order
        else rows.filter(life_events__contains=[page.life_event])
    )
    steps = _bundle(
        list(rows.annotate(rank=scope.distance()).order_by("rank", "basic_code")), order
    )
    promised = sum(codes.limit_in_working_days(g.promised_limit) for g in steps)
    statutory = sum(codes.limit_in_working_days(g.statutory_limit) for g in steps)
    return {
        "steps": steps,
        "materials": combined_materials(steps),
        "total_visits": sum(g.visits for g in steps),
        "total_promised": days_text(promised),
        "total_statutory": days_text(statutory),
        "search_url": search_page_url(),
    }


FACETS = ("audience", "theme", "department", "life_event", "type")


def facet_label(facets: dict) -> str:
    """A heading for the active filters (主题、部门 …) in Chinese."""
    parts = []
    if facets.get("audience"):
        parts.append("个人办事" if facets["audience"] == "person" else "法人办事")
    if (theme := facets.get("theme")) and not themes.theme_error(theme):
        parts.append(f"主题：{themes.parse(theme).label}")
    if facets.get("life_event"):
        parts.append(f"一件事：{facets['life_event']}")
    if facets.get("type"):
        parts.append(f"类型：{codes.MATTER_TYPES.get(facets['type'], facets['type'])}")
    return " · ".join(parts)


def search_context(page, request) -> dict:
    query = request.GET.get("q", "")[:100]
    facets = {k: request.GET[k][:40] for k in FACETS if request.GET.get(k)}
    if (theme := facets.get("theme")) and not themes.theme_error(theme):
        facets["theme"] = themes.parse(theme).value  # old person:090 links → p090
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    results = search_guides(query, request.tenant, facets, number)
    first = results.items[0].implementation_code if results.items else ""
    search_id = analytics.record(query, request.tenant.code, "portal", result_count=results.total,
                                 first_result=first, first_page=results.page == 1)  # fmt: skip
    return {
        "search_id": search_id,
        "query": query,
        "facets": facets,
        "facet_label": facet_label(facets),
        "results": results,
        "searched": bool(query or facets),
        "search_url": page.url,
    }
