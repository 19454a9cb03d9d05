"""搜索分析 in the admin: scoped to the viewer's region tree (by code too), fix links pre-filled
for province admins only."""

from urllib.parse import quote

import pytest

from tests.admin.helpers import admin_client

from .conftest import SHUSHAN, SICHUAN, YAOHAI, event

pytestmark = pytest.mark.django_db

URL = "/admin/search-analytics/"


@pytest.fixture
def failing():
    event(SHUSHAN, "小吃店执照", 0)
    event(SHUSHAN, "小吃店执照", 0)
    event(YAOHAI, "瑶海的无结果词", 0)
    event("510104", "四川的无结果词", 0, province=SICHUAN)


def test_a_province_admin_sees_zero_result_queries_with_prefilled_fixes(failing):
    html = admin_client("anhui").get(URL, {"report": "zero", "period": "7"}).content.decode()
    assert "小吃店执照" in html and "瑶海的无结果词" in html
    assert "四川的无结果词" not in html
    term = quote("小吃店执照")
    assert f'href="/admin/snippets/search/synonym/add/?terms={term}">添加同义词</a>' in html
    assert f'href="/admin/snippets/search/bestbet/add/?query={term}">添加置顶结果</a>' in html


def test_a_county_admin_sees_its_own_region_only_and_no_fix_links(failing):
    client = admin_client("shushan")
    html = client.get(URL, {"report": "zero"}).content.decode()
    assert "小吃店执照" in html and "瑶海的无结果词" not in html
    assert "添加同义词</a>" not in html and "由省级管理员添加同义词或置顶结果" in html
    for other in ("340102", "340100", "340000", "510104", "999999"):
        assert client.get(URL, {"region": other}).status_code == 404, other


def test_a_province_admin_narrows_to_one_county(failing):
    html = admin_client("anhui").get(URL, {"report": "zero", "region": YAOHAI}).content.decode()
    assert "瑶海的无结果词" in html and "小吃店执照" not in html


@pytest.mark.parametrize("report", ["top", "zero", "unopened", "trend"])
def test_every_report_renders(failing, report):
    response = admin_client("anhui").get(URL, {"report": report, "channel": "suggest"})
    assert response.status_code == 200


def test_the_platform_host_has_no_search_analytics(region_client):
    assert region_client(None).get(URL).status_code in (302, 404)
