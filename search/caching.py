"""Process-local copies of each province's synonyms and best bets, read on every search.

A copy is reloaded when the public stamp ``STAMP`` (``core.stamps``) changed: saving or deleting
a ``Synonym`` or ``BestBet`` drops this process's copies at once and bumps the stamp, which other
processes compare at most every ``STAMP_CHECK`` seconds. Inside the transaction that made the
change nothing is kept: what it reads may be rolled back, and a rollback bumps nothing.
(Region chains are cached by ``core.domain.scope``.)"""

import time

from django.db import connection, transaction

from core import changing, stamps

STAMP_CHECK = 5.0
STAMP = "search:dictionary-stamp"

_provinces: dict[tuple, dict] = {}  # (kind, province code) → {"stamp", "checked", "value"}
CHANGED = "search_dictionary"  # core.changing


def province(kind: str, province_code: str, load):
    """``load(province_code)`` (its synonyms, its best bets), reloaded when the stamp changed."""
    if changing.in_changing_transaction(CHANGED):
        return load(province_code)
    now = time.monotonic()
    entry = _provinces.get((kind, province_code))
    if entry is not None and now - entry["checked"] < STAMP_CHECK:
        return entry["value"]
    stamp = stamps.read_one(STAMP)  # read before loading: a change after it bumps it again
    if entry is None or entry["stamp"] != stamp:
        entry = {"stamp": stamp, "value": load(province_code)}
        _provinces[(kind, province_code)] = entry
    entry["checked"] = now
    return entry["value"]


def dictionary_changed(**kwargs) -> None:
    """``post_save`` / ``post_delete`` of Synonym and BestBet: now (this transaction sees its
    change) and on commit (no other process keeps what it read before the commit)."""
    _changed()
    if connection.in_atomic_block:
        changing.mark(CHANGED)
        transaction.on_commit(_changed, robust=True)


def _changed() -> None:
    _provinces.clear()
    stamps.bump(STAMP)


def clear() -> None:
    """Forget the copies of this process (tests, after a rolled-back change), common words and
    the catalogue words' load time too."""
    from . import common, vocabulary

    _provinces.clear()
    common.clear()
    vocabulary.forget()
