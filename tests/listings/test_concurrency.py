"""Real parallel transactions (one thread and one connection each): no edit is lost, a stale
edit is refused with what changed, a merge never races a publish or a claim into an old state."""

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.catalogue.models import Matter, SyncJob
from core.catalogue.tasks import fan_out_version
from core.domain.errors import DomainError
from core.listings import services as listings
from core.listings.merge import merge_version
from core.listings.models import ImplementationItem
from core.listings.tasks import merge_catalogue_version
from tests.factories import catalogue_matter, listing_entry
from tests.listings.test_fanout import committed  # noqa: F401  (fixture)
from tests.security.concurrency import race

pytestmark = pytest.mark.worker  # committed data: the threads' connections must see it

FOOD = "000131106000"


def fresh(pk, slug="shushan") -> ImplementationItem:
    with schema_context(slug):
        return ImplementationItem.objects.select_related("base_version").get(pk=pk)


def new_catalogue_version(matter, **elements):
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(draft, {**elements, "change_note": "目录更新"})
    catalogue.submit_version(draft)
    return draft


def test_two_editors_saving_the_same_revision_one_wins_the_other_is_told_what_changed(committed):  # noqa: F811
    item = listing_entry("shushan", FOOD)
    revision, digests = item.revision, item.element_digests()

    def edit(values):
        def run():
            with schema_context("shushan"):
                return listings.update_item(
                    fresh(item.pk), values, expected_revision=revision, based_on=digests
                )

        return run

    results = race(edit({"hours": "周一至周五 9:00-17:00"}), edit({"hours": "全天"}))
    errors = [r for r in results if isinstance(r, DomainError)]
    assert sorted(type(r).__name__ for r in results) == ["DomainError", "list"]
    assert "期间变化的要素：办理时间" in str(errors[0])
    winner = ["周一至周五 9:00-17:00", "全天"][results.index(["hours"])]
    assert fresh(item.pk).hours == winner


def test_a_form_opened_before_a_merge_cannot_revert_what_the_merge_took(committed):  # noqa: F811
    item = listing_entry("shushan", FOOD)
    revision, digests = item.revision, item.element_digests()
    version = new_catalogue_version(item.matter, description="说明已更新", conditions="新条件")
    catalogue.publish_version(version)
    with schema_context("shushan"):
        merge_version(fresh(item.pk), version)
        with pytest.raises(DomainError) as refused:
            listings.update_item(
                fresh(item.pk), {"hours": "全天"}, expected_revision=revision, based_on=digests
            )
    assert "期间变化的要素：" in str(refused.value) and "所依据的目录版本" in str(refused.value)
    merged = fresh(item.pk)
    assert (merged.base_version, merged.hours != "全天") == (version, True)


def test_a_publish_racing_a_merge_never_writes_the_old_base_back(committed):  # noqa: F811
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        listings.publish_item(item, direct=True)
        listings.update_item(fresh(item.pk), {"hours": "全天"})
    version = new_catalogue_version(item.matter, description="说明已更新")
    catalogue.publish_version(version)
    stale = fresh(item.pk)  # loaded before the merge, as a reviewer's page would be

    def publish():
        with schema_context("shushan"):
            return listings.publish_item(stale, direct=True)

    def merge():
        with schema_context("shushan"), transaction.atomic():
            locked = ImplementationItem.objects.select_for_update().get(pk=item.pk)
            return merge_version(locked, version)

    results = race(publish, merge)
    assert not any(isinstance(r, Exception) for r in results), results
    after = fresh(item.pk)
    assert after.base_version == version  # never rolled back to the old base
    with schema_context("shushan"):  # the live snapshot names the base it was built on
        live = after.versions.first()
        assert live.elements["catalogue_version"] == live.catalogue_version.number


def test_a_claim_during_a_fan_out_ends_on_the_new_version(committed):  # noqa: F811
    listing_entry("yaohai", FOOD)  # another claimant, so the matter fans out
    matter = Matter.objects.get(basic_code=FOOD)
    catalogue_matter(FOOD)
    version = new_catalogue_version(matter, description="说明已更新")
    from tenants.models import Department

    department = Department.objects.filter(region__slug="shushan").order_by("pk").first()

    def claim():
        with schema_context("shushan"):
            return listings.claim_matter(Matter.objects.get(pk=matter.pk), department, "4")

    def publish_and_fan_out():
        catalogue.publish_version(version)
        return SyncJob.objects.filter(version=version).count()

    results = race(claim, publish_and_fan_out)
    assert not any(isinstance(r, Exception) for r in results), results
    fan_out_version(version.pk)  # what the orchestrator runs after commit (idempotent)
    if SyncJob.objects.filter(version=version, region__slug="shushan").exists():
        with schema_context("shushan"):  # what the worker runs for the region's job
            merge_catalogue_version(version.pk)
    # The claim saw the new version, or the fan-out saw the claim and merged it.
    assert fresh(results[0].pk).base_version == version
    assert connection.schema_name == "public"
