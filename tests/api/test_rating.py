"""rateGuide: success, validation errors, rate limit, 差评 → follow-up for the region's staff."""

import pytest
from django.core.cache import cache

from core.published import ratings
from core.published.models_ratings import FollowUp, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def rate(gql, code, score, comment="", channel="MINIAPP"):
    body = gql("shushan").operation("RateGuide", implementationCode=code, score=score,
                                    comment=comment, channel=channel)  # fmt: skip
    assert "errors" not in body, body
    return body["data"]["rateGuide"]


def test_a_good_rating_is_recorded(gql, food_guide):
    result = rate(gql, food_guide.implementation_code, 1, "窗口服务很好")
    assert result["errors"] == []
    assert result["rating"]["label"] == "非常满意"
    assert (result["rating"]["isBad"], result["rating"]["channel"]) == (False, "MINIAPP")
    rating = Rating.objects.get()
    assert (rating.score, rating.comment, rating.channel) == (1, "窗口服务很好", "miniapp")
    assert FollowUp.objects.count() == 0
    summary = gql("shushan")("query($c: String!) { guide(implementationCode: $c) { ratingSummary { count average satisfaction } } }",
                             c=food_guide.implementation_code)["guide"]["ratingSummary"]  # fmt: skip
    assert summary == {"count": 1, "average": 1.0, "satisfaction": 100.0}


def test_a_bad_rating_reaches_the_regions_staff(gql, food_guide):
    result = rate(gql, food_guide.implementation_code, 5, "材料要求前后不一致")
    assert result["rating"]["isBad"] is True
    follow_up = FollowUp.objects.get()
    assert follow_up.region.slug == "shushan"
    assert follow_up.rating.comment == "材料要求前后不一致"
    assert list(ratings.open_follow_ups(follow_up.region)) == [follow_up]


def test_validation_errors_are_typed(gql, food_guide):
    result = rate(gql, food_guide.implementation_code, 6, "长" * 501)
    assert result["rating"] is None
    assert result["errors"] == [
        {
            "field": "score",
            "code": "INVALID",
            "message": "评价等级应为1–5（1 非常满意 … 5 非常不满意）",
        },
        {"field": "comment", "code": "INVALID", "message": "评价内容不能超过500字"},
    ]
    assert Rating.objects.count() == 0


def test_unknown_guide(gql):
    result = rate(gql, "x" * 31, 1)
    assert result["errors"] == [{"field": "implementationCode", "code": "NOT_FOUND",
                                 "message": f"实施编码 {'x' * 31} 没有在线的办事指南"}]  # fmt: skip


def test_rate_limit_per_client(gql, food_guide):
    for _ in range(ratings.RATE_LIMIT):
        assert rate(gql, food_guide.implementation_code, 2)["errors"] == []
    result = rate(gql, food_guide.implementation_code, 2)
    assert result["errors"] == [{"field": None, "code": "RATE_LIMITED",
                                 "message": "评价过于频繁：同一事项每小时最多评价5次"}]  # fmt: skip
    assert Rating.objects.count() == ratings.RATE_LIMIT
    # The limit is per client address (tests/security/test_rate_limits.py): another browser
    # string from the same address is still limited, another address is not.
    other = gql("shushan")
    other.client.defaults["HTTP_USER_AGENT"] = "another phone"
    body = other.operation("RateGuide", implementationCode=food_guide.implementation_code, score=2)
    assert [e["code"] for e in body["data"]["rateGuide"]["errors"]] == ["RATE_LIMITED"]
    other.client.defaults["REMOTE_ADDR"] = "192.0.2.44"
    body = other.operation("RateGuide", implementationCode=food_guide.implementation_code, score=2)
    assert body["data"]["rateGuide"]["errors"] == []
