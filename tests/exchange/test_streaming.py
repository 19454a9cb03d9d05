"""Imports stream: no more than a batch of records is alive at once, whatever the file's size
or order, and what pass 1 keeps of a record holds none of its elements."""

import weakref
from dataclasses import fields

import pytest
from openpyxl import load_workbook

from core.catalogue.exchange import importer, jsonfile, planner, xlsx, xlsx_source
from core.catalogue.exchange.columns import CATALOGUE
from core.catalogue.exchange.exporter import catalogue_document
from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.layout import Record
from tenants.models import Region

from .conftest import DEMO, SAMPLES, load

pytestmark = pytest.mark.django_db

SMALL = 5  # records per chunk in these tests; the demo catalogue has 58 matters


@pytest.fixture
def anhui():
    return Region.objects.get(slug="anhui")


@pytest.fixture
def live_records(monkeypatch):
    """Counts the records alive at once: {"peak": n, "made": total}."""
    alive, counts = weakref.WeakSet(), {"peak": 0, "made": 0}

    class Tracked(Record):
        __hash__ = object.__hash__  # for the WeakSet (dataclasses with eq are unhashable)

        def __init__(self, *args):
            super().__init__(*args)
            alive.add(self)
            counts["made"] += 1
            counts["peak"] = max(counts["peak"], len(alive))

    monkeypatch.setattr(xlsx_source, "Record", Tracked)
    monkeypatch.setattr(jsonfile, "Record", Tracked)
    monkeypatch.setattr(planner, "CHUNK", SMALL)
    monkeypatch.setattr(importer, "BATCH", SMALL)
    return counts


@pytest.mark.parametrize("suffix", ["json", "xlsx"])
def test_import_holds_one_chunk_of_records_at_a_time(anhui, live_records, suffix, tmp_path):
    path = DEMO / "catalogue" / "anhui.json"
    matters = load(path)["matters"]
    if suffix == "xlsx":
        xlsx.write(path := tmp_path / "anhui.xlsx", CATALOGUE, matters)
    outcome = import_catalogue(anhui, path)
    assert len(outcome.created) == len(matters) == 58
    assert live_records["made"] == 2 * 58  # each pass reads every record once
    # The chunk being filled and the one just checked or written, never the whole file.
    assert live_records["peak"] <= 2 * SMALL


def test_an_xlsx_import_parses_each_sheet_once(anhui, monkeypatch, tmp_path):
    """Both passes read the rows spooled while opening; no sheet is parsed just to size it."""
    from openpyxl.worksheet._reader import WorkSheetParser

    parsed, real_parse = [], WorkSheetParser.parse

    def counted(parser):
        parsed.append(parser.source.name)
        yield from real_parse(parser)

    monkeypatch.setattr(WorkSheetParser, "parse", counted)
    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", lambda _: pytest.fail("sized"))
    matters = load(DEMO / "catalogue" / "anhui.json")["matters"]
    xlsx.write(path := tmp_path / "anhui.xlsx", CATALOGUE, matters)
    outcome = import_catalogue(anhui, path)
    assert len(outcome.created) == 58
    assert sorted(parsed) == sorted(set(parsed)) and len(parsed) == len(CATALOGUE.sheets)


def test_pass_one_keeps_no_elements(anhui):
    source = importer.files.open_source(
        DEMO / "catalogue" / "anhui.json", "matters", CATALOGUE, importer.ELEMENT_LABELS
    )
    checked = planner.Planner(anhui, source.first_keys())
    checked.check_all(source.records())
    assert checked.problems == [] and len(checked.entries) == 58
    kept = {type(getattr(e, f.name)) for e in checked.entries.values() for f in fields(e)}
    assert kept == {int, bytes, bool, type(None)}


def test_list_sheet_in_another_order_reads_the_same(anhui, tmp_path):
    """A clerk put the matters of 申请材料 in reverse order: their rows wait for their matter
    (the first one of 事项 now comes last), and the result is the same."""
    book = load_workbook(SAMPLES / "catalogue-sample.xlsx")
    sheet = book["申请材料"]
    groups: dict[str, list] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        groups.setdefault(row[0], []).append(row)
    rows = [row for code in reversed(groups) for row in groups[code]]
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column).value = value  # value=None would not clear
    book.save(path := tmp_path / "sorted.xlsx")
    source = xlsx_source.XlsxSource(path, path.name, CATALOGUE, importer.ELEMENT_LABELS)
    first = next(iter(source.records()))
    assert first.data["basic_code"] == "00013112700Y"
    assert {path: row for path, row in first.locator.rows.items() if "materials" in path} == {
        "materials[0]": 20, "materials[1]": 21,
    }  # fmt: skip
    assert first.locator.rows["legal_basis[1]"] == 3  # the sheets in order are unaffected
    import_catalogue(anhui, path)
    by_code = {m["basic_code"]: m for m in catalogue_document(anhui)["matters"]}
    expected = load(SAMPLES / "catalogue-sample.json")["matters"]
    assert by_code == {m["basic_code"]: m for m in expected}
