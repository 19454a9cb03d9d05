"""A county clerk exports the implementation list from the admin, edits two cells in the xlsx,
uploads it, sees exactly those two changes in the preview and applies them (Chromium;
screenshots kept in tests/artifacts/)."""

import os
import shutil
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, PageLogEntry

from core.listings.models import ImplementationItem
from core.uploads.models import ImportJob

from .conftest import ARTIFACTS
from .test_portal import portal_data  # noqa: F401  (committed guides, module scope)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "excel-clerk-2026"
ID_CARD = "000713002000"  # 居民身份证申领、换领、补领, published in 蜀山区 by portal_data


@pytest.fixture(scope="module", autouse=True)
def upload_root():
    """The served admin stores uploads here (read by the server process from its env)."""
    folder = tempfile.mkdtemp(prefix="excel-uploads-")
    previous = os.environ.get("IMPORT_UPLOAD_ROOT")
    os.environ["IMPORT_UPLOAD_ROOT"] = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    if previous is None:
        os.environ.pop("IMPORT_UPLOAD_ROOT", None)
    else:
        os.environ["IMPORT_UPLOAD_ROOT"] = previous


LOGS = (ModelLogEntry, PageLogEntry)


@pytest.fixture(scope="module")
def clerk(portal_data, django_db_blocker):  # noqa: F811
    """A committed superuser of 蜀山区; at the end the jobs, the user and the audit entries the
    served admin wrote (logins, edits, publishes) are removed: other tests count them."""
    with django_db_blocker.unblock():
        with schema_context("shushan"):
            marks = {log: log.objects.aggregate(m=Max("pk"))["m"] or 0 for log in LOGS}
            get_user_model().objects.create_superuser("excel_clerk", "e@example.cn", PASSWORD)
        connection.close()
    yield "excel_clerk"
    with django_db_blocker.unblock():
        with schema_context("shushan"):
            ImportJob.objects.all().delete()
            for log, mark in marks.items():
                log.objects.filter(pk__gt=mark).delete()
            get_user_model().objects.filter(username="excel_clerk").delete()
        connection.close()


def entry() -> ImplementationItem:
    """The entry, with its live version read inside the tenant's schema."""
    with schema_context("shushan"):
        return ImplementationItem.objects.select_related("live_version").get(
            matter__basic_code=ID_CARD
        )


def edit_two_cells(path) -> tuple[str, str]:
    """办理时间 of the entry and the name of its first material, as a clerk does in Excel."""
    book = load_workbook(path)
    main, materials = book["实施清单"], book["申请材料"]
    hours = [c.value for c in main[1]].index("办理时间")
    row = next(r for r in main.iter_rows(min_row=2) if r[0].value == ID_CARD)
    row[hours].value = "周一至周六 8:30-17:30"
    name = [c.value for c in materials[1]].index("材料名称")
    first = next(r for r in materials.iter_rows(min_row=2) if r[0].value == ID_CARD)
    old_name = first[name].value
    first[name].value = "居民户口簿（原件）"
    book.save(path)
    return old_name, "居民户口簿（原件）"


def test_clerk_exports_edits_two_cells_previews_and_applies(clerk, browser, server, tmp_path):
    before = entry()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    base = f"http://shushan.localhost:{server}"
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", clerk)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(base + "/admin/exchange/listing/")
    assert page.locator("h1").inner_text().strip() == "实施清单导入导出"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "excel-1-exchange-page.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="导出").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("蜀山区实施清单-") and path.suffix == ".xlsx"
    old_name, new_name = edit_two_cells(path)

    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_selector("[data-change]")
    changes = page.locator("[data-change]")
    assert changes.count() == 1
    assert ID_CARD in changes.first.get_attribute("data-change")
    rows = changes.first.locator("[data-field]")
    assert rows.all_inner_texts() == [
        f"办理时间\t{before.hours or '（空）'}\t周一至周六 8:30-17:30",
        f"申请材料 第1项 · 材料名称\t{old_name}\t{new_name}",
    ]
    assert "修改并发布 1 项，未变化 1 项" in page.locator("h2", has_text="预览").inner_text()
    page.screenshot(path=str(ARTIFACTS / "excel-2-preview.png"), full_page=True)
    assert entry().revision == before.revision  # the preview wrote nothing

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=已导入")
    assert "更新要素 1 项，发布 1 项，未变化 1 项" in page.content()
    page.screenshot(path=str(ARTIFACTS / "excel-3-applied.png"), full_page=True)
    after = entry()
    assert (after.hours, after.materials[0]["name"], after.state) == (
        "周一至周六 8:30-17:30", new_name, "published",
    )  # fmt: skip
    assert after.live_version.number == before.live_version.number + 1
    context.close()
