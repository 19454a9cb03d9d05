"""The xlsx files clerks edit: coded columns show labels and offer them in drop-down lists, are
read back from labels and codes alike; the read-only 实施编码 is checked on import."""

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.catalogue.exchange.cells import CodeList, Integer
from core.catalogue.exchange.exporter import export_catalogue
from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.domain import codes
from core.listings.exchange.exporter import export_listing
from core.listings.exchange.importer import import_listing, preview_listing
from core.listings.models import ImplementationItem
from tenants.models import Region

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db
FOOD = "000131106000"


@pytest.fixture
def shushan():
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    region = Region.objects.get(slug="shushan")
    import_listing(region, SAMPLES / "listing-sample.json")
    return region


def drop_downs(book, title: str) -> dict:
    """header → (items of its list, whether other values are refused)."""
    ws, lists = book[title], book["代码表"]
    headers = {c.column_letter: c.value for c in ws[1]}
    found = {}
    for validation in ws.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        source = validation.formula1.split("!")[1].split(":")[0].split("$")[1]  # 'x'!$C$2:$C$5
        items = [cell.value for cell in lists[source][1:] if cell.value is not None]
        found[headers[letter]] = (items, bool(validation.showErrorMessage))
    return found


def test_listing_export_offers_labels_in_drop_down_lists(shushan, tmp_path):
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    book = load_workbook(path)
    assert book["代码表"].sheet_state == "hidden"
    main = drop_downs(book, "实施清单")
    assert main["行使层级"] == (list(codes.LEVELS.values()), True)
    assert main["办件类型"] == (["即办件", "承诺件", "其他"], True)
    assert main["网上办理深度"] == (list(codes.ONLINE_DEPTHS.values()), True)
    assert main["到办事现场次数"] == (["0次", "1次", "2次", "多次"], True)
    assert main["办理形式"] == (list(codes.HANDLING_FORMS.values()), False)  # several values
    assert main["支持预约"] == (["是", "否"], True)
    assert "实施编码" not in main and "受理条件" not in main
    materials = drop_downs(book, "申请材料")
    assert materials["材料形式"] == (["纸质", "电子", "纸质和电子"], True)
    assert materials["来源渠道"] == (["申请人自备", "政府部门核发", "其他"], True)
    assert materials["行使层级"] == (list(codes.LEVELS.values()), True)
    ws = book["实施清单"]
    headers = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == FOOD)
    shown = dict(zip(headers, row, strict=False))
    with schema_context("shushan"):
        item = ImplementationItem.objects.get(matter__basic_code=FOOD)
    assert (shown["行使层级"], shown["实施编码"], shown["办件类型"]) == (
        "县级", item.implementation_code, codes.CASE_TYPES[item.case_type],
    )  # fmt: skip
    assert shown["网上办理深度"] == codes.ONLINE_DEPTHS[item.online_depth]


def test_labels_and_codes_read_back_the_same():
    levels = CodeList(codes.LEVELS, 1)
    assert (
        levels.load("市级、县级") == levels.load("3、4") == levels.load("3 市级；4") == ["3", "4"]
    )
    assert levels.load("镇（乡、街道）级") == ["5"]  # a label holding a separator
    assert levels.dump(["3", "5"]) == "市级、镇（乡、街道）级"
    depth = Integer(vocabulary=codes.ONLINE_DEPTHS)
    assert depth.load("Ⅳ级（全程网办）") == depth.load("4") == depth.load(4) == 4


def test_a_file_with_codes_instead_of_labels_is_no_change(shushan, tmp_path):
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    book = load_workbook(path)
    ws = book["实施清单"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for header, vocabulary in (("行使层级", codes.LEVELS), ("办件类型", codes.CASE_TYPES)):
            cell = row[headers.index(header)]
            cell.value = {label: code for code, label in vocabulary.items()}[cell.value]
    book.save(path)
    preview = preview_listing(shushan, path)
    assert (preview.changes, preview.problems, preview.unchanged) == ([], [], 3)


def test_an_edited_implementation_code_is_refused_where_it_is(shushan, tmp_path):
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    book = load_workbook(path)
    ws = book["实施清单"]
    headers = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == FOOD)
    row[headers.index("实施编码")].value = "11340104MB3579887N3000131106000"
    book.save(path)
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, path)
    assert [str(p) for p in failure.value.problems] == [
        "shushan.xlsx 实施清单 第3行 实施编码（E列）：实施编码“11340104MB3579887N3000131106000”"
        "与实施主体、行使层级、基本编码不符（应为 11340104MB3579887N4000131106000）；"
        "该列只读，请勿修改"
    ]


def test_catalogue_export_shows_labels_with_drop_downs(tmp_path):
    anhui = Region.objects.get(slug="anhui")
    import_catalogue(anhui, SAMPLES / "catalogue-sample.json")
    path = tmp_path / "anhui.xlsx"
    export_catalogue(anhui, path, "xlsx")
    book = load_workbook(path)
    main = drop_downs(book, "事项")
    assert main["事项类型"] == (list(codes.MATTER_TYPES.values()), True)
    assert main["行使层级"] == (list(codes.LEVELS.values()), False)  # several levels per matter
    assert main["事项状态"] == (list(codes.STATUSES), True)
    assert drop_downs(book, "办理流程")["环节时限单位"] == (["工作日", "自然日"], True)
    assert not import_catalogue(anhui, path).changed
