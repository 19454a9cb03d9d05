"""Working days (工作日) as Chinese government offices count them.

Public holidays and the weekend days worked instead (调休) come from the ``chinesecalendar``
package, which covers the years whose State Council notice it ships. A province lists its own
exceptions, and the days of years the package does not cover yet, in its tenant config::

    calendar:
      holidays: ["2027-01-01", "2027-02-06", …]   # days off that are not weekends
      workdays: ["2027-02-14", …]                 # weekend days worked (调休)

A day listed there wins; otherwise the package decides; for a year the package does not cover
and the province did not list, Monday to Friday are working days (and the log says so once a
year). Every due date of the platform is computed here.
"""

import logging
from datetime import date, timedelta

import chinese_calendar

from . import province_config

log = logging.getLogger(__name__)
CONFIG_KEY = "calendar"

_warned_years: set[int] = set()


def overrides(province_code: str) -> dict[date, bool]:
    """day → is a working day, as the province's config lists them."""
    listed = province_config.province_setting(province_code, CONFIG_KEY)
    days = {date.fromisoformat(d): False for d in listed.get("holidays") or []}
    days.update({date.fromisoformat(d): True for d in listed.get("workdays") or []})
    return days


def is_workday(day: date, province_code: str = "") -> bool:
    listed = overrides(province_code)
    if day in listed:
        return listed[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not ship
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            log.warning("chinesecalendar has no data for %s: Monday–Friday assumed", day.year)
        return day.weekday() < 5


def add_workdays(start: date, count: int, province_code: str = "") -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        left -= is_workday(day, province_code)
    return day


def workdays_between(start: date, end: date, province_code: str = "") -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    days = (end - start).days
    return sum(is_workday(start + timedelta(days=n), province_code) for n in range(1, days + 1))


def clear_cache() -> None:
    province_config.clear_cache()
