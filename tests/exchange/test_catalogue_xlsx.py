"""Catalogue xlsx: layout, round trip with JSON, and problems located by sheet, row and column."""

import pytest
from openpyxl import load_workbook

from core.catalogue.exchange import files
from core.catalogue.exchange.columns import CATALOGUE, ELEMENT_LABELS
from core.catalogue.exchange.exporter import catalogue_document, export_catalogue
from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.catalogue.models import Matter
from tenants.models import Region

from .conftest import SAMPLES, load

pytestmark = pytest.mark.django_db


@pytest.fixture
def anhui():
    return Region.objects.get(slug="anhui")


def by_code(matters) -> dict:
    return {m["basic_code"]: m for m in matters}


def test_sample_xlsx_reads_as_the_sample_json():
    _, records, problems = files.read(
        SAMPLES / "catalogue-sample.xlsx", "matters", CATALOGUE, ELEMENT_LABELS
    )
    assert problems == []
    expected = by_code(load(SAMPLES / "catalogue-sample.json")["matters"])
    assert by_code(r.data for r in records) == expected


def test_layout_has_chinese_headers_and_codes_as_text(anhui, tmp_path):
    import_catalogue(anhui, SAMPLES / "catalogue-sample.json")
    path = tmp_path / "anhui.xlsx"
    assert export_catalogue(anhui, path, "xlsx") == 4
    book = load_workbook(path)
    assert book.sheetnames == [
        "事项",
        "设定依据",
        "申请材料",
        "办理流程",
        "收费项目",
        "常见问题",
        "填写说明",
        "代码表",
    ]
    assert book["代码表"].sheet_state == "hidden"
    main = book["事项"]
    headers = [c.value for c in main[1]]
    assert headers[:7] == [
        "基本编码",
        "事项名称",
        "事项类型",
        "上级事项编码",
        "行使层级",
        "主管部门",
        "服务对象",
    ]
    rows = {row[0].value: row for row in main.iter_rows(min_row=2)}
    assert rows["000131127001"][2].value == "行政许可"  # coded columns show their labels
    assert rows["000131127001"][2].number_format == "@"
    assert rows["000131127001"][3].value == "00013112700Y"
    assert rows["000131127001"][4].value == "市级、县级"
    materials = list(book["申请材料"].iter_rows(min_row=2, values_only=True))
    assert [m[:3] for m in materials if m[0] == "00013112700Y"] == [
        ("00013112700Y", "登记（备案）申请书", "原件"),
        ("00013112700Y", "法律、行政法规规定须报经批准的项目批准文件或者许可证件", "原件和复印件"),
    ]


def test_xlsx_round_trip(anhui, tmp_path):
    import_catalogue(anhui, SAMPLES / "catalogue-sample.json")
    before = catalogue_document(anhui)
    path = tmp_path / "anhui.xlsx"
    export_catalogue(anhui, path, "xlsx")
    outcome = import_catalogue(anhui, path)
    assert not outcome.changed and len(outcome.unchanged) == 4
    assert catalogue_document(anhui) == before


def test_sample_xlsx_imports(anhui):
    outcome = import_catalogue(anhui, SAMPLES / "catalogue-sample.xlsx")
    assert len(outcome.created) == 4
    exported = catalogue_document(anhui)["matters"]
    assert by_code(exported) == by_code(load(SAMPLES / "catalogue-sample.json")["matters"])


def _edit(source, target, edits):
    """Set cells (sheet, row, header) → value in a copy of an xlsx file."""
    book = load_workbook(source)
    for (sheet, row, header), value in edits.items():
        ws = book[sheet]
        column = [c.value for c in ws[1]].index(header) + 1
        ws.cell(row=row, column=column, value=value)
    book.save(target)
    return target


def test_missing_sheet_or_column_stops_before_validation(anhui, tmp_path):
    book = load_workbook(SAMPLES / "catalogue-sample.xlsx")
    del book["常见问题"]
    book["事项"].cell(row=1, column=2, value="名称")
    book.save(tmp_path / "broken.xlsx")
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(anhui, tmp_path / "broken.xlsx")
    assert [str(p) for p in failure.value.problems] == [
        "broken.xlsx 事项 第1行：缺少列“事项名称”",
        "broken.xlsx：缺少工作表“常见问题”",
    ]


def test_bad_xlsx_imports_nothing_and_locates_every_problem(anhui, tmp_path):
    path = _edit(SAMPLES / "catalogue-sample.xlsx", tmp_path / "bad.xlsx", {
        ("事项", 3, "事项类型"): "99",
        ("事项", 4, "计划生效日期"): "2024年1月1日",
        ("申请材料", 5, "材料类型"): "原印件",
        ("办理流程", 6, "环节时限"): "三天",
        ("设定依据", 2, "法律法规名称"): "",
        ("常见问题", 3, "基本编码"): "000199999000",
    })  # fmt: skip
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(anhui, path)
    assert [str(p) for p in failure.value.problems] == [
        "bad.xlsx 事项 第4行 计划生效日期（Y列）：“2024年1月1日”不是有效日期，格式应为 YYYY-MM-DD",
        "bad.xlsx 办理流程 第6行 环节时限（C列）：“三天”不是数值",
        "bad.xlsx 常见问题 第3行 基本编码（A列）：“000199999000”在“事项”表中不存在",
        "bad.xlsx 设定依据 第2行 法律法规名称（B列）：法律法规名称必填",
        "bad.xlsx 事项 第3行 事项类型（C列）：事项类型代码“99”无效",
        "bad.xlsx 申请材料 第5行 材料类型（C列）：材料类型“原印件”无效，可选：原件、复印件、原件和复印件",
    ]
    first = failure.value.problems[-1]
    assert (first.sheet, first.row, first.column, first.cell) == ("申请材料", 5, "材料类型", "C5")
    assert not Matter.objects.filter(province=anhui).exists()
