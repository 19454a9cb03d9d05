"""No false changes: export → import of an untouched file is "没有变化" in every exchange format,
and saving unedited values changes nothing — even when the stored text has CRLF line breaks and
trailing spaces and set-like lists are stored in another order than a form or file gives them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.catalogue.exchange.exporter import export_catalogue
from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.models import Matter, MatterVersion
from core.listings import services
from core.listings.exchange.exporter import export_listing
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem, ItemVersion
from tenants.models import Region

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db
FOOD = "000131106000"


@pytest.fixture
def anhui():
    region = Region.objects.get(slug="anhui")
    import_catalogue(region, SAMPLES / "catalogue-sample.json")
    # What an older form save left behind: CRLF, trailing spaces, levels in another order.
    version = Matter.objects.get(province=region, basic_code=FOOD).current_version
    MatterVersion.objects.filter(pk=version.pk).update(
        conditions=version.conditions.replace("\n", "\r\n") + "  ",
        levels=list(reversed(version.levels)),
        description=" 食品经营许可\r\n（含仅销售预包装食品备案） ",
    )
    return region


@pytest.fixture
def shushan(anhui):
    region = Region.objects.get(slug="shushan")
    import_listing(region, SAMPLES / "listing-sample.json")
    with schema_context("shushan"):
        item = ImplementationItem.objects.get(matter__basic_code=FOOD)
        ImplementationItem.objects.filter(pk=item.pk).update(
            conditions=item.conditions.replace("\n", "\r\n"),
            hours="周一至周五 9:00-17:00 \r\n法定节假日除外 ",
            windows=["main/A02", "main/A01"],
            forms=list(reversed(item.forms)),
        )
    return region


def _entries(slug="shushan") -> dict:
    with schema_context(slug):
        return {
            item.implementation_code: (item.revision, item.state, item.versions.count())
            for item in ImplementationItem.objects.all()
        }


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_catalogue_export_then_import_is_no_change(anhui, fmt, tmp_path):
    versions = MatterVersion.objects.filter(matter__province=anhui).count()
    path = tmp_path / f"anhui.{fmt}"
    assert export_catalogue(anhui, path, fmt) == 4
    outcome = import_catalogue(anhui, path)
    assert str(outcome) == f"anhui.{fmt}：没有变化（4 项均与现行版本一致）"
    assert MatterVersion.objects.filter(matter__province=anhui).count() == versions


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_listing_export_then_import_is_no_change(shushan, fmt, tmp_path):
    before = _entries()
    path = tmp_path / f"shushan.{fmt}"
    assert export_listing(shushan, path, fmt) == 3
    outcome = import_listing(shushan, path)
    assert str(outcome) == f"shushan.{fmt}：没有变化（3 项均与现有清单一致）"
    assert _entries() == before  # no revision bumped, nothing republished
    with schema_context("shushan"):
        assert ItemVersion.objects.count() == 2


def test_saving_unedited_values_changes_nothing(shushan):
    """What the edit form submits for an untouched entry: CRLF from the textarea, windows in
    the order of the checkboxes, the limit's number as a float."""
    before = _entries()
    with schema_context("shushan"):
        item = ImplementationItem.objects.get(matter__basic_code=FOOD)
        submitted = {
            **item.local_elements(),
            "conditions": item.conditions.replace("\r\n", "\n").replace("\n", "\r\n"),
            "hours": "周一至周五 9:00-17:00\r\n法定节假日除外",
            "windows": ["main/A01", "main/A02"],
            "forms": sorted(item.forms),
            "promised_limit": {**item.promised_limit, "value": float(item.promised_limit["value"])},
        }
        assert services.update_item(item, submitted, "clerk") == []
        item.refresh_from_db()
        assert item.state == "published"
    assert _entries() == before


def test_a_real_edit_is_stored_cleaned(shushan):
    with schema_context("shushan"):
        item = ImplementationItem.objects.get(matter__basic_code=FOOD)
        changed = services.update_item(item, {"hours": " 全天 \r\n 节假日除外\r\n"}, "clerk")
        item.refresh_from_db()
    assert (changed, item.hours, item.state) == (["hours"], "全天\n 节假日除外", "draft")


def test_saving_an_unedited_catalogue_draft_changes_nothing(anhui):
    matter = Matter.objects.get(province=anhui, basic_code=FOOD)
    draft = catalogue.start_version(matter, "editor", allow_national=True)
    submitted = {
        **draft.elements(),
        "conditions": draft.conditions.replace("\r\n", "\n").replace("\n", "\r\n") + " ",
        "levels": sorted(draft.levels),
    }
    with CaptureQueriesContext(connection) as queries:
        catalogue.update_draft(draft, submitted, "editor")
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]  # nothing saved
    stored = MatterVersion.objects.get(pk=draft.pk)
    assert (stored.conditions, stored.levels) == (draft.conditions, draft.levels)
    catalogue.update_draft(draft, {**submitted, "description": " 新说明\r\n第二行 "}, "editor")
    stored = MatterVersion.objects.get(pk=draft.pk)
    assert (stored.description, stored.conditions) == ("新说明\n第二行", draft.conditions)
