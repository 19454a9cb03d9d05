"""Four-eyes: nobody approves or publishes their own submission — catalogue versions, 实施清单
entries and guide additions (Wagtail workflow) — a superuser neither, unless the region's
configuration (tenant_configs, ``allow_self_approval``) explicitly allows it."""

import shutil

import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_tenants.utils import schema_context

from cms.models import GuidePage
from cms.structure import REVIEWERS
from core.catalogue import services as catalogue
from core.domain.errors import DomainError
from core.listings import services as listings
from core.listings.models import ImplementationItem
from tenants.config import load_configs
from tenants.models import Region
from tenants.provisioning import provision
from tests.admin.helpers import admin_client, staff_user
from tests.factories import catalogue_matter, listing_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"
DOG_REGISTRATION = "340113101000"  # local (安徽)
OWN = "不能审核自己提交的"


def entry_in_review(submitter: str) -> ImplementationItem:
    item = listing_entry("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        listings.submit_item(item, submitter)
    return item


def test_a_catalogue_version_is_neither_published_nor_rejected_by_its_author():
    matter = catalogue_matter(DOG_REGISTRATION)
    with schema_context("anhui"):
        draft = catalogue.start_version(matter, "anhui_clerk")
        catalogue.update_draft(
            draft, {"name": "养犬登记（新版）", "change_note": "名称调整"}, "anhui_clerk"
        )
        catalogue.submit_version(draft, "anhui_clerk")
        for act in (catalogue.publish_version, catalogue.reject_version):
            with pytest.raises(DomainError, match=f"{OWN}目录版本"):
                act(draft, "anhui_clerk")
        draft.refresh_from_db()
        assert (draft.state, draft.reviewed_by) == ("review", "")
        catalogue.publish_version(draft, "anhui_reviewer")
        draft.refresh_from_db()
        assert (draft.state, draft.reviewed_by) == ("published", "anhui_reviewer")


def test_nor_by_whoever_submitted_it_for_its_author():
    matter = catalogue_matter(DOG_REGISTRATION)
    with schema_context("anhui"):
        draft = catalogue.start_version(matter, "anhui_clerk")
        catalogue.update_draft(draft, {"change_note": "依据更新"}, "anhui_clerk")
        catalogue.submit_version(draft, "anhui_editor")
        with pytest.raises(DomainError, match=f"{OWN}目录版本"):
            catalogue.publish_version(draft, "anhui_editor")
        catalogue.publish_version(draft, "anhui_reviewer")


def test_a_listing_entry_is_not_published_by_its_submitter_even_a_superuser():
    item = entry_in_review("shushan_admin")  # the region's first admin: a superuser
    with schema_context("shushan"):
        assert get_user_model().objects.get(username="shushan_admin").is_superuser
        with pytest.raises(DomainError, match=f"{OWN}实施清单事项"):
            listings.publish_item(item, "shushan_admin")
        with pytest.raises(DomainError, match=f"{OWN}实施清单事项"):
            listings.publish_item(item, "shushan_admin", direct=True)  # a submission all the same
        item.refresh_from_db()
        assert (item.state, item.live_version) == ("review", None)
    # the admin shows the refusal and changes nothing
    response = admin_client("shushan").post(
        reverse("listings_admin:publish", args=[item.pk]), follow=True
    )
    assert f"{OWN}实施清单事项" in response.content.decode()
    with schema_context("shushan"):
        item.refresh_from_db()
        assert item.state == "review"
        version = listings.publish_item(item, "shushan_reviewer")
        assert (version.number, version.published_by) == (1, "shushan_reviewer")


def test_the_submitter_may_still_withdraw_their_own_submission():
    item = entry_in_review("shushan_clerk")
    with schema_context("shushan"):
        listings.withdraw_item(item, "shushan_clerk")
        item.refresh_from_db()
        assert item.state == "draft"


def test_guide_additions_are_not_approved_by_the_user_who_submitted_them(publish):
    publish("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        users = get_user_model().objects
        editor = users.create_user("guide_editor")
        editor.groups.add(Group.objects.get(name=REVIEWERS))
        page = GuidePage.objects.get()
        page.notes = "<p>每周六上午可预约办理</p>"
        page.save_revision(user=editor)
        state = page.get_workflow().start(page, editor)
        task_state = state.current_task_state
        with pytest.raises(PermissionDenied, match=OWN):
            task_state.task.specific.on_action(task_state, editor, "approve")
        task_state.refresh_from_db()
        assert task_state.status == "in_progress"
    # through the admin's workflow action view too
    client = staff_user("shushan", "guide_submitter", groups=[REVIEWERS])
    with schema_context("shushan"):
        submitter = users.get(username="guide_submitter")
        state.cancel(user=editor)
        page.save_revision(user=submitter)
        state = page.get_workflow().start(page, submitter)
        task_state = state.current_task_state
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert 'data-workflow-action-name="approve"' not in client.get(edit).content.decode()
    other = staff_user("shushan", "guide_other", groups=[REVIEWERS])
    assert 'data-workflow-action-name="approve"' in other.get(edit).content.decode()
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    refused = client.post(url)
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    with schema_context("shushan"):
        task_state.refresh_from_db()
        assert task_state.status == "in_progress"
    assert other.post(url).url == edit
    with schema_context("shushan"):
        state.refresh_from_db()
        assert state.status == "approved"


@pytest.fixture
def self_approval_switched_on(tmp_path):
    """shushan re-provisioned from its YAML file with ``allow_self_approval: true``."""
    root = settings.TENANT_CONFIG_DIR / "regions"
    for slug in ("anhui", "hefei"):
        shutil.copy(root / f"{slug}.yaml", tmp_path / f"{slug}.yaml")
    data = yaml.safe_load((root / "shushan.yaml").read_text(encoding="utf-8"))
    data["allow_self_approval"] = True
    (tmp_path / "shushan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    provision(load_configs([str(p) for p in sorted(tmp_path.glob("*.yaml"))]))
    assert Region.objects.get(slug="shushan").options["allow_self_approval"] is True


def test_the_region_switch_lets_a_superuser_and_only_a_superuser_publish_their_own(
    self_approval_switched_on,
):
    item = entry_in_review("shushan_admin")
    with schema_context("shushan"):
        version = listings.publish_item(item, "shushan_admin")
        assert (version.number, version.published_by) == (1, "shushan_admin")
    staff_user("shushan", "shushan_clerk")  # an ordinary staff user: the switch is not for them
    other = listing_entry("shushan", "000713002000")
    with schema_context("shushan"):
        listings.submit_item(other, "shushan_clerk")
        with pytest.raises(DomainError, match=OWN):
            listings.publish_item(other, "shushan_clerk")


def test_a_non_boolean_switch_is_refused_by_the_config_schema(tmp_path):
    data = yaml.safe_load(
        (settings.TENANT_CONFIG_DIR / "regions" / "anhui.yaml").read_text(encoding="utf-8")
    )
    data["allow_self_approval"] = "yes"
    path = tmp_path / "anhui.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(Exception, match="allow_self_approval"):
        load_configs([str(path)])
