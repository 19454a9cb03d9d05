"""One region scope (core.domain.scope) for the API, unified search and the portal, with exact
answers for a province, a city and a county host, and explicit region arguments."""

from types import SimpleNamespace

import pytest

from cms.search_adapter import search_guides as portal_search
from core.domain.scope import Scope, scope_for
from core.published.models import PublishedGuide
from search import service
from tenants.models import Region
from tests.api.conftest import FOOD_LICENCE, index
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FUND_WITHDRAWAL = "002021001000"  # 住房公积金提取, published by 合肥 (type 20)
PROVINCE_MATTER = "002021009000"
GUIDES = """query($region: String, $scope: RegionScope) {
  guides(first: 50, region: $region, scope: $scope) { edges { node { region { code } } } }
}"""


@pytest.fixture
def chain_guides():
    """食品经营许可 in 蜀山 and 瑶海 (sibling counties), 住房公积金提取 in 合肥 and a province
    guide in 安徽 (a copy of 合肥's row: the demo data has no province listings); indexed."""
    items = [published_entry(s, FOOD_LICENCE) for s in ("shushan", "yaohai")]
    items.append(published_entry("hefei", FUND_WITHDRAWAL))
    row = PublishedGuide.objects.get(region_code="340100")
    row.pk, row.region = None, Region.objects.get(slug="anhui")
    row.region_code, row.ancestor_codes, row.basic_code = "340000", [], PROVINCE_MATTER
    row.implementation_code = row.implementation_code[:18] + "2" + PROVINCE_MATTER
    row.name = "住房公积金省级统筹提取"
    row.payload["region"] = {"code": "340000", "name": "安徽省", "slug": "anhui",
                             "level": "province", "ancestors": []}  # fmt: skip
    row.save()
    index(*items, SimpleNamespace(implementation_code=row.implementation_code))


def _regions(data) -> list[str]:
    return sorted(edge["node"]["region"]["code"] for edge in data["guides"]["edges"])


def test_scopes_of_a_province_a_city_and_a_county():
    assert scope_for("340104") == Scope("340104", ("340104", "340100", "340000"), False)
    assert scope_for("340100") == Scope("340100", ("340100", "340000"), True)
    assert scope_for("340000") == Scope("340000", ("340000",), True)
    assert scope_for(None) == Scope(None)


@pytest.mark.parametrize(
    ("slug", "scope", "expected"),
    [
        ("shushan", "OWN", ["340104"]),
        ("shushan", "WITHIN", ["340104"]),
        ("shushan", "AVAILABLE", ["340000", "340100", "340104"]),
        ("hefei", "OWN", ["340100"]),
        ("hefei", "WITHIN", ["340100", "340102", "340104"]),
        ("hefei", "AVAILABLE", ["340000", "340100"]),
        ("anhui", "WITHIN", ["340000", "340100", "340102", "340104"]),
        ("anhui", "AVAILABLE", ["340000"]),
    ],
)
def test_api_guides_per_host_and_scope(gql, chain_guides, slug, scope, expected):
    assert _regions(gql(slug)(GUIDES, scope=scope)) == expected


@pytest.mark.parametrize(
    ("slug", "food", "fund"),
    [  # one guide per matter, the nearest first; a county never sees its sibling's guide
        ("shushan", ["340104"], ["340100", "340000"]),
        ("yaohai", ["340102"], ["340100", "340000"]),
        ("hefei", ["340102"], ["340100", "340000"]),  # counties below, the lower code first
        ("anhui", ["340102"], ["340000", "340100"]),
    ],
)
def test_search_and_portal_browsing_show_the_same_guides(chain_guides, slug, food, fund):
    region = Region.objects.get(slug=slug)
    searched = service.search_guides("食品经营许可", region.code)
    assert [hit.region_code for hit in searched.hits] == food
    browsed = portal_search("", region, {"type": "01"})
    assert [guide.region_code for guide in browsed.items] == food
    searched = service.search_guides("住房公积金", region.code)
    assert sorted(hit.region_code for hit in searched.hits) == sorted(fund)  # ranked by score
    browsed = portal_search("", region, {"type": "20"})
    assert [guide.region_code for guide in browsed.items] == fund


def test_a_county_host_may_ask_for_another_region_of_its_province(gql, chain_guides):
    assert _regions(gql("shushan")(GUIDES, region="340102", scope="OWN")) == ["340102"]


def test_a_region_host_refuses_a_region_of_another_province(gql, chain_guides):
    for query in (GUIDES, 'query($region: String) { search(query: "食品", region: $region) { totalCount } }',
                  'query($region: String) { matter(basicCode: "000131106000", region: $region) { name } }'):  # fmt: skip
        [error] = gql("shushan").errors(query, region="510104")
        assert error["extensions"] == {"code": "REGION_OUT_OF_SCOPE", "argument": "region"}
        assert "510104" in error["message"] and "340000" in error["message"]
    [error] = gql("anhui").errors('{ region(code: "510000") { name } }')
    assert error["extensions"]["code"] == "REGION_OUT_OF_SCOPE"


def test_the_platform_host_answers_for_any_province(gql, chain_guides):
    assert _regions(gql(None)(GUIDES, region="510104", scope="AVAILABLE")) == []
    assert _regions(gql(None)(GUIDES, region="340104", scope="AVAILABLE")) == [
        "340000", "340100", "340104",
    ]  # fmt: skip
