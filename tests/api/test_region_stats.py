"""regionStats: the public rates of a region with its lower regions, against its targets."""

import pytest
from django.utils import timezone

from core.metrics.snapshots import snapshot_region
from core.published.models import PublishedGuide
from tenants.models import Region
from tests.api.conftest import FOOD_LICENCE
from tests.factories import published_entry

pytestmark = pytest.mark.django_db


def test_region_stats_of_a_city_roll_up_its_counties(gql):
    item = published_entry("shushan", FOOD_LICENCE)
    PublishedGuide.objects.filter(implementation_code=item.implementation_code).update(
        online_depth=4, visits=0
    )
    today = timezone.localdate()
    for slug in ("hefei", "shushan", "yaohai"):
        snapshot_region(Region.objects.get(slug=slug), today)
    body = gql("hefei").operation("RegionStats")
    stats = body["data"]["regionStats"]
    assert (stats["code"], stats["name"], stats["day"]) == ("340100", "合肥市", today.isoformat())
    rates = {r["key"]: r for r in stats["rates"]}
    assert rates["online_rate"] == {"key": "online_rate", "label": "网上可办率", "value": 1.0,
                                    "target": 0.9, "status": "green"}  # fmt: skip
    assert rates["zero_visit_rate"]["value"] == 1.0
    assert rates["satisfaction_rate"]["value"] is None  # no ratings: nothing to measure


def test_region_stats_outside_the_hosts_province_are_refused(gql):
    errors = gql("shushan").errors('query { regionStats(code: "510000") { code } }')
    assert errors[0]["extensions"]["code"] == "REGION_OUT_OF_SCOPE"
