"""An edit form opened before someone else's change is refused, naming what changed."""

import html
import re

import pytest
from django_tenants.utils import schema_context

from core.listings import services
from core.listings.models import ImplementationItem
from tests.admin.helpers import admin_client
from tests.admin.test_listings import edit_data, url
from tests.factories import listing_entry

pytestmark = pytest.mark.django_db


def hidden(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def test_saving_a_form_opened_before_a_colleagues_change_is_refused():
    item = listing_entry("shushan", "000131106000")
    client = admin_client("shushan")
    page = client.get(url("edit", item.pk)).content.decode()
    based_on = {"revision": hidden(page, "revision"), "based_on": hidden(page, "based_on")}
    with schema_context("shushan"):  # a colleague saves first
        services.update_item(
            ImplementationItem.objects.get(pk=item.pk), {"consult_phone": "0551-65300000"}
        )
        data = {**edit_data(item, hours="全天"), **based_on, "action": "save"}
    response = client.post(url("edit", item.pk), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "该事项已被他人修改" in text and "期间变化的要素：咨询电话" in text
    with schema_context("shushan"):
        stored = ImplementationItem.objects.get(pk=item.pk)
    assert (stored.consult_phone, stored.hours != "全天") == ("0551-65300000", True)
    # The refused form still carries what it was based on, so saving again is refused again.
    assert hidden(text, "revision") == based_on["revision"]
