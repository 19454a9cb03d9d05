"""The implementation list in a county's admin: claim, edit, submit refused with the rule
messages, fix, publish; tenant isolation; the sync inbox after a province publishes."""

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.listings.admin.forms import ItemForm
from core.listings.merge import merge_version
from core.listings.models import ImplementationItem
from core.listings.wagtail_hooks import register_inbox_menu_item
from tenants.models import Department
from tests.admin.helpers import admin_client, post_data, staff_user
from tests.factories import catalogue_matter, local_values, published_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"


def url(name, *args):
    return reverse(f"listings_admin:{name}", args=args)


def edit_data(item, **changes) -> dict:
    """The edit form as a browser would post it, with ``changes`` to the local elements."""
    form = ItemForm(elements={**item.local_elements(), **changes}, region=item.department.region)
    return post_data(form)


def test_clerk_claims_edits_fails_submit_fixes_and_publishes():
    matter = catalogue_matter(FOOD_LICENCE)
    client = admin_client("shushan")
    assert "食品经营许可" in client.get(url("claim")).content.decode()
    market = Department.objects.get(region__slug="shushan", key="scjg")
    response = client.post(
        url("claim"), {"matter": matter.pk, "department": market.pk, "level": "4"}
    )
    with schema_context("shushan"):
        item = ImplementationItem.objects.get()
        assert response.url == url("edit", item.pk)
        assert item.implementation_code == "11340104MB3579887N4000131106000"
        broken = {**local_values("shushan", FOOD_LICENCE), "consult_phone": "65301100",
                  "visits": 1, "promised_limit": {"value": 15, "unit": "工作日", "note": ""}}  # fmt: skip
        data = {**edit_data(item, **broken), "action": "submit"}
    response = client.post(url("edit", item.pk), data)
    page = response.content.decode()
    assert response.status_code == 422
    for message in ("咨询电话“65301100”格式错误", "须填写“必须现场办理原因”",
                    "到办事现场次数应为0", "超过法定办结时限"):  # fmt: skip
        assert message in page, message
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.state, item.consult_phone, item.visits) == ("draft", "65301100", 1)
        data = {**edit_data(item, **local_values("shushan", FOOD_LICENCE)), "action": "submit"}
    response = client.post(url("edit", item.pk), data)
    assert (response.status_code, response.url) == (302, url("item", item.pk))
    reviewer = staff_user("shushan", "shushan_reviewer", groups=["清单审核员"])
    assert reviewer.post(url("publish", item.pk)).status_code == 302  # another reviewer (four-eyes)
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.state, item.live_version.number, item.consult_phone) == (
            "published",
            1,
            "0551-65301100",
        )


def test_claim_refuses_a_level_the_catalogue_does_not_allow():
    matter = catalogue_matter(FOOD_LICENCE)
    market = Department.objects.get(region__slug="shushan", key="scjg")
    client = admin_client("shushan")
    response = client.post(
        url("claim"), {"matter": matter.pk, "department": market.pk, "level": "2"}
    )
    assert response.status_code == 422
    assert "行使层级 2 不在该事项允许的层级内" in response.content.decode()
    with schema_context("shushan"):
        assert not ImplementationItem.objects.exists()


def test_saving_an_unchanged_form_changes_nothing():
    item = published_entry("shushan", FOOD_LICENCE, project=False)
    with schema_context("shushan"):
        item.refresh_from_db()
        before = item.local_elements()
        data = edit_data(item)
    response = admin_client("shushan").post(url("edit", item.pk), data)
    assert response.status_code == 302
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.local_elements(), item.state) == (before, "published")


def test_list_filters_and_non_reviewer_cannot_publish():
    item = published_entry("shushan", FOOD_LICENCE, project=False)
    client = admin_client("shushan")
    assert "食品经营许可" in client.get(url("index"), {"state": "published"}).content.decode()
    assert "食品经营许可" not in client.get(url("index"), {"state": "draft"}).content.decode()
    assert "食品经营许可" in client.get(url("index"), {"q": "开饭店"}).content.decode()
    clerk = staff_user("shushan", "shushan_clerk")
    refused = clerk.post(url("suspend", item.pk))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    with schema_context("shushan"):
        item.refresh_from_db()
        assert item.state == "published"


def test_another_county_cannot_see_or_open_the_entry():
    item = published_entry("shushan", FOOD_LICENCE, project=False)
    yaohai = admin_client("yaohai")
    assert "食品经营许可" not in yaohai.get(url("index")).content.decode()
    for name in ("item", "edit", "compare"):
        assert yaohai.get(url(name, item.pk)).status_code == 404
    assert yaohai.post(url("publish", item.pk)).status_code == 404


def test_inbox_shows_a_conflict_and_resolving_it_works():
    item = published_entry("shushan", FOOD_LICENCE, project=False, conditions="蜀山本地受理条件")
    matter = item.matter
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(
        draft, {"conditions": "新版受理条件：取消场所证明", "change_note": "取消场所证明"}
    )
    catalogue.submit_version(draft)
    new = catalogue.publish_version(draft)
    with schema_context("shushan"):
        outcome = merge_version(ImplementationItem.objects.get(pk=item.pk), new)
        assert outcome.conflicts == ["conditions"]
        assert register_inbox_menu_item().render_component(None).label == "同步收件箱（1）"
    client = admin_client("shushan")
    page = client.get(url("inbox")).content.decode()
    assert "蜀山本地受理条件" in page and "新版受理条件：取消场所证明" in page
    assert "保留本地" in page and "采用目录" in page
    with schema_context("shushan"):
        conflict = item.conflicts.get()
    with schema_context("shushan"):
        revision = ImplementationItem.objects.get(pk=item.pk).revision
    assert client.post(url("resolve", conflict.pk), {"choice": "theirs"}).status_code == 302
    with schema_context("shushan"):
        conflict.refresh_from_db()
        assert not conflict.resolved  # no revision stated: the page is out of date
    response = client.post(url("resolve", conflict.pk), {"choice": "theirs", "revision": revision})
    assert response.status_code == 302
    with schema_context("shushan"):
        item.refresh_from_db()
        conflict.refresh_from_db()
        assert (conflict.resolved, conflict.resolution) == (True, "theirs")
        assert (item.conditions, item.sync_state) == ("新版受理条件：取消场所证明", "outdated")
    assert "确认并提交审核" in client.get(url("inbox")).content.decode()
    assert client.post(url("reconfirm", item.pk)).status_code == 302
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.state, item.submitted_by) == ("review", "shushan_admin")  # four-eyes
    reviewer = staff_user("shushan", "shushan_reviewer", groups=["清单审核员"])
    assert reviewer.post(url("publish", item.pk)).status_code == 302
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.state, item.sync_state, item.live_version.number) == (
            "published",
            "current",
            2,
        )
        assert item.base_version == new
        versions = list(item.versions.order_by("number"))
    compare = client.get(url("compare", item.pk), {"a": versions[0].pk, "b": versions[1].pk})
    assert 'data-element="conditions" data-changed="1"' in compare.content.decode()
    assert "收件箱为空" in client.get(url("inbox")).content.decode()
