"""Response cache of persisted query operations, invalidated per guide, region and matter.

A cached response is keyed by the operation's sha256, the host's tenant, the operation name and
the canonical variables. It is stored with the stamps its resolvers declared before reading
(``api.core.dependencies``) and is served only while every one of them is unchanged: an edit
of one guide makes stale only the responses that show that guide, a rating only the responses
that show its guide's rating summary.

A hit costs one Redis round trip once this process has seen the key (the entry and its stamps
in one MGET; the stamp names of each key are remembered per process), two before. A response
whose resolvers declared nothing is not cached: it would never be invalidated.

Entries also expire after ``GRAPHQL_RESPONSE_CACHE_TIMEOUT`` seconds, a safety net for writes
that send no signal (QuerySet.update, bulk_create) and for per-process caches of region chains.
"""

import hashlib
import json
import logging

from django.core.cache import cache

from core import stamps

from . import dependencies, holes
from .config import setting
from .dependencies import GENERATION as GENERATION_KEY
from .dependencies import depends_on_ratings, ratings_changed

__all__ = ["GENERATION_KEY", "depends_on_ratings", "ratings_changed"]

log = logging.getLogger(__name__)

# Operations whose every read declares its stamps (api.core.dependencies). Search and Suggest
# read the search index, written asynchronously; region operations count guides and list
# departments, which declare no stamps.
CACHEABLE = frozenset({"GuideDetail", "Guides", "Matter"})

# Stamp names of each response key seen by this process (read with the entry in one MGET).
_names: dict[str, tuple[str, ...]] = {}
MAX_REMEMBERED = 50_000


class CachedData(str):
    """A cached response's ``data`` as the JSON text the view sends (``APIView.json_encode``);
    ``outcome``: the X-API-Cache value ("patched": its holes were recomputed)."""

    outcome = "hit"


class PatchedData(CachedData):
    outcome = "patched"


def encode(data) -> str:
    """``data`` as the view encodes responses (compact, UTF-8 text)."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def current_generation() -> int:
    return stamps.read_one(GENERATION_KEY)


def bump_generation() -> None:
    """Make every cached response stale."""
    stamps.bump(GENERATION_KEY)


def response_key(sha256: str, host: str, operation_name, variables) -> str:
    canonical = json.dumps([operation_name, variables or {}], sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))  # fmt: skip
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"api:response:{sha256}:{host}:{digest}"


def cacheable(operation_id: str | None) -> bool:
    return bool(operation_id in CACHEABLE and setting("GRAPHQL_RESPONSE_CACHE"))


def find(sha256: str, host: str, operation_name, variables) -> tuple[str | None, str | None, dict]:
    """(key to store the response under, cached ``data`` as JSON or None, stamps already read).

    The key is None when Redis fails: the request then runs uncached rather than failing. On a
    miss, the stamps read with the entry are current values read before the execution, so the
    execution may use them (``dependencies.collecting``). An entry whose only stale stamps guard
    its holes (``api.core.holes``: rating summaries) is patched, stored again and returned."""
    key = response_key(sha256, host, operation_name, variables)
    names = _names.get(key) or dependencies.EVERY_RESPONSE
    try:
        with stamps.public():
            found = cache.get_many([key, *names])
        entry = found.pop(key, None)
        current = {name: int(value) for name, value in found.items()}
        text = _current_text(key, entry, current)
        if text is not None:
            return key, text, {}
    except Exception:  # an unavailable cache must not take the API down
        log.exception("GraphQL response cache unavailable")
        return None, None, {}
    return key, None, current


def _current_text(key: str, entry, current: dict) -> CachedData | None:
    """The entry's text if every stamp it was computed under is current (reading the ones not
    read with it, which also remembers them for the next lookup of this key), or once its
    holes are patched when only their stamps changed; else None."""
    if not isinstance(entry, tuple) or len(entry) not in (2, 3) or not entry[0]:
        return None
    recorded: dict = entry[0]
    if missing := [name for name in recorded if name not in current]:
        current.update(stamps.read(missing))
        _remember(key, tuple(recorded))
    stale = {name for name, value in recorded.items() if current[name] != value}
    if not stale:
        return CachedData(entry[1])
    found_holes = tuple(holes.Hole(*hole) for hole in entry[2]) if len(entry) == 3 else ()
    if not holes.patchable(found_holes, stale):
        return None
    # The stale stamps' current values were read before the holes' data is.
    text, moved = holes.patch(entry[1], found_holes, stale)
    fresh = {name: current[name] for name in recorded}
    with stamps.public():
        cache.set(key, (fresh, text, _plain(moved)),
                  timeout=setting("GRAPHQL_RESPONSE_CACHE_TIMEOUT"))  # fmt: skip
    return PatchedData(text)


def _plain(found_holes) -> tuple:
    """Holes as plain tuples: entries unpickle whatever this module's classes become."""
    return tuple(tuple(hole) for hole in found_holes)


def _remember(key: str, names: tuple[str, ...]) -> None:
    if len(_names) >= MAX_REMEMBERED:
        _names.clear()
    _names[key] = names


def store(key: str, collected: dependencies.Collected, data) -> None:
    """Cache ``data`` (as JSON text: a hit sends it without decoding, with its holes) under the
    stamps its resolvers read before computing it."""
    if collected.broken or not set(collected) - set(dependencies.EVERY_RESPONSE):
        return  # a stamp could not be read, or nothing was declared: never cache blind
    try:
        with stamps.public():
            text, found_holes = holes.split(collected, data, encode)
            cache.set(key, (dict(collected), text, _plain(found_holes)),
                      timeout=setting("GRAPHQL_RESPONSE_CACHE_TIMEOUT"))  # fmt: skip
    except Exception:  # as above
        log.exception("GraphQL response cache unavailable")
        return
    _remember(key, tuple(collected))
