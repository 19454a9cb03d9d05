"""me, favourites, addFavourite / removeFavourite, myRatings; ratings carry the account and
are limited per account."""

import json

import pytest
from django.core.cache import cache

from core.identity.models import Favourite
from core.published.models_ratings import Rating
from tests.factories import published_entry

from .factories import PersonFactory
from .helpers import sign_in

pytestmark = pytest.mark.django_db
FOOD_LICENCE = "000131106000"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def food_code():
    from core.published.models import PublishedGuide

    published_entry("shushan", FOOD_LICENCE)
    return PublishedGuide.objects.get().implementation_code


def op(client, name, **variables):
    response = client.post("/graphql/", json.dumps({"id": name, "variables": variables}),
                           content_type="application/json")  # fmt: skip
    return response.json()


def test_favourites_follow_the_citizen_to_another_host(region_client, food_code):
    person = PersonFactory(name="周收藏")
    shushan, yaohai = region_client("shushan"), region_client("yaohai")
    sign_in(shushan, person)
    added = op(shushan, "AddFavourite", implementationCode=food_code)["data"]["addFavourite"]
    assert added["errors"] == [] and added["favourite"]["guide"]["name"] == "食品经营许可"
    again = op(shushan, "AddFavourite", implementationCode=food_code)["data"]["addFavourite"]
    assert again["errors"] == [] and Favourite.objects.count() == 1
    sign_in(yaohai, person)
    favourites = op(yaohai, "Favourites")["data"]["favourites"]
    assert [f["implementationCode"] for f in favourites] == [food_code]
    page = yaohai.get("/account/").content.decode()
    assert "食品经营许可" in page
    assert op(yaohai, "RemoveFavourite", implementationCode=food_code)["data"] == {
        "removeFavourite": {"removed": True}
    }
    assert op(shushan, "Favourites")["data"]["favourites"] == []


def test_a_guide_that_is_not_live_cannot_be_kept(region_client, food_code):
    shushan = region_client("shushan")
    sign_in(shushan, PersonFactory())
    result = op(shushan, "AddFavourite", implementationCode="1" * 31)["data"]["addFavourite"]
    assert result["favourite"] is None
    assert result["errors"][0]["code"] == "NOT_FOUND"


def test_anonymous_cannot_favourite(region_client, food_code):
    body = op(region_client("shushan"), "AddFavourite", implementationCode=food_code)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert Favourite.objects.count() == 0


def test_the_favourite_button_on_the_guide_page(region_client, food_code):
    from core.published.models import PublishedGuide

    guide = PublishedGuide.objects.get()
    shushan = region_client("shushan")
    path = "/" + guide.url.split("/", 3)[3]
    assert "☆ 收藏" in shushan.get(path).content.decode()
    anonymous = shushan.post("/account/favourites/", {"implementation_code": food_code,
                                                      "action": "add", "next": path})  # fmt: skip
    assert anonymous["Location"].startswith("/account/login/?next=")
    sign_in(shushan, PersonFactory())
    response = shushan.post("/account/favourites/", {"implementation_code": food_code,
                                                     "action": "add", "next": path})  # fmt: skip
    assert response["Location"] == path
    assert "★ 已收藏" in shushan.get(path).content.decode()


def test_ratings_of_a_signed_in_citizen_carry_the_account_and_are_limited_per_account(
    region_client, food_code
):
    person = PersonFactory()
    rated = []
    for index in range(6):  # a new address each time: the account still counts
        client = region_client("shushan")
        sign_in(client, person)
        response = client.post("/graphql/", json.dumps({"id": "RateGuide", "variables": {
            "implementationCode": food_code, "score": 2}}), content_type="application/json",
            REMOTE_ADDR=f"10.0.0.{index + 1}")  # fmt: skip
        rated.append(response.json()["data"]["rateGuide"]["errors"])
    assert rated[:5] == [[]] * 5
    assert rated[5][0]["message"] == "评价过于频繁：同一事项每小时最多评价5次"
    assert set(Rating.objects.values_list("account_id", flat=True)) == {person.pk}
    mine = op(client, "MyRatings")["data"]["myRatings"]
    assert [r["score"] for r in mine] == [2] * 5
    other = region_client("shushan")
    sign_in(other, PersonFactory())
    assert op(other, "MyRatings")["data"]["myRatings"] == []


def test_me_with_a_portal_session_costs_a_fixed_number_of_queries(
    region_client, django_assert_num_queries
):
    person = PersonFactory()
    shushan = region_client("shushan")
    sign_in(shushan, person)
    op(shushan, "Me")  # warm: routing map, persisted operation, validation
    # subject: person (1); me: person, enterprises the person may act for (2)
    with django_assert_num_queries(3):
        assert op(shushan, "Me")["data"]["me"]["subject"] == f"p{person.pk}"
