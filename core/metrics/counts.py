"""Gather the counts of one region on one day, as a whole and per department, from the public
read side only (published guides, claims registry, catalogue, ratings)."""

from collections import defaultdict

from core.case_register.stats import case_counts
from core.catalogue.models import Claim, Matter
from core.domain import codes
from core.listings import rules
from core.published.models import FollowUp, PublishedGuide, Rating

from .definitions import COUNTS, thresholds

SATISFIED_SCORES = (1, 2)  # 非常满意, 满意 (DOMAIN.md §3 满意度)
NATURAL_TO_WORKING = 5 / 7  # a 自然日 limit in working days (documented in docs/metrics.md)


def workdays_of(limit: dict | None) -> float | None:
    """A time limit in working days; None when it has no value."""
    if not limit or limit.get("value") in (None, ""):
        return None
    value = float(limit["value"])
    return value * NATURAL_TO_WORKING if limit.get("unit") == "自然日" else value


def claimable_matters(region, province):
    """The province's matters in use that allow the region's 行使层级 (what it may claim)."""
    level = codes.REGION_EXERCISE_LEVEL.get(region.level, "")
    return Matter.objects.filter(
        province=province, current_version__status="在用", current_version__levels__contains=[level]
    )


def _guide_counts(guide, limits: dict, province, config: dict) -> dict:
    payload = guide.payload or {}
    counts = {
        "live": 1,
        "online": guide.online_depth >= limits["online_depth"],
        "full_online": guide.online_depth >= limits["full_online_depth"],
        "max_one_visit": guide.visits <= limits["max_visits"],
        "zero_visit": guide.visits == 0,
    }
    statutory, promised = workdays_of(guide.statutory_limit), workdays_of(guide.promised_limit)
    if statutory and promised is not None:
        counts["statutory_workdays"], counts["promised_workdays"] = statutory, promised
    local = {**(payload.get("local") or {}), "level": payload.get("level")}
    counts["violations"] = len(
        rules.check(local, payload.get("fixed") or {}, config, province.code)
    )
    return counts


def region_counts(region, province, day) -> dict[str, dict]:
    """{department USCC or "" for the whole region: counts} for ``region`` alone on ``day``."""
    out: dict[str, dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    limits = thresholds(province.applied_config)
    config = province.options.get("rules")
    claimable = set(claimable_matters(region, province).values_list("pk", flat=True))
    out[""]["claimable"] = len(claimable)
    claims = Claim.objects.filter(region=region, state=Claim.State.ACTIVE)
    claimed = set()
    for matter_id, uscc in claims.values_list("matter_id", "department__uscc"):
        for key in ("", uscc):
            out[key]["claims"] += 1
        claimed.add(matter_id)
    out[""]["claimed"] = len(claimed & claimable)
    guides = PublishedGuide.objects.filter(region=region, published_at__date__lte=day).only(
        "department_uscc", "online_depth", "visits", "statutory_limit", "promised_limit",
        "payload", "region_id",
    )  # fmt: skip
    for guide in guides.iterator(chunk_size=500):
        for name, value in _guide_counts(guide, limits, province, config).items():
            for key in ("", guide.department_uscc):
                out[key][name] += value
    _rating_counts(region, day, out)
    for uscc, values in case_counts(region, day).items():
        for key in ("", uscc):
            for name, value in values.items():
                out[key][name] += value
    return {key: {k: round(v, 4) if isinstance(v, float) else int(v) for k, v in c.items()}
            for key, c in out.items()}  # fmt: skip


def _rating_counts(region, day, out) -> None:
    ratings = Rating.objects.filter(region=region, created_at__date__lte=day)
    for code, score in ratings.values_list("implementation_code", "score"):
        for key in ("", code[:18]):  # 实施编码 starts with the department's USCC
            out[key]["ratings"] += 1
            out[key]["satisfied"] += score in SATISFIED_SCORES
    due = FollowUp.objects.filter(region=region, due_date__lte=day).select_related("rating")
    for follow_up in due:
        on_time = bool(follow_up.closed_at) and follow_up.closed_at.date() <= follow_up.due_date
        for key in ("", follow_up.rating.implementation_code[:18]):
            out[key]["follow_ups_due"] += 1
            out[key]["follow_ups_on_time"] += on_time
