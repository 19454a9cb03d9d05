"""网上办件 in headless Chromium: a citizen signs in through the identity provider (统一身份认证)
from a guide's 在线办理 button, applies on 蜀山's portal with uploads, the clerk (signed in to 蜀山's
Wagtail admin) asks for 补正 with the builder, the citizen supplements, the clerk accepts and
completes, the citizen queries the progress on 合肥's host with number + 查询码 and rates the
case. Screenshots in tests/artifacts/cases-*.png."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test import override_settings
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from core.case_register.models import CaseRecord
from core.cases.models import Case, CaseHandler
from core.celery import app
from core.identity import accounts
from core.listings import services as listings
from core.published.models import FollowUp, PublishedGuide, Rating
from tests.factories import listing_entry
from tests.identity.factories import VerifiedPersonFactory

from .conftest import ARTIFACTS
from .data import _high_water, remove_portal_data
from .identity_data import high_water, register_portals, remove_identity_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
FOOD_LICENCE = "000131106000"
CLERK, PASSWORD = "case_clerk", "case-clerk-2026"
MOBILE, CITIZEN_PASSWORD = "13900139016", "citizen-pass-2026"
# Public-only apps. The citizen (identity, auth) is removed by remove_identity_data, in the
# public schema: auth's tables exist in every region too (it once took 合肥's staff with it).
PUBLIC = ("published", "search", "catalogue", "case_register")
TENANT = ("cases", "listings")  # cases first: they protect their entries


@pytest.fixture(scope="module")
def portal_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The food licence published in 蜀山, a clerk of its department and a citizen, committed."""
    with django_db_blocker.unblock():
        marks = {"public": _high_water(PUBLIC), "tenants": {}}
        identity_marks = high_water()
        with schema_context("shushan"):
            from wagtail.models import Page

            marks["tenants"]["shushan"] = {
                **_high_water(TENANT), ModelLogEntry: _log_mark(),
                Page: Page.objects.aggregate(m=Max("pk"))["m"],
            }  # fmt: skip
        eager, app.conf.task_always_eager = app.conf.task_always_eager, True
        try:
            item = listing_entry("shushan", FOOD_LICENCE)
            with schema_context("shushan"):
                listings.publish_item(item, direct=True)
            call_command("rebuild_projection", stdout=open("/dev/null", "w"))  # noqa: SIM115
        finally:
            app.conf.task_always_eager = eager
        with schema_context("shushan"):
            user = get_user_model().objects.create_user(CLERK, password=PASSWORD, is_staff=True)
            for codename in ("access_admin", "handle_case"):
                user.user_permissions.add(Permission.objects.get(codename=codename))
            CaseHandler.objects.create(user=user, department_id=item.department_id)
        person = VerifiedPersonFactory(name="王小明", mobile=MOBILE)  # 实名等级 L2
        accounts.set_password(person, CITIZEN_PASSWORD)
        accounts.accept_consent(person)
        connection.close()
    yield {"person": person, "item": item}
    with django_db_blocker.unblock():
        with schema_context("shushan"):
            get_user_model().objects.filter(username=CLERK).delete()
        remove_portal_data(marks)
        remove_identity_data(identity_marks)
        connection.close()


def _log_mark():
    return ModelLogEntry.objects.aggregate(m=Max("pk"))["m"] or 0


@pytest.fixture(scope="module")
def provider(server, portal_data, django_db_blocker):
    """蜀山's portal registered with the provider for this server's port (id.localhost:<port>)."""
    with django_db_blocker.unblock():
        register_portals(("shushan",), server)
        connection.close()
    with override_settings(IDENTITY_PORT=server):
        yield server
    with django_db_blocker.unblock():
        register_portals(("shushan",), 0)
        connection.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cases-{name}.png"), full_page=True)


def test_apply_supplement_accept_complete_query_and_rate(portal_data, browser, provider, tmp_path):
    server = provider
    base = f"http://shushan.localhost:{server}"
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    citizen = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = citizen.new_page()
    page.set_default_timeout(20000)
    guide = PublishedGuide.objects.get(implementation_code=portal_data["item"].implementation_code)
    page.goto(base + urlsplit(guide.url).path)
    page.locator("#guide-actions").get_by_role("link", name="在线办理", exact=True).click()
    page.wait_for_url(re.compile(r"/cases/apply/"))
    apply_url = page.url
    page.locator(".notice").get_by_role("link", name="登录").click()  # 请先登录
    page.wait_for_url(re.compile(rf"id\.localhost:{server}/login/"))
    page.get_by_label("手机号或居民身份证号").fill(MOBILE)
    page.get_by_label("密码").fill(CITIZEN_PASSWORD)
    shot(page, "0-provider-sign-in")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(apply_url)  # back on the form, signed in on 蜀山's host
    assert "申请人：王小明" in page.content()
    for label in (
        "食品经营许可申请书",
        "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
        "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
    ):
        page.get_by_label(label, exact=True).set_input_files(str(pdf))  # fmt: skip
    shot(page, "1-apply")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/cases/[0-9A-Z]{44}/$"))
    number = page.locator(".case-number").inner_text().strip()
    query_code = page.locator(".query-code").inner_text().strip()
    assert page.locator(".case-state").inner_text() == "待预审"
    shot(page, "2-submitted")

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = staff.new_page()
    admin.set_default_timeout(20000)
    admin.goto(base + "/admin/login/")
    admin.fill("input[name=username]", CLERK)
    admin.fill("input[name=password]", PASSWORD)
    admin.click("button[type=submit]")
    admin.goto(base + "/admin/cases/")
    admin.get_by_role("link", name=number).click()
    builder = admin.locator("form.supplement-builder")
    builder.get_by_label("食品经营许可申请书", exact=True).check()
    builder.get_by_label("食品经营许可申请书的补正内容").fill("申请书缺少法定代表人签名")
    shot(admin, "3-supplement-builder")
    builder.get_by_role("button", name="发出补正告知").click()
    admin.wait_for_load_state()
    assert admin.locator(".case-state").inner_text().startswith("待补正")

    page.reload()
    assert "申请书缺少法定代表人签名" in page.locator(".supplement").inner_text()
    page.get_by_label("食品经营许可申请书").set_input_files(str(pdf))
    shot(page, "4-supplement")
    page.get_by_role("button", name="提交补正材料").click()
    page.wait_for_load_state()
    assert page.locator(".case-state").inner_text() == "待预审"

    admin.reload()
    admin.get_by_role("button", name="受理", exact=True).click()
    admin.wait_for_load_state()
    for _ in range(3):
        admin.get_by_role("button", name="完成本环节").click()
        admin.wait_for_load_state()
    admin.get_by_label("办理结果").fill("食品经营许可证 JY13401040000001")
    licence = tmp_path / "食品经营许可证.pdf"
    licence.write_bytes(b"%PDF-1.4\n% licence scan\n%%EOF\n")
    admin.locator("#result_file").set_input_files(str(licence))  # the 决定书 / licence scan
    shot(admin, "5-complete-with-licence")
    admin.locator("form.complete-form").get_by_role("button", name="办结").click()
    admin.wait_for_load_state()
    assert admin.locator(".case-state").inner_text().startswith("办结（准予许可）")
    assert admin.locator("a.result-document").inner_text() == "结果文书"
    shot(admin, "5-completed")

    hefei = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    hefei.set_default_timeout(20000)
    hefei.goto(f"http://hefei.localhost:{server}/cases/progress/")
    hefei.get_by_label("办件编号").fill(number)
    hefei.get_by_label("查询码").fill(query_code)
    hefei.get_by_role("button", name="查询").click()
    hefei.wait_for_load_state()
    assert hefei.locator(".case-state").inner_text() == "办结（准予许可）"
    # the 44-character number wraps: nothing is wider than the phone's screen
    assert hefei.evaluate("document.documentElement.scrollWidth") <= 390
    shot(hefei, "6-progress-on-hefei")
    hefei.get_by_label("满意", exact=True).check()
    hefei.get_by_label("评价内容").fill("网上办理很方便")
    hefei.get_by_role("button", name="提交评价").click()
    hefei.wait_for_load_state()
    assert "您已评价：满意" in hefei.locator(".rated").inner_text()
    shot(hefei, "7-rated")
    page.goto(base + "/cases/mine/")  # 我的办件: the result document, to the applicant only
    row = page.locator("table.cases tr", has_text=number)
    assert "办结（准予许可）" in row.inner_text()
    shot(page, "8-my-cases")
    with page.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename == "食品经营许可证.pdf"
    assert download.value.path().read_bytes() == licence.read_bytes()
    record = CaseRecord.objects.get(number=number)
    assert (record.state, record.rating.score, record.supplement_requested) == ("approved", 2, True)
    assert not FollowUp.objects.filter(rating=record.rating).exists()
    assert Rating.objects.filter(comment="网上办理很方便").count() == 1
    with schema_context("shushan"):
        assert Case.objects.get(number=number).files.count() == 4
