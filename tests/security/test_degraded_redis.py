"""Degraded mode: Redis unreachable (both cache aliases at a closed port).

Before: the home, guide and search pages answered 500 and GraphQL returned raw connection
errors. Now caches fail open (pages from PostgreSQL), the rating limits fail closed with a
Chinese message, sessions degrade to "please log in again", /healthz answers 503 naming Redis,
and a hung Redis costs one short timeout, not one per cache call."""

import json
import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context

from core.published.models import PublishedGuide
from core.published.models_ratings import Rating
from tests.factories import published_entry
from tests.security.hung_server import hung_server

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"
CLOSED = "redis://127.0.0.1:1/0"


def point_caches_at(settings, location: str) -> None:
    settings.CACHES = {
        alias: {**options, "LOCATION": location} for alias, options in settings.CACHES.items()
    }


@pytest.fixture
def guide():
    item = published_entry("shushan", FOOD_LICENCE)
    return PublishedGuide.objects.get(implementation_code=item.implementation_code)


@pytest.fixture
def redis_down(settings, guide):
    point_caches_at(settings, CLOSED)


def graphql(client, body: dict) -> dict:
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_portal_pages_are_served_from_postgresql(redis_down, guide, region_client):
    client = region_client("shushan")
    assert client.get("/").status_code == 200
    page = client.get(guide.url.split("shushan.localhost", 1)[-1])
    assert page.status_code == 200 and guide.name in page.content.decode()
    found = client.get("/search/", {"q": "食品经营"})
    assert found.status_code == 200 and guide.name in found.content.decode()
    assert client.get("/search/suggest", {"q": "食品"}).status_code == 200


def test_graphql_queries_answer_without_errors(redis_down, guide, region_client):
    client = region_client("shushan")
    search = graphql(client, {"id": "Search", "variables": {"query": "食品经营"}})
    assert "errors" not in search and search["data"]["search"]["totalCount"] >= 1
    detail = graphql(client, {"id": "GuideDetail",
                              "variables": {"implementationCode": guide.implementation_code}})  # fmt: skip
    assert "errors" not in detail and detail["data"]["guide"]["name"] == guide.name


def test_ratings_fail_closed_with_a_clear_message(redis_down, guide, region_client):
    body = graphql(region_client("shushan"), {"id": "RateGuide", "variables": {
        "implementationCode": guide.implementation_code, "score": 1}})  # fmt: skip
    [error] = body["data"]["rateGuide"]["errors"]
    assert error["code"] == "RATE_LIMITED" and "评价服务暂时不可用" in error["message"]
    assert not Rating.objects.exists()


def test_sessions_degrade_to_log_in_again(settings, guide):
    with schema_context("shushan"):
        get_user_model().objects.create_user("clerk", password="x-test-2026", is_superuser=True)
    client = Client(HTTP_HOST="shushan.localhost")
    assert (
        client.post("/admin/login/", {"username": "clerk", "password": "x-test-2026"}).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200
    point_caches_at(settings, CLOSED)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post("/admin/login/", {"username": "clerk", "password": "x-test-2026"})
    assert response.status_code == 503
    assert "请稍后重新登录" in response.content.decode()


def test_healthz_names_redis(redis_down, region_client):
    response = region_client("shushan").get("/healthz")
    assert response.status_code == 503 and response.json()["failed"] == ["redis"]


@pytest.fixture
def hung_redis():
    with hung_server() as port:
        yield f"redis://127.0.0.1:{port}/0"


def test_a_hung_redis_costs_one_timeout_not_one_per_call(
    settings, guide, region_client, hung_redis
):
    point_caches_at(settings, hung_redis)
    client = region_client("shushan")
    started = time.monotonic()
    for _ in range(3):
        assert client.get("/search/", {"q": "食品经营"}).status_code == 200
        assert client.get("/").status_code == 200
    elapsed = time.monotonic() - started
    # socket_timeout is 1 s: the first call waits for it, the breaker then skips Redis.
    assert elapsed < 4.0, elapsed


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.05)
    server.kill()
    pytest.fail("redis-server did not start")


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_redis_stopped_and_restarted(settings, guide, region_client):
    """Redis goes away and comes back: pages answer throughout, /healthz tells the truth, and
    once the breaker's cool-down has passed the cache and logins work again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        alias: {**options, "LOCATION": f"redis://127.0.0.1:{port}/0", "FAIL_OPEN_COOLDOWN": 0.5}
        for alias, options in settings.CACHES.items()
    }
    with schema_context("shushan"):
        get_user_model().objects.create_user("clerk", password="x-test-2026", is_superuser=True)
    login = {"username": "clerk", "password": "x-test-2026"}
    client = region_client("shushan")
    server = start_redis(port)
    try:
        assert client.get("/healthz").status_code == 200
        server.terminate()
        server.wait(timeout=10)
        for path in ("/", "/search/?q=食品经营", "/healthz"):
            assert client.get(path).status_code == (503 if path == "/healthz" else 200)
        assert client.post("/admin/login/", login).status_code == 503
        server = start_redis(port)
        time.sleep(0.6)  # the breaker's cool-down
        assert client.get("/healthz").status_code == 200
        from django.core.cache import cache

        cache.set("after-restart", "back")
        assert cache.get("after-restart") == "back"
        assert client.post("/admin/login/", login).status_code == 302
        assert client.get("/admin/").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_one_redis_client_serves_every_cache_call_of_a_thread():
    """Django builds a redis-py client for every cache call (its constructor cost as much CPU
    as the GET); core.cache_backends keeps one per connection pool, reading what it wrote."""
    from django.core.cache import caches

    backend = caches["default"]
    backend.set("client-probe", {"n": 1})
    client = backend._cache.get_client(write=True)
    assert backend.get("client-probe") == {"n": 1}
    assert backend._cache.get_client() is client
    assert caches["sessions"]._cache.get_client() is not client  # its own pool and client
