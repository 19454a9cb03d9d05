"""Elasticsearch query generation with ``elasticsearch.dsl`` (unit-tested without a cluster)."""

from elasticsearch.dsl import Q, Search

from .. import intents
from .base import LEGAL_OBJECTS, PERSON_OBJECTS, Request

SOURCE = ["guide_id", "implementation_code", "region_code", "name", "aliases", "description"]
# Every field, every time (the PostgreSQL weights A > B > C > D, see docs/search.md). The
# materials (营业执照, 身份证 in most guides) only rank, as in PostgreSQL: a separate optional
# clause (``RANK_ONLY``), never a reason for a guide to match.
FIELDS = ["name^8", "aliases^5", "concept_terms^5", "description^2", "conditions^2",
          "department_name^2"]  # fmt: skip
RANK_ONLY = "materials"

# Painless: 0 for the searcher's region, 1.. for its ancestors, then others deepest first.
LOCALITY = (
    "int i = params.chain.indexOf(doc['region_code'].value);"
    " return i >= 0 ? i : 10 - doc['depth'].value;"
)


def scope_filter(request: Request) -> list:
    scope = request.scope
    if not scope.region_code:
        return []
    chain = Q("terms", region_code=list(scope.chain))
    if scope.descendants:
        chain |= Q("term", ancestor_codes=scope.region_code)
    return [chain]


def facet_filters(request: Request) -> list:
    f, found = request.filters, []
    if f.audience:
        objects = PERSON_OBJECTS if f.audience == "person" else LEGAL_OBJECTS
        found.append(Q("terms", service_objects=list(objects)))
    if f.matter_type:
        found.append(Q("term", matter_type=f.matter_type))
    if f.department:
        found.append(Q("term", department_uscc=f.department))
    if f.theme:
        themes = [f.theme] if f.theme[0] in "pl" else [f"p{f.theme}", f"l{f.theme}"]
        found.append(Q("terms", themes=themes))
    if f.online_depth is not None:
        found.append(Q("term", online_depth=f.online_depth))
    return found


def fuzzy_title(request: Request) -> Q:
    return Q("match", title={"query": request.query.core, "fuzziness": "AUTO", "boost": 0.5})


def matching(request: Request, pinyin_plugin: bool, fuzzy: bool = False) -> Q:
    """Words (dictionary terms expanded at search time), exact name/alias, the concepts' keywords
    and code families, pinyin, and with ``fuzzy`` the fuzzy title; intent applied in ``build``."""
    q = request.query
    should = [
        Q("multi_match", query=q.core, fields=FIELDS, type="best_fields"),
        Q("term", **{"aliases.raw": {"value": q.core, "boost": 15}}),
        Q("term", **{"name.raw": {"value": q.core, "boost": 15}}),
        *([fuzzy_title(request)] if fuzzy else []),
    ]
    should += keyword_clauses(q.keywords)
    should += [Q("prefix", basic_code={"value": code, "boost": 5}) for code in q.codes]
    if q.words and q.words != (q.core,):
        should.append(Q("match", name={"query": " ".join(q.words), "boost": 2}))
    if q.pinyin_terms:
        kind = "prefix" if q.pinyin else "term"
        should += [Q(kind, pinyin_terms={"value": t, "boost": 4}) for t in q.pinyin_terms]
        if pinyin_plugin and q.pinyin:
            should.append(Q("match", **{"name.pinyin": {"query": q.core, "boost": 3}}))
    should += [Q("terms", implementation_code=list(request.best_bets), boost=1000)]
    should += [Q("terms", basic_code=list(request.best_bets), boost=1000)]
    return Q("bool", should=should, minimum_should_match=1)


def keyword_clauses(keywords) -> list[Q]:
    """A keyword in the name (boost 6) > in an alias (4) > in the description (1.5)."""
    clauses = []
    for keyword in keywords:
        pattern = "*" + keyword.strip("*") + "*"
        clauses += [
            Q("wildcard", **{"name.raw": {"value": pattern, "boost": 6}}),
            Q("wildcard", **{"aliases.raw": {"value": pattern, "boost": 4}}),
        ]
        clauses += [Q("match_phrase", description={"query": part, "boost": 1.5})
                    for part in keyword.split("*") if part]  # fmt: skip
    return clauses


def with_intent(query: Q, request: Request) -> Q:
    """The query's intent words in a name lift it (×1.5); another intent's words lower it."""
    q = request.query
    default = not q.intent
    same = (q.intent_names or intents.name_pattern(intents.default())).split("|")
    other = (q.other_intent_names or intents.name_pattern(intents.others())).split("|")
    functions = [
        {"filter": _name_has(same), "weight": 1.15 if default else 1.5},
        {"filter": _name_has(other), "weight": 0.85 if default else 0.7},
    ]
    if q.concepts:  # concepts the query did not name, ×0.9 each (at most 3)
        functions.append(
            {
                "script_score": {
                    "script": {"source": OTHER_CONCEPTS, "params": {"named": list(q.concepts)}}
                }
            }
        )
    return Q("function_score", query=query, functions=functions, score_mode="multiply",
             boost_mode="multiply")  # fmt: skip


OTHER_CONCEPTS = (
    "int n = 0; for (c in doc['concepts']) { if (!params.named.contains(c)) { n++; } }"
    " return Math.pow(0.9, Math.min(n, 3));"
)


def _name_has(words) -> dict:
    return Q("bool", should=[Q("wildcard", **{"name.raw": f"*{w}*"}) for w in words]).to_dict()


def build(request: Request, index: str, pinyin_plugin: bool = False, fuzzy: bool = False) -> Search:
    """One search: matches collapsed by matter (the most local kept), facets, a page. The fuzzy
    title makes candidates only with ``fuzzy`` (the second request, when nothing matched, as
    the PostgreSQL backend's trigrams); without it, it only ranks, as the materials do."""
    rank_only = [Q("match", **{RANK_ONLY: request.query.core})]
    if not fuzzy:
        rank_only.append(fuzzy_title(request))
    s = Search(index=index).query(
        Q("bool", must=[with_intent(matching(request, pinyin_plugin, fuzzy), request)],
          should=rank_only, filter=[*scope_filter(request), *facet_filters(request)])
    )  # fmt: skip
    s = s.extra(
        collapse={
            "field": "basic_code",
            "inner_hits": {
                "name": "local", "size": 1, "_source": SOURCE,
                "sort": [{"_script": {"type": "number", "order": "asc", "script": {
                    "source": LOCALITY, "params": {"chain": list(request.scope.chain)}}}}],
            },
        },
        track_total_hits=True,
    )  # fmt: skip
    s.aggs.metric("total_matters", "cardinality", field="basic_code")
    for key, field in FACET_FIELDS.items():
        s.aggs.bucket(key, "terms", field=field, size=50)
    return s.source(SOURCE)[request.offset : request.offset + request.limit]


FACET_FIELDS = {
    "department": "department_uscc", "type": "matter_type", "service_object": "service_objects",
    "theme": "themes", "online_depth": "online_depth",
}  # fmt: skip
