"""Editors' additions on guide pages go through the region's workflow (submit → approve)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django_tenants.utils import schema_context

from cms.models import GuidePage
from cms.structure import REVIEWERS, WORKFLOW
from core.published.models import PublishedGuide

from .conftest import FOOD_LICENCE

pytestmark = pytest.mark.django_db
NOTE = "<p>每周六上午可预约办理</p>"


def test_an_editors_note_goes_live_only_when_approved(publish, on_commit_in):
    publish("shushan", FOOD_LICENCE)
    PublishedGuide.objects.all().delete()  # to see the approval write it again
    with schema_context("shushan"):
        users = get_user_model().objects
        editor, reviewer = users.create_user("editor"), users.create_user("reviewer")
        reviewer.groups.add(Group.objects.get(name=REVIEWERS))
        page = GuidePage.objects.get()
        workflow = page.get_workflow()
        assert workflow.name == WORKFLOW
        page.notes = NOTE
        page.save_revision(user=editor)
        state = workflow.start(page, editor)
        assert GuidePage.objects.get().notes == ""  # the live page is unchanged
        task_state = state.current_task_state
        assert task_state.task.specific.user_can_access_editor(page, reviewer)
    on_commit_in("shushan", task_state.task.specific.on_action, task_state, reviewer, "approve")
    with schema_context("shushan"):
        state.refresh_from_db()
        assert state.status == "approved"
        assert GuidePage.objects.get().notes == NOTE
    assert PublishedGuide.objects.count() == 1  # publishing the page rewrote its row


def test_the_pending_change_can_be_compared_with_the_live_page(publish, region_client):
    publish("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        page = GuidePage.objects.get()
        page.notes = NOTE
        revision = page.save_revision()
        admin = get_user_model().objects.create_superuser("admin", "a@example.cn", "pw")
        client = region_client("shushan")
        client.force_login(admin)
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "live", revision.pk))
    response = client.get(url)
    assert response.status_code == 200
    assert "每周六上午可预约办理" in response.content.decode()
