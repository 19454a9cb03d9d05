"""好差评: rate a live guide, summarise its ratings, follow up 差评 (any channel calls these)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from core.domain.errors import DomainError, Problem
from tenants.middleware import has_control_characters

from .models import PublishedGuide
from .models_ratings import BAD_SCORES, CHANNELS, SCORES, FollowUp, Rating

MAX_COMMENT = 500
RATE_LIMIT = 5  # ratings per client, guide and hour
RATE_WINDOW = 60 * 60
# 15 working days (四川's rectification deadline) are about 21 natural days.
FOLLOW_UP_DAYS = 21


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


def _take_rate_slot(implementation_code: str, digest: str) -> bool:
    """Count this rating against the client's hourly allowance; False when it is used up."""
    key = f"rating-limit:{implementation_code}:{digest}"
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW)
        used = 1
    return used <= RATE_LIMIT


def rate_guide(
    implementation_code: str, score: int, comment: str = "", channel: str = "web", client_key=""
) -> Rating:
    """Record a rating of a live guide; a 差评 (4–5) opens a follow-up for the guide's region."""
    comment = (comment or "").strip()
    if problems := _problems(score, comment, channel):
        raise DomainError(problems)
    guide = PublishedGuide.objects.filter(implementation_code=implementation_code).first()
    if guide is None:
        raise DomainError(
            [Problem("implementation_code", f"实施编码 {implementation_code} 没有在线的办事指南")]
        )
    digest = client_hash(str(client_key))
    if not _take_rate_slot(implementation_code, digest):
        raise DomainError(
            [Problem("client", f"评价过于频繁：同一事项每小时最多评价{RATE_LIMIT}次")]
        )
    with transaction.atomic():
        rating = Rating.objects.create(
            region_id=guide.region_id, implementation_code=implementation_code, score=score,
            comment=comment, channel=channel, client_hash=digest,
        )  # fmt: skip
        if score in BAD_SCORES:
            due = timezone.localdate() + timedelta(days=FOLLOW_UP_DAYS)
            FollowUp.objects.create(region_id=guide.region_id, rating=rating, due_date=due)
    return rating


def summary_aggregates() -> dict:
    """The aggregates a summary is built from (count, average, one count per level)."""
    per_level = {f"s{s}": Count("pk", filter=Q(score=s)) for s in SCORES}
    return {"count": Count("pk"), "average": Avg("score"), **per_level}


def client_key(request) -> str:
    """Who is rating, for the rate limit: address and browser (hashed before use). The
    address is REMOTE_ADDR: X-Forwarded-For is set by the client unless a proxy rewrites it."""
    meta = request.META
    return f"{meta.get('REMOTE_ADDR', '')}|{meta.get('HTTP_USER_AGENT', '')}"


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
    return follow_up
