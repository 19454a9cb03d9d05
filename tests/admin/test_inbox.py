"""The sync inbox shows what the catalogue changed and what the county changed, field by field,
and lets the clerk decide per material, at the revision the page showed."""

from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.listings import services as listings
from core.listings.merge import merge_version
from core.listings.models import ImplementationItem
from tests.admin.helpers import admin_client
from tests.factories import conflict_on_conditions, listing_entry

pytestmark = pytest.mark.django_db

FOOD = "000131106000"
NOTE = "依据《食品经营许可和备案管理办法》（2023）调整申请材料"


def url(name, *args):
    return reverse(f"listings_admin:{name}", args=args)


def materials_conflict():
    """蜀山 changed materials 2 and 3 one way (form, notes), the province another (copies,
    source note): fields the one-line summary of a material never showed."""
    item = listing_entry("shushan", FOOD)
    base = [dict(m) for m in item.base_version.materials]
    ours = [dict(m) for m in base]
    ours[1]["form"], ours[2]["notes"] = "电子", "可提供租赁场所的平面图"
    with schema_context("shushan"):
        listings.update_item(item, {"materials": ours})
    theirs = [dict(m) for m in base]
    theirs[1]["copies"], theirs[2]["source_note"] = 1, "含平面布局图、设备布局图和操作流程"
    draft = catalogue.start_version(item.matter, allow_national=True)
    catalogue.update_draft(draft, {"materials": theirs, "change_note": NOTE})
    catalogue.submit_version(draft)
    version = catalogue.publish_version(draft)
    with schema_context("shushan"):
        merge_version(item, version)
        item = ImplementationItem.objects.get(pk=item.pk)
        conflict = item.conflicts.get()
    return SimpleNamespace(item=item, conflict=conflict, ours=ours, theirs=theirs)


def section(page: str, row: int) -> str:
    return page.split(f'data-row="{row}"', 1)[1].split("</table>", 1)[0]


def test_each_side_of_a_conflicting_material_is_shown_field_by_field():
    item = materials_conflict().item
    page = admin_client("shushan").get(url("inbox")).content.decode()
    assert f"目录 v2 变更说明：</strong>{NOTE}" in page
    assert "冲突：申请材料（目录 v2）" in page
    second = section(page, 2)
    assert "第 2 项：营业执照</strong> · 目录修改，本地修改" in second
    # the catalogue changed 复印件份数 0 → 1, the county 材料形式 纸质 → 电子
    assert '<th scope="row">复印件份数</th>\n            <td>0</td>' in second
    assert 'class="zwfw-theirs-changed" data-changed="1"><ins>1</ins></td>' in second
    assert 'class="zwfw-ours-changed" data-changed="1">' in second and "<ins>电子</ins>" in second
    assert 'name="row-2" value="theirs"' in second and 'name="row-2" value="ours"' in second
    assert "第 1 项：食品经营许可申请书</strong> · 未变" in section(page, 1)
    assert 'name="row-1"' not in page  # nothing to decide on an unchanged material
    assert f'name="revision" value="{item.revision}"' in page


def test_clerk_takes_the_catalogues_material_2_and_keeps_our_material_3():
    case = materials_conflict()
    item, conflict, ours, theirs = case.item, case.conflict, case.ours, case.theirs
    client = admin_client("shushan")
    decision = {"choice": "rows", "revision": item.revision, "row-2": "theirs", "row-3": "ours"}
    response = client.post(url("resolve", conflict.pk), decision)
    assert response.status_code == 302
    with schema_context("shushan"):
        item.refresh_from_db()
        conflict.refresh_from_db()
    assert item.materials == [ours[0], theirs[1], ours[2], *ours[3:]]
    assert (conflict.resolved, conflict.resolution, item.sync_state) == (True, "rows", "outdated")
    assert "确认并提交审核" in client.get(url("inbox")).content.decode()


def test_a_missing_row_decision_or_a_stale_page_is_refused_and_changes_nothing():
    case = materials_conflict()
    item, conflict, ours = case.item, case.conflict, case.ours
    client = admin_client("shushan")
    response = client.post(
        url("resolve", conflict.pk), {"choice": "rows", "revision": item.revision, "row-2": "ours"}
    )
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "申请材料第 3 项：双方都有修改，请选择“采用目录”或“保留本地”"
    ]
    shown = item.revision  # the revision the clerk's page was rendered from
    with schema_context("shushan"):
        listings.update_item(item, {"hours": "工作日 9:00-17:00"})  # someone edits meanwhile
    response = client.post(url("resolve", conflict.pk), {
        "choice": "rows", "revision": shown, "row-2": "theirs", "row-3": "ours"})  # fmt: skip
    *_earlier, message = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("该事项已被他人修改（状态：草稿），您的修改未保存。")
    with schema_context("shushan"):
        conflict.refresh_from_db()
        assert ImplementationItem.objects.get(pk=item.pk).materials == ours
    assert not conflict.resolved


def test_a_text_conflict_marks_what_each_side_inserted_and_deleted():
    base = listing_entry("shushan", FOOD).base_version.conditions
    ours = base.replace("合理的设备布局和工艺流程", "合理的设备布局、工艺流程和卫生间距")
    theirs = base.replace("规定的其他条件。", "规定的其他条件（含告知承诺）。")
    item = listing_entry("shushan", FOOD, conditions=ours)
    draft = catalogue.start_version(item.matter, allow_national=True)
    catalogue.update_draft(draft, {"conditions": theirs, "change_note": "告知承诺制"})
    catalogue.submit_version(draft)
    version = catalogue.publish_version(draft)
    with schema_context("shushan"):
        merge_version(item, version)
    page = admin_client("shushan").get(url("inbox")).content.decode()
    cells = page.split('<th scope="row">受理条件', 1)[1].split("</tr>", 1)[0]
    assert "其他条件<ins>（含告知承诺）</ins>。" in cells
    assert "<del>和</del><ins>、</ins>工艺流程<ins>和卫生间距</ins>" in cells
    assert 'value="theirs" class="button "' in page and "采用目录</button>" in page


def inbox_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("inbox")).status_code == 200
    return len(captured.captured_queries)


def test_the_inbox_costs_the_same_queries_for_one_or_three_conflicting_entries():
    client = admin_client("shushan")
    materials_conflict()
    client.get(url("inbox"))  # warm the per-process caches (menu, site, routing)
    one = inbox_queries(client)
    for code in ("000137001000", "000104002000"):
        conflict_on_conditions(code)
    page = client.get(url("inbox")).content.decode()
    assert page.count('class="zwfw-conflict"') == 3
    assert inbox_queries(client) == one
