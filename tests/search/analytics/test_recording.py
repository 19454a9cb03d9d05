"""Every search is recorded (portal, suggestions, GraphQL) with exactly what it was and found,
and result links record which result was opened, without JavaScript."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.core import persisted
from search import analytics, indexing
from search.analytics import buffer, store
from search.analytics.models import SearchClick, SearchEvent
from tests.factories import published_entry

from .conftest import ANHUI, SHUSHAN

pytestmark = pytest.mark.django_db

ID_CARD = "000713002000"  # 居民身份证申领、换领、补领 (蜀山)
FOOD_LICENCE = "000131106000"  # 食品经营许可 (蜀山)


@pytest.fixture
def id_card():
    item = published_entry("shushan", ID_CARD)
    indexing.index_guide(item.implementation_code)
    return item


def only_event() -> SearchEvent:
    store.flush()
    [row] = SearchEvent.objects.all()
    return row


def result_links(html: str) -> list[str]:
    results = html.split('class="guide-list search-results"')[1]
    return re.findall(r'<li><a href="([^"]+)">', results)


def test_a_portal_search_is_recorded_and_its_result_link_records_the_opened_guide(
    region_client, id_card
):
    client = region_client("shushan")
    html = client.get("/search/", {"q": "身份证"}).content.decode()
    assert "共找到 1 项" in html
    assert SearchEvent.objects.count() == 0  # buffered, not written on the search path
    assert buffer.length() == 1
    row = only_event()
    assert (row.region_code, row.province_code, row.channel) == (SHUSHAN, ANHUI, "portal")
    assert (row.query, row.normalised, row.result_count) == ("身份证", "身份证", 1)
    assert row.first_result == id_card.implementation_code

    [link] = result_links(html)
    assert link.startswith("/search/open/")
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/guides/")  # the guide on the same host
    assert response["Cache-Control"] == "no-store"
    assert store.flush() == (0, 1)
    click = SearchClick.objects.get()
    assert (click.event_id, click.position) == (row.id, 1)
    assert click.implementation_code == id_card.implementation_code
    row.refresh_from_db()
    assert (row.opened, row.first_opened) == (True, True)  # what the reports count
    client.get(link)  # the same result opened again from the same search: still one row
    store.flush()
    assert SearchClick.objects.count() == 1


def test_a_search_finding_nothing_is_recorded_with_zero_results(region_client, id_card):
    html = region_client("shushan").get("/search/", {"q": "ＡＢＣ无此事项"}).content.decode()
    assert "共找到 0 项" in html
    row = only_event()
    assert (row.query, row.normalised, row.result_count, row.first_result) == (
        "ＡＢＣ无此事项", "abc无此事项", 0, "")  # fmt: skip


def test_numbers_that_could_identify_a_person_are_masked(region_client, id_card):
    region_client("shushan").get(
        "/search/", {"q": "身份证  34010419900101123X 13912345678 a.b@example.cn"}
    )
    assert only_event().query == "身份证 ＊ ＊ ＊"


def test_later_pages_and_browsing_without_a_query_are_not_searches(region_client, id_card):
    client = region_client("shushan")
    client.get("/search/", {"q": "身份证", "page": "2"})
    client.get("/search/", {"audience": "person"})
    assert buffer.length() == 0


def test_suggestions_are_recorded_as_their_own_channel(region_client, id_card):
    data = region_client("shushan").get("/search/suggest", {"q": "身份"}).json()
    row = only_event()
    assert (row.channel, row.query, row.result_count) == (
        "suggest",
        "身份",
        len(data["suggestions"]),
    )
    assert row.first_result == id_card.implementation_code


def test_recording_runs_no_sql(id_card):
    analytics.record("预热", SHUSHAN, "portal", result_count=0)  # region chain cached per process
    with CaptureQueriesContext(connection) as captured:
        search_id = analytics.record("身份证", SHUSHAN, "graphql", result_count=3)
    assert captured.captured_queries == []
    assert re.fullmatch(r"[0-9a-f]{32}", search_id)


def graphql(client, name: str, **variables) -> dict:
    import json

    body = {"query": persisted.find(name).text, "variables": variables}
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    data = response.json()
    assert "errors" not in data, data
    return data["data"]


def test_graphql_search_gives_click_tokens_a_mini_app_reports(region_client, id_card):
    client = region_client("shushan")
    found = graphql(client, "Search", query="身份证")["search"]
    [edge] = found["edges"]
    row = only_event()
    assert (row.channel, row.query, row.result_count) == ("graphql", "身份证", 1)
    opened = graphql(client, "ReportSearchResultOpened", clickToken=edge["clickToken"])
    assert opened["reportSearchResultOpened"] == {
        "implementationCode": id_card.implementation_code, "errors": []}  # fmt: skip
    store.flush()
    assert SearchClick.objects.get().event_id == row.id

    forged = edge["clickToken"].replace(":", "0:", 1)
    refused = graphql(client, "ReportSearchResultOpened", clickToken=forged)
    assert refused["reportSearchResultOpened"]["implementationCode"] is None
    assert refused["reportSearchResultOpened"]["errors"][0]["code"] == "INVALID"
    assert refused["reportSearchResultOpened"]["errors"][0]["field"] == "clickToken"


def test_a_second_page_of_graphql_results_is_not_a_new_search(region_client, id_card):
    published = published_entry("shushan", FOOD_LICENCE)
    indexing.index_guide(published.implementation_code)
    client = region_client("shushan")
    first = graphql(client, "Search", query="许可 身份证", first=1)["search"]
    assert first["pageInfo"]["hasNextPage"]  # 许可 finds 食品经营许可, 身份证 the other
    later = graphql(client, "Search", query="许可 身份证", first=1,
                    after=first["pageInfo"]["endCursor"])["search"]  # fmt: skip
    assert later["edges"][0]["clickToken"] is None
    assert only_event().result_count == first["totalCount"]
