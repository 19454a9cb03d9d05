"""Wagtail page routing from memory: (schema, host, port, path) → the live page Wagtail routes
it to, with its Site and view restrictions, kept per process under the region's pages stamp.

Wagtail finds a page by a query for the Site, one per path level (the child by slug, then its
specific row) and two for the view restrictions: 8 statements for a guide page. Here the
outcome of that routing is kept (pickled: each request unpickles its own objects, nothing one
request sets on a page reaches another) with the value of ``portal:pages:<schema>`` read
*before* routing, and reused while the stamp is unchanged. The stamp is read from Redis on every
request, so a change made in any process routes on the next request everywhere. It is bumped
(``cms.handlers``) when a page is published, unpublished, moved, deleted or saved with a change
that is not draft bookkeeping (slug, url_path, live, alias …), when a view restriction or its
groups change, and when a Site changes.

Only found routes are kept (an unknown path, a draft, an unpublished page go through Wagtail
every time and get its 404), and only plain ones: no page model overrides ``Page.route`` (a
routable page's sub-routes depend on more than the path). Everything after routing is
Wagtail's own ``serve``: ``before_serve_page`` hooks, the view-restriction check for each
request (the restrictions come from here, the check against the visitor's session, login and
groups is Wagtail's), the page's ``serve``. A connection inside a transaction that changed
pages routes without the map until that transaction ends (a rollback must not leave a route to
rows it took back). A cache failure routes with Wagtail.

``PORTAL_ROUTE_MAP`` (default True) switches the map off; ``PORTAL_ROUTE_MAP_SIZE`` bounds the
number of routes a process keeps (least recently used dropped first).
"""

import logging
import pickle
import threading
from collections import OrderedDict
from functools import cache

from django.conf import settings
from django.db import connection
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, get_page_models
from wagtail.url_routing import RouteResult

from core import changing, stamps

from . import fragments

log = logging.getLogger(__name__)

DEFAULT_SIZE = 5000
CHANGED = "portal_pages"  # core.changing: a transaction that changed pages routes with Wagtail


def enabled() -> bool:
    return getattr(settings, "PORTAL_ROUTE_MAP", True)


class KnownRestrictions:
    """Mixin of the portal's page models: a page that came from the route map carries the view
    restrictions found with its route, and the serve hook reads them without a query."""

    def get_view_restrictions(self):
        known = self.__dict__.get("_routed_view_restrictions")
        return known if known is not None else super().get_view_restrictions()


class RouteMap:
    """Pickled routes by key, each with the pages stamp it was found under; bounded (LRU)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[int, bytes]] = OrderedDict()

    def get(self, key: tuple, stamp: int) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple, stamp: int, blob: bytes) -> None:
        with self._lock:
            self._entries[key] = (stamp, blob)
            self._entries.move_to_end(key)
            while len(self._entries) > getattr(settings, "PORTAL_ROUTE_MAP_SIZE", DEFAULT_SIZE):
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


routes = RouteMap()


def route_key(request, path: str) -> tuple:
    """The one key of a route: the schema, then what Wagtail's Site lookup and ``Page.route``
    read from the request (host name, port, path components)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    components = tuple(component for component in path.split("/") if component)
    return (connection.schema_name, hostname, request.get_port(), components)


@cache
def _plain_routing() -> bool:
    """No page model routes by itself (sub-routes, RoutablePageMixin): a route is its path."""
    return all(model.route is Page.route for model in get_page_models())


def serve(request, path):
    """Wagtail's ``serve`` view, with the request's route taken from the map when it holds it."""
    prime(request, path)
    return wagtail_views.serve(request, path)


def prime(request, path: str) -> None:
    """Give the request the Site and route Wagtail would find (from the map, else found now and
    kept); ``Page.route_for_request`` then uses them. Leaves the request alone when the map is
    off, unreadable or bypassed."""
    if not enabled() or not _plain_routing() or changing.in_changing_transaction(CHANGED):
        return
    try:
        stamp = stamps.read_one(fragments.pages(connection.schema_name))  # before routing
    except Exception:
        log.warning("page routing: pages stamp unreadable", exc_info=True)
        return
    key = route_key(request, path)
    if (blob := routes.get(key, stamp)) is not None:
        _attach(request, *pickle.loads(blob))
        return
    route = Page.route_for_request(request, path)
    if route is None or route.args or route.kwargs:
        return
    restrictions = list(route.page.get_view_restrictions())
    routes.put(key, stamp, pickle.dumps((request._wagtail_site, route.page, restrictions)))
    _attach(request, request._wagtail_site, route.page, restrictions)


def _attach(request, site, page, restrictions) -> None:
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page)
    if isinstance(page, KnownRestrictions):
        page._routed_view_restrictions = restrictions


def pages_changed() -> None:
    """This connection changed the region's pages: every process routes them afresh (the
    stamp), and this connection without the map until its transaction ends."""
    changing.mark(CHANGED)
    stamps.bump_now_and_on_commit(fragments.pages(connection.schema_name))
