"""The catalogue's words (guide names and aliases) taught to jieba in every process that
searches.

Indexing teaches jieba each guide's name and aliases before segmenting it
(``documents.segmented``); a web process that never indexed did not know them, so the same
query was segmented differently there than in a worker or a test that had indexed the guides
(held-out fresh MRR@10 0.937 in the indexing process, 0.928 in a fresh one). The names and
aliases are the suggestion terms of kind name/alias (``search.suggestions``); a process reads
all of them at its first search (1.2 s for 182,000 distinct names, a few ms for a province's
thousands) and then, at most every ``TTL`` seconds, only the rows added since (by id).
"""

import time

from django.db import connection

from . import analysis, suggestions

TTL = 300.0
_state = {"loaded_at": None, "after": 0}

NEW_NAMES_AND_ALIASES = f"""
    SELECT id, text FROM {suggestions.TERM}
    WHERE kind IN ({suggestions.NAME}, {suggestions.ALIAS}) AND id > %(after)s ORDER BY id
"""


def ensure() -> None:
    """Teach jieba the catalogue's names and aliases added since the last read (once per
    ``TTL``; the first call reads them all)."""
    now = time.monotonic()
    loaded_at = _state["loaded_at"]
    if loaded_at is not None and now - loaded_at < TTL:
        return
    _state["loaded_at"] = now  # first: a read that fails is not retried by every search
    with connection.cursor() as cursor:
        cursor.execute(NEW_NAMES_AND_ALIASES, {"after": _state["after"]})
        rows = cursor.fetchall()
    if rows:
        analysis.add_words(p for _, text in rows for p in analysis.phrases(text))
        _state["after"] = rows[-1][0]


def forget() -> None:
    """Read every term again at the next search (tests)."""
    _state.update(loaded_at=None, after=0)
