"""The portal's search interface over the published-guide projection.

``search_guides`` is the one entry point of the portal's search page: a text query goes to the
unified search engine (``search.service``: Chinese analysis, synonyms, pinyin, typos, local
first); browsing by facets alone (a theme, a life event) lists the projection directly.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast

from core.published.models import PublishedGuide
from search import service as engine

LIST_FIELDS = (
    "id", "region_code", "implementation_code", "basic_code", "name", "department_uscc",
    "department_name", "matter_type", "service_objects", "person_themes", "legal_themes",
    "life_events", "online_depth", "visits", "statutory_limit", "promised_limit", "url",
)  # fmt: skip
LEGAL_OBJECTS = ("2", "3", "4", "5", "6")


@dataclass
class SearchResults:
    query: str
    items: list
    total: int
    page: int
    pages: int
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None


def chain_codes(region) -> list[str]:
    """The region's code, then its parent's, up to the province."""
    return [region.code, *region.ancestor_codes()]


def local_first(codes: list[str]) -> Case:
    """An ordering key: 0 for the region's own guides, 1 for its parent's, and so on."""
    whens = [When(region_code=code, then=Value(rank)) for rank, code in enumerate(codes)]
    return Case(*whens, default=Value(len(codes)), output_field=IntegerField())


def _facet_filter(facets: dict) -> Q:
    q = Q()
    if facets.get("audience") == "person":
        q &= Q(service_objects__contains=["1"])
    elif facets.get("audience") == "legal":
        legal = Q()
        for code in LEGAL_OBJECTS:
            legal |= Q(service_objects__contains=[code])
        q &= legal
    if theme := facets.get("theme"):
        kind, _, code = theme.partition(":")
        q &= Q(**{f"{'legal' if kind == 'legal' else 'person'}_themes__contains": [code]})
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
    """Live guides serving ``region``'s citizens that match ``query`` and ``facets``."""
    query, facets = (query or "").strip(), facets or {}
    if query and not facets.get("life_event"):
        return _search(query, region, facets, page, per_page)
    return _browse(query, region, facets, page, per_page)


def _engine_theme(theme: str | None) -> str | None:
    """The portal writes themes as "person:090" / "legal:005", the engine as "p090" / "l005"."""
    if not theme:
        return None
    kind, _, code = theme.partition(":")
    return f"{'l' if kind == 'legal' else 'p'}{code}"


def _search(query: str, region, facets: dict, page: int, per_page: int) -> SearchResults:
    page = max(1, page)
    found = engine.search_guides(
        query, region.code, audience=facets.get("audience"), matter_type=facets.get("type"),
        department=facets.get("department"), theme=_engine_theme(facets.get("theme")),
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
    codes = chain_codes(region)
    rows = (
        PublishedGuide.objects.filter(region_code__in=codes)
        .annotate(aliases_text=Cast("aliases", TextField()), rank=local_first(codes))
        .filter(_text_filter(query), _facet_filter(facets))
    )
    total = rows.count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    items = list(rows.only(*LIST_FIELDS).order_by("rank", "basic_code")[start : start + per_page])
    departments = list(
        rows.values("department_uscc", "department_name")
        .annotate(count=Count("id"))
        .order_by("-count", "department_name")
    )
    return SearchResults(query, items, total, page, pages, {"departments": departments})
