"""Rating limits (好差评): keyed on the client's address across every host of the deployment.

Before: the key was address + User-Agent, counted per host (tenant-prefixed cache keys), so
rotating the browser string or the host name bypassed the limit. X-Forwarded-For counts only
when the peer is a configured trusted proxy, and then only its right-most untrusted hop."""

import json

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from core.domain.errors import DomainError
from core.published.models_ratings import Rating
from core.published.ratings import RATE_LIMIT, client_key, rate_guide
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def guide():
    return published_entry("shushan", FOOD_LICENCE)


def rate(region_client, slug, guide, user_agent="Mozilla/5.0", **meta):
    body = {"id": "RateGuide", "variables": {"implementationCode": guide.implementation_code,
                                             "score": 2}}  # fmt: skip
    response = region_client(slug).post(
        "/graphql/", json.dumps(body), content_type="application/json",
        HTTP_USER_AGENT=user_agent, **meta,
    )  # fmt: skip
    return response.json()["data"]["rateGuide"]["errors"]


def test_rotating_hosts_and_user_agents_does_not_bypass_the_limit(region_client, guide):
    hosts = ["shushan", "yaohai", "hefei", "anhui", None]  # None: the platform host
    for n in range(RATE_LIMIT):
        assert rate(region_client, hosts[n % len(hosts)], guide, f"agent-{n}") == []
    [error] = rate(region_client, "yaohai", guide, "yet-another-agent")
    assert error["code"] == "RATE_LIMITED" and "每小时最多评价5次" in error["message"]
    assert Rating.objects.count() == RATE_LIMIT
    # Another address is not affected.
    assert rate(region_client, "shushan", guide, REMOTE_ADDR="192.0.2.9") == []


def test_a_daily_limit_across_guides(guide):
    other = published_entry("shushan", "000713002000")
    with override_settings(RATING_DAILY_LIMIT=7):
        for n in range(7):
            rate_guide((guide, other)[n % 2].implementation_code, 1, "", "web", "198.51.100.7")
        with pytest.raises(DomainError, match="每天最多评价7次"):
            rate_guide(other.implementation_code, 1, "", "web", "198.51.100.7")
    assert Rating.objects.count() == 7


def meta(remote, forwarded=None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    assert client_key(meta("203.0.113.5", "1.1.1.1")) == "203.0.113.5"
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.168.1.1"]):
        # The client forges a left part; the proxy appended the address it saw.
        assert client_key(meta("10.0.0.2", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"
        assert client_key(meta("10.0.0.2", "7.7.7.7, 203.0.113.5")) == "203.0.113.5"
        # Two trusted hops (load balancer → nginx): skip both.
        assert client_key(meta("10.0.0.2", "6.6.6.6, 203.0.113.5, 192.168.1.1")) == "203.0.113.5"
        assert client_key(meta("10.0.0.2")) == "10.0.0.2"
        assert client_key(meta("203.0.113.9", "1.1.1.1")) == "203.0.113.9"


def test_rotating_a_forged_forwarded_for_does_not_bypass_the_limit(region_client, guide):
    with override_settings(TRUSTED_PROXIES=["127.0.0.1"]):
        for n in range(RATE_LIMIT):
            forged = f"6.6.6.{n}, 203.0.113.5"
            assert rate(region_client, "shushan", guide, HTTP_X_FORWARDED_FOR=forged) == []
        [error] = rate(region_client, "shushan", guide, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
        assert error["code"] == "RATE_LIMITED"
        assert rate(region_client, "shushan", guide, HTTP_X_FORWARDED_FOR="203.0.113.6") == []
