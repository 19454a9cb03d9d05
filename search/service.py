"""The search interface other layers call (GraphQL ``search``/``suggest``, the portal)."""

import logging
from dataclasses import replace

from core.domain import codes, themes
from core.domain.scope import Scope, scope_for

from . import analysis, backends, caching, dictionary, highlight, vocabulary
from .backends.base import BackendUnavailable, Filters, RawResults, Request
from .models import BestBet
from .query import parse
from .results import FACET_KEYS, FacetValue, Hit, SearchResults, Suggestion

log = logging.getLogger(__name__)


# Characters of a query that are analysed (the portal's form sends no more): the analysis is
# quadratic in the length (sub-words), and a 10,000-character GraphQL query took 42 s.
MAX_QUERY_LENGTH = 100


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
    query = analysis.without_surrogates((query or "")[:MAX_QUERY_LENGTH])
    scope = scope_for(region_code)
    vocabulary.ensure()  # the catalogue's names and aliases segment as they did at indexing
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
    terms = [*parsed.all_words, *parsed.plain_keywords, parsed.core]
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


# How close a dictionary term must be (difflib ratio), and to how long a query: one wrong
# character in four or more; three-character queries are too short (办狗证 is not 办烟证).
CLOSE_TERM, CLOSE_MIN_LENGTH = 0.75, 4


def did_you_mean(request: Request) -> str | None:
    """For a query that matched nothing: the name of a matter in the scope that a close
    dictionary term finds, else the closest name in the scope; never a matter the scope lacks."""
    import difflib

    core = request.query.core
    vocabulary = dictionary.vocabulary(request.scope.province_code)
    close = difflib.get_close_matches(core, vocabulary, n=3, cutoff=CLOSE_TERM)
    for term in close if len(core) >= CLOSE_MIN_LENGTH else ():
        name = _first_name(term, request)
        if name:
            return name
    name = backends.postgres().did_you_mean(request)
    return name if name and name != core else None


def _first_name(text: str, request: Request) -> str | None:
    """The name of the first matter ``text`` finds with the request's scope and filters."""
    parsed = parse(text, request.scope.province_code)
    if parsed.empty:
        return None
    found, _ = _run(replace(request, query=parsed, offset=0, limit=1))
    return found.hits[0].name if found.hits else None


def suggest(prefix: str, region_code: str | None = None, limit: int = 8) -> list[Suggestion]:
    """Completions while typing: names, aliases and shipped dictionary terms starting with a
    Chinese or pinyin prefix, precomputed per document at indexing (one indexed query), then
    the province's own dictionary terms that lead to a matter in the scope. Every suggestion
    names a live guide of the scope."""
    prefix = (prefix or "")[:MAX_QUERY_LENGTH]
    text = analysis.strip_fillers(analysis.normalise(prefix)) if prefix else ""
    if not text:
        return []
    scope = scope_for(region_code)
    pinyin = analysis.is_pinyin(text)
    text = text.replace(" ", "").replace("'", "") if pinyin else text
    rows = backends.postgres().suggest(text, pinyin, scope, limit)
    found = [Suggestion(t, code) for t, code in rows]
    if len(found) < limit and not pinyin:
        found += _province_term_suggestions(
            text, scope, {s.text for s in found}, limit - len(found)
        )
    return found[:limit]


TERM_SUGGESTIONS = 2  # province dictionary terms resolved per keystroke (each is one search)


def _province_term_suggestions(text: str, scope, seen: set[str], room: int) -> list[Suggestion]:
    """A province's own entries are not indexed with the documents (they apply at once): each
    of the first two terms starting with the prefix is resolved with a search (rare)."""
    entries = dictionary.province_concepts(scope.province_code)
    terms = {t for c in entries for t in c.terms if t.startswith(text) and t not in seen}
    found = []
    for term in sorted(terms, key=lambda t: (len(t), t))[: min(room, TERM_SUGGESTIONS)]:
        parsed = parse(term, scope.province_code)
        hits = _run(Request(parsed, scope, limit=1))[0].hits
        if hits:
            found.append(Suggestion(term, hits[0].implementation_code))
    return found
