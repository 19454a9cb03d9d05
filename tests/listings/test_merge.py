"""Three-way merge of a new catalogue version into entries (base, theirs = new, ours = local)."""

import pytest
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.listings.merge import merge_version, resolve_conflict, three_way
from core.published.models import SyncRequest
from tests.factories import catalogue_matter, listing_entry, published_entry

pytestmark = pytest.mark.django_db

FOOD = "000131106000"


@pytest.mark.parametrize(
    ("base", "theirs", "ours", "expected"),
    [
        ("a", "a", "a", ("a", False)),  # nothing changed
        ("a", "a", "b", ("b", False)),  # local-only change kept
        ("a", "b", "a", ("b", False)),  # untouched local takes the new default
        ("a", "b", "b", ("b", False)),  # same change on both sides
        ("a", "b", "c", ("c", True)),  # both changed differently: conflict, local kept meanwhile
    ],
)
def test_three_way(base, theirs, ours, expected):
    assert three_way(base, theirs, ours) == expected


def new_version(basic_code=FOOD, **elements):
    matter = catalogue_matter(basic_code)
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(draft, {**elements, "change_note": "目录更新"})
    catalogue.submit_version(draft)
    return catalogue.publish_version(draft)


def test_fixed_change_only_marks_the_entry_outdated():
    item = published_entry("shushan", FOOD)
    version = new_version(aliases=["开饭店", "开餐馆", "食品许可证"])
    with schema_context("shushan"):
        outcome = merge_version(item, version)
        item.refresh_from_db()
        live = item.live_version.number
    assert (outcome.taken, outcome.conflicts) == ([], [])
    assert (item.base_version, item.sync_state, item.state) == (version, "outdated", "draft")
    assert live == 1  # the guide stays online until republished


def test_untouched_local_element_takes_the_new_default_and_local_change_is_kept():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        from core.listings import services

        services.update_item(
            item, {"faqs": item.base_version.faqs}
        )  # untouched: equals the default
        local_conditions = item.conditions
    assert local_conditions != item.base_version.conditions  # 蜀山 localised its conditions
    new_faqs = [{"question": "网上可以办吗？", "answer": "可以，通过皖事通办理。"}]
    version = new_version(faqs=new_faqs, conditions="新的受理条件")
    with schema_context("shushan"):
        outcome = merge_version(item, version)
        item.refresh_from_db()
        conflict = item.conflicts.get()
    assert outcome.taken == ["faqs"] and item.faqs == new_faqs
    assert outcome.conflicts == ["conditions"] and item.sync_state == "conflict"
    assert (conflict.ours, conflict.theirs) == (local_conditions, "新的受理条件")
    assert item.conditions == local_conditions  # kept until someone decides
    with schema_context("shushan"):
        resolve_conflict(conflict, "theirs")
        item.refresh_from_db()
    assert (item.conditions, item.sync_state) == ("新的受理条件", "outdated")


def test_merge_is_idempotent_per_entry_and_version():
    item = listing_entry("shushan", FOOD)
    version = new_version(conditions="新的受理条件")
    with schema_context("shushan"):
        first = merge_version(item, version)
        again = merge_version(item, version)
        assert item.conflicts.count() == 1
    assert (first.skipped, again.skipped) == (False, True)


def test_cancellation_suspends_the_entry_and_requests_its_guide_sync():
    item = published_entry("shushan", FOOD)
    SyncRequest.objects.all().delete()
    version = new_version(status="取消", cancel_date="2026-12-31")
    with schema_context("shushan"):
        outcome = merge_version(item, version)
        item.refresh_from_db()
    assert outcome.suspended
    assert (item.state, item.sync_state, item.base_version) == ("suspended", "cancelled", version)
    assert item.live_version is None
    assert list(SyncRequest.objects.values_list("schema_name", "entry_id")) == [
        ("shushan", item.pk)
    ]


def test_a_merge_takes_an_entry_under_review_back_to_draft_with_a_note():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        from core.listings import services as listings

        listings.submit_item(item)
        version = new_version(conditions="新的受理条件")
        outcome = merge_version(item, version)
        item.refresh_from_db()
    assert outcome.taken + outcome.conflicts == ["conditions"]
    assert item.state == "draft"
    assert (
        item.review_note
        == f"目录已更新至第 {version.number} 版，审核已撤回：请核对合并结果后重新提交"
    )
