"""Host routing from the in-process host map: no query per request, and every change to regions
or domains (in this process, in another one, rolled back) routes correctly."""

from unittest import mock

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tenants import routing, stamps
from tenants.lifecycle import set_region_active
from tenants.models import Domain, Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_map():
    """Tests here change rows without signals (as another process would); rebuild after them."""
    routing.hosts.invalidate()
    yield
    routing.hosts.invalidate()


def _queries(client, path="/healthz"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries.captured_queries]


def test_second_request_to_a_host_queries_no_domain_and_sets_no_search_path(region_client):
    client = region_client("shushan")
    first, _ = _queries(client)
    second, sql = _queries(client)
    assert (first.status_code, second.status_code) == (200, 200)
    assert [q for q in sql if "tenants_domain" in q] == []
    assert [q for q in sql if q.startswith("SET search_path")] == []


def test_a_different_host_sets_the_search_path_once(region_client):
    _queries(region_client("shushan"))
    response, sql = _queries(region_client("hefei"))
    assert response.json()["tenant"]["schema"] == "hefei"
    assert [q for q in sql if q.startswith("SET search_path")] == [
        'SET search_path = "hefei","public"'
    ]
    assert [q for q in sql if "tenants_domain" in q] == []


def test_unknown_and_template_hosts_get_404_without_a_query(region_client):
    _queries(region_client("shushan"))
    for slug in ("nowhere", "template"):
        response, sql = _queries(region_client(slug))
        assert response.status_code == 404
        assert [q for q in sql if "tenants_domain" in q] == []


def test_a_deactivation_in_another_process_routes_404_once_the_stamp_is_checked(
    region_client, settings
):
    client = region_client("yaohai")
    settings.ROUTING_STAMP_CHECK_SECONDS = 3600
    assert client.get("/healthz").status_code == 200
    Region.objects.filter(slug="yaohai").update(is_active=False)  # no signal: another process
    stamps.bump(routing.ROUTING_STAMP)  # ...which bumped the shared stamp
    assert client.get("/healthz").status_code == 200  # not checked yet (once an hour here)
    settings.ROUTING_STAMP_CHECK_SECONDS = 0
    assert client.get("/healthz").status_code == 404


def test_a_stamp_change_without_a_row_change_keeps_routing(region_client, settings):
    settings.ROUTING_STAMP_CHECK_SECONDS = 0
    client = region_client("yaohai")
    assert client.get("/healthz").status_code == 200
    stamps.bump(routing.ROUTING_STAMP)
    response, sql = _queries(client)
    assert response.status_code == 200
    assert len([q for q in sql if "tenants_domain" in q]) == 1  # rebuilt once, in one query


def test_a_reactivated_region_and_a_new_domain_route_at_once(region_client):
    region = Region.objects.get(slug="yaohai")
    set_region_active(region, False)
    assert region_client("yaohai").get("/healthz").status_code == 404
    set_region_active(region, True)
    assert region_client("yaohai").get("/healthz").status_code == 200
    assert region_client("yaohai-alias").get("/healthz").status_code == 404
    Domain.objects.create(domain="yaohai-alias.localhost", tenant=region, is_primary=False)
    assert region_client("yaohai-alias").get("/healthz").json()["tenant"]["schema"] == "yaohai"
    Domain.objects.filter(domain="yaohai-alias.localhost").delete()
    assert region_client("yaohai-alias").get("/healthz").status_code == 404


def test_a_rolled_back_deactivation_never_reaches_the_map(region_client):
    client = region_client("yaohai")
    assert client.get("/healthz").status_code == 200
    with pytest.raises(RuntimeError), transaction.atomic():
        set_region_active(Region.objects.get(slug="yaohai"), False)
        assert client.get("/healthz").status_code == 404
        raise RuntimeError("roll back")
    assert client.get("/healthz").status_code == 200


def test_each_lookup_gets_its_own_copy_of_the_region():
    first = routing.hosts.region("shushan.localhost")
    second = routing.hosts.region("shushan.localhost")
    assert first is not second and first.pk == second.pk
    first.branding["colour"] = "leaked"
    first.parent.name = "leaked"
    assert second.branding.get("colour") != "leaked" and second.parent.name == "合肥市"
    assert routing.hosts.region("shushan.localhost").parent.parent.name == "安徽省"


def test_a_copy_shares_no_nested_json_and_reads_its_parents_without_a_query(
    django_assert_num_queries,
):
    routing.hosts.region("shushan.localhost")  # the map is built
    with django_assert_num_queries(0):
        first = routing.hosts.region("shushan.localhost")
        second = routing.hosts.region("shushan.localhost")
        first.options["nested"] = {"list": [1]}
        first.parent.parent.features["leaked"] = True
        first.domain_url = "leaked.localhost"
        assert "nested" not in second.options and "leaked" not in second.parent.parent.features
        assert second.parent.parent.name == "安徽省" and second._state.db == "default"
        assert (
            getattr(second, "domain_url", None) != "leaked.localhost" and not second._state.adding
        )


def test_a_value_json_cannot_hold_is_still_copied():
    """A value set by code (not loaded from the column) may not be plain JSON: a deep copy."""
    kept = routing.hosts._hosts()["shushan.localhost"]
    kept.options = {"codes": {"340104"}}
    try:
        copied = routing.hosts.region("shushan.localhost")
        copied.options["codes"].add("leaked")
        assert kept.options == {"codes": {"340104"}}
    finally:
        routing.hosts.invalidate()


def _set_statements(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")]


def test_cache_calls_in_the_public_schema_keep_the_regions_search_path():
    connection.set_tenant(Region.objects.get(slug="shushan"))
    Region.objects.count()  # sets the region's search_path
    with CaptureQueriesContext(connection) as queries:
        stamps.read_one("test:routing")  # the public key prefix, no statement
        assert Region.objects.regions().count() == 4
    assert _set_statements(queries) == []
    with CaptureQueriesContext(connection) as queries:
        with stamps.public():
            Region.objects.count()  # a statement in the public schema...
        Region.objects.count()  # ...so the region's path is set again
    assert _set_statements(queries) == ['SET search_path = "public"',
                                        'SET search_path = "shushan","public"']  # fmt: skip


def test_a_database_lost_after_routing_answers_the_chinese_503(region_client):
    client = region_client("shushan")
    assert client.get("/healthz").status_code == 200  # routes from the map from now on
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=lost):
        response = client.get("/")
    assert (response.status_code, response.content.decode()) == (503, "服务暂时不可用，请稍后再试")
    assert response.headers["Retry-After"] == "30"
