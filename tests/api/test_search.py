"""search and suggest through the API (PostgreSQL backend, documents indexed synchronously)."""

import pytest

from tests.api.conftest import FOOD_LICENCE, index
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

BUSINESS = ["000131106000", "000131127001", "000131127002", "000131127003", "000137001000"]


@pytest.fixture
def business_guides():
    items = [published_entry("shushan", code) for code in BUSINESS]
    index(*items)
    return items


def test_search_operation_finds_a_colloquial_name(gql, business_guides):
    body = gql("shushan").operation("Search", query="开饭店")
    assert "errors" not in body, body
    search = body["data"]["search"]
    assert search["edges"][0]["node"]["name"] == "食品经营许可"
    assert search["edges"][0]["node"]["region"] == {"code": "340104", "name": "蜀山区"}
    assert search["totalCount"] == len(search["edges"])
    types = {f["value"]: f["count"] for f in search["facets"]["type"]}
    assert sum(types.values()) == search["totalCount"]
    assert search["facets"]["department"][0]["label"]


def test_search_pages_with_cursors(gql, business_guides):
    client = gql("shushan")
    query = """query($after: String) { search(query: "登记", first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { implementationCode } } } }"""
    first = client(query)["search"]
    assert first["totalCount"] >= 3
    assert first["pageInfo"]["hasNextPage"] is True
    second = client(query, after=first["pageInfo"]["endCursor"])["search"]
    codes = [e["node"]["implementationCode"] for e in first["edges"] + second["edges"]]
    assert len(codes) == len(set(codes)) == min(4, first["totalCount"])


def test_filter_by_matter_type(gql, business_guides):
    data = gql("shushan")('{ search(query: "开饭店", matterType: PUBLIC_SERVICE) { totalCount } }')
    assert data == {"search": {"totalCount": 0}}


def test_no_results_offer_a_suggestion_shape(gql, business_guides):
    data = gql("shushan")('{ search(query: "zzzzqqq") { totalCount edges { cursor } suggestion } }')
    assert data["search"]["totalCount"] == 0
    assert data["search"]["edges"] == []


def test_suggest(gql, business_guides):
    data = gql(None).operation("Suggest", prefix="食品经营", region="340104")["data"]
    assert data["suggest"][0]["text"].startswith("食品经营")
    guide = business_guides[0]
    assert guide.matter.basic_code == FOOD_LICENCE
    assert guide.implementation_code in [s["implementationCode"] for s in data["suggest"]]


def test_hostile_queries_get_an_answer(gql, business_guides):
    # a lone surrogate (JSON "\ud800") and a 10,000-character query: answered, not a 500
    client = gql("shushan")
    body = client.operation("Search", query="食品\ud800经营")
    assert "errors" not in body, body
    assert body["data"]["search"]["query"] == "食品经营"
    assert body["data"]["search"]["edges"][0]["node"]["name"] == "食品经营许可"
    long = client.operation("Search", query="a1" * 5000)
    assert "errors" not in long, long
    assert long["data"]["search"]["query"] == "a1" * 50
    suggested = client.operation("Suggest", prefix="食品\ud800")
    assert "errors" not in suggested, suggested
