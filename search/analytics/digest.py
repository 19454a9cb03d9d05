"""Weekly digest (beat, Mondays): last week's searches of each province to its admins, in Chinese.

Recipients are the province's admins as for 电子监察 mails (``core.metrics.notify.recipients``).
A province without searches last week gets no mail; delivery problems are logged, never raised.
"""

import logging
from datetime import datetime, time, timedelta

from django.core.mail import send_mail
from django.utils import timezone

from core.metrics.notify import recipients
from tenants.models import Region

from . import reports

log = logging.getLogger(__name__)

ROWS = 10


def last_week(now=None) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) of the week before ``now``'s, local time."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    end = timezone.make_aware(datetime.combine(monday, time.min))
    return end - timedelta(weeks=1), end


def body(province: Region, now=None) -> str | None:
    """The mail text, or None when the province had no searches last week."""
    start, end = last_week(now)
    events = reports.events_in(province, start, end)
    totals = reports.totals(events)
    if not totals["searches"]:
        return None
    lines = [
        f"{province.name} {start:%Y-%m-%d} 至 {end - timedelta(days=1):%Y-%m-%d} 的统一搜索情况：",
        f"共 {totals['searches']} 次搜索，无结果 {totals['zero']} 次，打开了结果 {totals['opens']} 次。",
        "", "无结果搜索词（建议添加同义词）：",
    ]  # fmt: skip
    zero = reports.zero_result_queries(events, ROWS)
    lines += [f"  {r['normalised']}（{r['searches']} 次）" for r in zero] or ["  无"]
    lines += ["", "首条结果无人打开的搜索词（建议添加置顶结果）："]
    unopened = reports.first_never_opened(events, ROWS)
    lines += [f"  {r['normalised']}（{r['searches']} 次）" for r in unopened] or ["  无"]
    lines += ["", "热门搜索词："]
    lines += [
        f"  {r['normalised']}（{r['searches']} 次）" for r in reports.top_queries(events, ROWS)
    ]
    lines += ["", "请登录管理后台“搜索分析”查看详情，并在“统一搜索”中维护同义词和置顶结果。"]
    return "\n".join(lines)


def send(province: Region, now=None) -> int:
    to = recipients(province)
    text = body(province, now) if to else None
    if not text:
        return 0
    try:
        return send_mail(f"【搜索分析】{province.name}上周搜索周报", text, None, to)
    except Exception:  # an unreachable mail server must not stop the other provinces' mails
        log.warning("search digest to %s failed", province.slug, exc_info=True)
        return 0


def send_all(now=None) -> int:
    provinces = Region.objects.active().filter(level=Region.Level.PROVINCE).order_by("code")
    return sum(send(province, now) for province in provinces)
