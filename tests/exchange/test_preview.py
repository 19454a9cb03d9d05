"""The dry run of an import: what would change, entry by entry and field by field, computed by
the import's own pass 1; applying re-checks that nothing changed since the preview."""

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.catalogue import services as catalogue
from core.catalogue.exchange.exporter import catalogue_document, export_catalogue
from core.catalogue.exchange.importer import import_catalogue, preview_catalogue
from core.catalogue.exchange.preview import Change, FieldChange, Preview
from core.catalogue.exchange.problems import ImportFailed
from core.catalogue.models import Matter
from core.listings import services
from core.listings.exchange.exporter import export_listing, listing_document
from core.listings.exchange.importer import import_listing, preview_listing
from core.listings.models import ImplementationItem
from tenants.models import Region

from .conftest import SAMPLES, write

pytestmark = pytest.mark.django_db
FOOD = "000131106000"
FOOD_CODE = "11340104MB3579887N4000131106000"


@pytest.fixture
def anhui():
    region = Region.objects.get(slug="anhui")
    import_catalogue(region, SAMPLES / "catalogue-sample.json")
    return region


@pytest.fixture
def shushan(anhui):
    region = Region.objects.get(slug="shushan")
    import_listing(region, SAMPLES / "listing-sample.json")
    return region


def food() -> ImplementationItem:
    with schema_context("shushan"):
        return ImplementationItem.objects.get(matter__basic_code=FOOD)


def edit_cells(path, edits: dict) -> None:
    """(sheet, basic code, header, nth row of that code) → value, in place."""
    book = load_workbook(path)
    for (sheet, code, header, nth), value in edits.items():
        ws = book[sheet]
        headers = [c.value for c in ws[1]]
        rows = [row for row in ws.iter_rows(min_row=2) if row[0].value == code]
        rows[nth][headers.index(header)].value = value
    book.save(path)


def test_two_edited_cells_are_exactly_two_changes(shushan, tmp_path):
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    old = food()
    edit_cells(path, {
        ("实施清单", FOOD, "办理时间", 0): "周一至周六 9:00-17:00",
        ("申请材料", FOOD, "材料名称", 1): "营业执照（副本）",
    })  # fmt: skip
    preview = preview_listing(shushan, path)
    assert preview.problems == []
    assert preview.changes == [
        Change(FOOD_CODE, "食品经营许可", "修改并发布", 3, [
            FieldChange("办理时间", old.hours or "（空）", "周一至周六 9:00-17:00"),
            FieldChange("申请材料 第2项 · 材料名称", old.materials[1]["name"], "营业执照（副本）"),
        ]),
    ]  # fmt: skip
    assert preview.unchanged == 2
    assert food().revision == old.revision  # a dry run writes nothing
    outcome = import_listing(shushan, path, "clerk", expected=preview.expected)
    assert (outcome.updated, outcome.published) == ([FOOD_CODE], [FOOD_CODE])
    new = food()
    assert (new.hours, new.materials[1]["name"], new.state) == (
        "周一至周六 9:00-17:00", "营业执照（副本）", "published",
    )  # fmt: skip


def test_preview_of_an_untouched_export_is_no_change(shushan, tmp_path):
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    preview = preview_listing(shushan, path)
    assert (preview.changes, preview.unchanged, preview.problems) == ([], 3, [])
    assert preview.summary() == "shushan.xlsx：没有变化（3 项均与现有数据一致）"


def test_apply_refuses_an_entry_edited_since_the_preview(shushan, tmp_path):
    """A file without revisions (another system's) is checked against the preview's."""
    document = listing_document(shushan)
    for item in document["items"]:
        del item["revision"]
    next(i for i in document["items"] if i["basic_code"] == FOOD)["hours"] = "全天"
    path = write(tmp_path / "shushan.json", document)
    preview = preview_listing(shushan, path)
    assert [c.key for c in preview.changes] == [FOOD_CODE]
    with schema_context("shushan"):  # a colleague saves the entry after the preview
        services.update_item(food(), {"consult_phone": "0551-65300000"})
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, path, "clerk", expected=preview.expected)
    assert [str(p) for p in failure.value.problems] == [
        f"shushan.json 第2行 revision：该事项在预览后已被修改（预览时修订号 "
        f"{preview.expected[FOOD_CODE]}，当前为 {food().revision}），本行未导入：请重新上传预览"
    ]
    assert (food().hours, food().consult_phone) == (old_hours := food().hours, "0551-65300000")
    assert old_hours != "全天"


def test_listing_preview_lists_every_problem_with_sheet_row_and_column(shushan, tmp_path):
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    edit_cells(path, {
        ("实施清单", FOOD, "到办事现场次数", 0): "很多",
        ("申请材料", FOOD, "原件份数", 0): "两份",
    })  # fmt: skip
    preview = preview_listing(shushan, path)
    assert [str(p) for p in preview.problems] == [
        "shushan.xlsx 实施清单 第3行 到办事现场次数（J列）：“很多”不是整数",
        "shushan.xlsx 申请材料 第8行 原件份数（G列）：“两份”不是整数",
    ]
    assert preview.changes == []
    assert preview.summary() == "shushan.xlsx：发现 2 个问题，不能导入"


def test_catalogue_preview_and_apply(anhui, tmp_path):
    document = catalogue_document(anhui)
    matter = next(m for m in document["matters"] if m["basic_code"] == FOOD)
    matter["statutory_limit"]["value"] = 15
    main = next(m for m in document["matters"] if m["basic_code"] == "00013112700Y")
    assert main["levels"] == ["3", "4"]
    main["levels"] = ["4", "3"]  # only reordered: no change
    path = write(tmp_path / "anhui.json", document)
    preview = preview_catalogue(anhui, path)
    assert preview.changes == [
        Change(FOOD, "食品经营许可", "发布新版本", 2, [
            FieldChange("法定办结时限", "10", "15"),
        ]),
    ]  # fmt: skip
    assert Preview.from_dict(preview.as_dict()) == preview  # as stored with an upload
    outcome = import_catalogue(anhui, path, "admin", expected=preview.expected)
    assert outcome.updated == [FOOD]
    version = Matter.objects.get(province=anhui, basic_code=FOOD).current_version
    assert (version.number, version.statutory_limit["value"]) == (2, 15)


def test_catalogue_apply_refuses_a_matter_published_since_the_preview(anhui, tmp_path):
    path = tmp_path / "anhui.xlsx"
    export_catalogue(anhui, path, "xlsx")
    preview = preview_catalogue(anhui, path)
    assert (preview.changes, preview.unchanged) == ([], 4)
    matter = Matter.objects.get(province=anhui, basic_code=FOOD)
    version = catalogue.start_version(matter, "editor", allow_national=True)
    catalogue.update_draft(
        version, {"description": "新的说明", "change_note": "更新事项说明"}, "editor"
    )
    catalogue.submit_version(version, "editor")
    catalogue.publish_version(version, "reviewer")
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(anhui, path, "admin", expected=preview.expected)
    assert [p.message for p in failure.value.problems] == [
        f"事项 {FOOD} 在预览后已被修改（现行版本已变化），请重新上传文件预览后再导入"
    ]
    assert Matter.objects.get(pk=matter.pk).current_version.description == "新的说明"
