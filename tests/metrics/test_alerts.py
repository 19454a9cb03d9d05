"""电子监察 in time travel across 国庆 2025 (10-1…10-8 off; Sat 10-11 and Sun 9-28 worked)."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.domain import workdays
from core.listings import services
from core.metrics.alerts import evaluate_region
from core.metrics.models import Alert
from core.published.models import FollowUp, Rating
from tenants.models import Region
from tests.factories import listing_entry

pytestmark = pytest.mark.django_db


def alerts(region, kind):
    return list(Alert.objects.filter(region=region, kind=kind).values_list("level", "resolved_at"))


def test_a_follow_up_turns_yellow_then_red_and_resolves_when_closed():
    shushan = Region.objects.get(slug="shushan")
    rating = Rating.objects.create(region=shushan, implementation_code="1" * 31, score=5,
                                   channel="web", client_hash="x")  # fmt: skip
    Rating.objects.filter(pk=rating.pk).update(
        created_at=timezone.make_aware(datetime(2025, 9, 19, 10))
    )
    # 15 working days after Fri 9-19, counting Sun 9-28 and Sat 10-11, skipping 10-1…10-8
    follow_up = FollowUp.objects.create(region=shushan, rating=rating, due_date=date(2025, 10, 16))
    evaluate_region(shushan, date(2025, 10, 8))  # a holiday: 7 working days left
    evaluate_region(shushan, date(2025, 10, 11))  # a worked Saturday: 4 left of 15
    assert alerts(shushan, "follow_up") == []
    assert evaluate_region(shushan, date(2025, 10, 13))["raised"] >= 1  # 3 left: ≤ 20 %
    assert alerts(shushan, "follow_up") == [("yellow", None)]
    evaluate_region(shushan, date(2025, 10, 13))  # the same day again: no duplicate
    evaluate_region(shushan, date(2025, 10, 17))
    assert alerts(shushan, "follow_up") == [("red", None)]
    FollowUp.objects.filter(pk=follow_up.pk).update(state="closed", closed_at=timezone.now())
    evaluate_region(shushan, date(2025, 10, 17))
    [(level, resolved_at)] = alerts(shushan, "follow_up")
    assert level == "red" and resolved_at is not None


def test_an_entry_waiting_for_review_is_supervised_and_resolves_when_reviewed():
    item = listing_entry("shushan", "000131106000")
    with schema_context("shushan"):
        services.submit_item(item)
    shushan = Region.objects.get(slug="shushan")
    submitted = timezone.localdate()
    evaluate_region(shushan, submitted)
    assert alerts(shushan, "review") == []
    due = workdays.add_workdays(submitted, 15, "340000")
    evaluate_region(shushan, workdays.add_workdays(submitted, 13, "340000"))  # 2 days left
    assert alerts(shushan, "review") == [("yellow", None)]
    evaluate_region(shushan, workdays.add_workdays(due, 1, "340000"))
    assert alerts(shushan, "review") == [("red", None)]
    with schema_context("shushan"):
        services.withdraw_item(item, "reviewer", "请补充材料")
    evaluate_region(shushan, workdays.add_workdays(due, 1, "340000"))
    [(level, resolved_at)] = alerts(shushan, "review")
    assert level == "red" and resolved_at is not None
    assert Alert.objects.get(kind="review").due_on == due


def test_new_alerts_are_mailed_to_the_regions_admins_and_shown_on_the_admin_home(
    mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from tests.admin.helpers import admin_client

    shushan = Region.objects.get(slug="shushan")
    with schema_context("shushan"):
        get_user_model().objects.create_superuser("chief", "chief@shushan.gov.cn", "pw")
    rating = Rating.objects.create(region=shushan, implementation_code="2" * 31, score=5,
                                   channel="web", client_hash="x")  # fmt: skip
    FollowUp.objects.create(region=shushan, rating=rating, due_date=date(2025, 10, 16))
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_region(shushan, date(2025, 10, 17))
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_region(shushan, date(2025, 10, 17))  # nothing new: no second mail
    [mail] = mailoutbox
    assert mail.to == ["admin@shushan.example.gov.cn", "chief@shushan.gov.cn"]
    assert mail.subject.startswith("【电子监察】蜀山区新增预警")
    assert f"【红牌】差评整改：{'2' * 31}" in mail.body
    home = admin_client("shushan").get("/admin/").content.decode()
    assert "电子监察预警" in home and "红牌 1 条" in home
