"""Metrics from known counts: every rate exact, roll-ups, targets from YAML, idempotent snapshots."""

from datetime import date

import pytest
from django.utils import timezone

from core.metrics import definitions, targets
from core.metrics.models import MetricSnapshot
from core.metrics.snapshots import counts_of, report, snapshot_region
from core.published.models import FollowUp, PublishedGuide, Rating
from tenants.models import Region
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FOOD = "000131106000"
WD, ND = "工作日", "自然日"


def copy_row(source: PublishedGuide, n: int, region=None, **fields) -> PublishedGuide:
    row = PublishedGuide.objects.get(pk=source.pk)
    row.pk, row.entry_id = None, 900_000 + n
    row.implementation_code = source.implementation_code[:-3] + f"{n:03d}"
    row.region = region or source.region
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


@pytest.fixture
def shushan_guides():
    """Four live guides in 蜀山 with known depths, visits and limits; one in 瑶海."""
    item = published_entry("shushan", FOOD)
    first = PublishedGuide.objects.get(implementation_code=item.implementation_code)
    PublishedGuide.objects.filter(pk=first.pk).update(
        online_depth=4, visits=0, statutory_limit={"value": 20, "unit": WD},
        promised_limit={"value": 10, "unit": WD},
    )  # fmt: skip
    copy_row(first, 2, online_depth=3, visits=1, statutory_limit={"value": 14, "unit": ND},
             promised_limit={"value": 5, "unit": WD})  # fmt: skip
    copy_row(first, 3, online_depth=2, visits=2, statutory_limit={"value": 20, "unit": WD},
             promised_limit={})  # fmt: skip
    broken = copy_row(first, 4, online_depth=1, visits=3, statutory_limit={},
                      promised_limit={"value": 5})  # fmt: skip
    local = broken.payload["local"]
    local["complaint_phone"] = local["consult_phone"]
    PublishedGuide.objects.filter(pk=broken.pk).update(payload=broken.payload)
    copy_row(first, 5, region=Region.objects.get(slug="yaohai"), online_depth=4, visits=0)
    return first


def rate(region, n, score, due=None, closed=None):
    rating = Rating.objects.create(
        region=region, implementation_code=f"{'11340104MB3579887N'}4{n:012d}", score=score,
        channel="web", client_hash="x",
    )  # fmt: skip
    if due:
        FollowUp.objects.create(region=region, rating=rating, due_date=due, closed_at=closed,
                                state="closed" if closed else "open")  # fmt: skip


def test_every_rate_of_a_county_is_exact(shushan_guides):
    shushan = Region.objects.get(slug="shushan")
    today = timezone.localdate()
    rate(shushan, 1, 1)
    rate(shushan, 2, 2)
    rate(shushan, 3, 3)
    rate(
        shushan,
        4,
        5,
        due=date(2026, 11, 1),
        closed=timezone.make_aware(timezone.datetime(2026, 10, 30)),
    )
    rate(shushan, 5, 4, due=date(2026, 11, 2))
    rate(shushan, 6, 5, due=date(2099, 12, 31))  # not due yet: not counted
    snapshot_region(shushan, today)
    counts = counts_of(shushan, today)
    rates = definitions.rates(counts)
    assert (counts["live"], counts["claims"]) == (4, 1)
    assert rates["online_rate"] == 0.5  # depth ≥ Ⅲ: 2 of 4
    assert rates["full_online_rate"] == 0.25
    assert rates["max_one_visit_rate"] == 0.5 and rates["zero_visit_rate"] == 0.25
    # Σ promised 10 + 5 = 15 over Σ statutory 20 + 14 × 5/7 = 30 (working days), both present only
    assert rates["time_compression_rate"] == 0.5
    assert rates["satisfaction_rate"] == round(2 / 6, 4)
    assert rates["follow_up_on_time_rate"] == 0.5
    assert rates["publish_rate"] == 4.0  # 4 live guides for 1 claim (copies stand for others)
    assert (counts["claimed"], counts["claimable"], rates["claim_rate"]) == (1, 1, 1.0)
    # one guide breaks one rule (监督投诉电话 = 咨询电话): 1 problem in 4 guides
    assert (counts["violations"], rates["violations_per_100"]) == (1, 25.0)


def test_roll_up_adds_the_counties_and_a_county_sees_only_itself(shushan_guides):
    today = timezone.localdate()
    for slug in ("hefei", "shushan", "yaohai"):
        snapshot_region(Region.objects.get(slug=slug), today)
    hefei = Region.objects.get(slug="hefei")
    assert counts_of(hefei, today)["live"] == 0
    rolled = counts_of(hefei, today, rolled_up=True)
    assert (rolled["live"], rolled["online"], rolled["full_online"]) == (5, 3, 2)
    assert definitions.rates(rolled)["online_rate"] == 0.6
    shushan = Region.objects.get(slug="shushan")
    assert counts_of(shushan, today, rolled_up=True)["live"] == 4


def test_snapshots_are_idempotent_and_per_department(shushan_guides):
    shushan = Region.objects.get(slug="shushan")
    today = timezone.localdate()
    first = snapshot_region(shushan, today)
    again = snapshot_region(shushan, today)
    assert first == again == MetricSnapshot.objects.filter(region=shushan, day=today).count()
    department = shushan_guides.department_uscc
    assert counts_of(shushan, today, department=department)["live"] == 4


def test_targets_default_to_the_seed_plans_and_yaml_overrides_them(shushan_guides):
    anhui = Region.objects.get(slug="anhui")
    assert targets.target(anhui, "online_rate", date(2018, 1, 1)) == 0.85
    assert targets.target(anhui, "online_rate", date(2018, 7, 1)) == 0.90
    assert targets.target(anhui, "online_rate", date(2017, 1, 1)) is None
    anhui.applied_config = {**(anhui.applied_config or {}),
                            "targets": {"online_rate": [{"from": "2020-01-01", "min": 0.55}]}}  # fmt: skip
    anhui.save(update_fields=["applied_config"])
    shushan = Region.objects.get(slug="shushan")
    today = timezone.localdate()
    snapshot_region(shushan, today)
    row = next(r for r in report(shushan, today) if r["key"] == "online_rate")
    assert (row["self"], row["target"], row["status"]) == (0.5, 0.55, "amber")
    assert targets.status(0.4, 0.55) == "red" and targets.status(0.6, 0.55) == "green"
