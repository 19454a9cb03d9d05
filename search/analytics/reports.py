"""The reports of the 搜索分析 admin and the weekly digest, read from ``SearchEvent`` rows.

Every report starts from ``events_in``: the searches of one region's tree (a province's regions,
a city and its counties, a county alone) in a time window, on the chosen channels. Queries are
grouped by their normalised text, the form a dictionary entry or a best bet would match.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from core.metrics.snapshots import tree
from tenants.models import Region

from .models import Channel, SearchEvent

LIMIT = 50
TREND_WEEKS = 12
# What the reports count unless asked otherwise: searches people submitted. Suggestions are
# asked for while typing (every prefix), so they are a channel of their own.
SUBMITTED = (Channel.PORTAL.value, Channel.GRAPHQL.value)
CHANNELS = {"": SUBMITTED, **{c.value: (c.value,) for c in Channel}}


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    days: int  # 1: yesterday only; n > 1: the last n days including today


PERIODS = {p.key: p for p in (Period("1", "昨天", 1), Period("7", "近7天", 7),
                              Period("30", "近30天", 30))}  # fmt: skip
DEFAULT_PERIOD = "7"


def window(period: Period, now: datetime | None = None) -> tuple[datetime, datetime]:
    """[start, end) in local time: yesterday, or the last ``days`` days up to now."""
    now = timezone.localtime(now)
    today = timezone.make_aware(datetime.combine(now.date(), time.min))
    if period.days == 1:
        return today - timedelta(days=1), today
    return today - timedelta(days=period.days - 1), now + timedelta(seconds=1)


def region_filter(region: Region) -> Q:
    """Searches made in the scope of ``region`` or a region below it."""
    if region.level == Region.Level.PROVINCE:
        return Q(province_code=region.code)
    return Q(region_code__in=list(tree(region).values_list("code", flat=True)))


def events_in(region: Region, start, end, channel: str = "") -> QuerySet:
    return SearchEvent.objects.filter(
        region_filter(region), searched_at__gte=start, searched_at__lt=end,
        channel__in=CHANNELS.get(channel, SUBMITTED),
    )  # fmt: skip


def top_queries(events: QuerySet, limit: int = LIMIT) -> list[dict]:
    """The most searched queries with how often they found nothing and led to an opened result."""
    rows = (
        events.values("normalised")
        .annotate(
            searches=Count("pk"),
            zero=Count("pk", filter=Q(result_count=0)),
            opens=Count("pk", filter=Q(opened=True)),
        )
        .order_by("-searches", "normalised")[:limit]
    )
    return list(rows)


def zero_result_queries(events: QuerySet, limit: int = LIMIT) -> list[dict]:
    """Queries that found nothing, most frequent first, with when one was last searched."""
    rows = (
        events.filter(result_count=0)
        .values("normalised")
        .annotate(searches=Count("pk"), last_searched=Max("searched_at"))
        .order_by("-searches", "normalised")[:limit]
    )
    return list(rows)


def first_never_opened(events: QuerySet, limit: int = LIMIT) -> list[dict]:
    """Queries with results whose first result was opened in none of their searches (people
    searched, saw the top result and did not want it): with how often another result was."""
    rows = (
        events.filter(result_count__gt=0)
        .values("normalised")
        .annotate(
            searches=Count("pk"),
            first_opens=Count("pk", filter=Q(first_opened=True)),
            other_opens=Count("pk", filter=Q(opened=True)),
            first_result=Max("first_result"),
        )
        .filter(first_opens=0)
        .order_by("-searches", "normalised")[:limit]
    )
    return list(rows)


def weekly_trend(region: Region, channel: str = "", weeks: int = TREND_WEEKS, now=None) -> list:
    """Per week (Monday, local time), the last ``weeks`` weeks that had searches: searches,
    zero-result searches and searches that led to an opened result, with their rates."""
    now = timezone.localtime(now)
    monday = now.date() - timedelta(days=now.weekday())
    start = timezone.make_aware(datetime.combine(monday - timedelta(weeks=weeks - 1), time.min))
    rows = (
        events_in(region, start, now + timedelta(seconds=1), channel)
        .annotate(week=TruncWeek("searched_at", tzinfo=timezone.get_current_timezone()))
        .values("week")
        .annotate(
            searches=Count("pk"),
            zero=Count("pk", filter=Q(result_count=0)),
            opens=Count("pk", filter=Q(opened=True)),
        )
        .order_by("week")
    )
    return [{**row, "week": row["week"].date(), "zero_rate": _rate(row["zero"], row["searches"]),
             "opened_rate": _rate(row["opens"], row["searches"])} for row in rows]  # fmt: skip


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def totals(events: QuerySet) -> dict:
    return events.aggregate(
        searches=Count("pk"),
        zero=Count("pk", filter=Q(result_count=0)),
        opens=Count("pk", filter=Q(opened=True)),
    )
