"""SQL of the PostgreSQL backend: match, score, dedupe by matter keeping the most local."""

from .. import analysis, common, intents
from ..apps import WORD_SIMILARITY_THRESHOLD
from ..query import candidate_tsqueries, candidate_tsquery, like_patterns, tsquery_text
from .base import LEGAL_OBJECTS, PERSON_OBJECTS, Request

TABLE = "public.search_searchdocument"

# Distance from the searcher: the region, its ancestors (nearest first), then others deepest first.
DISTANCE = "COALESCE(array_position(%(chain)s::text[], d.region_code) - 1, 10 - d.depth)"
# The order of a matter's implementations, most local first, as one C-collated text: the
# distance as one character ('0' + distance: orders as the number up to 79), the region code
# padded to its 6 characters, then the implementation code (from the 8th character: the join
# key back to the row).
LOCAL_KEY = f'(chr(48 + {DISTANCE}) || rpad(d.region_code, 6) || d.implementation_code) COLLATE "C"'

# Every field ranks every time: the weighted tsvector (A name, B aliases and dictionary terms,
# C description, conditions and department, D materials), pinyin, trigram similarity, the exact
# name, the concepts' catalogue keywords (name > aliases > description) and basic-code families,
# the query's intent against the intent words in names, and the concepts a matter belongs to
# that the query did not name. Weights: docs/search.md. Each tsquery is parsed once per
# statement, as an init plan (``(SELECT to_tsquery(...))``): in a generic plan (search.prepared)
# a plain ``to_tsquery($n)`` is not folded into a constant and was parsed again for every row
# (a seven-word query's county search 15–36 % slower than planned per query; now faster).
SCORE = """
    ts_rank(d.vector, (SELECT to_tsquery('simple', %(tsq)s)))
    + 0.6 * ts_rank(d.pinyin, (SELECT to_tsquery('simple', %(ptsq)s)))
    + CASE WHEN d.title_similarity >= %(word_similarity)s THEN 0.5 * d.title_similarity ELSE 0 END
    + CASE WHEN d.name = %(core)s OR %(core)s = ANY(d.aliases) THEN 1.5
           WHEN strpos(d.name, %(core)s) > 0 THEN 0.8 ELSE 0 END
    + CASE WHEN d.name LIKE ANY(%(keyword_likes)s::text[]) THEN 1.2
           WHEN array_to_string(d.aliases, ' ') LIKE ANY(%(keyword_likes)s::text[]) THEN 0.8
           WHEN d.description LIKE ANY(%(keyword_likes)s::text[]) THEN 0.3 ELSE 0 END
    + CASE WHEN d.basic_code LIKE ANY(%(code_likes)s::text[]) THEN 1.0 ELSE 0 END
    + CASE WHEN %(intent)s <> '' AND d.name ~ %(intent)s
                AND (%(has_intent)s OR d.concepts && %(concepts)s::varchar[]) THEN %(intent_boost)s
           WHEN %(other_intents)s <> '' AND d.name ~ %(other_intents)s THEN -%(intent_penalty)s
           ELSE 0 END
    - CASE WHEN %(concepts)s::text[] = '{}' THEN 0
           ELSE 0.25 * LEAST(3, cardinality(d.concepts) - cardinality(
               ARRAY(SELECT unnest(d.concepts) INTERSECT SELECT unnest(%(concepts)s::text[]))))
      END
    + CASE WHEN d.basic_code = ANY(%(bet_matters)s::text[]) THEN 100 ELSE 0 END
"""

# Candidates: the selective fields only (A name, B aliases and dictionary terms, C description,
# conditions and department; GIN index on the expression). Materials (D) only rank: 营业执照 or
# 身份证 is a material of most guides and would make a province's every guide a candidate.
# One GIN scan per group (``query.candidate_tsqueries``), their results ORed by the bitmap scan.
WORDS = """ts_filter(d.vector, '{a,b,c}') @@ ANY(ARRAY(
        SELECT to_tsquery('simple', q) FROM unnest(%(match_tsqs)s::text[]) q))"""
PINYIN = "d.pinyin @@ (SELECT to_tsquery('simple', %(match_ptsq)s))"
# Two-character Chinese queries share their trigrams with too many titles to be worth the scan.
# ``title %> core``, the index's own form of ``core <% title``: written the other way round the
# planner does not see the OR as the index's condition and evaluates it again on every row,
# the words' arm decompressing each row's TOASTed vector (~1,000 TOAST pages per search at
# province scope; issue 12).
TRIGRAM = "d.title %%> %(core)s"
# Only when there are best bets: an unindexed OR term would turn every search into a full scan.
BETS = "(d.implementation_code = ANY(%(bets)s::text[]) OR d.basic_code = ANY(%(bets)s::text[]))"
# Without an intent in the query, matters named for another intent (补领, 注销 …) step back a little.
INTENT_PENALTY, NO_INTENT_PENALTY = 0.4, 0.2
INTENT_BOOST, DEFAULT_INTENT_BOOST = 0.6, 0.25


def params(request: Request, relaxed: bool = False) -> dict:
    q = request.query
    no_intent = q.intent is None
    words, groups, pinyin = candidates(q, relaxed)
    return {
        "tsq": tsquery_text(q.all_words) or "",
        # candidates: words that discriminate; the generic ones still rank (``tsq``)
        "match_tsq": candidate_tsquery(words, groups, single_pairs=relaxed) or "",
        "match_tsqs": candidate_tsqueries(words, groups, single_pairs=relaxed),
        "ptsq": tsquery_text(q.pinyin_terms, prefix=q.pinyin) or "",
        # candidates by pinyin: typed pinyin, or the pinyin of a Chinese query's whole words
        "match_ptsq": tsquery_text(pinyin, prefix=q.pinyin) or "",
        "core": q.core,
        # the threshold of ``core <% title`` (computed once per row, not twice)
        "word_similarity": WORD_SIMILARITY_THRESHOLD,
        "keyword_likes": like_patterns(q.keywords),
        "code_likes": [f"{code}%" for code in q.codes],
        # a matter that also belongs to concepts the query did not name steps back
        "concepts": list(q.concepts),
        # without intent words a query reads as 新办: first-time matters step forward a little
        "intent": q.intent_names or intents.name_pattern(intents.default()),
        "intent_boost": INTENT_BOOST if q.intent else DEFAULT_INTENT_BOOST,
        "has_intent": q.intent is not None,  # else only within the query's concepts
        "other_intents": intents.name_pattern(intents.others())
        if no_intent
        else q.other_intent_names,
        "intent_penalty": NO_INTENT_PENALTY if no_intent else INTENT_PENALTY,
        "bets": list(request.best_bets),
        # an implementation code ends with its basic code: a pin lifts the whole matter
        "bet_matters": [code[-12:] for code in request.best_bets],
        "chain": list(request.scope.chain),
        "region": request.scope.region_code,
        **filter_params(request),
    }


def candidates(q, relaxed: bool = False) -> tuple[list, list, list]:
    """Words, groups of words and pinyin lexemes that make a guide a candidate: no generic
    words (申请, 受理 …) and no common ones (``search.common``) while selective ones remain.
    ``relaxed`` (a second pass when that found nothing): common words too, and the pinyin of
    every word."""
    if q.pinyin:
        return list(q.match_words), list(q.match_groups), list(q.match_pinyin)
    if relaxed:
        words = analysis.discriminating(q.match_words)
        return words, list(q.match_groups), list(dict.fromkeys([*q.match_pinyin, *q.pinyin_terms]))
    frequent = common.words()
    words, groups = common.selective(analysis.discriminating(q.match_words), q.match_groups,
                                     frequent)  # fmt: skip
    dropped = {analysis.pinyin_of(w)[0] for w in q.match_words if w in frequent}
    return words, groups, [p for p in q.match_pinyin if p not in dropped]


def broad(q, relaxed: bool) -> bool:
    """Whether common words make candidates (the relaxed pass, or a query with nothing
    selective): thousands of rows, whose plan depends on how many (许可 at province scope:
    39,000 rows, hash-aggregated in the plan made for them, sorted on disk in a generic plan
    estimated at 1,300: 35 → 48 ms)."""
    if relaxed:
        return True
    words, groups, _ = candidates(q)
    frequent = common.words()
    return any(w in frequent for w in words) or any(set(g) <= frequent for g in groups)


def filter_params(request: Request) -> dict:
    f = request.filters
    objects = {"person": list(PERSON_OBJECTS), "legal": list(LEGAL_OBJECTS)}.get(f.audience or "")
    theme = [f.theme] if f.theme and f.theme[0] in "pl" else [f"p{f.theme}", f"l{f.theme}"]
    return {
        "objects": objects,
        "matter_type": f.matter_type,
        "department": f.department,
        "themes": theme if f.theme else None,
        "online_depth": f.online_depth,
    }


def match(request: Request, trigrams: bool) -> str:
    """The ways a row matches, as one OR of index conditions (words, pinyin, trigrams, bets)."""
    arms = [WORDS, PINYIN, *([TRIGRAM] if trigrams else []), *([BETS] if request.best_bets else [])]
    return "(" + "\n        OR ".join(arms) + ")"


def where(request: Request, a: str = "d") -> str:
    """Scope and filter conditions on ``d`` (or another alias)."""
    parts = []
    if request.scope.region_code:
        chain = f"{a}.region_code = ANY(%(chain)s::text[])"
        # below a province or city not through the ancestors' GIN index, whose posting list
        # holds most of the table for a province (12–25 ms to read): the matches are fewer
        below = f"({chain} OR %(region)s = ANY({a}.ancestor_codes))"
        parts.append(below if request.scope.descendants else chain)
    return " AND ".join([*parts, filters(request, a)])


def filters(request: Request, a: str = "d") -> str:
    """The request's filter conditions on ``d`` (or another alias)."""
    parts = []
    f = request.filters
    conditions = {
        "audience": f"{a}.service_objects && %(objects)s::varchar[]",
        "matter_type": f"{a}.matter_type = %(matter_type)s",
        "department": f"{a}.department_uscc = %(department)s",
        "theme": f"{a}.themes && %(themes)s::varchar[]",
        "online_depth": f"{a}.online_depth = %(online_depth)s",
    }
    parts.extend(sql for key, sql in conditions.items() if getattr(f, key) not in (None, ""))
    return " AND ".join(parts) or "TRUE"


def search(request: Request, trigrams: bool) -> str:
    """One statement: the page (kind 0), the total (kind 1) and the facets (kind 2).

    Dedupe runs before scoring: per matter, the most local match (distance, then region code,
    then implementation code), as the least ``LOCAL_KEY`` of its rows in a hash aggregate; only
    those rows are read again, by implementation code, and ranked, so the cost of ``ts_rank``
    follows the number of matters, not of implementations. (A ``DISTINCT ON`` sorted every
    matched row: 1,589 implementations of 营业执照 on the platform, 1.3 of its 3.1 ms.)"""
    return f"""
    WITH local AS (
        SELECT min({LOCAL_KEY}) AS best
        FROM {TABLE} d WHERE {match(request, trigrams)} AND {where(request)}
        GROUP BY d.basic_code
    ), top AS MATERIALIZED (
        SELECT d.*, ascii(m.best) - 48 AS distance,
               word_similarity(%(core)s, d.title) AS title_similarity FROM local m
        JOIN {TABLE} d ON d.implementation_code = substr(m.best, 8) COLLATE "default"
    ), {RANKED}{FACETS}"""


# From ``top`` (one row per matter: the document and its ``distance``): scores, the page, the
# total and the facets.
RANKED = (
    """scored AS MATERIALIZED (
        SELECT d.*, ("""
    + SCORE
    + """) * (CASE WHEN d.distance = 0 THEN 1.1 ELSE 1 END) AS s
        FROM top d
    ), page AS (
        SELECT *, row_number() OVER (ORDER BY s DESC, distance, implementation_code COLLATE "C")
               AS position
        FROM scored ORDER BY position OFFSET %(offset)s LIMIT %(limit)s
    )
    SELECT 0, implementation_code, guide_id, s, region_code, name, aliases, description,
           position
    FROM page
    UNION ALL SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*) FROM scored
    UNION ALL """
)


# (kind 2, facet key, value, label, count) shaped like the page rows.
FACETS = """
    SELECT 2, 'department', NULL, NULL, department_uscc, max(department_name), NULL, NULL,
           count(*) FROM scored GROUP BY department_uscc
    UNION ALL SELECT 2, 'type', NULL, NULL, matter_type, NULL, NULL, NULL, count(*)
        FROM scored GROUP BY matter_type
    UNION ALL SELECT 2, 'service_object', NULL, NULL, o, NULL, NULL, NULL, count(*)
        FROM scored, unnest(service_objects) o GROUP BY o
    UNION ALL SELECT 2, 'theme', NULL, NULL, t, NULL, NULL, NULL, count(*)
        FROM scored, unnest(themes) t GROUP BY t
    UNION ALL SELECT 2, 'online_depth', NULL, NULL, online_depth::text, NULL, NULL, NULL,
           count(*) FROM scored GROUP BY online_depth
"""


SCOPE = """(%(region)s::text IS NULL OR d.region_code = ANY(%(chain)s::text[])
           OR d.ancestor_codes @> ARRAY[%(region)s]::varchar[])"""

# A name at least this close (pg_trgm word_similarity 0.4): looser offers unrelated matters.
# Candidates from the trigram index (``title %> core``), under that threshold set for the
# statement's transaction only (``THRESHOLD``): without the index every title in the scope was
# compared, 650 ms for a search with no results at province scope.
DID_YOU_MEAN_SIMILARITY = 0.4
DID_YOU_MEAN = f"""
    SELECT d.name, similarity(%(core)s, d.name) AS s FROM {TABLE} d
    WHERE {SCOPE} AND d.title %%> %(core)s
          AND word_similarity(%(core)s, d.title) > {DID_YOU_MEAN_SIMILARITY}
    ORDER BY word_similarity(%(core)s, d.title) DESC, s DESC LIMIT 1
"""
THRESHOLD = "SET LOCAL pg_trgm.word_similarity_threshold = %s"
