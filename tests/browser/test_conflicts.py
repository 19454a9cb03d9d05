"""A county clerk resolves a sync conflict in Chromium: from the admin home to the inbox, takes
the catalogue's material 2 and keeps the county's material 3, then submits the merged entry
(screenshots of each step kept in tests/artifacts/conflicts-*.png)."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from core.catalogue import services as catalogue
from core.celery import app
from core.listings import services as listings
from core.listings.models import ImplementationItem

from .conftest import ARTIFACTS
from .data import PUBLIC_APPS, TENANT_APPS, _high_water, remove_portal_data
from .test_portal import portal_data  # noqa: F401  (the server fixture needs it)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
FOOD = "000131106000"
CLERK, PASSWORD = "conflict_clerk", "conflict-test-2026"
NOTE = "依据《食品经营许可和备案管理办法》（2023）调整申请材料"


@pytest.fixture(scope="module")
def conflict(portal_data, django_db_blocker):  # noqa: F811
    """Committed: 蜀山's published 食品经营许可 with its own materials 2 and 3, then a catalogue
    version changing the same two materials differently, fanned out (the merge flags it)."""
    with django_db_blocker.unblock():
        marks = {"public": _high_water(PUBLIC_APPS), "tenants": {}}
        with schema_context("shushan"):
            # the audit log too: the clerk's login and edits must not reach other tests
            logs = {
                m: m.objects.aggregate(n=Max("pk"))["n"] or 0 for m in (ModelLogEntry, PageLogEntry)
            }
            marks["tenants"]["shushan"] = {
                **_high_water(TENANT_APPS), Page: Page.objects.aggregate(m=Max("pk"))["m"],
                **logs,  # last: deleting pages logs too
            }  # fmt: skip
            get_user_model().objects.create_superuser(CLERK, "c@example.cn", PASSWORD)
        case = _commit_conflict()
        connection.close()
    yield case
    with django_db_blocker.unblock():
        remove_portal_data(marks)
        with schema_context("shushan"):
            get_user_model().objects.filter(username=CLERK).delete()
        connection.close()


def _commit_conflict() -> dict:
    from tests.factories import listing_entry

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the fan-out and the guide sync run on commit, here
    try:
        item = listing_entry("shushan", FOOD)
        base = [dict(m) for m in item.base_version.materials]
        ours = [dict(m) for m in base]
        ours[1]["form"], ours[2]["notes"] = "电子", "可提供租赁场所的平面图"
        with schema_context("shushan"):
            listings.update_item(item, {"materials": ours})
            listings.publish_item(item, direct=True)
        theirs = [dict(m) for m in base]
        theirs[1]["copies"], theirs[2]["source_note"] = 1, "含平面布局图、设备布局图和操作流程"
        draft = catalogue.start_version(item.matter, allow_national=True)
        catalogue.update_draft(draft, {"materials": theirs, "change_note": NOTE})
        catalogue.submit_version(draft, "anhui_clerk")
        catalogue.publish_version(draft, "anhui_reviewer")  # fans out to 蜀山 on commit
    finally:
        app.conf.task_always_eager = eager
    return {"pk": item.pk, "ours": ours, "theirs": theirs}


def test_clerk_takes_one_material_from_the_catalogue_and_keeps_another(conflict, browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    outside = []
    page.on(
        "request", lambda r: urlparse(r.url).hostname.endswith("localhost") or outside.append(r.url)
    )
    base = f"http://shushan.localhost:{server}"
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", CLERK)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    agenda = page.locator("[data-agenda=conflicts]")
    assert agenda.locator("td").first.inner_text() == "1"
    page.screenshot(path=str(ARTIFACTS / "conflicts-1-home.png"), full_page=True)

    agenda.get_by_role("link", name="同步冲突待处理").click()
    page.wait_for_url(re.compile(r"/admin/listings/inbox/"))
    page.set_viewport_size({"width": 1280, "height": 1800})  # the admin scrolls inside its frame
    assert NOTE in page.locator(".zwfw-change-note").inner_text()
    second = page.get_by_role("table", name="申请材料第 2 项")
    assert "目录修改，本地修改" in second.locator("caption").inner_text()
    copies = second.locator("tr", has_text="复印件份数")
    assert copies.locator("td.zwfw-theirs-changed ins").inner_text() == "1"
    form = second.locator("tr", has_text="材料形式")
    assert form.locator("td.zwfw-ours-changed ins").inner_text() == "电子"
    page.screenshot(path=str(ARTIFACTS / "conflicts-2-inbox.png"), full_page=True)

    page.get_by_role("radiogroup", name="第 2 项的处理").get_by_label("采用目录").check()
    page.get_by_role("radiogroup", name="第 3 项的处理").get_by_label("保留本地").check()
    page.get_by_role("button", name="按所选逐项处理").click()
    page.wait_for_url(re.compile(r"/admin/listings/inbox/"))
    assert "食品经营许可”的申请材料：已逐项处理" in page.locator(".messages").inner_text()
    page.screenshot(path=str(ARTIFACTS / "conflicts-3-resolved.png"), full_page=True)

    with schema_context("shushan"):
        item = ImplementationItem.objects.get(pk=conflict["pk"])
        ours, theirs = conflict["ours"], conflict["theirs"]
        assert item.materials == [ours[0], theirs[1], ours[2], *ours[3:]]
        assert (item.sync_state, item.state, item.live_version.number) == ("outdated", "draft", 1)
    page.get_by_role("button", name="确认并提交审核").click()
    page.wait_for_url(re.compile(r"/admin/listings/\d+/"))
    page.screenshot(path=str(ARTIFACTS / "conflicts-4-submitted.png"), full_page=True)
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.state, item.submitted_by) == ("review", CLERK)
    assert outside == []  # no Gravatar, no CDN: nothing leaves the host
    context.close()
