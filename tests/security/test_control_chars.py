"""Hostile input: NUL bytes and other control characters in every text input path.

Before: a NUL in a search string gave HTTP 500 on the portal and a raw PostgreSQL message in
GraphQL. Now the portal answers 400 with a Chinese message, GraphQL a typed error, ratings a
field error; unexpected exceptions in GraphQL are masked (generic message + code), logged."""

import json
import logging
import uuid

import pytest
from django.test import override_settings

from core.domain.errors import DomainError
from core.published.models_ratings import Rating
from core.published.ratings import rate_guide
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"
HOSTILE = ["户口\x00迁移", "\x00", "身份证\x1b[2J", "a\x7fb"]


def post_graphql(client, body: dict):
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


@pytest.mark.parametrize("text", HOSTILE)
def test_portal_search_and_suggest_refuse_control_characters(region_client, text):
    client = region_client("shushan")
    for url, params in (("/search/", {"q": text}), ("/search/", {"department": text}),
                        ("/search/suggest", {"q": text})):  # fmt: skip
        response = client.get(url, params)
        assert response.status_code == 400, (url, params)
        assert "控制字符" in response.content.decode()


def test_ordinary_whitespace_still_searches(region_client):
    response = region_client("shushan").get("/search/suggest", {"q": "身份\t证"})
    assert response.status_code == 200


@pytest.mark.parametrize("text", HOSTILE)
def test_graphql_variables_with_control_characters_get_a_typed_error(region_client, text):
    client = region_client("shushan")
    status, body = post_graphql(client, {"id": "Search", "variables": {"query": text}})
    assert status == 400 and body.get("data") is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID_CHARACTERS"
    assert error["extensions"]["argument"] == "query"
    assert "控制字符" in error["message"]


def test_graphql_inline_string_literals_are_checked_too(region_client):
    client = region_client("shushan")
    query = '{ search(query: "\\u0000") { totalCount } }'
    _status, body = post_graphql(client, {"query": query})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CHARACTERS"]
    nested = "query($f: GuideFilter) { guides(filter: $f) { totalCount } }"
    _status, body = post_graphql(client, {"query": nested, "variables": {"f": {"x": ["\x00"]}}})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CHARACTERS"]


def test_rating_comments_refuse_control_characters(region_client):
    item = published_entry("shushan", FOOD_LICENCE)
    with pytest.raises(DomainError) as error:
        rate_guide(item.implementation_code, 1, "很好\x00", "web", "client")
    assert [p.field for p in error.value.problems] == ["comment"]
    variables = {"implementationCode": item.implementation_code, "score": 1, "comment": "好\x00"}
    _status, body = post_graphql(
        region_client("shushan"), {"id": "RateGuide", "variables": variables}
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CHARACTERS"
    assert not Rating.objects.exists()
    # Line breaks in a comment are ordinary text.
    rating = rate_guide(item.implementation_code, 1, "很好\r\n很快", "web", "client")
    assert rating.comment == "很好\r\n很快"


@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_exceptions_are_masked_and_logged(region_client, monkeypatch, caplog, debug):
    from search import service

    def broken(*args, **kwargs):
        raise RuntimeError("connection to server at 10.0.0.5 port 5432 failed")

    monkeypatch.setattr(service, "search_guides", broken)
    query = f"身份证{uuid.uuid4().hex[:6]}"  # never answered from the response cache
    with override_settings(DEBUG=debug), caplog.at_level(logging.ERROR, logger="api"):
        _status, body = post_graphql(
            region_client("shushan"), {"id": "Search", "variables": {"query": query}}
        )
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert error["message"] == "服务暂时出错，请稍后再试"
    assert "10.0.0.5" not in json.dumps(body, ensure_ascii=False)
    assert error["extensions"]["errorId"] in caplog.text and "10.0.0.5" in caplog.text
