"""/healthz: ok or failed and timings only, 503 naming the failing service.

Before: a failed probe returned the exception text, e.g. ``ConnectionError: Error 111
connecting to 127.0.0.1:1. Connection refused.`` (internal addresses and ports)."""

import json

import pytest

from tests.security.dev_server import dev_server, get

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:1/0"


def test_healthy_services_report_ok_and_timings(region_client):
    body = region_client("shushan").get("/healthz").json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["redis"]) == {"ok", "ms"} and set(body["database"]) == {"ok", "ms"}


@pytest.mark.parametrize("slug", ["shushan", None])
def test_a_redis_outage_is_503_naming_redis_without_addresses(region_client, settings, slug):
    settings.CACHES = {
        **settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": CLOSED},
    }  # fmt: skip
    response = region_client(slug).get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert (body["status"], body["failed"], body["redis"]["ok"]) == ("error", ["redis"], False)
    assert set(body["redis"]) == {"ok", "ms"}
    text = json.dumps(body)
    assert "127.0.0.1" not in text and ":1" not in text and "Error" not in text


def test_a_database_outage_is_503_naming_the_database():
    """PostgreSQL down: even the host cannot be looked up; /healthz still answers (503)."""
    with dev_server("postgres://postgres@127.0.0.1:1/zwfw", gunicorn=True) as port:
        status, body = get(port, "/healthz", host="shushan.localhost")
        assert status == 503
        assert json.loads(body) == {"status": "error", "failed": ["database"],
                                    "database": {"ok": False}}  # fmt: skip
        status, body = get(port, "/", host="shushan.localhost")
        assert (status, body) == (503, "服务暂时不可用，请稍后再试")
