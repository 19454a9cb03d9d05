"""差评整改 rows with what they are about: the matter's name and its live guide (a rating only
stores the 实施编码), and how close the deadline is."""

from dataclasses import dataclass

from django.utils import timezone

from core.domain import workdays
from core.listings.models import ImplementationItem
from core.published.models import PublishedGuide
from tenants.current import province_of

from .agenda import FOLLOW_UP_WARNING_WORKDAYS


@dataclass
class FollowUpRow:
    follow_up: object
    name: str
    guide_url: str
    entry_id: int | None
    urgency: str  # "overdue", "near" or ""


def follow_up_rows(follow_ups, region) -> list[FollowUpRow]:
    """Two queries whatever the number of rows: live guides, then the region's entries for
    codes without one (a guide withdrawn since the rating)."""
    follow_ups = list(follow_ups)
    codes = {f.rating.implementation_code for f in follow_ups}
    guides = {
        g["implementation_code"]: g
        for g in PublishedGuide.objects.filter(region=region, implementation_code__in=codes).values(
            "implementation_code", "name", "url", "entry_id"
        )
    }
    entries = {
        e.implementation_code: e
        for e in ImplementationItem.objects.filter(
            implementation_code__in=codes - set(guides)
        ).select_related("base_version")
    }
    today = timezone.localdate()
    soon = workdays.add_workdays(today, FOLLOW_UP_WARNING_WORKDAYS, province_of(region).code)
    rows = []
    for follow_up in follow_ups:
        code = follow_up.rating.implementation_code
        guide, entry = guides.get(code), entries.get(code)
        name = guide["name"] if guide else entry.name if entry else "（事项已不在本地清单中）"
        due = follow_up.due_date
        urgency = "overdue" if due < today else "near" if due <= soon else ""
        rows.append(FollowUpRow(
            follow_up, name, guide["url"] if guide else "",
            guide["entry_id"] if guide else entry.pk if entry else None, urgency,
        ))  # fmt: skip
    return rows
