"""Public version stamps: one number per name, the same for every host and process.

They live in the lowest layer so that host routing (tenants.routing) can use them; ``core.stamps``
re-exports them for the layers above.

A reader keeps something it computed (a cached API response, a province's synonyms) with the
stamps it read *before* computing it, and uses it while those stamps are unchanged. A writer
bumps the stamps its change affects, at once (readers stop using older copies) and again on
commit (copies a reader made from the not-yet-committed state die too).

Stamps live in the default cache, read and written in the public schema: every cache alias
prefixes keys with the connection's schema, and a stamp must not depend on the host. A stamp
that is missing (never set, evicted, Redis restarted) is created from the clock in nanoseconds,
above every value used before, so a lost stamp never brings an old copy back.
"""

import logging
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

log = logging.getLogger(__name__)


@contextmanager
def public():
    """Run cache calls with the public schema's key prefix (shared by every host).

    Only the connection's ``schema_name`` (what the tenant-aware cache key function reads) is
    switched, not its tenant: django-tenants' ``set_tenant`` would also empty the process's
    ContentType cache, and every Wagtail page served after a stamp read would query its page
    types again. Meant for cache calls; a statement run inside still runs in the public schema
    (the search_path is set again before it, and for the region's next statement after it)."""
    public_name = get_public_schema_name()
    if connection.schema_name == public_name:
        yield
        return
    kept_name, kept_path = connection.schema_name, connection.search_path_set_schemas
    connection.schema_name, connection.search_path_set_schemas = public_name, None
    try:
        yield
    finally:
        untouched = connection.search_path_set_schemas is None  # no statement ran in public
        connection.schema_name = kept_name
        # The session's search_path is still the region's when nothing ran: no new SET.
        connection.search_path_set_schemas = kept_path if untouched else None


def _fresh() -> int:
    return time.time_ns()


def read(names: Iterable[str]) -> dict[str, int]:
    """The current stamp of each name (missing ones are created), in one round trip."""
    names = list(dict.fromkeys(names))
    with public():
        found = cache.get_many(names) if names else {}
        for name in names:
            if name not in found:
                cache.add(name, _fresh(), timeout=None)
                found[name] = cache.get(name)
    return {name: int(found[name]) for name in names}


def read_one(name: str) -> int:
    return read([name])[name]


def bump(*names: str) -> None:
    """Change the stamps; a cache failure is logged, not raised (the write it follows must not
    fail because of a cache; cached copies also expire by their timeout)."""
    try:
        with public():
            for name in names:
                try:
                    cache.incr(name)
                except ValueError:  # missing: start above every earlier value
                    cache.set(name, _fresh(), timeout=None)
    except Exception:
        log.exception("stamps: could not bump %s", ", ".join(names))


def bump_now_and_on_commit(*names: str) -> None:
    """Bump at once and, inside a transaction, again after it commits."""
    bump(*names)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: bump(*names), robust=True)
