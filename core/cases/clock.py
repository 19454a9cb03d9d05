"""The time limit of a case (承诺办结时限) in working days, with the clock stopped while waiting.

The clock runs from the day the case was submitted (网上申请 received). It stops when staff send
the 补正 notice (waiting for the applicant) or suspend the case (挂起, e.g. 现场勘验, 专家评审,
公示) and runs again when the applicant supplements or the case resumes: every working day it
stood still moves the due date one working day later. Working days come from
``core.domain.workdays`` (the province's calendar); a limit in 自然日 counts calendar days.
A limit of 0 (即办) is due on the day of submission.
"""

from datetime import date, timedelta

from django.utils import timezone

from core.domain import workdays


def today() -> date:
    """The current date in the platform's time zone (tests replace it)."""
    return timezone.localdate()


def _add(start: date, count: int, unit: str, province: str) -> date:
    if unit == "自然日":
        return start + timedelta(days=count)
    return workdays.add_workdays(start, count, province)


def _between(start: date, end: date, unit: str, province: str) -> int:
    if unit == "自然日":
        return max((end - start).days, 0)
    return workdays.workdays_between(start, end, province)


def limit_value(limit: dict) -> int:
    try:
        return max(int(limit.get("value") or 0), 0)
    except (TypeError, ValueError):
        return 0


def due_date(case) -> date | None:
    """The due date with the paused days added; None while the clock stands still."""
    if case.paused_since is not None:
        return None
    start = timezone.localdate(case.submitted_at)
    unit = case.limit.get("unit") or "工作日"
    return _add(start, limit_value(case.limit) + case.paused_days, unit, case.province_code)


def pause(case, on: date) -> None:
    if case.paused_since is None:
        case.paused_since = on
    case.due_date = None


def resume(case, on: date) -> None:
    """Count the days the clock stood still and compute the new due date."""
    if case.paused_since is not None:
        unit = case.limit.get("unit") or "工作日"
        case.paused_days += _between(case.paused_since, on, unit, case.province_code)
        case.paused_since = None
    case.due_date = due_date(case)


def remaining(case, on: date | None = None) -> int | None:
    """Working (or calendar) days left until the due date; negative when overdue; None while
    the clock stands still or the case is closed."""
    if case.due_date is None or case.finished_at is not None:
        return None
    on = on or today()
    unit = case.limit.get("unit") or "工作日"
    if on <= case.due_date:
        return _between(on, case.due_date, unit, case.province_code)
    return -_between(case.due_date, on, unit, case.province_code)


def remaining_many(cases, on: date) -> list[int | None]:
    """``remaining`` of many cases (an inbox page): each distinct due date is counted once."""
    memo: dict = {}

    def one(case):
        if case.due_date is None or case.finished_at is not None:
            return None
        key = (case.due_date, case.limit.get("unit") or "工作日", case.province_code)
        if key not in memo:
            memo[key] = remaining(case, on)
        return memo[key]

    return [one(case) for case in cases]


def on_time(case) -> bool | None:
    """Whether a closed case finished by its due date (None while open)."""
    if case.finished_at is None:
        return None
    finished = timezone.localdate(case.finished_at)
    return case.due_date is None or finished <= case.due_date
