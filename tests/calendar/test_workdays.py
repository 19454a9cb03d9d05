"""Working days across 国庆 and a 调休 weekend; province overrides; 差评 due dates."""

from datetime import date
from unittest import mock

import pytest

from core.domain import workdays
from core.published.models_ratings import FollowUp
from core.published.ratings import rate_guide
from tenants.models import Region
from tests.factories import published_entry


def test_national_day_2025_and_its_weekend_workdays():
    # 2025: 10月1日至8日放假；9月28日（周日）、10月11日（周六）上班。
    assert workdays.add_workdays(date(2025, 9, 26), 3) == date(2025, 9, 30)  # via Sun 9-28
    assert workdays.add_workdays(date(2025, 9, 30), 2) == date(2025, 10, 10)
    assert workdays.add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)  # a worked Saturday
    assert workdays.workdays_between(date(2025, 9, 30), date(2025, 10, 11)) == 3
    assert workdays.add_workdays(date(2025, 9, 30), 0) == date(2025, 9, 30)


@pytest.mark.django_db
def test_a_province_lists_the_days_of_a_year_the_package_lacks():
    monday = date(2027, 1, 4)
    assert workdays.is_workday(monday)  # no data for 2027: Monday to Friday
    anhui = Region.objects.get(slug="anhui")
    anhui.applied_config = {
        **(anhui.applied_config or {}),
        "calendar": {"holidays": ["2027-01-04"], "workdays": ["2027-01-09"]},
    }
    anhui.save(update_fields=["applied_config"])
    workdays.clear_cache()
    try:
        assert not workdays.is_workday(monday, anhui.code)
        assert workdays.is_workday(date(2027, 1, 9), anhui.code)  # a Saturday worked
        assert workdays.add_workdays(date(2027, 1, 1), 2, anhui.code) == date(2027, 1, 6)
        assert workdays.is_workday(monday, "510000")  # 四川 did not list it
    finally:
        workdays.clear_cache()


@pytest.mark.django_db
def test_a_bad_rating_is_due_in_fifteen_working_days():
    item = published_entry("shushan", "000131106000")
    with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 9, 30)):
        rating = rate_guide(item.implementation_code, 5, "窗口人员态度差", "web", "203.0.113.9")
    # 10-9, 10, 11 (调休), 13–17, 20–24, 27, 28: the 15th working day after 9-30.
    assert FollowUp.objects.get(rating=rating).due_date == date(2025, 10, 28)
