"""regions / region and the region argument: host default, required on the platform host."""

import pytest

from tests.api.conftest import FOOD_LICENCE
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

GUIDES = "query($region: String) { guides(region: $region) { totalCount } }"


def test_regions_on_the_platform_host_are_the_provinces(gql):
    data = gql(None)("{ regions { code name level } }")
    assert data["regions"] == [{"code": "340000", "name": "安徽省", "level": "PROVINCE"}]


def test_regions_default_to_the_host_regions_children(gql):
    codes = [r["code"] for r in gql("hefei")("{ regions { code } }")["regions"]]
    assert codes == ["340102", "340104"]
    assert gql(None)('{ regions(parent: "340100") { code } }')["regions"] == [
        {"code": "340102"}, {"code": "340104"},
    ]  # fmt: skip


def test_region_detail(gql):
    published_entry("shushan", FOOD_LICENCE)
    body = gql(None).operation("RegionDetail", code="340104")
    region = body["data"]["region"]
    assert (region["name"], region["level"], region["slug"]) == ("蜀山区", "COUNTY", "shushan")
    assert region["parent"] == {"code": "340100", "name": "合肥市"}
    assert [a["code"] for a in region["ancestors"]] == ["340100", "340000"]
    assert region["children"] == []
    assert "合肥市蜀山区市场监督管理局" in [d["name"] for d in region["departments"]]
    assert region["guideCount"] == 1
    assert {"code": "030", "label": "就业创业", "audience": "PERSON", "guideCount": 1} in region[
        "themes"
    ]
    assert region["lifeEvents"] == [{"name": "准入准营", "audience": "LEGAL", "guideCount": 1}]
    hefei = gql(None).operation("RegionDetail", code="340100")["data"]["region"]
    assert hefei["guideCount"] == 1  # counts the guides of its counties
    assert [c["code"] for c in hefei["children"]] == ["340102", "340104"]


def test_unknown_region_is_null_and_a_malformed_code_is_an_error(gql):
    assert gql(None)('{ region(code: "349999") { name } }') == {"region": None}
    [error] = gql(None).errors('{ region(code: "34") { name } }')
    assert error["extensions"]["code"] == "INVALID_REGION"
    assert "行政区划代码应为6位数字" in error["message"]


def test_region_argument_defaults_to_the_host(gql):
    published_entry("shushan", FOOD_LICENCE)
    assert gql("shushan")(GUIDES)["guides"]["totalCount"] == 1
    assert gql("yaohai")(GUIDES)["guides"]["totalCount"] == 0
    assert gql("yaohai")(GUIDES, region="340104")["guides"]["totalCount"] == 1


@pytest.mark.parametrize("query", [
    GUIDES,
    '{ search(query: "开饭店") { totalCount } }',
    '{ suggest(prefix: "食品") { text } }',
    '{ matter(basicCode: "000131106000") { name } }',
])  # fmt: skip
def test_region_argument_is_required_on_the_platform_host(gql, query):
    [error] = gql(None).errors(query)
    assert error["extensions"]["code"] == "REGION_REQUIRED"
    assert error["message"].startswith("在平台域名上调用时必须提供 region 参数")
