"""A hung Elasticsearch: searches fall back to PostgreSQL at once while it is down.

Before: every search waited for the client's 5 s timeout (plus a retry) before falling back.
Now a search waits at most SEARCH_ES_TIMEOUT once; the breaker then skips Elasticsearch for
SEARCH_ES_COOLDOWN seconds and tries it again afterwards. No real Elasticsearch is needed: a
local socket that accepts connections and never answers stands in for the hung cluster."""

import time

import pytest

from core.domain.scope import Scope
from search import backends
from search.backends.base import BackendUnavailable, Filters, Request
from search.backends.elastic import ElasticsearchBackend
from search.query import parse
from search.service import search_guides
from tests.factories import published_entry
from tests.security.hung_server import hung_server

FOOD_LICENCE = "000131106000"


def request() -> Request:
    scope = Scope("340104", ("340104", "340100", "340000"), False)
    return Request(parse("食品经营"), scope, Filters(), (), 0, 10)


def timed(call) -> float:
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        call()
    return time.monotonic() - started


def test_the_breaker_opens_after_a_timeout_and_retries_after_the_cool_down(settings):
    settings.SEARCH_ES_TIMEOUT, settings.SEARCH_ES_COOLDOWN = 0.4, 1.0
    with hung_server() as port:
        backend = ElasticsearchBackend(f"http://127.0.0.1:{port}")
        first = timed(lambda: backend.search(request()))
        assert 0.3 < first < 2.0  # one short timeout, no retry
        skipped = [timed(lambda: backend.search(request())) for _ in range(20)]
        assert max(skipped) < 0.05  # open: no waiting at all
        time.sleep(1.1)
        again = timed(lambda: backend.search(request()))
        assert again > 0.3  # after the cool-down it is tried again (and fails again)
        assert timed(lambda: backend.search(request())) < 0.05


@pytest.mark.django_db
def test_searches_fall_back_to_postgresql_immediately(settings):
    item = published_entry("shushan", FOOD_LICENCE)
    settings.SEARCH_ES_TIMEOUT, settings.SEARCH_ES_COOLDOWN = 0.5, 60
    with hung_server() as port:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        results = [search_guides("食品经营", "340104") for _ in range(10)]
        elapsed = time.monotonic() - started
    backends._elasticsearch.cache_clear()
    for found in results:
        assert found.backend == "postgres"
        assert [h.implementation_code for h in found.hits][:1] == [item.implementation_code]
    assert elapsed < 3.0, elapsed  # before: 10 × (5 s timeout + a retry)
