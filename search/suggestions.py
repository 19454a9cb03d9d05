"""Suggestion terms, precomputed at indexing so that a keystroke is one indexed query.

Two public tables (``search.models``):

- ``search_suggestionsource``: one row per (document, text) — the guide's name (kind 0), its
  aliases (1) and the terms of the shipped dictionary concepts it belongs to (2), with the
  document's region and implementation code;
- ``search_suggestionterm``: one row per distinct text, with where it exists: ``regions`` (the
  regions implementing it) and ``under`` (those regions and their ancestors), and the pinyin
  lexemes of the text and its words.

A suggestion query reads the terms by prefix (btree, ``varchar_pattern_ops``) or pinyin prefix
(GIN), keeps those that exist in the scope (a region of the chain, or below the region for a
province or city host), orders them (names, aliases, dictionary terms; shorter first) and, for
the few it returns, picks the most local implementation in scope from the source rows. Every
suggestion therefore names a live guide of the scope. See docs/search.md.
"""

from django.db import connection, transaction

from . import analysis, dictionary, intents, prepared

SOURCE = "public.search_suggestionsource"
TERM = "public.search_suggestionterm"
PREFIX = "public.search_suggestionprefix"  # kept by a trigger on TERM (migration 0010)
TABLES = (SOURCE, TERM, PREFIX)
PREFIX_MAX = 8  # longest prefix stored; longer ones (rare, selective) use the term indexes
NAME, ALIAS, DICTIONARY_TERM = 0, 1, 2


def texts_of(name: str, aliases, basic_code: str) -> list[tuple[str, int, int]]:
    """(text, kind, preference) a document offers: its name, aliases and its concepts' terms.
    A dictionary term leads to the concept's first-time matter (no 补领 / 注销 … words in the
    name), then to the shortest name (lower preference first)."""
    found: dict[str, tuple[str, int, int]] = {}
    for text, kind in [(name, NAME), *((a, ALIAS) for a in aliases)]:
        if text and text not in found:
            found[text] = (text, kind, 0)
    other_intent = _other_intent_words()
    preference = (1000 if any(w in name for w in other_intent) else 0) + len(name)
    for concept in dictionary.concepts_of_matter(name, list(aliases), basic_code):
        for term in concept.terms:
            if term not in found and len(term) <= 100:
                found[term] = (term, DICTIONARY_TERM, preference)
    return list(found.values())


def _other_intent_words() -> tuple[str, ...]:
    return tuple(w for i in intents.others() for w in i.name_words)


def pinyin_text(text: str) -> str:
    return " ".join(analysis.pinyin_lexemes([text]))


# One statement per batch of documents: (document id, text, kind, preference) as arrays.
INSERT_SOURCE = f"""
    INSERT INTO {SOURCE} (document_id, text, kind, preference, region_code, ancestor_codes,
                          depth, implementation_code)
    SELECT d.id, t.text, t.kind, t.preference, d.region_code, d.ancestor_codes, d.depth,
           d.implementation_code
    FROM unnest(%(ids)s::text[], %(texts)s::text[], %(kinds)s::int[], %(preferences)s::int[])
             AS t(id, text, kind, preference)
         JOIN public.search_searchdocument d ON d.id = t.id
"""

# One row per text, from its source rows: the best kind, where it exists, and its pinyin.
REFRESH_TERMS = f"""
    WITH gone AS (
        DELETE FROM {TERM} t WHERE t.text = ANY(%(texts)s::text[])
            AND NOT EXISTS (SELECT 1 FROM {SOURCE} s WHERE s.text = t.text)
    ), found AS (
        SELECT s.text, min(s.kind) AS kind,
               array_agg(DISTINCT s.region_code) AS regions,
               array_agg(DISTINCT u.code) AS under
        FROM {SOURCE} s, unnest(array_append(s.ancestor_codes, s.region_code)) AS u(code)
        WHERE s.text = ANY(%(texts)s::text[])
        GROUP BY s.text
    )
    INSERT INTO {TERM} (text, kind, regions, under, pinyin, picks, chain_picks)
    SELECT f.text, f.kind, f.regions, f.under, to_tsvector('simple', p.pinyin), k.picks,
           k.chain_picks
    FROM found f JOIN unnest(%(texts)s::text[], %(pinyins)s::text[]) AS p(text, pinyin)
        ON p.text = f.text
        JOIN public.search_suggestion_picks(%(texts)s::text[]) k ON k.text = f.text
    ON CONFLICT (text) DO UPDATE SET kind = EXCLUDED.kind, regions = EXCLUDED.regions,
        under = EXCLUDED.under, pinyin = EXCLUDED.pinyin, picks = EXCLUDED.picks,
        chain_picks = EXCLUDED.chain_picks
"""


def replace(documents: list[dict]) -> None:
    """(Re)write the suggestion rows of documents already written (``id``, ``name``,
    ``aliases``, ``basic_code``), then refresh the terms they had and have."""
    if not documents:
        return
    with connection.cursor() as cursor:
        old = _delete_sources(cursor, [d["id"] for d in documents])
        _refresh(cursor, old | _insert_sources(cursor, documents))


def clear() -> None:
    """Delete every suggestion row (inside a rebuild's transaction). DELETE, not TRUNCATE:
    TRUNCATE's exclusive lock made every keystroke and every search (which reads the terms,
    ``search.vocabulary``) wait until the rebuild committed; deleted rows stay visible to the
    readers until then, as the documents do."""
    with connection.cursor() as cursor:
        for table in (PREFIX, TERM, SOURCE):  # prefixes first: the term trigger finds none
            cursor.execute(f"DELETE FROM {table}")


def _insert_sources(cursor, documents: list[dict], cache: dict | None = None) -> set[str]:
    """Source rows of documents (texts computed once per distinct name, aliases and code)."""
    cache = {} if cache is None else cache
    columns: dict[str, list] = {"ids": [], "texts": [], "kinds": [], "preferences": []}
    offered: set[str] = set()
    for d in documents:
        key = (d["name"], tuple(d["aliases"]), d["basic_code"])
        texts = cache[key] if key in cache else cache.setdefault(key, texts_of(*key))
        for text, kind, preference in texts:
            columns["ids"].append(d["id"])
            columns["texts"].append(text)
            columns["kinds"].append(kind)
            columns["preferences"].append(preference)
            offered.add(text)
    cursor.execute(INSERT_SOURCE, columns)
    return offered


def _delete_sources(cursor, ids: list[str]) -> set[str]:
    cursor.execute(f"DELETE FROM {SOURCE} WHERE document_id = ANY(%s) RETURNING text", [ids])
    return {text for (text,) in cursor.fetchall()}


# Writers of terms serialise per text, in one order (the trigger of migration 0015 too): each
# computes a term from its source rows in a statement after it holds the term's row, so it sees
# every writer that came before; without it, a writer's statement read the rows before
# another's delete committed and wrote picks naming the deleted document over the corrected
# ones. A text without a row gets a placeholder first (another writer creating it meanwhile
# is waited for), which the refresh fills or deletes. Row locks, not advisory ones: a rebuild
# holds one per term to its commit, and advisory locks filled PostgreSQL's lock table
# ("out of shared memory" when the demo's projection was rebuilt in one transaction).
LOCK_TERMS = [
    f"""INSERT INTO {TERM} (text, kind, regions, under, pinyin, picks, chain_picks)
        SELECT t, 0, '{{}}', '{{}}', ''::tsvector, '{{}}', '{{}}' FROM unnest(%s::text[]) t
        ORDER BY t ON CONFLICT (text) DO NOTHING""",
    f"SELECT 1 FROM {TERM} WHERE text = ANY(%s::text[]) ORDER BY text FOR UPDATE",
]


def _refresh(cursor, texts: set[str]) -> None:
    if texts:
        ordered = sorted(texts)
        for statement in LOCK_TERMS:
            cursor.execute(statement, [ordered])
        cursor.execute(REFRESH_TERMS, {"texts": ordered,
                                       "pinyins": [pinyin_text(t) for t in ordered]})  # fmt: skip


def rebuild(batch: int = 2000) -> int:
    """Rewrite both tables from the documents (after a migration or a dictionary change): the
    source rows chunk by chunk, then every term in one statement; in one transaction, so that
    readers keep the old rows until it commits and the terms' locks (``LOCK_TERMS``) hold to
    the end (the nightly task called it outside one)."""
    from .models import SearchDocument

    documents = SearchDocument.objects.order_by("pk").values("id", "name", "aliases", "basic_code")
    chunk, count, texts, cache = [], 0, set(), {}
    with transaction.atomic(), connection.cursor() as cursor:
        clear()
        for document in documents.iterator(chunk_size=batch):
            chunk.append(document)
            if len(chunk) == batch:
                texts |= _insert_sources(cursor, chunk, cache)
                count, chunk = count + len(chunk), []
        if chunk:
            texts |= _insert_sources(cursor, chunk, cache)
            count += len(chunk)
        _refresh(cursor, texts)
    return count


# The scope of a term row (``regions``/``under``), as in search: the chain, and below the
# region on province and city hosts; everything on the platform.
TERM_SCOPE = {
    "platform": "TRUE",
    "chain": "t.regions && %(chain)s::varchar[]",
    "below": "(t.regions && %(chain)s::varchar[] OR t.under @> ARRAY[%(region)s]::varchar[])",
}
# Terms in suggestion order (names, aliases, dictionary terms; shorter first): a prefix of up
# to PREFIX_MAX characters reads them in that order from the prefix btree and stops at the
# limit (a two-letter pinyin prefix matches ~1/3 of all terms: sorting them all was most of
# a keystroke's time); a longer one matches few terms through the text or pinyin index.
TERMS = {
    "prefix": f"""SELECT p.text, p.kind, p.length, t.picks, t.chain_picks FROM {PREFIX} p
        JOIN {TERM} t ON t.text = p.text
        WHERE p.prefix = %(prefix)s AND p.pinyin = %(pinyin)s AND {{scope}}
        ORDER BY p.kind, p.length, p.text LIMIT %(limit)s""",
    "text": f"""SELECT t.text, t.kind, length(t.text) AS length, t.picks, t.chain_picks FROM {TERM} t
        WHERE t.text LIKE %(like)s AND {{scope}}
        ORDER BY t.kind, length(t.text), t.text LIMIT %(limit)s""",
    "pinyin": f"""SELECT t.text, t.kind, length(t.text) AS length, t.picks, t.chain_picks FROM {TERM} t
        WHERE t.pinyin @@ to_tsquery('simple', %(ptsq)s) AND {{scope}}
        ORDER BY t.kind, length(t.text), t.text LIMIT %(limit)s""",
}
# The guide of a term: its most local source row in scope (in a chain deeper is nearer: the
# county, its city, its province; below a region deeper comes first too, after the chain),
# precomputed in the term row when it is written (migration 0015): on the platform and on
# province and city hosts its pick for the scope (``picks``; on a city host where the term has
# no rows at or below the city, its province's own), on a county host the pick of the nearest
# region of the chain that has rows (``chain_picks``). One value of the term row instead of
# ~120 (county) to ~200 (city) index rows read per term.
PICK = {
    "platform": "terms.picks ->> ''",
    "chain": """COALESCE(terms.chain_picks ->> (%(chain)s::text[])[1],
                         terms.chain_picks ->> (%(chain)s::text[])[2],
                         terms.chain_picks ->> (%(chain)s::text[])[3])""",
    "below": """COALESCE(terms.picks ->> %(region)s::text,
                         terms.picks ->> ('own:' || %(province)s::text))""",
}


def query_sql(match: str, scope_kind: str) -> str:
    """Terms by prefix in scope, in suggestion order; for each, the most local source row in
    scope (for a dictionary term: its first-time matter)."""
    return f"""
    WITH terms AS ({TERMS[match].format(scope=TERM_SCOPE[scope_kind])})
    SELECT terms.text, {PICK[scope_kind]} FROM terms
    ORDER BY terms.kind, terms.length, terms.text
    """


def suggest(prefix: str, pinyin: bool, scope, limit: int) -> list[tuple[str, str]]:
    """(text, implementation code) of suggestion terms starting with ``prefix`` (Chinese, or a
    pinyin / initials prefix) that exist in the scope: one statement."""
    kind = "platform" if not scope.region_code else "below" if scope.descendants else "chain"
    prefix = prefix.replace("\\", "").replace("%", "")
    prefix = prefix.replace("'", "") if pinyin else prefix
    match = "prefix" if len(prefix) <= PREFIX_MAX else "pinyin" if pinyin else "text"
    # a generic plan cannot make ``LIKE $1`` a range of the text index: that shape is planned
    with connection.cursor() as cursor:
        prepared.execute(cursor, query_sql(match, kind), {
            "prefix": prefix, "pinyin": pinyin, "like": prefix.replace("_", r"\_") + "%",
            "ptsq": f"'{prefix}':*", "chain": list(scope.chain), "region": scope.region_code,
            "province": scope.province_code, "limit": limit,
        }, generic=match != "text")  # fmt: skip
        return cursor.fetchall()
