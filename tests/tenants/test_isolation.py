"""Two counties, one deployment: users, sessions, page trees and caches stay in their tenant."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_tenants.utils import schema_context
from wagtail.models import Page

from cms.models import RegionHomePage

pytestmark = pytest.mark.django_db

PASSWORD = "demo-shushan-2026"  # tenant_configs/regions/shushan.yaml (demo data)


def login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_county_clerk_cannot_log_in_on_another_county(region_client):
    own = login(region_client("shushan"), "shushan_admin", PASSWORD)
    other = login(region_client("yaohai"), "shushan_admin", PASSWORD)
    assert own.status_code == 302 and own["Location"] == "/admin/"
    assert other.status_code == 200  # the form again, with an error
    assert "admin" not in other.get("Location", "")
    assert not other.wsgi_request.user.is_authenticated


def test_users_live_in_their_own_schema():
    with schema_context("shushan"):
        assert list(get_user_model().objects.values_list("username", flat=True)) == [
            "shushan_admin"
        ]
    with schema_context("yaohai"):
        assert list(get_user_model().objects.values_list("username", flat=True)) == ["yaohai_admin"]


def test_a_session_from_one_county_is_worthless_on_another(region_client):
    shushan = region_client("shushan")
    login(shushan, "shushan_admin", PASSWORD)
    stolen = shushan.cookies["sessionid"].value
    yaohai = region_client("yaohai")
    yaohai.cookies["sessionid"] = stolen
    assert shushan.get("/admin/").status_code == 200
    response = yaohai.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_page_trees_are_separate():
    with schema_context("shushan"):
        home = RegionHomePage.objects.get()
        home.add_child(instance=Page(title="蜀山区专属页面", slug="only-shushan"))
        assert Page.objects.filter(slug="only-shushan").count() == 1
        assert home.title == "蜀山区"
    with schema_context("yaohai"):
        assert not Page.objects.filter(slug="only-shushan").exists()
        assert RegionHomePage.objects.get().title == "瑶海区"


def test_cache_keys_are_prefixed_by_tenant():
    with schema_context("shushan"):
        cache.set("isolation-probe", "蜀山")
    with schema_context("yaohai"):
        assert cache.get("isolation-probe") is None
        cache.set("isolation-probe", "瑶海")
    with schema_context("shushan"):
        assert cache.get("isolation-probe") == "蜀山"
        cache.delete("isolation-probe")
    with schema_context("yaohai"):
        cache.delete("isolation-probe")


def test_every_cache_alias_is_tenant_aware():
    from django.core.checks import run_checks

    errors = [e for e in run_checks() if e.id.startswith("tenants.")]
    assert errors == []


def test_system_check_catches_a_cache_without_tenant_keys(settings):
    from tenants.checks import check_cache_key_functions

    settings.CACHES = {
        **settings.CACHES,
        "extra": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    (error,) = check_cache_key_functions(None)
    assert error.id == "tenants.E001" and "'extra'" in error.msg
