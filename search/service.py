"""The search interface other layers call (GraphQL ``search``/``suggest``, the portal)."""

import logging

from core.domain import codes, themes
from core.domain.scope import Scope, scope_for

from . import analysis, backends, caching, highlight, synonyms
from .backends.base import BackendUnavailable, Filters, RawResults, Request
from .models import BestBet
from .query import parse
from .results import FACET_KEYS, FacetValue, Hit, SearchResults, Suggestion

log = logging.getLogger(__name__)


def search_guides(
    query: str, region_code: str | None = None, *, audience: str | None = None,
    matter_type: str | None = None, department: str | None = None, theme: str | None = None,
    online_depth: int | None = None, offset: int = 0, limit: int = 20,
) -> SearchResults:  # fmt: skip
    """Live guides for a query, in the region's scope, one per matter (the most local).

    ``theme`` in any form ``core.domain.themes.parse`` reads; bad values raise ValueError."""
    if audience not in (None, "", "person", "legal"):
        raise ValueError(f"search_guides: audience must be 'person' or 'legal', got {audience!r}")
    theme = _theme_filter(theme) if theme else None
    scope = scope_for(region_code)
    parsed = parse(query, scope.province_code)
    if parsed.empty:
        return SearchResults(0, [], {}, None, query, parsed.normalised)
    request = Request(
        parsed, scope,
        Filters(audience or None, matter_type or None, department or None, theme or None,
                online_depth),
        best_bets(parsed.core, scope), max(0, offset), max(1, min(limit, 100)),
    )  # fmt: skip
    raw, used = _run(request)
    terms = [*parsed.all_words, *parsed.officials, parsed.core]
    hits = [
        Hit(h.implementation_code, h.guide_id, round(h.score, 4),
            highlight.snippet(h.name, h.aliases, h.description, terms), h.region_code)
        for h in raw.hits
    ]  # fmt: skip
    suggestion = None if raw.total else did_you_mean(request)
    return SearchResults(
        raw.total, hits, facet_values(raw), suggestion, query, parsed.normalised, used
    )


def _theme_filter(value: str) -> str:
    """The backends' theme filter: ``p090`` / ``l005``, or a bare code for either audience."""
    return themes.parse(value).value


def _run(request: Request) -> tuple[RawResults, str]:
    """Search the configured backend; fall back to PostgreSQL when Elasticsearch is down."""
    backend = backends.primary()
    try:
        return backend.search(request), backend.name
    except BackendUnavailable as error:
        log.warning("search: %s unavailable (%s), falling back to postgres", backend.name, error)
        fallback = backends.postgres()
        return fallback.search(request), fallback.name


def best_bets(core: str, scope: Scope) -> tuple[str, ...]:
    """Codes the scope's province pinned for this exact (normalised) query."""
    if not scope.province_code:
        return ()
    pins = caching.province("best_bets", scope.province_code, _load_best_bets)
    return tuple(code for text, code in pins if text == core)


def _load_best_bets(province_code: str) -> list[tuple[str, str]]:
    """(normalised query, code) of the province's best bets."""
    rows = BestBet.objects.filter(province__code=province_code).values_list("query", "code")
    return [(analysis.strip_fillers(analysis.normalise(text)), code) for text, code in rows]


LABELS = {
    "type": codes.MATTER_TYPES,
    "service_object": codes.SERVICE_OBJECTS,
    "online_depth": {str(k): v for k, v in codes.ONLINE_DEPTHS.items()},
    "theme": themes.labels(),
}


def facet_values(raw: RawResults) -> dict[str, list[FacetValue]]:
    facets = {}
    for key in FACET_KEYS:
        values = [
            FacetValue(value, label or LABELS.get(key, {}).get(value, value), count)
            for value, label, count in raw.facets.get(key, [])
        ]
        facets[key] = sorted(values, key=lambda v: (-v.count, v.value))
    return facets


def did_you_mean(request: Request) -> str | None:
    """A guide name or dictionary term close to a query that matched nothing."""
    import difflib

    core = request.query.core
    close = difflib.get_close_matches(core, synonyms.vocabulary(), n=1, cutoff=0.6)
    if close:
        official = synonyms.shipped().get(close[0])
        return official[0] if official else close[0]
    name = backends.postgres().did_you_mean(request)
    return name if name and name != core else None


def suggest(prefix: str, region_code: str | None = None, limit: int = 8) -> list[Suggestion]:
    """Completions while typing: names and aliases starting with a Chinese or pinyin prefix."""
    text = analysis.strip_fillers(analysis.normalise(prefix)) if prefix else ""
    if not text:
        return []
    scope = scope_for(region_code)
    pinyin = analysis.is_pinyin(text)
    text = text.replace(" ", "").replace("'", "") if pinyin else text
    rows = backends.postgres().suggest(text, pinyin, scope, limit)
    found = [Suggestion(t, code) for t, code in rows]
    if len(found) < limit and not pinyin:
        seen = {s.text for s in found}
        terms = [t for t in synonyms.vocabulary() if t.startswith(text) and t not in seen]
        found += [Suggestion(t, None) for t in sorted(terms, key=len)[: limit - len(found)]]
    return found[:limit]
