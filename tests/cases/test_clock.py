"""The time limit: working days from submission; 补正 and 挂起 stop the clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.case_register.models import CaseRecord
from core.cases import applying, clock, services
from core.cases.models import Case

from .helpers import REQUIRED, applicant, clerk, food_entry, open_case, upload

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def today(monkeypatch):
    """Set the date the services see: ``today(date(2026, 11, 23))``."""

    def set_day(day: date):
        moment = datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        monkeypatch.setattr(clock, "today", lambda: day)

    return set_day


def test_supplement_and_suspension_move_the_due_date_by_the_days_waited(today):
    item = food_entry()  # 承诺时限 5 个工作日
    with schema_context("shushan"):
        person, user = applicant(), clerk("wang", superuser=True)
        today(date(2026, 11, 23))  # Monday
        case = open_case(item, person)
        assert case.due_date == date(2026, 11, 30)  # five working days later
        today(date(2026, 11, 24))
        case = services.request_supplement(
            case, user, [{"material": REQUIRED[0], "reason": "缺少签名"}]
        )
        assert (case.due_date, case.paused_since) == (None, date(2026, 11, 24))
        assert clock.remaining(case, date(2026, 12, 10)) is None  # stopped: never overdue
        assert CaseRecord.objects.get(number=case.number).paused is True
        today(date(2026, 11, 27))  # Friday: Wed, Thu, Fri waited
        case = applying.supplement(case, person, {REQUIRED[0]: [upload(person).pk]})
        assert (case.paused_days, case.due_date) == (3, date(2026, 12, 3))
        case = services.accept(case, user)
        today(date(2026, 11, 30))
        case = services.suspend(case, user, "现场核查")
        today(date(2026, 12, 2))
        case = services.resume(case, user)
        assert (case.paused_days, case.due_date) == (5, date(2026, 12, 7))
        assert clock.remaining(case, date(2026, 12, 4)) == 1  # Friday → Monday
        assert clock.remaining(case, date(2026, 12, 8)) == -1
        today(date(2026, 12, 7))
        case = services.complete(case, user, True, result_name="食品经营许可证")
        assert clock.on_time(case) is True
        assert CaseRecord.objects.get(number=case.number).on_time is True


def test_a_weekend_and_a_holiday_do_not_count(today):
    item = food_entry()
    with schema_context("shushan"):
        today(date(2026, 9, 30))  # Wednesday before 国庆 (1–8 Oct 2026 off)
        case = open_case(item)
        assert case.due_date > date(2026, 10, 8)
        assert clock.remaining(case, date(2026, 9, 30)) == 5


def test_finishing_after_the_due_date_is_late(today):
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("zhao", superuser=True)
        today(date(2026, 11, 23))
        case = services.accept(open_case(item), user)
        today(date(2026, 12, 1))  # due 30 Nov
        case = services.complete(case, user, False, reason="条件不符")
        assert clock.on_time(case) is False
        assert CaseRecord.objects.get(number=case.number).on_time is False


def test_an_immediate_matter_is_due_the_day_it_is_submitted(today):
    item = food_entry()
    with schema_context("shushan"):
        today(date(2026, 11, 23))
        case = open_case(item)
        Case.objects.filter(pk=case.pk).update(limit={"value": 0, "unit": "工作日"})
        case.refresh_from_db()
        assert clock.due_date(case) == date(2026, 11, 23)
