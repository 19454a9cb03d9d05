"""The thin path (api.thin) answers cached persisted queries before graphene's view, with the
full view's bytes and headers; every request it must not answer falls through to the full view."""

import json
from unittest import mock

import pytest
from django.conf import settings as django_settings

from api.core import cache as response_cache
from api.views import APIView
from tests.api.conftest import FOOD_LICENCE
from tests.factories import published_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(region_client):
    """蜀山's client and its guide's GuideDetail body, cached by a first request."""
    client = region_client("shushan")
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    body = {"id": "GuideDetail", "variables": {"implementationCode": code}}
    first = client.post("/graphql/", json.dumps(body), content_type="application/json")
    assert first.headers["X-API-Cache"] == "miss"
    return client, body


def send(client, body, method="post", **extra):
    """(response, whether the full view parsed the request)."""
    with mock.patch.object(APIView, "parse_body", autospec=True,
                           side_effect=APIView.parse_body) as parsed:  # fmt: skip
        if method == "post":
            extra.setdefault("content_type", "application/json")
            data = body if isinstance(body, str | bytes) else json.dumps(body)
            response = client.post("/graphql/", data, **extra)
        else:
            response = client.get("/graphql/", body, **extra)
    return response, parsed.called


def test_a_hit_is_answered_before_the_view_with_the_full_views_bytes(cached):
    client, body = cached
    thin, full_view = send(client, body)
    assert not full_view
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "x"  # forces the full view
    full, full_view = send(client, body)
    assert full_view
    assert (thin.status_code, thin.content) == (full.status_code, full.content)
    assert set(thin.headers) == set(full.headers)
    for header in ("Content-Type", "X-API-Cache", "Vary"):
        assert thin.headers.get(header) == full.headers.get(header)
    assert thin.headers["X-API-Cache"] == "hit"
    # neither sets a CSRF cookie (the endpoint is csrf_exempt; graphene's view would)
    assert django_settings.CSRF_COOKIE_NAME not in thin.cookies
    assert django_settings.CSRF_COOKIE_NAME not in full.cookies


def test_get_with_variables_as_text_is_answered(cached):
    client, body = cached
    query = {"id": "GuideDetail", "variables": json.dumps(body["variables"])}
    response, full_view = send(client, query, method="get")
    assert response.headers["X-API-Cache"] == "hit" and not full_view


@pytest.mark.parametrize("viewer", [
    {"HTTP_AUTHORIZATION": "Bearer not-a-token"},
    {"HTTP_X_ACTING_ENTERPRISE": "1"},
])  # fmt: skip
def test_a_request_with_a_viewer_takes_the_full_view(cached, viewer):
    client, body = cached
    response, full_view = send(client, body, **viewer)
    assert full_view and response.status_code == 200


def test_a_session_takes_the_full_view(cached):
    client, body = cached
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "any"
    assert send(client, body)[1]


def test_a_miss_takes_the_full_view_once(cached, region_client):
    client, body = cached
    other = {**body, "variables": {"implementationCode": "11340104MB1234567X4000131199000"}}
    with mock.patch.object(response_cache, "find", wraps=response_cache.find) as lookups:
        response, full_view = send(client, other)
    assert full_view and response.headers["X-API-Cache"] == "miss"
    assert response.json() == {"data": {"guide": None}}
    assert lookups.call_count == 1  # the full view reused the thin path's lookup


@pytest.mark.parametrize("case", [
    "pretty", "form", "invalid json", "list body", "unknown id", "not cacheable",
    "other operation name", "variables not an object", "variables invalid json", "apollo",
    "id with invalid extensions",
])  # fmt: skip
def test_other_requests_fall_through_with_the_full_views_answer(cached, case):
    client, body = cached
    variables = body["variables"]
    send_args = {
        "pretty": ({**body}, "get"),
        "form": ("id=GuideDetail", "post"),
        "invalid json": ("{", "post"),
        "list body": ([body], "post"),
        "unknown id": ({"id": "NoSuchOperation"}, "post"),
        "not cacheable": ({"id": "Regions"}, "post"),
        "other operation name": ({**body, "operationName": "Other"}, "post"),
        "variables not an object": ({**body, "variables": [1]}, "post"),
        "variables invalid json": ({"id": "GuideDetail", "variables": "{"}, "get"),
        "id with invalid extensions": ({"id": "GuideDetail", "extensions": "{",
                                        "variables": json.dumps(variables)}, "get"),
        "apollo": ({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": _sha()}},
                    "variables": variables}, "post"),
    }[case]  # fmt: skip
    payload, method = send_args
    extra = {}
    if case == "pretty":
        payload = {"id": "GuideDetail", "variables": json.dumps(variables), "pretty": "1"}
    if case == "form":
        extra["content_type"] = "application/x-www-form-urlencoded"
    response, full_view = send(client, payload, method=method, **extra)
    assert full_view
    # What the full view answers (400: errors outside any field, or a body it cannot read).
    expected_status = {"form": 400, "invalid json": 400, "id with invalid extensions": 400,
                       "list body": 400, "unknown id": 400, "variables invalid json": 400, "other operation name": 400,
                       "variables not an object": 400}  # fmt: skip
    assert response.status_code == expected_status.get(case, 200), response.content
    if case in ("pretty", "apollo"):
        assert response.headers["X-API-Cache"] == "hit"
        assert response.json()["data"]["guide"]["basicCode"] == FOOD_LICENCE
    if case == "pretty":
        assert response.content.startswith(b'{\n  "data"')


def test_graphiql_and_a_switched_off_cache_take_the_full_view(cached, settings):
    client, body = cached
    settings.GRAPHQL_GRAPHIQL = True
    query = {"id": "GuideDetail", "variables": json.dumps(body["variables"])}
    page, full_view = send(client, query, method="get", HTTP_ACCEPT="text/html")
    assert full_view and page["Content-Type"].startswith("text/html")
    settings.GRAPHQL_RESPONSE_CACHE = False
    response, full_view = send(client, body)
    assert full_view and "X-API-Cache" not in response.headers


def _sha() -> str:
    from api.core import persisted

    return persisted.find("GuideDetail").sha256
