"""Claim → localise → publish, and the projection row it yields."""

import pytest
from django_tenants.utils import schema_context

from core.published.models import PublishedGuide
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"


def test_published_entry_reaches_the_projection():
    item = published_entry("shushan", FOOD_LICENCE)
    guide = PublishedGuide.objects.get()
    assert guide.implementation_code == item.implementation_code
    assert (guide.region_code, guide.ancestor_codes) == ("340104", ["340100", "340000"])
    assert guide.name == "食品经营许可"
    assert guide.department_name == "合肥市蜀山区市场监督管理局"
    assert guide.payload["region"]["ancestors"][0]["name"] == "合肥市"
    assert guide.payload["windows_detail"][0]["hall"] == "蜀山区政务服务中心"
    with schema_context("shushan"):
        item.refresh_from_db()
        assert (item.state, item.live_version.number) == ("published", 1)
