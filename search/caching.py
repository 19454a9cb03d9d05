"""Process-local caches of small public data read on every search: region chains and each
province's synonyms and best bets.

Region chains live for ``CHAIN_TTL`` seconds (regions are provisioned, rarely changed). A
province's dictionary is reloaded when its version stamp changes: saving or deleting a
``Synonym`` or ``BestBet`` drops this process's copy at once and bumps the stamp in the Django
cache, which other processes compare at most every ``STAMP_CHECK`` seconds. The stamp is read
and written in the public schema: every cache alias keys on the connection's schema."""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

CHAIN_TTL = 300.0
STAMP_CHECK = 5.0
STAMP_KEY = "search:dictionary-stamp"

_chains: dict[str, tuple[float, tuple[str, ...]]] = {}
_provinces: dict[tuple, dict] = {}  # (kind, province code) → {"stamp", "checked", "value"}


def chain(region_code: str, load) -> tuple[str, ...]:
    """``load(region_code)`` at most once per ``CHAIN_TTL`` seconds."""
    now = time.monotonic()
    found = _chains.get(region_code)
    if found is None or now - found[0] > CHAIN_TTL:
        if len(_chains) > 10_000:  # codes come from requests: keep the dict bounded
            _chains.clear()
        found = _chains[region_code] = (now, load(region_code))
    return found[1]


def _stamp() -> str | None:
    with schema_context("public"):
        return cache.get(STAMP_KEY)


def province(kind: str, province_code: str, load):
    """``load(province_code)`` (its synonyms, its best bets), reloaded when the stamp changed."""
    now = time.monotonic()
    entry = _provinces.get((kind, province_code))
    if entry is not None and now - entry["checked"] < STAMP_CHECK:
        return entry["value"]
    stamp = _stamp()
    if entry is None or entry["stamp"] != stamp:
        entry = {"stamp": stamp, "value": load(province_code)}
        _provinces[(kind, province_code)] = entry
    entry["checked"] = now
    return entry["value"]


def _bump() -> None:
    _provinces.clear()
    with schema_context("public"):
        cache.set(STAMP_KEY, uuid.uuid4().hex, None)


def dictionary_changed(**kwargs) -> None:
    """``post_save`` / ``post_delete`` of Synonym and BestBet: now (this transaction sees its
    change) and on commit (no other process keeps what it read before the commit)."""
    _bump()
    transaction.on_commit(_bump)


def clear() -> None:
    """Forget everything cached in this process (tests, after a rolled-back change)."""
    _chains.clear()
    _provinces.clear()
