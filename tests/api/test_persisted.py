"""Persisted operations, production flags (persisted only, no introspection), GraphiQL."""

import hashlib

import pytest

from tests.api.conftest import operation_text

pytestmark = pytest.mark.django_db

REGIONS = {"data": {"regions": [{"code": "340102", "name": "瑶海区", "slug": "yaohai", "level": "COUNTY"},
                                {"code": "340104", "name": "蜀山区", "slug": "shushan", "level": "COUNTY"}]}}  # fmt: skip
INTROSPECTION = "{ __schema { queryType { name } } }"


def test_by_id_by_hash_and_apollo_extension(gql):
    client = gql("hefei")
    digest = hashlib.sha256(operation_text("Regions").encode()).hexdigest()
    assert client.post({"id": "Regions"})[1] == REGIONS
    assert client.post({"id": f"sha256:{digest}"})[1] == REGIONS
    body = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    assert client.post(body)[1] == REGIONS
    response = client.client.get("/graphql/", {"id": "Regions"}, HTTP_ACCEPT="application/json")
    assert response.json() == REGIONS


def test_unknown_operation_is_rejected(gql):
    status, body = gql("hefei").post({"id": "DropTables"})
    assert status == 400
    [error] = body["errors"]
    assert error["extensions"] == {"code": "PERSISTED_OPERATION_NOT_FOUND", "id": "DropTables"}
    assert error["message"] == "未找到持久化操作“DropTables”；可用的操作见 graphql/operations"


def test_production_requires_persisted_operations(gql, settings):
    settings.GRAPHQL_REQUIRE_PERSISTED = True
    client = gql("hefei")
    status, body = client.post({"query": "{ regions { code } }"})
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_OPERATION_REQUIRED"
    assert client.post({"id": "Regions"})[1] == REGIONS
    # the exact text of a persisted operation is accepted as that operation
    assert client.post({"query": operation_text("Regions")})[1] == REGIONS


def test_introspection_off_unless_enabled(gql, settings):
    settings.GRAPHQL_INTROSPECTION = False
    [error] = gql(None).errors(INTROSPECTION)
    assert error["extensions"]["code"] == "INTROSPECTION_DISABLED"
    assert error["message"].startswith("本环境已关闭内省（introspection），不能查询 __schema")
    assert gql(None)("{ regions { __typename } }") == {"regions": [{"__typename": "Region"}]}
    settings.GRAPHQL_INTROSPECTION = True
    assert gql(None)(INTROSPECTION) == {"__schema": {"queryType": {"name": "Query"}}}


def test_graphiql_in_development_only(region_client, settings):
    settings.GRAPHQL_GRAPHIQL = False
    response = region_client(None).get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    settings.GRAPHQL_GRAPHIQL = True
    response = region_client(None).get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()
    # the page's own {% csrf_token %} sets the cookie; JSON answers carry none (test_thin_path)
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_mutations_need_post(gql):
    response = gql("shushan").client.get(
        "/graphql/", {"id": "RateGuide"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 405
