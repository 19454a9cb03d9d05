"""Depth, cost, alias and document-size limits, each refused with a clear error."""

import pytest

pytestmark = pytest.mark.django_db


def _errors(gql, query, **variables) -> dict[str, dict]:
    """The errors of a refused request, by code."""
    status, body = gql("shushan").post({"query": query, "variables": variables})
    assert status == 400 and "data" not in body, body
    return {e["extensions"]["code"]: e for e in body["errors"]}


def _error(gql, query, **variables) -> dict:
    [error] = _errors(gql, query, **variables).values()
    return error


def test_too_deep(gql):
    query = "{ regions { children { children { children { children { children { children { children { code } } } } } } } } }"
    error = _errors(gql, query)["QUERY_TOO_DEEP"]
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "depth": 9, "limit": 8}
    assert error["message"] == "查询嵌套深度为 9，超过上限 8"


def test_too_costly(gql):
    query = """{ guides(first: 50) { edges { node { matter { guides { region {
        departments { name } } } } } } } }"""
    error = _error(gql, query)
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    # connection + 50 × (edge + node + matter + 5 × (guide + region + 5 departments))
    assert error["extensions"]["cost"] == 1 + 50 * (1 + 1 + 1 + 5 * (1 + 1 + 5))
    assert error["message"].startswith(
        f"查询估算成本为 {error['extensions']['cost']}，超过上限 1000"
    )


def test_cost_follows_the_first_variable(gql):
    query = (
        "query($n: Int) { guides(first: $n) { edges { node { matter { regions { code } } } } } }"
    )
    assert gql("shushan")(query, n=10)["guides"]["edges"] == []
    error = _error(
        gql,
        query.replace("regions { code }", "regions { children { departments { name } } }"),
        n=50,
    )
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_too_many_aliases(gql):
    query = "{ " + " ".join(f"a{i}: regions {{ code }}" for i in range(11)) + " }"
    error = _error(gql, query)
    assert error["extensions"] == {"code": "TOO_MANY_ALIASES", "aliases": 11, "limit": 10}
    assert error["message"] == "查询使用了 11 个别名，超过上限 10"


def test_document_too_large(gql):
    query = "{ regions { code } }" + " " * 16384
    error = _error(gql, query)
    assert error["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
    assert error["message"] == f"查询文本为 {len(query)} 字节，超过上限 16384 字节"


def test_limits_follow_settings(gql, settings):
    settings.GRAPHQL_MAX_DEPTH = 2
    error = _error(gql, "{ regions { children { code } } }")
    assert error["message"] == "查询嵌套深度为 3，超过上限 2"


def test_fragments_count_towards_depth(gql):
    query = """{ regions { ...A } }
      fragment A on Region { children { ...B } }
      fragment B on Region { children { children { children { children { children { children {
        code } } } } } } }"""
    assert _errors(gql, query)["QUERY_TOO_DEEP"]["extensions"]["depth"] == 9
