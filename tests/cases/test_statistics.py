"""Cases in the 效能 snapshots (from the register) and the xlsx export of a period."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.cases import export, services
from core.cases.models import Case
from core.metrics import definitions
from core.metrics.snapshots import counts_of, snapshot_region
from tenants.models import Region

from .helpers import REQUIRED, applicant, clerk, food_entry, open_case

pytestmark = pytest.mark.django_db


def test_case_figures_reach_the_snapshots_and_roll_up():
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("stats", superuser=True)
        on_time = services.accept(open_case(item), user)
        services.complete(on_time, user, True, result_name="许可证")
        late = services.accept(open_case(item), user)
        Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=1))
        services.complete(late, user, False, reason="条件不符")
        asked = open_case(item)
        services.request_supplement(asked, user, [{"material": REQUIRED[0], "reason": "缺签名"}])
        open_case(item)  # still in 预审
    today = timezone.localdate()
    snapshot_region(Region.objects.get(slug="shushan"), today)
    counts = counts_of(Region.objects.get(slug="shushan"), today)
    assert {k: counts[k] for k in ("cases", "cases_finished", "cases_on_time",
                                   "cases_supplemented")} == {
        "cases": 4, "cases_finished": 2, "cases_on_time": 1, "cases_supplemented": 1,
    }  # fmt: skip
    rates = definitions.rates(counts)
    assert (rates["case_volume"], rates["case_on_time_rate"], rates["case_finish_rate"],
            rates["supplement_rate"]) == (4, 0.5, 0.5, 0.25)  # fmt: skip
    by_department = counts_of(Region.objects.get(slug="shushan"), today,
                              department=item.department.uscc)  # fmt: skip
    assert by_department["cases"] == 4
    snapshot_region(Region.objects.get(slug="hefei"), today)
    hefei = Region.objects.get(slug="hefei")
    assert counts_of(hefei, today)["cases"] == 0
    assert counts_of(hefei, today, rolled_up=True)["cases"] == 4


def test_export_of_a_period_with_the_exchange_field_names():
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("exporter", superuser=True)
        done = services.accept(open_case(item, applicant(name="赵六")), user)
        services.complete(done, user, True, result_name='=HYPERLINK("x")')
        handler = clerk("plain", department=item.department)
    client = Client(HTTP_HOST="shushan.localhost")
    with schema_context("shushan"):
        client.force_login(user)
    today = timezone.localdate().isoformat()
    response = client.get(f"/admin/cases/export.xlsx?from={today}&to={today}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == tuple(header for header, _ in export.COLUMNS)
    assert rows[0][:7] == ("办件编号", "实施编码", "事项名称", "办件类型", "实施主体",
                           "实施主体编码", "受理部门")  # fmt: skip
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["办件类型"], record["实施主体"], record["实施主体编码"]) == (
        "承诺件", item.department.name, item.department.uscc,
    )  # fmt: skip
    assert (record["办件编号"], record["申请人名称"], record["办件状态"], record["是否按期办结"]) == (
        done.number, "赵六", "办结（准予许可）", "是",
    )  # fmt: skip
    assert record["办理结果"] == '=HYPERLINK("x")'
    column = rows[0].index("办理结果") + 1
    assert sheet.cell(row=2, column=column).data_type == "s"  # text, not a formula
    assert len(rows) == 2
    empty = client.get("/admin/cases/export.xlsx?from=2020-01-01&to=2020-01-31")
    assert len(list(load_workbook(io.BytesIO(empty.content)).active.values)) == 1
    other = Client(HTTP_HOST="shushan.localhost")
    with schema_context("shushan"):
        other.force_login(handler)
    refused = other.get(f"/admin/cases/export.xlsx?from={today}&to={today}")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail: no access
