"""Staff in the Wagtail admin: inbox per department with filters, detail, 补正 builder,
accept/reject, files only to the case's handlers, notices as readable PDFs."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context

from core.cases import clock, services, states
from core.cases.models import Case
from core.workbench.templatetags.workbench_sidebar import sidebar_key
from tenants.models import Department

from .helpers import REQUIRED, applicant, clerk, food_entry, open_case

pytestmark = pytest.mark.django_db


def logged_in(slug, user) -> Client:
    client = Client(HTTP_HOST=f"{slug}.{settings.TENANT_BASE_DOMAIN}")
    with schema_context(slug):
        client.force_login(user)
    return client


def test_the_inbox_shows_a_department_its_own_cases_with_deadline_filters():
    item = food_entry()
    with schema_context("shushan"):
        mine = clerk("market", department=item.department)
        other = (
            Department.objects.filter(region=item.department.region)
            .exclude(pk=item.department_id)
            .first()
        )
        theirs = clerk("tax", department=other)
        due_today = open_case(item, applicant(1))
        late = open_case(item, applicant(2))
        later = open_case(item, applicant(3))
        today = clock.today()
        Case.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=3))
        Case.objects.filter(pk=due_today.pk).update(due_date=today)
        Case.objects.filter(pk=later.pk).update(due_date=today + timedelta(days=30))
    client = logged_in("shushan", mine)
    page = client.get("/admin/cases/").content.decode()
    assert page.index(late.number) < page.index(due_today.number) < page.index(later.number)
    overdue = client.get("/admin/cases/?due=overdue").content.decode()
    assert late.number in overdue and due_today.number not in overdue
    soon = client.get("/admin/cases/?due=soon").content.decode()
    assert due_today.number in soon and later.number not in soon and late.number not in soon
    assert later.number not in client.get("/admin/cases/?state=processing").content.decode()
    other_page = logged_in("shushan", theirs).get("/admin/cases/").content.decode()
    assert late.number not in other_page and "没有符合条件的办件" in other_page
    assert logged_in("shushan", theirs).get(f"/admin/cases/{late.pk}/").status_code == 404


def test_the_inbox_runs_a_fixed_number_of_queries(settings):
    """Pinned: a handler's inbox page (50 of 60 open cases) with the sidebar built (cache off)
    and from the per-user cache (core.workbench)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cases.models import Case as Cases

    item = food_entry()
    with schema_context("shushan"):
        user = clerk("pinned", department=item.department)
        case = open_case(item)
        template = Cases.objects.get(pk=case.pk)
        for n in range(59):
            template.pk, template.number = None, f"{case.number[:-5]}{n + 10:05d}"
            template.save()
    client = logged_in("shushan", user)

    def count():
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/admin/cases/")
        assert len(re.findall(r'<a href="/admin/cases/\d+/">', page.content.decode())) == 50
        return len(captured.captured_queries)

    count()
    # session user, 2 × permissions, profile, handler departments, count, page, locale,
    # 2 × page permissions (explorer), handler departments (menu), 同步收件箱 count, departments
    assert count() == 13
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 30
    cache.delete(sidebar_key(user))
    count()
    try:
        assert count() == 9
    finally:
        cache.delete(sidebar_key(user))


def test_supplement_builder_accept_and_files_through_the_admin():
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("market2", department=item.department)
        case = open_case(item)
        file_id = case.files.first().pk
        names = list(case.materials.values_list("name", flat=True))
    client = logged_in("shushan", user)
    detail = client.get(f"/admin/cases/{case.pk}/").content.decode()
    assert "发出补正告知" in detail and case.number in detail
    post = {"material_names": names, "pick-0": "1", "reason-0": "申请书缺少签名",
            "pick-2": "1", "reason-2": "布局图不清晰", "note": "请一并补交"}  # fmt: skip
    client.post(f"/admin/cases/{case.pk}/act/request_supplement/", post)
    with schema_context("shushan"):
        case.refresh_from_db()
        assert case.state == states.SUPPLEMENT
        assert case.supplement_notice.items == [
            {"material": names[0], "reason": "申请书缺少签名"},
            {"material": names[2], "reason": "布局图不清晰"},
        ]
    again = client.post(f"/admin/cases/{case.pk}/act/request_supplement/", post, follow=True)
    assert "补正告知只能发出一次" in again.content.decode()
    assert client.get(f"/admin/cases/files/{file_id}/").getvalue().startswith(b"%PDF")
    # an admin of another county cannot reach this county's files at all
    with schema_context("yaohai"):
        neighbour = clerk("yaohai-clerk", superuser=True)
    assert logged_in("yaohai", neighbour).get(f"/admin/cases/files/{file_id}/").status_code == 404


def _pdf_text(pdf: bytes, tmp_path) -> str:
    source = tmp_path / "notice.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(source),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    png = tmp_path / "page-1.png"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000
    return subprocess.run(["pdftotext", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def test_notices_are_rendered_as_readable_pdfs(tmp_path):
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("market3", department=item.department)
        case = open_case(item)
        services.request_supplement(
            case, user, [{"material": REQUIRED[0], "reason": "申请书缺少法定代表人签名"}]
        )
        rejected = services.reject(open_case(item), user, "申请事项不属于本机关职权范围")
    client = logged_in("shushan", user)
    response = client.get(f"/admin/cases/{case.pk}/notice/supplement.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    for expected in ("补正告知书", case.number, "申请书缺少法定代表人签名", "一次性告知"):
        assert expected in text.replace(" ", ""), expected
    text = _pdf_text(client.get(f"/admin/cases/{rejected.pk}/notice/rejection.pdf").content,
                     tmp_path)  # fmt: skip
    assert "不予受理通知书" in text.replace(" ", "")
    assert "申请事项不属于本机关职权范围" in text.replace(" ", "")
    assert client.get(f"/admin/cases/{case.pk}/notice/acceptance.pdf").status_code == 404
