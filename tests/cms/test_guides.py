"""A guide's read side is a function of its entry's state: page, projection row and search
document follow the entry through the sync, whatever order or how often the sync runs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from cms.models import DepartmentPage, GuideFAQ, GuidePage, IndexPage, TopicPage
from core.listings import services as listings
from core.published.models import PublishedGuide, SyncRequest
from core.published.outbox import drain, request_sync
from core.published.sync import sync_guide
from search.models import SearchDocument
from tenants.lifecycle import set_region_active
from tenants.models import Region

from .conftest import FOOD_LICENCE, FUND_WITHDRAWAL, ID_CARD

pytestmark = pytest.mark.django_db


def test_publishing_an_entry_creates_its_live_guide_page_and_projection_row(publish):
    item = publish("shushan", ID_CARD)
    with schema_context("shushan"):
        page = GuidePage.objects.get()
        assert page.live and page.title == "居民身份证申领、换领、补领"
        assert page.get_parent().specific.slug == "guides"
        assert (page.implementation_code, page.entry_id) == (item.implementation_code, item.pk)
        assert page.url_path.endswith(f"/guides/{item.implementation_code.lower()}/")
        assert list(DepartmentPage.objects.values_list("title", flat=True)) == [
            "合肥市公安局蜀山分局"
        ]
        assert sorted(TopicPage.objects.values_list("life_event", flat=True)) == ["出生", "生活"]
        url = page.get_full_url()
    guide = PublishedGuide.objects.get()
    assert (guide.implementation_code, guide.entry_id, guide.version, guide.url) == (
        item.implementation_code, item.pk, 1, url
    )  # fmt: skip
    assert url == f"http://shushan.localhost/guides/{item.implementation_code.lower()}/"
    assert guide.payload["fixed"]["name"] == "居民身份证申领、换领、补领"
    assert guide.payload["local"]["promised_limit"]["value"] == 10
    assert SearchDocument.objects.get().implementation_code == item.implementation_code
    assert not SyncRequest.objects.exists()  # the outbox was drained


def test_republishing_updates_the_row_without_writing_a_page_revision(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    on_commit_in("shushan", listings.update_item, item, {"consult_phone": "0551-65301299"})
    on_commit_in("shushan", listings.publish_item, item, direct=True)
    with schema_context("shushan"):
        assert GuidePage.objects.get().revisions.count() == 1  # only the page's creation
    guide = PublishedGuide.objects.get()
    assert guide.version == 2
    assert guide.payload["local"]["consult_phone"] == "0551-65301299"


def test_suspending_the_entry_takes_page_row_and_document_offline(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    on_commit_in("shushan", listings.suspend_item, item, "机构调整")
    with schema_context("shushan"):
        assert not GuidePage.objects.get().live
        item.refresh_from_db()
        assert (item.state, item.live_version) == ("suspended", None)
    assert not PublishedGuide.objects.exists()
    assert not SearchDocument.objects.exists()


def test_a_late_or_repeated_sync_never_brings_a_withdrawn_guide_back(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    on_commit_in("shushan", listings.suspend_item, item, "机构调整")
    with schema_context("shushan"):  # redelivered and out-of-order triggers of every kind
        assert [sync_guide(item.pk) for _ in range(3)] == ["absent"] * 3
        request_sync(item.pk)
    drain()
    drain()
    assert not PublishedGuide.objects.exists()
    assert not SearchDocument.objects.exists()


def test_publishing_the_page_of_a_suspended_entry_does_not_bring_it_back(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    on_commit_in("shushan", listings.suspend_item, item, "机构调整")

    def republish_page():
        page = GuidePage.objects.get()
        page.save_revision(clean=False).publish()

    on_commit_in("shushan", republish_page)
    with schema_context("shushan"):
        assert not GuidePage.objects.get().live  # switched off again by the sync
    assert not PublishedGuide.objects.exists()


def test_a_listing_publish_keeps_an_editors_moderation_and_pending_note(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        editor = get_user_model().objects.create_user("editor")
        page = GuidePage.objects.get()
        page.notes = "<p>每周六上午可预约办理</p>"
        page.save_revision(user=editor)
        workflow_state = page.get_workflow().start(page, editor)
        listings.update_item(item, {"consult_phone": "0551-65301299"})
    on_commit_in("shushan", listings.publish_item, item, direct=True)
    with schema_context("shushan"):
        workflow_state.refresh_from_db()
        page = GuidePage.objects.get()
        assert workflow_state.status == "in_progress"
        assert page.get_latest_revision().content["notes"] == "<p>每周六上午可预约办理</p>"
        assert page.notes == ""  # not live until approved
    assert PublishedGuide.objects.get().version == 2


def test_restoring_an_old_revision_changes_only_the_additions(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        first = GuidePage.objects.get().live_revision
    on_commit_in("shushan", listings.update_item, item, {"hours": "周一至周五"})
    on_commit_in("shushan", listings.publish_item, item, direct=True)

    def add_faq_and_publish():
        page = GuidePage.objects.get()
        page.extra_faqs.add(GuideFAQ(question="可以代办吗？", answer="可以，需委托书。"))
        page.save_revision(clean=False).publish()

    on_commit_in("shushan", add_faq_and_publish)
    row = PublishedGuide.objects.get()
    assert row.payload["additions"]["faqs"] == [
        {"question": "可以代办吗？", "answer": "可以，需委托书。"}
    ]

    def revert():
        page = GuidePage.objects.get()
        page.with_content_json(first.content).save_revision(clean=False).publish()

    on_commit_in("shushan", revert)
    row = PublishedGuide.objects.get()
    assert (row.version, row.payload["local"]["hours"]) == (2, "周一至周五")
    assert row.payload["additions"]["faqs"] == []
    with schema_context("shushan"):
        assert GuidePage.objects.get().title == "食品经营许可"


def test_rebuild_syncs_every_guide_from_its_entry(publish, on_commit_in):
    shushan_item = publish("shushan", ID_CARD)
    hefei_item = publish("hefei", FUND_WITHDRAWAL)
    with schema_context("shushan"):
        GuidePage.objects.all().delete()  # a lost page is rebuilt from the entry
    PublishedGuide.objects.filter(implementation_code=hefei_item.implementation_code).update(
        version=9
    )
    out = io.StringIO()
    call_command("rebuild_projection", stdout=out)
    assert "shushan: 在线指南 1 条，撤下 0 条" in out.getvalue()
    assert "hefei: 在线指南 1 条，撤下 0 条" in out.getvalue()
    rows = dict(PublishedGuide.objects.values_list("implementation_code", "version"))
    assert rows == {shushan_item.implementation_code: 1, hefei_item.implementation_code: 1}
    with schema_context("shushan"):
        assert GuidePage.objects.get().live


def test_deactivating_a_region_withdraws_its_guides_and_reactivating_restores_them(
    publish, on_commit_in
):
    item = publish("shushan", FOOD_LICENCE)
    publish("hefei", FUND_WITHDRAWAL)
    region = Region.objects.get(slug="shushan")
    on_commit_in("public", set_region_active, region, False)
    assert list(PublishedGuide.objects.values_list("region__slug", flat=True)) == ["hefei"]
    assert list(SearchDocument.objects.values_list("region_code", flat=True)) == ["340100"]
    on_commit_in("public", set_region_active, region, True)
    assert PublishedGuide.objects.filter(implementation_code=item.implementation_code).exists()
    assert SearchDocument.objects.count() == 2


def test_provisioned_regions_have_the_portal_sections():
    with schema_context("yaohai"):
        slugs = set(IndexPage.objects.values_list("slug", flat=True))
        assert slugs == {"guides", "departments", "topics"}
