"""Host name → region, from an in-process map instead of a query per request.

The map (every domain with its region and the region's parents) is loaded in one query and kept
with the routing stamp read before loading it. It is rebuilt when

- this process changed a region or domain (``routing_changed``: at once and again on commit);
- another process did: the public stamp ``ROUTING_STAMP`` differs from the one the map was built
  under. The stamp is read at most every ``ROUTING_STAMP_CHECK_SECONDS`` seconds, so another
  process's change (a deactivated region) routes everywhere within that time.

A connection inside a transaction that changed regions or domains routes by query until that
transaction ends: the map must not hold rows that a rollback takes back. Each request gets its
own copy of the region, so nothing a request sets on it reaches another.
"""

import copy
import logging
import marshal
import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models.base import ModelState

from . import stamps
from .models import Domain, Region

log = logging.getLogger(__name__)

ROUTING_STAMP = "tenants:routing"
DEFAULT_CHECK_SECONDS = 2.0
# A region's own tenant-config copy is never needed to route or render; read it when needed.
_JSON_FIELDS = ("branding", "features", "options")
_DEFERRED = ("applied_config", "parent__applied_config", "parent__parent__applied_config")


def _domains():
    chain = "tenant__parent__parent"
    return Domain.objects.select_related(chain).defer(*(f"tenant__{f}" for f in _DEFERRED))


def _routable(region: Region) -> bool:
    return region.is_active and region.schema_name != settings.TENANT_BASE_SCHEMA


class HostMap:
    """Routable host names of every region (inactive regions and the template are left out)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._changes = 0  # local changes seen; a map built before the latest one is stale
        self._built = None  # (hosts, changes, stamp) of the current map
        self._checked = 0.0  # time.monotonic() of the last stamp check

    def invalidate(self) -> None:
        with self._lock:
            self._changes += 1

    def region(self, hostname: str) -> Region | None:
        """The region serving ``hostname`` (a copy of its own), None for unknown or inactive."""
        if _in_changing_transaction(self):
            return _query(hostname)
        hosts = self._hosts()
        if hosts is None:  # the stamp cannot be read: route by query rather than risk stale
            return _query(hostname)
        region = hosts.get(hostname)
        return _detached(region) if region is not None else None

    def _hosts(self) -> dict[str, Region] | None:
        built, changes = self._built, self._changes
        interval = getattr(settings, "ROUTING_STAMP_CHECK_SECONDS", DEFAULT_CHECK_SECONDS)
        now = time.monotonic()
        if built is not None and built[1] == changes and now - self._checked < interval:
            return built[0]
        try:
            stamp = stamps.read_one(ROUTING_STAMP)  # before loading: a later change bumps it
        except Exception:
            log.warning("host routing: routing stamp unreadable", exc_info=True)
            return None
        if built is None or built[1] != changes or built[2] != stamp:
            hosts = {d.domain: d.tenant for d in _domains() if _routable(d.tenant)}
            built = self._built = (hosts, changes, stamp)
        self._checked = now
        return built[0]


def _detached(region: Region) -> Region:
    """A copy sharing nothing mutable with ``region``: its own attributes, relation caches, JSON
    values and parents. Built by hand: ``copy.copy`` and ``copy.deepcopy`` (through Django's
    pickling hooks) were a sixth of a cached page's CPU time."""
    clone = Region.__new__(type(region))
    clone.__dict__.update(region.__dict__)
    state = clone._state = ModelState()
    state.db, state.adding = region._state.db, region._state.adding
    state.fields_cache = dict(region._state.fields_cache)
    for name in _JSON_FIELDS:
        clone.__dict__[name] = _json_copy(region.__dict__[name])
    if (parent := state.fields_cache.get("parent")) is not None:
        state.fields_cache["parent"] = _detached(parent)
    return clone


def _json_copy(value):
    """A deep copy of a JSON value (dicts, lists, strings, numbers), in C."""
    try:
        return marshal.loads(marshal.dumps(value))
    except ValueError:  # not plain JSON (set by code, not loaded): the general copy
        return copy.deepcopy(value)


def _query(hostname: str) -> Region | None:
    domain = _domains().filter(domain=hostname).first()
    return domain.tenant if domain is not None and _routable(domain.tenant) else None


def _in_changing_transaction(host_map: HostMap) -> bool:
    """True while this connection is in the transaction that changed routing; when that ended
    (committed or rolled back), the map is rebuilt."""
    block = getattr(connection, "_routing_changed_in", None)
    if block is None:
        return False
    if connection.atomic_blocks and connection.atomic_blocks[0] is block:
        return True
    connection._routing_changed_in = None
    host_map.invalidate()
    return False


hosts = HostMap()


def routing_changed() -> None:
    """Regions or domains changed: every process's map is rebuilt (this one's at once)."""
    hosts.invalidate()
    if connection.atomic_blocks:
        connection._routing_changed_in = connection.atomic_blocks[0]
        transaction.on_commit(hosts.invalidate, robust=True)
    stamps.bump_now_and_on_commit(ROUTING_STAMP)
