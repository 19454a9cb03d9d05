"""A province admin opens the 效能看板 in Chromium and drills down to a county (screenshots kept
in tests/artifacts/)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from core.metrics.models import MetricSnapshot
from core.metrics.snapshots import snapshot_region
from tenants.models import Region

from .conftest import ARTIFACTS
from .test_portal import portal_data  # noqa: F401  (committed guides, module scope)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "dashboard-test-2026"


@pytest.fixture(scope="module")
def snapshots(portal_data, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        today = timezone.localdate()
        for slug in ("anhui", "hefei", "shushan", "yaohai"):
            snapshot_region(Region.objects.get(slug=slug), today)
        with schema_context("anhui"):
            get_user_model().objects.create_superuser("dash_admin", "d@example.cn", PASSWORD)
        connection.close()  # the test database is dropped at the end: leave no session open
    yield
    with django_db_blocker.unblock():
        MetricSnapshot.objects.all().delete()
        with schema_context("anhui"):
            get_user_model().objects.filter(username="dash_admin").delete()
        connection.close()


def test_the_province_dashboard_ranks_and_drills_down(snapshots, browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    base = f"http://anhui.localhost:{server}"
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "dash_admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(base + "/admin/metrics/")
    assert "效能看板：安徽省" in page.locator("h1").inner_text()
    assert page.get_by_role("table", name="下级区划效能指标").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-province.png"), full_page=True)
    page.get_by_role("link", name="合肥市").click()
    page.wait_for_url(re.compile(r"region=340100"))
    page.get_by_role("link", name="蜀山区").click()
    page.wait_for_url(re.compile(r"region=340104"))
    assert "效能看板：蜀山区" in page.locator("h1").inner_text()
    assert page.get_by_role("table", name="部门效能指标").is_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-county.png"), full_page=True)
    context.close()
