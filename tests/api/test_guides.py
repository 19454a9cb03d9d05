"""guides(...): filters, scopes and keyset cursor pagination."""

import pytest

from tests.factories import published_entry

pytestmark = pytest.mark.django_db

SHUSHAN = ["000131106000", "000131128000", "000137001000", "000104002000", "000120001000"]
PERSON_LEGAL = (3, 4)  # 自然人: 106, 128, 137 · 法人: 106, 137, 104, 120
PAGE = """query($first: Int, $after: String, $region: String, $scope: RegionScope, $theme: String,
                 $lifeEvent: String, $audience: Audience) {
  guides(first: $first, after: $after, region: $region, scope: $scope, theme: $theme,
         lifeEvent: $lifeEvent, audience: $audience) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { basicCode region { code } } }
  }
}"""


@pytest.fixture
def shushan_guides():
    return [published_entry("shushan", code) for code in SHUSHAN]


def test_pages_follow_cursors_without_gaps_or_repeats(gql, shushan_guides):
    client, seen, after = gql("shushan"), [], None
    for expected_next in (True, True, False):
        page = client(PAGE, first=2, after=after)["guides"]
        assert page["totalCount"] == 5
        assert page["pageInfo"]["hasNextPage"] is expected_next
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [edge["node"]["basicCode"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(SHUSHAN)


def test_a_foreign_cursor_is_rejected(gql, shushan_guides):
    [error] = gql("shushan").errors(PAGE, first=2, after="bm9wZQ==")
    assert error["extensions"]["code"] == "INVALID_CURSOR"
    assert error["message"] == "after 参数不是有效的游标：bm9wZQ=="


def test_page_size_is_bounded(gql):
    [error] = gql("shushan").errors(PAGE, first=51)
    assert error["extensions"]["code"] == "INVALID_PAGE_SIZE"
    assert error["message"] == "first 应在 1 到 50 之间，实际为 51"


def test_filters_and_scopes(gql, shushan_guides):
    published_entry("hefei", "000104002000")
    client = gql("shushan")
    assert client(PAGE, theme="010")["guides"]["totalCount"] == 2  # 法人主题 准营准办
    assert client(PAGE, lifeEvent="准入准营")["guides"]["totalCount"] == 2
    own = client(PAGE, scope="OWN")["guides"]["totalCount"]
    available = client(PAGE, scope="AVAILABLE", first=50)["guides"]
    assert (own, available["totalCount"]) == (5, 6)
    assert {e["node"]["region"]["code"] for e in available["edges"]} == {"340104", "340100"}
    within = gql("hefei")(PAGE, scope="WITHIN")["guides"]["totalCount"]
    assert within == 6
    person = client(PAGE, audience="PERSON")["guides"]["totalCount"]
    legal = client(PAGE, audience="LEGAL")["guides"]["totalCount"]
    assert (person, legal) == PERSON_LEGAL
