"""A reorganisation moves a live guide to its new 实施编码 at once; the old code can be claimed
again without two guides fighting over it; a hall change reaches the guides."""

import pytest
from django_tenants.utils import schema_context

from cms.models import GuidePage
from core.listings import services
from core.published.consistency import check_all
from core.published.models import PublishedGuide
from core.published.outbox import drain
from search.models import SearchDocument
from tenants.models import Department, Region, Window
from tenants.signals import region_changed

from .conftest import FOOD_LICENCE

pytestmark = pytest.mark.django_db


def test_a_live_guide_follows_its_entrys_new_code_and_the_old_code_can_live_again(
    publish, on_commit_in
):
    item = publish("shushan", FOOD_LICENCE)
    old_code = item.implementation_code
    other = Department.objects.filter(region__slug="shushan").exclude(pk=item.department_id).first()
    new_code = on_commit_in("shushan", services.change_implementer, item, other, None, "机构改革")
    row = PublishedGuide.objects.get()
    assert (row.implementation_code, row.department_uscc, row.version) == (new_code, other.uscc, 1)
    assert list(SearchDocument.objects.values_list("implementation_code", flat=True)) == [new_code]
    with schema_context("shushan"):
        assert GuidePage.objects.get().implementation_code == new_code

    # The old department implements the matter again under the old code, and publishes.
    def claim_again():
        matter = item.matter
        again = services.claim_matter(matter, Department.objects.get(uscc=old_code[:18]), "4")
        services.update_item(again, {**item.local_elements()})
        services.publish_item(again, direct=True)
        return again

    again = on_commit_in("shushan", claim_again)
    codes = dict(PublishedGuide.objects.values_list("entry_id", "implementation_code"))
    assert codes == {item.pk: new_code, again.pk: old_code}
    assert check_all(slug="shushan").drifts == []


def test_a_window_switched_off_leaves_the_guides(publish, on_commit_in):
    publish("shushan", FOOD_LICENCE)
    before = PublishedGuide.objects.get().payload["windows_detail"]
    assert before  # the demo entry names a window
    region = Region.objects.get(slug="shushan")

    def switch_off():
        Window.objects.filter(hall__region=region).update(is_active=False)
        region_changed.send(sender=Region, region=region)  # as provisioning does

    on_commit_in("public", switch_off)
    drain()
    assert PublishedGuide.objects.get().payload["windows_detail"] == []
