"""The catalogue's words (guide names and aliases) taught to jieba in every process that
searches.

Indexing teaches jieba each guide's name and aliases before segmenting it
(``documents.segmented``); a web process that never indexed did not know them, so the same
query was segmented differently there than in a worker or a test that had indexed the guides
(held-out fresh MRR@10 0.937 in the indexing process, 0.928 in a fresh one). The names and
aliases are the suggestion terms of kind name/alias (``search.suggestions``); a process reads
those at its first search and then at most every ``TTL`` seconds, and teaches the new ones.
"""

import time

from django.db import connection

from . import analysis, suggestions

TTL = 300.0
_state = {"loaded_at": None, "count": 0}

NAMES_AND_ALIASES = f"""
    SELECT text FROM {suggestions.TERM} WHERE kind IN ({suggestions.NAME}, {suggestions.ALIAS})
"""


def ensure() -> None:
    """Teach jieba the catalogue's names and aliases (once per ``TTL``)."""
    now = time.monotonic()
    loaded_at = _state["loaded_at"]
    if loaded_at is not None and now - loaded_at < TTL:
        return
    with connection.cursor() as cursor:
        cursor.execute(NAMES_AND_ALIASES)
        texts = [text for (text,) in cursor.fetchall()]
    analysis.add_words(p for text in texts for p in analysis.phrases(text))
    _state.update(loaded_at=now, count=len(texts))


def forget() -> None:
    """Read the terms again at the next search (tests)."""
    _state.update(loaded_at=None, count=0)
