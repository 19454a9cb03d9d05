"""The 效能看板 per level: what each admin sees, 404 outside its tree, export, 督办."""

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.metrics.models import Alert
from core.metrics.snapshots import snapshot_region
from core.published.models import PublishedGuide
from tenants.models import Region
from tests.admin.helpers import admin_client
from tests.factories import published_entry

pytestmark = pytest.mark.django_db
URL = "/admin/metrics/"


@pytest.fixture
def snapshots():
    published_entry("shushan", "000131106000")
    today = timezone.localdate()
    for slug in ("anhui", "hefei", "shushan", "yaohai"):
        snapshot_region(Region.objects.get(slug=slug), today)


def test_the_province_ranks_its_cities_and_drills_down(snapshots):
    client = admin_client("anhui")
    page = client.get(URL).content.decode()
    assert "效能看板：安徽省" in page and '<a href="?region=340100">合肥市</a>' in page
    county = client.get(URL, {"region": "340104"}).content.decode()
    assert "效能看板：蜀山区" in county and "合肥市蜀山区市场监督管理局" in county


def test_a_county_sees_itself_and_gets_404_above_or_beside_it(snapshots):
    client = admin_client("shushan")
    assert "效能看板：蜀山区" in client.get(URL).content.decode()
    assert client.get(URL, {"region": "340000"}).status_code == 404
    assert admin_client("yaohai").get(URL, {"region": "340104"}).status_code == 404


def test_the_view_exports_as_xlsx(snapshots):
    response = admin_client("hefei").get(URL, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("区划/部门", "认领率", "发布率")
    assert rows[1][0] == "合肥市（含下级）"
    assert {r[0] for r in rows[1:]} >= {"合肥市（含下级）", "蜀山区", "瑶海区"}


def test_the_level_above_supervises_an_alert_the_region_itself_cannot():
    shushan = Region.objects.get(slug="shushan")
    alert = Alert.objects.create(region=shushan, kind="review", ref="1", title="待审核：X",
                                 level="red", started_on=date(2026, 1, 5))  # fmt: skip
    url = f"{URL}alerts/{alert.pk}/supervise/"
    assert admin_client("shushan").post(url, {"note": "自己督办自己"}).status_code == 404
    assert admin_client("hefei").post(url, {"note": "请三日内办结"}).status_code == 302
    alert.refresh_from_db()
    assert alert.supervision_note.endswith("（合肥市）：请三日内办结")


def test_a_department_drills_down_to_its_failing_entries(snapshots):
    guide = PublishedGuide.objects.get(region__slug="shushan")
    PublishedGuide.objects.filter(pk=guide.pk).update(online_depth=2, visits=2)
    page = (
        admin_client("anhui")
        .get(URL, {"region": "340104", "department": guide.department_uscc})
        .content.decode()
    )
    assert "：未达阈值的事项" in page and guide.implementation_code in page
    assert "网上办理深度 2 级，低于 3 级；到现场 2 次，超过 1 次" in page
