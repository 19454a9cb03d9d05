"""Hostile import files are refused before a parser sees them, each with a message that names
the file and the limit: deep JSON nesting, zip bombs, oversized files, too many rows or
columns. Nothing is written."""

import json
import tracemalloc
import zipfile

import pytest
from django_tenants.utils import schema_context

from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.catalogue.models import Matter
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem
from tenants.models import Region
from tests.exchange.conftest import SAMPLES, write

pytestmark = pytest.mark.django_db

SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.fixture
def shushan():
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    return Region.objects.get(slug="shushan")


def refused(import_file, region, path) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        import_file(region, path)
    return [str(p) for p in caught.value.problems]


def nothing_listed() -> bool:
    with schema_context("shushan"):
        return not ImplementationItem.objects.exists()


def rebuilt(path, sample, main_sheet) -> str:
    """A copy of an xlsx sample whose first worksheet is ``main_sheet(handle)``'s output."""
    with zipfile.ZipFile(sample) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                info = zipfile.ZipInfo(member.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with target.open(info, "w") as handle:
                    main_sheet(handle)
            else:
                target.writestr(member, source.read(member), zipfile.ZIP_DEFLATED)
    return path


def bomb(megabytes: int):
    """One inline-string cell of ``megabytes`` MB of "A": ~1000:1 when deflated."""

    def main_sheet(handle):
        handle.write(SHEET + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
        for _ in range(megabytes):
            handle.write(b"A" * 1024 * 1024)
        handle.write(b"</t></is></c></row></sheetData></worksheet>")

    return main_sheet


def test_deeply_nested_json_is_refused_without_recursion(shushan, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"tenant": "shushan", "items": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    assert refused(import_listing, shushan, path) == [
        "deep.json：JSON 嵌套超过 20 层（文本第1行），不是有效的导入文件"
    ]
    assert nothing_listed()


def test_brackets_inside_strings_do_not_count_as_nesting(shushan, tmp_path, listing_sample):
    listing_sample["items"][0]["conditions"] = "[[[[" * 50 + '{"\\"' * 30
    import_listing(shushan, write(tmp_path / "ok.json", listing_sample))
    with schema_context("shushan"):
        item = ImplementationItem.objects.get(matter__basic_code="000131127001")
        assert item.conditions == "[[[[" * 50 + '{"\\"' * 30


def test_deep_catalogue_json_is_refused_too(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(
        '{"province": "340000",\n"matters": [{"aliases": ' + "[" * 5000 + "]" * 5000 + "}]}"
    )
    anhui = Region.objects.get(slug="anhui")
    assert refused(import_catalogue, anhui, path) == [
        "deep.json：JSON 嵌套超过 20 层（文本第2行），不是有效的导入文件"
    ]
    assert not Matter.objects.filter(province=anhui).exists()


def test_zip_bomb_is_refused_from_the_central_directory(shushan, tmp_path):
    path = rebuilt(tmp_path / "bomb.xlsx", SAMPLES / "listing-sample.xlsx", bomb(64))
    assert path.stat().st_size < 200_000  # 64 MB inside
    tracemalloc.start()
    try:
        problems = refused(import_listing, shushan, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(problems) == 1
    assert problems[0].startswith("bomb.xlsx：xlsx 部件 xl/worksheets/sheet1.xml 压缩比 ")
    assert problems[0].endswith(":1 超过上限 100:1（解压后 64.0 MB），疑似压缩炸弹，已拒绝")
    assert peak < 5 * 1024 * 1024  # refused before anything was inflated
    assert nothing_listed()


def test_inflated_size_limit(shushan, tmp_path, settings):
    settings.IMPORT_MAX_COMPRESSION_RATIO = 100_000
    settings.IMPORT_MAX_INFLATED_MB = 8
    path = rebuilt(tmp_path / "big.xlsx", SAMPLES / "listing-sample.xlsx", bomb(10))
    [problem] = refused(import_listing, shushan, path)
    assert problem.startswith("big.xlsx：xlsx 文件解压后共 10.")
    assert problem.endswith(" MB，上限为 8 MB，请分批导入")
    assert nothing_listed()


def test_file_size_limit(shushan, tmp_path, settings, listing_sample):
    settings.IMPORT_MAX_FILE_MB = 1
    path = write(tmp_path / "padded.json", listing_sample)
    path.write_text(path.read_text(encoding="utf-8") + " " * 1_100_000, encoding="utf-8")
    assert refused(import_listing, shushan, path) == [
        "padded.json：文件过大（1.1 MB），上限为 1 MB，请分批导入"
    ]
    assert nothing_listed()


def test_declared_sheet_dimension_past_the_row_limit_is_refused_before_opening(shushan, tmp_path):
    def main_sheet(handle):
        with zipfile.ZipFile(SAMPLES / "listing-sample.xlsx") as sample:
            original = sample.read("xl/worksheets/sheet1.xml")
        handle.write(original.replace(SHEET, SHEET + b'<dimension ref="A1:AC900000"/>', 1))

    path = rebuilt(tmp_path / "tall.xlsx", SAMPLES / "listing-sample.xlsx", main_sheet)
    assert refused(import_listing, shushan, path) == [
        "tall.xlsx xl/worksheets/sheet1.xml：工作表行数（900000）超过上限 200000 行，请分批导入"
    ]
    assert nothing_listed()


def test_rows_and_columns_are_counted_while_a_sheet_streams(shushan, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3  # the sample's main sheet has a header and 3 entries
    assert refused(import_listing, shushan, SAMPLES / "listing-sample.xlsx") == [
        "listing-sample.xlsx 实施清单：工作表行数（4）超过上限 3 行，请分批导入"
    ]
    settings.IMPORT_MAX_ROWS = 200_000
    settings.IMPORT_MAX_COLUMNS = 10
    [problem] = refused(import_listing, shushan, SAMPLES / "listing-sample.xlsx")
    assert problem.startswith("listing-sample.xlsx 实施清单：工作表列数（")
    assert problem.endswith("）超过上限 10 列")
    assert nothing_listed()


def test_records_in_a_json_list_are_limited(shushan, tmp_path, settings, listing_sample):
    settings.IMPORT_MAX_ROWS = 2
    path = write(tmp_path / "many.json", listing_sample)
    assert refused(import_listing, shushan, path) == [
        "many.json：items 有 3 项，上限为 2 项，请分批导入"
    ]
    assert nothing_listed()


def test_the_samples_pass_every_default_limit(shushan):
    assert import_listing(shushan, SAMPLES / "listing-sample.xlsx").changed
    json.loads((SAMPLES / "listing-sample.json").read_text(encoding="utf-8"))
