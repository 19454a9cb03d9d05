"""guide(implementationCode): the whole guide from the projection."""

import pytest

from tests.api.conftest import FOOD_LICENCE

pytestmark = pytest.mark.django_db


def test_guide_detail_operation_returns_the_whole_guide(gql, food_guide):
    body = gql("shushan").operation(
        "GuideDetail", implementationCode=food_guide.implementation_code
    )
    assert "errors" not in body, body
    guide = body["data"]["guide"]
    assert guide["name"] == "食品经营许可"
    assert guide["basicCode"] == FOOD_LICENCE
    assert guide["type"] == {"code": "01", "label": "行政许可"}
    assert guide["level"] == {"code": "4", "label": "县级"}
    assert guide["region"]["code"] == "340104"
    assert [a["code"] for a in guide["region"]["ancestors"]] == ["340100", "340000"]
    assert guide["department"]["name"] == "合肥市蜀山区市场监督管理局"
    assert len(guide["materials"]) == 6
    assert guide["materials"][1]["source"] == {"code": "20", "label": "政府部门核发"}
    assert guide["materials"][5]["situation"] == "委托他人办理"
    assert [s["name"] for s in guide["steps"]] == ["受理", "审查", "决定", "送达"]
    assert guide["statutoryLimit"]["text"] == "10个工作日"
    assert guide["promisedLimit"] == {"value": 5.0, "unit": "工作日", "note": "告知承诺制申请当场发证",
                                      "text": "5个工作日"}  # fmt: skip
    assert guide["onlineDepth"] == {"level": 4, "label": "Ⅳ级（全程网办）", "fullyOnline": True}
    assert guide["visits"] == 0
    assert guide["fee"]["charged"] is False
    assert guide["legalBasis"][0]["law"] == "中华人民共和国食品安全法"
    assert len(guide["faqs"]) == 4
    assert guide["windows"][0]["hall"] == "蜀山区政务服务中心"
    assert guide["matter"]["basicCode"] == FOOD_LICENCE
    assert guide["matter"]["isNational"] is True
    assert guide["ratingSummary"]["count"] == 0
    assert guide["ratingSummary"]["satisfaction"] is None
    # the guide page's URL (Wagtail slugs are lower case)
    assert (
        guide["url"] == f"http://shushan.localhost/guides/{food_guide.implementation_code.lower()}/"
    )


def test_unknown_guide_is_null(gql):
    data = gql("shushan")('query { guide(implementationCode: "nope") { name } }')
    assert data == {"guide": None}
