"""The portal's search interface over the published-guide projection.

``search_guides`` is the one entry point of the portal's search page: a text query goes to the
unified search engine (``search.service``: Chinese analysis, synonyms, pinyin, typos, local
first); browsing by facets alone (a theme, a life event) lists the projection directly.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Subquery, TextField
from django.db.models.functions import Cast

from core.domain import audience, themes
from core.domain.scope import Scope, scope_for
from core.published.models import PublishedGuide
from search import service as engine

LIST_FIELDS = (
    "id", "region_code", "implementation_code", "basic_code", "name", "department_uscc",
    "department_name", "matter_type", "service_objects", "person_themes", "legal_themes",
    "life_events", "online_depth", "visits", "statutory_limit", "promised_limit", "url",
)  # fmt: skip


@dataclass
class SearchResults:
    query: str
    items: list
    total: int
    page: int
    pages: int
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None


def _facet_filter(facets: dict, scope: Scope) -> Q:
    q = Q()
    if facets.get("audience") in audience.AUDIENCES:
        q &= audience.audience_q(facets["audience"], scope.province_code)
    if theme := facets.get("theme"):
        q &= themes.parse(theme).q() if not themes.theme_error(theme) else Q(pk__in=[])
    if event := facets.get("life_event"):
        q &= Q(life_events__contains=[event])
    if department := facets.get("department"):
        q &= Q(department_uscc=department)
    if matter_type := facets.get("type"):
        q &= Q(matter_type=matter_type)
    return q


def _text_filter(query: str) -> Q:
    q = Q()
    for word in query.split():
        q &= Q(name__icontains=word) | Q(aliases_text__icontains=word)
    return q


def search_guides(query: str, region, facets: dict | None = None, page: int = 1, per_page=20):
    """Live guides ``region``'s host shows (``core.domain.scope``) that match ``query`` and
    ``facets``, one per matter, the nearest region's first."""
    query, facets = (query or "").strip(), facets or {}
    if facets.get("theme") and themes.theme_error(facets["theme"]):
        facets = {k: v for k, v in facets.items() if k != "theme"}  # a mistyped link: ignore it
    if query and not facets.get("life_event"):
        return _search(query, region, facets, page, per_page)
    return _browse(query, region, facets, page, per_page)


def _search(query: str, region, facets: dict, page: int, per_page: int) -> SearchResults:
    page = max(1, page)
    found = engine.search_guides(
        query, region.code, audience=facets.get("audience"), matter_type=facets.get("type"),
        department=facets.get("department"), theme=facets.get("theme"),
        offset=(page - 1) * per_page, limit=per_page,
    )  # fmt: skip
    rows = PublishedGuide.objects.only(*LIST_FIELDS).in_bulk([hit.guide_id for hit in found.hits])
    items = []
    for hit in found.hits:
        if guide := rows.get(hit.guide_id):
            guide.highlight = hit.highlight
            items.append(guide)
    departments = [
        {"department_uscc": v.value, "department_name": v.label, "count": v.count}
        for v in found.facets.get("department", [])
    ]
    pages = max(1, -(-found.total // per_page))
    return SearchResults(
        query, items, found.total, page, pages, {"departments": departments}, found.suggestion
    )


def _browse(query: str, region, facets: dict, page: int, per_page: int) -> SearchResults:
    """Facets without text: the projection, deduplicated by matter like the search engine."""
    scope = scope_for(region.code)
    matching = (
        PublishedGuide.objects.filter(scope.shown())
        .annotate(aliases_text=Cast("aliases", TextField()), distance=scope.distance())
        .filter(_text_filter(query), _facet_filter(facets, scope))
    )
    nearest = matching.order_by("basic_code", "distance", "region_code", "implementation_code")
    chosen = PublishedGuide.objects.filter(
        id__in=Subquery(nearest.distinct("basic_code").values("id"))
    )
    rows = chosen.annotate(distance=scope.distance())
    total = chosen.count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    items = list(
        rows.only(*LIST_FIELDS).order_by("distance", "basic_code")[start : start + per_page]
    )
    departments = list(
        chosen.values("department_uscc", "department_name")
        .annotate(count=Count("id"))
        .order_by("-count", "department_name")
    )
    return SearchResults(query, items, total, page, pages, {"departments": departments})
