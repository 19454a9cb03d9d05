"""好差评: rate a live guide, summarise its ratings, follow up 差评 (any channel calls these)."""

import hashlib
import ipaddress
import logging
from functools import cache as memoise

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from core import stamps
from core.domain import workdays
from core.domain.errors import DomainError, Problem
from tenants.middleware import has_control_characters

from .models import PublishedGuide
from .models_ratings import BAD_SCORES, CHANNELS, SCORES, FollowUp, Rating

log = logging.getLogger(__name__)

MAX_COMMENT = 500
RATE_LIMIT = 5  # ratings per client, guide and hour
RATE_WINDOW = 60 * 60
DAY = 24 * 60 * 60
LIMITS_UNAVAILABLE = "评价服务暂时不可用（限流计数无法读取），请稍后再试"
# 差评 are rectified within 15 working days (四川's rule), counted with the working-day calendar.
FOLLOW_UP_WORKDAYS = 15


def client_hash(client_key: str) -> str:
    """A salted digest of the client (IP and browser): never store the key itself."""
    salted = f"{settings.SECRET_KEY}:{client_key}".encode()
    return hashlib.sha256(salted).hexdigest()


def _problems(score, comment: str, channel: str) -> list[Problem]:
    problems = []
    if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
        problems.append(Problem("score", "评价等级应为1–5（1 非常满意 … 5 非常不满意）"))
    if len(comment) > MAX_COMMENT:
        problems.append(Problem("comment", f"评价内容不能超过{MAX_COMMENT}字"))
    elif has_control_characters(comment):
        problems.append(Problem("comment", "评价内容含有不允许的控制字符（如 NUL），请删除后重试"))
    if channel not in CHANNELS:
        problems.append(Problem("channel", f"评价渠道“{channel}”无效，可选：{'、'.join(CHANNELS)}"))
    return problems


def _take_slot(key: str, window: int, limit: int) -> bool:
    """Count one more use of ``key`` in its window; False when the limit is passed."""
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= limit


def _check_rate_limits(implementation_code: str, digest: str) -> None:
    """Per client address, the same on every host of the deployment (public-schema keys): at
    most RATE_LIMIT ratings of one guide an hour and RATING_DAILY_LIMIT ratings a day. Without
    the counters (Redis down) nobody may rate: fail closed, say so."""
    day = timezone.localdate().isoformat()
    daily = getattr(settings, "RATING_DAILY_LIMIT", 30)
    try:
        with stamps.public():
            per_guide = _take_slot(f"rating-limit:{implementation_code}:{digest}", RATE_WINDOW,
                                   RATE_LIMIT)  # fmt: skip
            per_day = per_guide and _take_slot(f"rating-day:{day}:{digest}", DAY, daily)
    except Exception as error:
        log.exception("ratings: rate-limit counters unavailable")
        raise DomainError([Problem("client", LIMITS_UNAVAILABLE)]) from error
    if not per_guide:
        raise DomainError(
            [Problem("client", f"评价过于频繁：同一事项每小时最多评价{RATE_LIMIT}次")]
        )
    if not per_day:
        raise DomainError([Problem("client", f"评价过于频繁：每天最多评价{daily}次")])


def rate_guide(
    implementation_code: str,
    score: int,
    comment: str = "",
    channel: str = "web",
    client_key="",
    account_id: int | None = None,
) -> Rating:
    """Record a rating of a live guide; a 差评 (4–5) opens a follow-up for the guide's region.
    A signed-in citizen's rating carries the account and is limited per account (on every
    device and address), an anonymous one per client address."""
    comment = (comment or "").strip()
    if problems := _problems(score, comment, channel):
        raise DomainError(problems)
    guide = PublishedGuide.objects.filter(implementation_code=implementation_code).first()
    if guide is None:
        raise DomainError(
            [Problem("implementation_code", f"实施编码 {implementation_code} 没有在线的办事指南")]
        )
    digest = client_hash(str(client_key))
    _check_rate_limits(implementation_code, f"account:{account_id}" if account_id else digest)
    with transaction.atomic():
        rating = Rating.objects.create(
            region_id=guide.region_id, implementation_code=implementation_code, score=score,
            comment=comment, channel=channel, client_hash=digest, account_id=account_id,
        )  # fmt: skip
        if score in BAD_SCORES:
            province = guide.ancestor_codes[-1] if guide.ancestor_codes else guide.region_code
            due = workdays.add_workdays(timezone.localdate(), FOLLOW_UP_WORKDAYS, province)
            FollowUp.objects.create(region_id=guide.region_id, rating=rating, due_date=due)
    return rating


def summary_aggregates() -> dict:
    """The aggregates a summary is built from (count, average, one count per level)."""
    per_level = {f"s{s}": Count("pk", filter=Q(score=s)) for s in SCORES}
    return {"count": Count("pk"), "average": Avg("score"), **per_level}


@memoise
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_key(request) -> str:
    """Who is rating, for the rate limits: the client's address (hashed before use).

    REMOTE_ADDR, unless the peer is one of TRUSTED_PROXIES: then the right-most address in
    X-Forwarded-For that is not a trusted proxy (the left part is whatever the client sent).
    The User-Agent and the host are not part of it: a client may change both at will."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(address):
        return address
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _is_trusted(hop):
            return hop
        address = hop
    return address


def rating_summary(implementation_code: str) -> dict:
    """Count, average and 满意率 (share of 1–3) of a guide's ratings, with counts per level."""
    return summarise(
        Rating.objects.filter(implementation_code=implementation_code).aggregate(
            **summary_aggregates()
        )
    )


def summarise(row: dict | None) -> dict:
    """A summary from the aggregates of ``summary_aggregates`` (None: no ratings)."""
    row = row or {"count": 0, "average": None, **{f"s{s}": 0 for s in SCORES}}
    count = row["count"]
    good = count - sum(row[f"s{s}"] for s in BAD_SCORES)
    return {
        "count": count,
        "average": round(row["average"], 2) if row["average"] is not None else None,
        "levels": [{"score": s, "label": SCORES[s], "count": row[f"s{s}"]} for s in SCORES],
        "satisfaction": round(100 * good / count, 1) if count else None,
    }


def open_follow_ups(region):
    """The region's unanswered 差评, oldest deadline first."""
    return (
        FollowUp.objects.filter(region=region, state=FollowUp.State.OPEN)
        .select_related("rating")
        .order_by("due_date", "pk")
    )


def close_follow_up(follow_up: FollowUp, answer: str, user: str = "") -> FollowUp:
    """Record how a 差评 was rectified and close it."""
    answer = (answer or "").strip()
    if follow_up.state != FollowUp.State.OPEN:
        raise DomainError([Problem("state", "该差评整改已办结")])
    if not answer:
        raise DomainError([Problem("answer", "请填写整改情况")])
    follow_up.state, follow_up.answer = FollowUp.State.CLOSED, answer
    follow_up.closed_by, follow_up.closed_at = user, timezone.now()
    follow_up.save(update_fields=["state", "answer", "closed_by", "closed_at"])
    from core.audit.log import record

    changes = {
        "state": {"before": "open", "after": "closed"},
        "answer": {"before": "", "after": answer},
    }
    record(follow_up, "zwfw.followup.close", user, changes)
    return follow_up
