"""API settings, read from Django settings at call time (tests override them per test).

| setting | default | meaning |
|---|---|---|
| GRAPHQL_REQUIRE_PERSISTED | False | refuse documents that are not in graphql/operations |
| GRAPHQL_INTROSPECTION | DEBUG | allow __schema / __type |
| GRAPHQL_GRAPHIQL | DEBUG | serve GraphiQL to browsers |
| GRAPHQL_MAX_DEPTH | 8 | deepest selection |
| GRAPHQL_MAX_ALIASES | 10 | aliases per document |
| GRAPHQL_MAX_COST | 1000 | estimated cost of an operation (see limits.py) |
| GRAPHQL_MAX_DOCUMENT_BYTES | 16384 | size of the query text |
| GRAPHQL_MAX_PAGE_SIZE | 50 | largest ``first`` |
| GRAPHQL_RESPONSE_CACHE | True | cache responses of persisted queries (see cache.py) |
| GRAPHQL_RESPONSE_CACHE_TIMEOUT | 300 | seconds a cached response lives at most |
"""

from django.conf import settings

DEFAULTS = {
    "GRAPHQL_REQUIRE_PERSISTED": False,
    "GRAPHQL_MAX_DEPTH": 8,
    "GRAPHQL_MAX_ALIASES": 10,
    "GRAPHQL_MAX_COST": 1000,
    "GRAPHQL_MAX_DOCUMENT_BYTES": 16384,
    "GRAPHQL_MAX_PAGE_SIZE": 50,
    "GRAPHQL_RESPONSE_CACHE": True,
    "GRAPHQL_RESPONSE_CACHE_TIMEOUT": 300,
}
DEFAULT_PAGE_SIZE = 20


def setting(name: str):
    """One API setting; introspection and GraphiQL default to DEBUG."""
    if name in ("GRAPHQL_INTROSPECTION", "GRAPHQL_GRAPHIQL"):
        return getattr(settings, name, settings.DEBUG)
    return getattr(settings, name, DEFAULTS[name])
