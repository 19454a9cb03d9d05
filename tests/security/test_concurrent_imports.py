"""Two imports of the same file into the same target at the same moment (real parallel
transactions): one writes, the other waits for it and reports that nothing is left to change.
Before, the second crashed on a unique index (IntegrityError) or refused "already claimed"."""

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.models import Claim, Matter, MatterVersion, SyncJob
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem, ItemVersion, MergeConflict
from tenants.models import Region
from tests.exchange.conftest import SAMPLES, write

from .concurrency import race


def table(model) -> str:
    return f"public.{model._meta.db_table}"  # qualified: never the search_path's table


# Raw SQL: the ORM's delete collector would look for tenant tables from the public schema.
CLEANUP = [
    *(
        f"DELETE FROM shushan.{m._meta.db_table}"
        for m in (MergeConflict, ItemVersion, ImplementationItem)
    ),
    f"DELETE FROM {table(Claim)} WHERE region_id = %(shushan)s",
    f"DELETE FROM {table(SyncJob)} WHERE version_id IN (SELECT v.id FROM {table(MatterVersion)}"
    f" v JOIN {table(Matter)} m ON v.matter_id = m.id WHERE m.province_id = %(anhui)s)",
    f"UPDATE {table(Matter)} SET current_version_id = NULL, parent_id = NULL"
    " WHERE province_id = %(anhui)s",
    f"DELETE FROM {table(MatterVersion)} WHERE matter_id IN"
    f" (SELECT id FROM {table(Matter)} WHERE province_id = %(anhui)s)",
    f"DELETE FROM {table(Matter)} WHERE province_id = %(anhui)s",
]


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Database access outside a test transaction; the catalogue and lists written are removed
    afterwards, so later tests start from the session's state (drafts only: no guide pages)."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
        ids = {r.slug: r.pk for r in Region.objects.filter(slug__in=["anhui", "shushan"])}
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in CLEANUP:
                cursor.execute(statement, ids)
        assert not Matter.objects.filter(province_id=ids["anhui"]).exists()


def test_concurrent_catalogue_imports_one_writes_the_other_changes_nothing(committed):
    anhui = Region.objects.get(slug="anhui")
    path = SAMPLES / "catalogue-sample.json"
    results = race(lambda: import_catalogue(anhui, path), lambda: import_catalogue(anhui, path))
    assert sorted(str(r) for r in results) == [
        "catalogue-sample.json：新建 4 项，发布新版本 0 项，未变化 0 项",
        "catalogue-sample.json：没有变化（4 项均与现行版本一致）",
    ]
    assert Matter.objects.filter(province=anhui).count() == 4
    assert MatterVersion.objects.filter(matter__province=anhui).count() == 4


def test_concurrent_listing_imports_one_claims_the_other_changes_nothing(
    committed, tmp_path, listing_sample
):
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    for item in listing_sample["items"]:
        item["publish"] = False  # drafts: claims and entries only, nothing to project
    path = write(tmp_path / "shushan.json", listing_sample)
    shushan = Region.objects.get(slug="shushan")
    results = race(lambda: import_listing(shushan, path), lambda: import_listing(shushan, path))
    assert sorted(str(r) for r in results) == [
        "shushan.json：新认领 3 项，更新要素 0 项，发布 0 项，未变化 0 项",
        "shushan.json：没有变化（3 项均与现有清单一致）",
    ]
    assert Claim.objects.filter(region=shushan).count() == 3
    with schema_context("shushan"):
        assert ImplementationItem.objects.count() == 3
