"""Response cache of persisted query operations, invalidated by public stamps (``core.stamps``).

A cached response is keyed by the operation's sha256, the host's tenant, the operation name and
the canonical variables. It is stored with the stamps read before it was computed and counts
only while they are all current:

- the API generation, bumped by any write to the data cached operations read (``api.apps``);
- for every guide whose rating summary the response includes, that guide's rating stamp: a
  rating invalidates only the responses that show its guide's summary.

Entries also expire after ``GRAPHQL_RESPONSE_CACHE_TIMEOUT`` seconds, a safety net for writes
that send no signal (QuerySet.update, bulk_create).
"""

import hashlib
import json
import logging
from contextvars import ContextVar

from django.core.cache import cache

from core import stamps

from .config import setting

log = logging.getLogger(__name__)

GENERATION_KEY = "api:generation"
# Operations whose every source sends a signal on change (see api.apps.WATCHED). Search and
# Suggest read the search index, written asynchronously without signals; region operations
# read Region.is_active, which provisioning changes with QuerySet.update().
CACHEABLE = frozenset({"GuideDetail", "Guides", "Matter"})

# Rating stamps read while the response being cached is computed (None: nothing is cached).
_rating_stamps: ContextVar[dict | None] = ContextVar("api_rating_stamps", default=None)


def rating_stamp(implementation_code: str) -> str:
    return f"api:rating:{implementation_code}"


def current_generation() -> int:
    return stamps.read_one(GENERATION_KEY)


def bump_generation() -> None:
    """Make every cached response stale."""
    stamps.bump(GENERATION_KEY)


def bump_now_and_on_commit() -> None:
    stamps.bump_now_and_on_commit(GENERATION_KEY)


def ratings_changed(implementation_code: str) -> None:
    """A rating of this guide was written: responses showing its summary are stale."""
    stamps.bump_now_and_on_commit(rating_stamp(implementation_code))


def depends_on_ratings(implementation_codes) -> None:
    """Record the rating stamps of guides whose summaries the response will include; call it
    *before* reading the ratings (a rating written after the read bumps the stamp again)."""
    found = _rating_stamps.get()
    if found is not None:
        found.update(stamps.read(rating_stamp(code) for code in implementation_codes))


def response_key(sha256: str, host: str, operation_name, variables) -> str:
    canonical = json.dumps([operation_name, variables or {}], sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))  # fmt: skip
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"api:response:{sha256}:{host}:{digest}"


def cacheable(operation_id: str | None) -> bool:
    return bool(operation_id in CACHEABLE and setting("GRAPHQL_RESPONSE_CACHE"))


def find(sha256: str, host: str, operation_name, variables) -> tuple[tuple | None, object]:
    """(where to store the response, cached ``data`` or None).

    An entry is (generation, rating stamps, data); (None, None) when Redis fails, so the request
    runs uncached rather than failing. On a miss, the rating stamps the execution reads are
    collected for ``store``."""
    key = response_key(sha256, host, operation_name, variables)
    try:
        with stamps.public():
            found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        entry = found.get(key)
        if _valid(entry, generation):
            return (key, generation, None), entry[2]
    except Exception:  # an unavailable cache must not take the API down
        log.exception("GraphQL response cache unavailable")
        return None, None
    collected: dict = {}
    _rating_stamps.set(collected)
    return (key, generation, collected), None


def _valid(entry, generation: int) -> bool:
    if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != generation:
        return False
    ratings = entry[1]
    return not ratings or stamps.read(ratings) == ratings


def store(where: tuple, data) -> None:
    """Cache ``data`` under the stamps read before it was computed (see ``find``)."""
    key, generation, ratings = where
    _rating_stamps.set(None)
    try:
        with stamps.public():
            cache.set(key, (generation, dict(ratings or {}), data),
                      timeout=setting("GRAPHQL_RESPONSE_CACHE_TIMEOUT"))  # fmt: skip
    except Exception:  # as above
        log.exception("GraphQL response cache unavailable")
