"""Rendered portal fragments, kept while the stamps guarding their data are unchanged.

A guide page or a portal home is mostly the same HTML for every visitor: the guide's facts, the
home's tiles and lists. Those parts are rendered once and stored in the cache with the values
of the stamps their data depends on (``core.published.stamps``: the guide's row, the guide
lists of the regions shown, regions; ``pages``: the host's Wagtail pages), read *before* the
data, and reused while every one of them is unchanged. The stored value is looked up with the
stamps in one Redis round trip.

Only content that is the same for every visitor of the host goes in here: what depends on the
visitor (CSRF tokens, the signed-in citizen's 收藏 and account menu, 关怀版, messages, a rating
just posted) is rendered for each request around the fragments. Keys name the schema, the host
with its port and the scheme (links to other regions are rendered for the request's host), so
two regions, or two hosts of one region, never share a fragment.

``PORTAL_FRAGMENT_CACHE`` (default True) switches the cache off; entries also expire after
``PORTAL_FRAGMENT_TIMEOUT`` seconds, a safety net for writes that send no signal.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core import stamps

log = logging.getLogger(__name__)


def pages(schema_name: str) -> str:
    """Stamp of a region's Wagtail pages (titles, URLs, intro, hot picks): bumped when a page
    is published, unpublished, moved or deleted (``cms.handlers``)."""
    return f"portal:pages:{schema_name}"


def enabled() -> bool:
    return getattr(settings, "PORTAL_FRAGMENT_CACHE", True)


def timeout() -> int:
    return getattr(settings, "PORTAL_FRAGMENT_TIMEOUT", 300)


def key(kind: str, request, *parts) -> str:
    """A fragment's key: kind, schema, scheme, host with port, then the kind's own parts."""
    scheme = "https" if request.is_secure() else "http"
    host = request.get_host()
    return ":".join(["portal", kind, connection.schema_name, scheme, host, *map(str, parts)])


@dataclass
class Fragment:
    """``render()`` is called only when the stored value is missing or stale. ``ttl``: a
    shorter life than the default (for parts that also show data no stamp guards)."""

    key: str
    stamps: tuple[str, ...]
    render: Callable[[], object]
    ttl: int | None = None


def load(fragments: Iterable[Fragment]) -> list:
    """Each fragment's value: the stored one while its stamps are unchanged, else rendered now
    (after its stamps were read) and stored. A cache failure renders everything."""
    fragments = list(fragments)
    if not enabled():
        return [fragment.render() for fragment in fragments]
    names = list(dict.fromkeys(name for fragment in fragments for name in fragment.stamps))
    try:
        with stamps.public():
            found = cache.get_many([fragment.key for fragment in fragments] + names)
        current = {name: int(found[name]) for name in names if name in found}
        if missing := [name for name in names if name not in current]:
            current.update(stamps.read(missing))  # created: nothing stored under them yet
    except Exception:  # an unavailable cache must not take the portal down
        log.exception("portal fragments: cache unavailable")
        return [fragment.render() for fragment in fragments]
    values = []
    for fragment in fragments:
        version = tuple(current[name] for name in fragment.stamps)
        entry = found.get(fragment.key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
            values.append(entry[1])
            continue
        value = fragment.render()
        values.append(value)
        _store(fragment, version, value)
    return values


def _store(fragment: Fragment, version: tuple, value) -> None:
    try:
        with stamps.public():
            cache.set(fragment.key, (version, value), timeout=fragment.ttl or timeout())
    except Exception:
        log.exception("portal fragments: cache unavailable")
