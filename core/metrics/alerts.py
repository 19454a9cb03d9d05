"""电子监察: raise and resolve alerts per region from deadlines counted in working days.

Every run re-evaluates every cause of the region (idempotent): a cause with ≤ 20 % of its allowed
working days left is 黄牌, an overdue one 红牌; an alert whose cause is gone is resolved, and
reopened if the cause returns. Causes:

- ``follow_up``: an open 差评 follow-up (started when rated, due on its due date);
- ``conflict``: an unresolved sync conflict, allowed ``conflict_workdays`` (default 10);
- ``review``: an entry waiting for review, allowed ``review_workdays`` (default 15);
- ``unclaimed``: a matter of the region's level, in force (effective date passed) but not claimed,
  allowed ``claim_workdays`` (default 10) from its effective date;
- ``violation``: a live guide breaking the province's publish rules (red at once).

Windows come from the province's tenant config ``alerts:`` over these defaults.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.catalogue.models import Claim
from core.domain import workdays
from core.listings import rules
from core.listings.models import ImplementationItem, MergeConflict
from core.published.models import FollowUp, PublishedGuide
from tenants.current import province_of

from .counts import claimable_matters
from .models import Alert
from .notify import notify_new_alerts

DEFAULT_WINDOWS = {"conflict_workdays": 10, "review_workdays": 15, "claim_workdays": 10}
YELLOW_SHARE = 0.2  # ≤ 20 % of the allowed time left


@dataclass(frozen=True)
class Cause:
    kind: str
    ref: str
    title: str
    started_on: date
    due_on: date | None  # None: red at once


def level_of(cause: Cause, today: date, province_code: str) -> str | None:
    """黄牌 / 红牌 / None (not yet worth an alert) for a cause on ``today``."""
    if cause.due_on is None or today > cause.due_on:
        return Alert.Level.RED
    allowed = workdays.workdays_between(cause.started_on, cause.due_on, province_code)
    left = workdays.workdays_between(today, cause.due_on, province_code)
    return Alert.Level.YELLOW if left <= YELLOW_SHARE * allowed else None


def _follow_ups(region) -> list[Cause]:
    rows = FollowUp.objects.filter(region=region, state=FollowUp.State.OPEN).select_related(
        "rating"
    )
    return [Cause("follow_up", str(f.pk), f"差评整改：{f.rating.implementation_code}",
                  timezone.localdate(f.rating.created_at), f.due_date) for f in rows]  # fmt: skip


def _tenant_causes(region, windows: dict, code: str) -> list[Cause]:
    """Conflicts and reviews, read inside the region's schema."""
    causes = []
    with schema_context(region.schema_name):
        for c in MergeConflict.objects.filter(resolved=False).select_related("item"):
            start = timezone.localdate(c.created_at)
            due = workdays.add_workdays(start, windows["conflict_workdays"], code)
            causes.append(Cause("conflict", str(c.pk), f"同步冲突未处理：{c.item.implementation_code}"
                                f"（{c.element}）", start, due))  # fmt: skip
        for item in ImplementationItem.objects.filter(state=ImplementationItem.State.REVIEW):
            start = timezone.localdate(item.updated_at)
            due = workdays.add_workdays(start, windows["review_workdays"], code)
            causes.append(Cause("review", str(item.pk), f"待审核：{item.implementation_code}",
                                start, due))  # fmt: skip
    return causes


def _unclaimed(region, province, windows: dict, today: date) -> list[Cause]:
    claimed = set(
        Claim.objects.filter(region=region, state=Claim.State.ACTIVE).values_list(
            "matter_id", flat=True
        )
    )
    matters = (
        claimable_matters(region, province)
        .filter(current_version__effective_date__lte=today)
        .exclude(pk__in=claimed)
        .select_related("current_version")
    )
    causes = []
    for matter in matters:
        start = matter.current_version.effective_date
        due = workdays.add_workdays(start, windows["claim_workdays"], province.code)
        causes.append(Cause("unclaimed", matter.basic_code, f"未认领：{matter.basic_code} "
                            f"{matter.current_version.name}", start, due))  # fmt: skip
    return causes


def _violations(region, province, today: date) -> list[Cause]:
    config = province.options.get("rules")
    causes = []
    for guide in PublishedGuide.objects.filter(region=region).only(
        "implementation_code", "payload", "name"
    ):
        payload = guide.payload or {}
        local = {**(payload.get("local") or {}), "level": payload.get("level")}
        if problems := rules.check(local, payload.get("fixed") or {}, config, province.code):
            causes.append(Cause("violation", guide.implementation_code,
                                f"规则问题（{len(problems)} 项）：{guide.name}", today, None))  # fmt: skip
    return causes


def causes_of(region, today: date) -> list[Cause]:
    province = province_of(region)
    windows = {**DEFAULT_WINDOWS, **((province.applied_config or {}).get("alerts") or {})}
    return [
        *_follow_ups(region), *_tenant_causes(region, windows, province.code),
        *_unclaimed(region, province, windows, today), *_violations(region, province, today),
    ]  # fmt: skip


@transaction.atomic
def evaluate_region(region, today: date | None = None) -> dict[str, int]:
    """Raise, update and resolve the region's alerts for ``today``; returns counts by outcome."""
    today = today or timezone.localdate()
    province_code = province_of(region).code
    existing = {(a.kind, a.ref): a for a in Alert.objects.select_for_update().filter(region=region)}
    seen, counts, raised = set(), {"raised": 0, "open": 0, "resolved": 0}, []
    for cause in causes_of(region, today):
        level = level_of(cause, today, province_code)
        if level is None:
            continue
        seen.add((cause.kind, cause.ref))
        alert = existing.get((cause.kind, cause.ref))
        values = {"title": cause.title, "level": level, "started_on": cause.started_on,
                  "due_on": cause.due_on, "resolved_at": None}  # fmt: skip
        if alert is None:
            raised.append(
                Alert.objects.create(region=region, kind=cause.kind, ref=cause.ref, **values)
            )
            counts["raised"] += 1
        else:
            Alert.objects.filter(pk=alert.pk).update(**values)
            counts["open"] += 1
    stale = [a.pk for key, a in existing.items() if key not in seen and a.resolved_at is None]
    counts["resolved"] = Alert.objects.filter(pk__in=stale).update(resolved_at=timezone.now())
    transaction.on_commit(lambda: notify_new_alerts(region, raised))
    return counts
