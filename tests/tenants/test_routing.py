"""Host routing: region hosts, the platform host, unknown hosts, health, admin language."""

import pytest

from tenants.lifecycle import set_region_active
from tenants.models import Region

pytestmark = pytest.mark.django_db


def test_region_home_shows_name_and_region_switcher(region_client):
    response = region_client("hefei").get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>合肥市政务服务</h1>" in html
    assert '<a href="http://anhui.localhost/" rel="up">安徽省</a>' in html
    assert '<a href="http://shushan.localhost/">蜀山区</a>' in html
    assert '<a href="http://yaohai.localhost/">瑶海区</a>' in html


def test_county_home_links_up_and_to_siblings(region_client):
    html = region_client("shushan").get("/").content.decode()
    assert "<h1>蜀山区政务服务</h1>" in html
    assert '<a href="http://hefei.localhost/" rel="up">合肥市</a>' in html
    assert '<a href="http://yaohai.localhost/">瑶海区</a>' in html


def test_unknown_host_gets_404(region_client):
    assert region_client("nowhere").get("/").status_code == 404
    assert region_client("template").get("/").status_code == 404


def test_inactive_region_gets_404(region_client):
    client = region_client("yaohai")
    assert client.get("/healthz").status_code == 200  # the host map is built and holds yaohai
    set_region_active(Region.objects.get(slug="yaohai"), False)
    assert client.get("/healthz").status_code == 404


def test_platform_console_lists_regions_and_health(region_client):
    response = region_client(None).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "政务服务平台控制台" in html
    assert "区划租户（4）" in html
    assert '<a href="//shushan.localhost/">shushan.localhost</a>' in html
    assert "数据库：正常" in html and "Redis：正常" in html


@pytest.mark.parametrize("slug", ["anhui", "shushan", None])
def test_healthz_reports_tenant_database_and_redis(region_client, slug):
    response = region_client(slug).get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["tenant"]["schema"] == (slug or "public")
    assert body["database"]["ok"] and body["redis"]["ok"]


def test_healthz_reports_a_broken_redis_with_503(region_client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    response = region_client("shushan").get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"]["ok"] is False


def test_admin_is_served_in_simplified_chinese(region_client):
    response = region_client("shushan").get("/admin/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in html
    assert "登录" in html
