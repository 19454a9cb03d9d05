"""The PostgreSQL search by matter: the first pass of a query with selective words, any scope.

``postgres_sql.search`` finds every matching document, then keeps each matter's most local one:
at a province's scope a query such as 开公司 matches 1,573 documents of 13 matters, and reading
them was most of the search (issue 12: 2.3 of 3.6 ms); a county's chain reads fewer, but each
word's postings once per region of the chain (0.8 ms for 注册公司). Here the matters come first,
from ``search_searchmatter`` (one row per province and matter, a superset: ``search.matters``);
then, per matter, its documents are read in locality order and the first that matches is kept:

1. the scope's chain, nearest first (the region, then its ancestors: ``LOCAL_KEY`` distances
   0, 1 …), through the (region code, basic code) index;
2. on a province or city host and the platform, below the region: deepest first, then by
   region and implementation code, C-collated (distances ``10 - depth``), the
   ``search_doc_matter_walk`` index in that order, the region's subtree as a range of its
   codes (a county's code starts with its city's four digits, a city's with its province's
   two: ``tenants.codes.parent_code_error``).

The first row of the two parts in that order is the least ``LOCAL_KEY`` of the matter's matching
documents: the same document the per-document statement keeps, scored and paged by the same
SQL (``postgres_sql.RANKED``); tests/search/test_matter_search.py compares the two.
"""

from core.domain.scope import depth_of

from ..matters import TABLE as MATTERS
from .base import Request
from .postgres_sql import FACETS, RANKED, TABLE, filters, match

# Matters with a candidate word or pinyin lexeme in the scope's province (or anywhere on the
# platform), and those a best bet names; one arm per index. (An OR of both, or ``@@ ANY`` of
# the word groups, as on the documents, made the generic plan read every matter row of the
# province: 1.2 ms instead of 0.05.)
MATTER_ARMS = (
    "m.vector @@ (SELECT to_tsquery('simple', %(match_tsq)s))",
    "m.pinyin @@ (SELECT to_tsquery('simple', %(match_ptsq)s))",
)
MATTER_BETS = "m.basic_code = ANY(%(bet_matters)s::text[])"

# One part per region of the chain, nearest first: the walk stops at the first that matches,
# before the others' vectors are read (a county's own document usually matches).
CHAIN = f"""(SELECT d.*, {{distance}} AS distance FROM {TABLE} d
            WHERE d.basic_code = m.basic_code AND d.region_code = (%(chain)s::text[])[{{n}}]
                  AND {{conditions}}
            ORDER BY d.implementation_code COLLATE "C" LIMIT 1)"""
# ``region_code COLLATE "C"`` as the index's expression: the range is checked in the index,
# so the other regions' documents of the matter are skipped without reading them.
BELOW = f"""(SELECT d.*, 10 - d.depth AS distance FROM {TABLE} d
            WHERE d.basic_code = m.basic_code AND d.depth > %(depth)s {{subtree}}
                  AND {{conditions}}
            ORDER BY d.depth DESC, d.region_code COLLATE "C", d.implementation_code COLLATE "C"
            LIMIT 1)"""
SUBTREE = """AND d.region_code COLLATE "C" >= %(first_code)s
                  AND d.region_code COLLATE "C" < %(after_code)s
                  AND %(region)s = ANY(d.ancestor_codes)"""


def search(request: Request) -> str:
    """The statement of ``postgres_sql.search`` (without trigrams), by matter."""
    region = request.scope.region_code
    conditions = f"{match(request, False)} AND {filters(request)}"
    below = BELOW.format(subtree=SUBTREE if region else "", conditions=conditions)
    parts = [
        CHAIN.format(distance=n, n=n + 1, conditions=conditions)
        for n in range(len(request.scope.chain))
    ]
    if not region or request.scope.descendants:
        parts.append(below)
    walk = "\n            UNION ALL ".join(parts)
    province = "m.province_code = %(province)s AND " if region else ""
    arms = [*MATTER_ARMS, *([MATTER_BETS] if request.best_bets else [])]
    matters = "\n        UNION ".join(
        f"SELECT m.basic_code FROM {MATTERS} m WHERE {province}{arm}" for arm in arms
    )
    return f"""
    WITH matters AS (
        {matters}
    ), top AS MATERIALIZED (
        SELECT d.*, word_similarity(%(core)s, d.title) AS title_similarity
        FROM matters m, LATERAL (SELECT * FROM ({walk}) w LIMIT 1) d
    ), {RANKED}{FACETS}"""


def params(request: Request) -> dict:
    """Parameters beyond ``postgres_sql.params``: the scope's depth, province and code range."""
    region = request.scope.region_code
    if not region:
        return {"depth": 0, "province": None, "first_code": None, "after_code": None}
    first, after = request.scope.subtree_codes()
    return {
        "depth": depth_of(region),
        "province": request.scope.province_code,
        "first_code": first,
        "after_code": after,
    }
