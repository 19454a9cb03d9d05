"""Recording never slows or breaks search: Redis down → direct write; database refusing too →
dropped; a flush the database refuses keeps its items for the next run."""

import re

import pytest
from django.db import connection

from search import analytics, indexing
from search.analytics import buffer, store
from search.analytics.models import SearchEvent
from tests.factories import published_entry

from .conftest import SHUSHAN

pytestmark = pytest.mark.django_db

ID_CARD = "000713002000"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def id_card():
    item = published_entry("shushan", ID_CARD)
    indexing.index_guide(item.implementation_code)
    return item


@pytest.fixture
def table_missing():
    """The database refuses every write to the searches table (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE analytics_searchevent RENAME TO analytics_searchevent_gone")
    yield
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE analytics_searchevent_gone RENAME TO analytics_searchevent")


def test_redis_down_writes_the_search_directly(settings, region_client, id_card):
    settings.SEARCH_ANALYTICS_REDIS_URL = UNREACHABLE_REDIS
    html = region_client("shushan").get("/search/", {"q": "身份证"}).content.decode()
    assert "共找到 1 项" in html
    row = SearchEvent.objects.get()
    assert (row.query, row.result_count) == ("身份证", 1)


def test_redis_and_database_down_still_searches_and_opens_results(
    settings, region_client, id_card, table_missing
):
    settings.SEARCH_ANALYTICS_REDIS_URL = UNREACHABLE_REDIS
    client = region_client("shushan")
    html = client.get("/search/", {"q": "身份证"}).content.decode()
    assert "共找到 1 项" in html
    [link] = re.findall(r'<li><a href="([^"]+)">', html.split("search-results")[1])
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith("/guides/")
    assert analytics.record("身份证", SHUSHAN, "graphql", result_count=1) is not None


def test_any_unexpected_error_is_swallowed(monkeypatch, id_card):
    def broken(item):
        raise RuntimeError("boom")

    monkeypatch.setattr("search.analytics.recording._store", broken)
    assert analytics.record("身份证", SHUSHAN, "portal", result_count=1) is None


def test_a_flush_the_database_refuses_keeps_its_items(table_missing):
    analytics.record("身份证", SHUSHAN, "portal", result_count=1)
    analytics.record("开饭店", SHUSHAN, "portal", result_count=0)
    assert store.flush() == (0, 0)
    assert buffer.length() == 2


def test_a_flush_writes_in_batches_and_repeats_are_ignored():
    for n in range(5):
        analytics.record(f"查询{n}", SHUSHAN, "portal", result_count=n)
    items = buffer.pop(10)
    buffer.push_back(items)
    buffer.push_back(items[:2])  # a batch handed out twice (a worker died after writing it)
    assert store.flush(batch=2) == (7, 0)  # offered; the repeats are ignored by id
    assert sorted(SearchEvent.objects.values_list("query", flat=True)) == [
        f"查询{n}" for n in range(5)
    ]
    assert buffer.length() == 0


def test_the_buffer_is_bounded(settings):
    settings.SEARCH_ANALYTICS_BUFFER_MAX = 3
    for n in range(5):
        analytics.record(f"查询{n}", SHUSHAN, "portal", result_count=n)
    assert [i["query"] for i in buffer.pop(10)] == ["查询2", "查询3", "查询4"]


def test_the_flush_task_waits_quietly_while_redis_is_down(settings):
    from search.analytics import tasks

    settings.SEARCH_ANALYTICS_REDIS_URL = UNREACHABLE_REDIS
    assert tasks.flush() == [0, 0]


def test_the_flush_task_writes_the_buffer():
    from search.analytics import tasks

    analytics.record("身份证", SHUSHAN, "portal", result_count=1)
    assert tasks.flush() == [1, 0]
    assert SearchEvent.objects.get().query == "身份证"
