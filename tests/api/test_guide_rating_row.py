"""A guide page reads its rating aggregates with the guide row: the same summary as the batched
loader of guide lists (invalidation per guide: test_response_cache)."""

import pytest

from core.published.models_ratings import Rating
from tenants.models import Region
from tests.api.conftest import FOOD_LICENCE
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

SUMMARY = "ratingSummary { count average satisfaction levels { score count } }"
DETAIL = "query($c: String!) { guide(implementationCode: $c) { " + SUMMARY + " } }"
VIA_FRAGMENT = (
    "query($c: String!) { guide(implementationCode: $c) { ...G } }"
    " fragment G on Guide { " + SUMMARY + " }"
)
LIST = "{ guides(first: 5) { edges { node { implementationCode " + SUMMARY + " } } } }"


def _rate(item, *scores):
    region = Region.objects.get(slug="shushan")
    for score in scores:
        Rating.objects.create(region=region, implementation_code=item.implementation_code,
                              score=score, channel="web", client_hash="x" * 64)  # fmt: skip


def test_guide_page_summary_equals_the_list_summary(gql):
    item = published_entry("shushan", FOOD_LICENCE)
    _rate(item, 1, 2, 2, 4, 5, 1)  # average 2.5, two bad of six
    client = gql("shushan")
    detail = client(DETAIL, c=item.implementation_code)["guide"]["ratingSummary"]
    listed = client(LIST)["guides"]["edges"][0]["node"]["ratingSummary"]
    assert detail == listed
    assert (detail["count"], detail["average"], detail["satisfaction"]) == (6, 2.5, 66.7)
    assert [level["count"] for level in detail["levels"]] == [2, 2, 0, 1, 1]
    assert client(VIA_FRAGMENT, c=item.implementation_code)["guide"]["ratingSummary"] == detail


def test_an_unrated_guide_page_has_zero_counts(gql):
    item = published_entry("shushan", FOOD_LICENCE)
    summary = gql("shushan")(DETAIL, c=item.implementation_code)["guide"]["ratingSummary"]
    assert summary == {"count": 0, "average": None, "satisfaction": None,
                       "levels": [{"score": s, "count": 0} for s in range(1, 6)]}  # fmt: skip
