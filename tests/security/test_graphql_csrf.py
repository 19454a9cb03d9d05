"""Cross-site request forgery against GraphQL mutations.

Before: ``rateGuide`` was accepted as a form-encoded POST from any site (a hidden form on a
foreign page could cast ratings from visitors' browsers). Now mutations need a JSON body and,
when the browser names an Origin, the request's own host or a configured origin."""

import json
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import override_settings

from core.published.models_ratings import Rating
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"
HOST = "shushan.localhost"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def guide():
    return published_entry("shushan", FOOD_LICENCE)


def rate_body(guide) -> dict:
    return {"id": "RateGuide", "variables": {"implementationCode": guide.implementation_code,
                                             "score": 1, "comment": "好"}}  # fmt: skip


def post(client, body: dict, content_type="application/json", **headers):
    data = json.dumps(body) if content_type == "application/json" else body
    if content_type == "application/x-www-form-urlencoded":
        data = urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in body.items()})
    return client.post("/graphql/", data, content_type=content_type, headers=headers)


def codes(response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json().get("errors", [])]


def test_a_form_encoded_mutation_is_refused(region_client, guide):
    client = region_client("shushan")
    response = post(client, rate_body(guide), "application/x-www-form-urlencoded",
                    Origin="https://evil.example.com")  # fmt: skip
    assert response.status_code == 403 and codes(response) == ["MUTATION_REQUIRES_JSON"]
    # Even from the same origin: a form post is never a mutation.
    response = post(client, rate_body(guide), "application/x-www-form-urlencoded",
                    Origin=f"http://{HOST}")  # fmt: skip
    assert response.status_code == 403 and codes(response) == ["MUTATION_REQUIRES_JSON"]
    response = client.post("/graphql/", {"id": "RateGuide", "variables": json.dumps(
        rate_body(guide)["variables"])})  # multipart/form-data  # fmt: skip
    assert response.status_code == 403 and codes(response) == ["MUTATION_REQUIRES_JSON"]
    assert not Rating.objects.exists()


@pytest.mark.parametrize("origin", ["https://evil.example.com", "null", "http://hefei.localhost"])
def test_a_json_mutation_from_a_foreign_origin_is_refused(region_client, guide, origin):
    response = post(region_client("shushan"), rate_body(guide), Origin=origin)
    assert response.status_code == 403 and codes(response) == ["ORIGIN_NOT_ALLOWED"]
    assert not Rating.objects.exists()


def test_json_without_origin_from_the_same_host_or_a_configured_origin_is_accepted(
    region_client, guide
):
    client = region_client("shushan")
    assert post(client, rate_body(guide)).status_code == 200  # an app or server client
    assert post(client, rate_body(guide), Origin=f"http://{HOST}").status_code == 200
    with override_settings(GRAPHQL_ALLOWED_ORIGINS=["https://miniapp.example.com"]):
        response = post(client, rate_body(guide), Origin="https://miniapp.example.com")
    assert response.status_code == 200 and response.json()["data"]["rateGuide"]["errors"] == []
    assert Rating.objects.count() == 3


def test_queries_are_not_affected(region_client):
    client = region_client("shushan")
    response = post(client, {"id": "Regions"}, Origin="https://evil.example.com")
    assert response.status_code == 200 and "errors" not in response.json()
