"""Helpers for API tests: post GraphQL to a host, persisted operations, demo guides."""

import json

import pytest
from django.core.cache import cache

from api.core import persisted
from api.core.cache import bump_generation
from search import indexing
from tests.factories import published_entry

FOOD_LICENCE = "000131106000"  # 食品经营许可, published by 蜀山 and 瑶海


@pytest.fixture
def fresh_rate_limits():
    """An empty cache before and after the test: rateGuide allows 5 ratings per client and
    hour, and tests that rate more than that start from none."""
    cache.clear()
    yield
    cache.clear()


class GraphQL:
    """A GraphQL client for one host (``None`` = the platform host)."""

    def __init__(self, client):
        self.client = client
        self.last_cache = None  # X-API-Cache of the last response: "hit", "miss" or None

    def post(self, body: dict, **headers):
        response = self.client.post("/graphql/", json.dumps(body), content_type="application/json",
                                    **headers)  # fmt: skip
        self.last_cache = response.headers.get("X-API-Cache")
        return response.status_code, response.json()

    def __call__(self, query: str, **variables) -> dict:
        """Run a query; assert no errors; return ``data``."""
        status, body = self.post({"query": query, "variables": variables})
        assert "errors" not in body, body["errors"]
        assert status == 200
        return body["data"]

    def errors(self, query: str, **variables) -> list[dict]:
        _status, body = self.post({"query": query, "variables": variables})
        assert body.get("errors"), body
        return body["errors"]

    def operation(self, name: str, **variables) -> dict:
        """Run a persisted operation by id; return the whole response body."""
        return self.post({"id": name, "variables": variables})[1]


@pytest.fixture(autouse=True)
def _no_cached_responses_from_other_tests():
    """Each test's database is rolled back but Redis is not: start from a new generation."""
    bump_generation()


@pytest.fixture
def gql(region_client):
    """``gql("shushan")`` → a client for 蜀山's host; ``gql(None)`` for the platform host."""
    return lambda slug: GraphQL(region_client(slug))


def operation_text(name: str) -> str:
    return persisted.find(name).text


def index(*items) -> None:
    for item in items:
        indexing.index_guide(item.implementation_code)


@pytest.fixture
def food_guide():
    """蜀山's published 食品经营许可 (projection row written)."""
    return published_entry("shushan", FOOD_LICENCE)
