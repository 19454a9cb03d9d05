"""Common words: lexemes of so many documents' selective fields that they only rank.

A word in more than ``SEARCH_COMMON_WORD_SHARE`` of the documents (default 5 %) and at least
``SEARCH_COMMON_WORD_MIN_DOCUMENTS`` of them (default 1,000) — 许可, 公司, 变更, 登记 at 200,000
guides — would make thousands of guides of a province candidates. Such a word makes a guide a
candidate only when the query has no selective word (then all its common words together); it
always ranks. The list (``search_commonword``) comes from document frequencies (``ts_stat``
over the candidate vector) and is refreshed by ``search_index rebuild`` and
``search_index common``; a process reads it at most every ``TTL`` seconds. See docs/search.md.
"""

import time

from django.conf import settings
from django.db import connection

TABLE = "public.search_commonword"
TTL = 300.0
_cache: dict[str, tuple[float, frozenset[str]]] = {}

REFRESH = f"""
    WITH total AS (SELECT count(*) AS n FROM public.search_searchdocument),
    stats AS (
        SELECT word, ndoc FROM ts_stat(
            'SELECT ts_filter(vector, ''{{a,b,c}}'') FROM public.search_searchdocument')
    )
    INSERT INTO {TABLE} (word, documents)
    SELECT s.word, s.ndoc FROM stats s, total t
    WHERE s.ndoc >= %(min_documents)s AND s.ndoc > t.n * %(share)s
"""


def refresh() -> int:
    """Recompute the list from the documents; returns how many words are common."""
    share = float(getattr(settings, "SEARCH_COMMON_WORD_SHARE", 0.05))
    minimum = int(getattr(settings, "SEARCH_COMMON_WORD_MIN_DOCUMENTS", 1000))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(REFRESH, {"share": share, "min_documents": minimum})
        count = cursor.rowcount
    clear()
    return count


def words() -> frozenset[str]:
    """The common words (cached per process for ``TTL`` seconds)."""
    now = time.monotonic()
    found = _cache.get("words")
    if found is None or now - found[0] > TTL:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word FROM {TABLE}")
            found = _cache["words"] = (now, frozenset(w for (w,) in cursor.fetchall()))
    return found[1]


def selective(match_words, groups, common: frozenset[str]) -> tuple[list, list]:
    """(words, groups of words needed together) that make candidates: common words and groups
    made only of common words are left out while anything selective remains; otherwise the
    common words are needed all together."""
    kept = [w for w in match_words if w not in common]
    kept_groups = [g for g in groups if not set(g) <= common]
    if kept or kept_groups:
        return kept, kept_groups
    together = tuple(dict.fromkeys([*match_words, *(w for g in groups for w in g)]))
    return [], [together] if together else []


def clear() -> None:
    _cache.clear()
