"""Guide pages follow their entries; the projection follows the guide pages."""

import io

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from cms.models import DepartmentPage, GuidePage, IndexPage, TopicPage
from core.listings import services as listings
from core.published.models import PublishedGuide
from core.published.tasks import project_guide, withdraw_guide

from .conftest import FOOD_LICENCE, FUND_WITHDRAWAL, ID_CARD

pytestmark = pytest.mark.django_db


def test_publishing_an_entry_creates_its_live_guide_page_and_projection_row(publish):
    item = publish("shushan", ID_CARD)
    with schema_context("shushan"):
        page = GuidePage.objects.get()
        assert page.live and page.title == "居民身份证申领、换领、补领"
        assert page.get_parent().specific.slug == "guides"
        assert (page.implementation_code, page.entry_version) == (item.implementation_code, 1)
        assert page.snapshot["local"]["promised_limit"]["value"] == 10
        assert page.url_path.endswith(f"/guides/{item.implementation_code.lower()}/")
        assert list(DepartmentPage.objects.values_list("title", flat=True)) == [
            "合肥市公安局蜀山分局"
        ]
        assert sorted(TopicPage.objects.values_list("life_event", flat=True)) == ["出生", "生活"]
        url = page.get_full_url()
    guide = PublishedGuide.objects.get()
    assert (guide.implementation_code, guide.version, guide.url) == (
        item.implementation_code,
        1,
        url,
    )
    assert url == f"http://shushan.localhost/guides/{item.implementation_code.lower()}/"
    assert guide.payload["fixed"]["name"] == "居民身份证申领、换领、补领"


def test_republishing_updates_the_same_page_and_the_row(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        listings.update_item(item, {"consult_phone": "0551-65301299"})
    on_commit_in("shushan", listings.publish_item, item, direct=True)
    with schema_context("shushan"):
        page = GuidePage.objects.get()
        assert (page.entry_version, page.revisions.count()) == (2, 2)
        assert page.snapshot["local"]["consult_phone"] == "0551-65301299"
    guide = PublishedGuide.objects.get()
    assert guide.version == 2
    assert guide.payload["local"]["consult_phone"] == "0551-65301299"


def test_suspending_the_entry_unpublishes_the_page_and_removes_the_row(publish, on_commit_in):
    item = publish("shushan", FOOD_LICENCE)
    on_commit_in("shushan", listings.suspend_item, item, "机构调整")
    with schema_context("shushan"):
        assert not GuidePage.objects.get().live
    assert not PublishedGuide.objects.exists()


def test_projection_task_is_idempotent_on_code_and_version(publish):
    item = publish("shushan", FOOD_LICENCE)
    row = PublishedGuide.objects.get()
    with schema_context("shushan"):
        assert project_guide(item.implementation_code, 1, row.url) == "unchanged"
        assert project_guide(item.implementation_code, 0, row.url) == "unchanged"
        assert withdraw_guide(item.implementation_code) == "withdrawn"
        assert withdraw_guide(item.implementation_code) == "absent"
        assert project_guide(item.implementation_code, 1, row.url) == "projected"
        assert project_guide(item.implementation_code, 9, row.url) == "missing"
    assert PublishedGuide.objects.get().version == 1


def test_rebuild_projection_holds_exactly_the_live_guides(publish, on_commit_in):
    shushan_item = publish("shushan", ID_CARD)
    hefei_item = publish("hefei", FUND_WITHDRAWAL)
    stale = PublishedGuide.objects.get(implementation_code=hefei_item.implementation_code)
    PublishedGuide.objects.filter(implementation_code=shushan_item.implementation_code).delete()
    PublishedGuide.objects.create(
        **{f.attname: getattr(stale, f.attname) for f in PublishedGuide._meta.concrete_fields
           if f.name != "id"} | {"implementation_code": "X" * 31}
    )  # fmt: skip
    out = io.StringIO()
    call_command("rebuild_projection", stdout=out)
    assert "shushan: 在线指南 1 条，删除 0 条" in out.getvalue()
    assert "hefei: 在线指南 1 条，删除 1 条" in out.getvalue()
    codes = set(PublishedGuide.objects.values_list("implementation_code", flat=True))
    assert codes == {shushan_item.implementation_code, hefei_item.implementation_code}


def test_provisioned_regions_have_the_portal_sections():
    with schema_context("yaohai"):
        slugs = set(IndexPage.objects.values_list("slug", flat=True))
        assert slugs == {"guides", "departments", "topics"}
