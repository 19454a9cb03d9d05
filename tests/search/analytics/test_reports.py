"""The reports, exactly: top queries, zero-result queries, first result never opened, weekly
trend; each over the searches of one region's tree, a time window and the channels chosen."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from search.analytics import reports
from tenants.models import Region

from .conftest import ANHUI, HEFEI, SHUSHAN, SICHUAN, YAOHAI, event

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 11, 25, 15, 0))  # a Wednesday, local time


def at(days: float, hour: int = 10) -> timedelta:
    """How long before NOW a search ``days`` days back at ``hour`` o'clock was."""
    moment = NOW.replace(hour=hour) - timedelta(days=days)
    return timezone.now() - moment


@pytest.fixture
def searches(monkeypatch):
    """Searches across 安徽 (and one in 四川) at known moments, with known opened results."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    rows = [
        event(SHUSHAN, "身份证", 2, ago=at(0), opened=[1], first="C1"),
        event(SHUSHAN, "身份证", 2, ago=at(1), opened=[2], first="C1"),
        event(SHUSHAN, "身份证", 2, ago=at(1)),
        event(SHUSHAN, "开饭店", 0, ago=at(1)),
        event(YAOHAI, "开饭店", 0, ago=at(1)),
        event(YAOHAI, "小吃店执照", 0, ago=at(3)),
        event(HEFEI, "公积金", 5, ago=at(2), opened=[1], first="C9"),
        event(ANHUI, "护照", 1, ago=at(1), opened=[3], first="C7"),
        event(SHUSHAN, "开饭", 0, ago=at(1), channel="suggest"),
        event(SHUSHAN, "很久以前", 0, ago=at(40)),
        event("510104", "开饭店", 0, ago=at(1), province=SICHUAN),
    ]
    return rows


def events(slug: str, period: str = "7", channel: str = ""):
    start, end = reports.window(reports.PERIODS[period], NOW)
    return reports.events_in(Region.objects.get(slug=slug), start, end, channel)


def test_top_queries_of_the_province_count_every_region_below_it(searches):
    rows = reports.top_queries(events("anhui"))
    assert rows[:2] == [
        {"normalised": "身份证", "searches": 3, "zero": 0, "opens": 2},
        {"normalised": "开饭店", "searches": 2, "zero": 2, "opens": 0},
    ]
    # ties in the database's collation order
    assert sorted(rows[2:], key=lambda r: r["normalised"]) == [
        {"normalised": "公积金", "searches": 1, "zero": 0, "opens": 1},
        {"normalised": "小吃店执照", "searches": 1, "zero": 1, "opens": 0},
        {"normalised": "护照", "searches": 1, "zero": 0, "opens": 1},
    ]


def test_zero_result_queries_of_yesterday(searches):
    rows = reports.zero_result_queries(events("anhui", period="1"))
    assert [(r["normalised"], r["searches"]) for r in rows] == [("开饭店", 2)]
    assert timezone.localtime(rows[0]["last_searched"]).date() == datetime(2026, 11, 24).date()


def test_a_county_sees_its_own_searches_only_and_a_city_its_counties_too(searches):
    assert [r["normalised"] for r in reports.zero_result_queries(events("shushan"))] == ["开饭店"]
    yaohai = reports.zero_result_queries(events("yaohai"))
    assert {(r["normalised"], r["searches"]) for r in yaohai} == {("开饭店", 1), ("小吃店执照", 1)}
    assert {r["normalised"] for r in reports.top_queries(events("hefei"))} == {
        "身份证", "开饭店", "小吃店执照", "公积金"}  # fmt: skip


def test_queries_whose_first_result_is_never_opened(searches):
    rows = reports.first_never_opened(events("anhui"))
    assert rows == [{"normalised": "护照", "searches": 1, "first_opens": 0, "other_opens": 1,
                     "first_result": "C7"}]  # fmt: skip


def test_suggestions_count_only_when_asked_for(searches):
    assert [r["normalised"] for r in reports.top_queries(events("shushan", channel="suggest"))] == [
        "开饭"]  # fmt: skip
    assert reports.totals(events("shushan")) == {"searches": 4, "zero": 1, "opens": 2}


def test_weekly_trend_per_monday(searches):
    trend = reports.weekly_trend(Region.objects.get(slug="anhui"), now=NOW)
    assert trend == [
        {"week": datetime(2026, 10, 12).date(), "searches": 1, "zero": 1, "opens": 0,
         "zero_rate": 1.0, "opened_rate": 0.0},
        {"week": datetime(2026, 11, 16).date(), "searches": 1, "zero": 1, "opens": 0,
         "zero_rate": 1.0, "opened_rate": 0.0},
        {"week": datetime(2026, 11, 23).date(), "searches": 7, "zero": 2, "opens": 4,
         "zero_rate": 0.2857, "opened_rate": 0.5714},
    ]  # fmt: skip
