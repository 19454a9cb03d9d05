"""Response cache of persisted query operations, invalidated by a global generation number.

A cached response is keyed by the operation's sha256, the host's tenant, the operation name and
the canonical variables, and stored with the generation current before it was computed. Any
write to data the cached operations read bumps the generation (see ``api.apps``): every older
entry is dead at once. Entries also expire after ``GRAPHQL_RESPONSE_CACHE_TIMEOUT`` seconds, a
safety net for writes that send no signal (QuerySet.update, bulk_create).

The default cache's key function prefixes keys with the connection's schema; the generation
must be one number for every host, so all keys of this module are read and written in the
public schema (``_public``) and name the host themselves where it matters.
"""

import hashlib
import json
import logging
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from .config import setting

log = logging.getLogger(__name__)

GENERATION_KEY = "api:generation"
# Operations whose every source sends a signal on change (see api.apps.WATCHED). Search and
# Suggest read the search index, written asynchronously without signals; region operations
# read Region.is_active, which provisioning changes with QuerySet.update().
CACHEABLE = frozenset({"GuideDetail", "Guides", "Matter"})


@contextmanager
def _public():
    """Run cache calls with the public schema's key prefix (shared by every host)."""
    if connection.schema_name == get_public_schema_name():
        yield
        return
    with schema_context(get_public_schema_name()):
        yield


def _fresh() -> int:
    # Nanoseconds: a generation lost with Redis restarts above every number used before it.
    return time.time_ns()


def current_generation() -> int:
    """The generation responses are cached under now (created on first use)."""
    with _public():
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, _fresh(), timeout=None)
            value = cache.get(GENERATION_KEY)
    return int(value)


def bump_generation() -> None:
    """Make every cached response stale."""
    with _public():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet (or lost): start above every earlier one
            cache.set(GENERATION_KEY, _fresh(), timeout=None)


def bump_now_and_on_commit() -> None:
    """Bump at once (readers stop using entries older than the change) and again after commit
    (entries a concurrent reader cached from not-yet-committed data die too)."""
    bump_generation()
    if connection.in_atomic_block:
        transaction.on_commit(bump_generation, robust=True)


def response_key(sha256: str, host: str, operation_name, variables) -> str:
    canonical = json.dumps([operation_name, variables or {}], sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))  # fmt: skip
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"api:response:{sha256}:{host}:{digest}"


def cacheable(operation_id: str | None) -> bool:
    return bool(operation_id in CACHEABLE and setting("GRAPHQL_RESPONSE_CACHE"))


def find(sha256: str, host: str, operation_name, variables) -> tuple[tuple | None, object]:
    """(where to store the response, cached ``data`` or None), in one Redis round trip.

    An entry is (generation, data) and counts only while its generation is the current one;
    (None, None) when Redis fails, so the request runs uncached rather than failing."""
    key = response_key(sha256, host, operation_name, variables)
    try:
        with _public():
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                generation = current_generation()
    except Exception:  # an unavailable cache must not take the API down
        log.exception("GraphQL response cache unavailable")
        return None, None
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return (key, generation), entry[1]
    return (key, generation), None


def store(where: tuple, data) -> None:
    """Cache ``data`` under the generation read before it was computed (see ``find``)."""
    key, generation = where
    try:
        with _public():
            cache.set(key, (generation, data), timeout=setting("GRAPHQL_RESPONSE_CACHE_TIMEOUT"))
    except Exception:  # as above
        log.exception("GraphQL response cache unavailable")
