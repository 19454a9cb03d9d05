"""Three-way merge of a new catalogue version into an entry (base = the version the entry is
based on, theirs = the new version, ours = the entry's local elements).

- fixed elements follow the catalogue (the entry simply points at the new version);
- a local element the tenant never changed from the catalogue default takes the new default;
- list elements (materials, steps, FAQs) are merged row by row (``merge_lists``): different
  rows changed on each side merge cleanly; only rows changed on both sides conflict;
- an element changed on both sides, differently, becomes a MergeConflict for review, decided
  as a whole (ours / theirs) or, for a list, row by row;
- an entry under review is taken back to draft with a note: the reviewer approves what the
  merge produced, never content that changed under them (no silent rewrite of a submission);
- a published entry's live version stays online until the merged entry is republished.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.audit.log import record
from core.catalogue.models import MatterVersion
from core.domain.errors import DomainError, Problem

from . import merge_lists
from .models import ImplementationItem, MergeConflict
from .services import lock, suspend_item

# local element → the catalogue element holding its recommended default
DEFAULT_SOURCES = {
    "case_type": "case_type", "conditions": "conditions", "materials": "materials",
    "steps": "steps", "result": "result", "fee": "fee", "faqs": "faqs",
    "promised_limit": "statutory_limit",
}  # fmt: skip


@dataclass
class MergeOutcome:
    item: ImplementationItem
    skipped: bool = False
    taken: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    suspended: bool = False


def three_way(base, theirs, ours):
    """(merged value, conflict?) for one element."""
    if theirs == base or ours == theirs:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def merge_element(element: str, base, theirs, ours):
    """(merged value, conflict?) for one local element; lists merge row by row."""
    if not merge_lists.is_list_element(element) or three_way(base, theirs, ours)[1] is False:
        return three_way(base, theirs, ours)
    aligned = merge_lists.slots(element, base, theirs, ours)
    if merge_lists.conflicting(aligned):
        return ours, True
    return merge_lists.merge_rows(aligned), False


@transaction.atomic
def merge_version(item: ImplementationItem, new: MatterVersion) -> MergeOutcome:
    """Bring one entry onto catalogue version ``new``; idempotent on (entry, version)."""
    outcome = MergeOutcome(item)
    base = item.base_version
    if base.number >= new.number:
        outcome.skipped = True
        return outcome
    if new.status in ("取消", "挂起"):
        item.base_version = new
        item.save(update_fields=["base_version", "updated_at"])
        suspend_item(
            item, reason=f"目录事项{new.status}", cancelled=new.status == "取消", by_catalogue=True
        )
        outcome.suspended = True
        return outcome
    for element, source in DEFAULT_SOURCES.items():
        value, conflict = merge_element(
            element, getattr(base, source), getattr(new, source), getattr(item, element)
        )
        if conflict:
            MergeConflict.objects.get_or_create(
                item=item, element=element, catalogue_version=new,
                defaults={"base": getattr(base, source), "theirs": getattr(new, source),
                          "ours": getattr(item, element)},
            )  # fmt: skip
            outcome.conflicts.append(element)
        elif value != getattr(item, element):
            setattr(item, element, value)
            outcome.taken.append(element)
    item.base_version = new
    item.sync_state = (
        ImplementationItem.Sync.CONFLICT if outcome.conflicts else ImplementationItem.Sync.OUTDATED
    )
    if item.state == ImplementationItem.State.REVIEW:
        item.review_note = f"目录已更新至第 {new.number} 版，审核已撤回：请核对合并结果后重新提交"
    if item.state in (ImplementationItem.State.PUBLISHED, ImplementationItem.State.REVIEW):
        item.state = ImplementationItem.State.DRAFT
    item.save()
    return outcome


@transaction.atomic
def resolve_conflict(
    conflict: MergeConflict,
    choice: str,
    expected_revision=None,
    user: str = "",
    rows: dict[int, str] | None = None,
) -> ImplementationItem:
    """Settle a conflict: keep the local value ("ours"), take the catalogue's ("theirs"), or for
    a list element decide row by row ("rows": {row number: "ours" | "theirs"} for every
    conflicting row; the other rows merge as they would have). The local value decided on is
    the entry's current one, locked at ``expected_revision``: a decision made on a page
    rendered before the entry changed is refused. Idempotent: a settled conflict stays."""
    if choice not in ("ours", "theirs", "rows"):
        raise ValueError("choice must be 'ours', 'theirs' or 'rows'")
    item = conflict.item
    lock(item, expected_revision)
    conflict.refresh_from_db()
    if conflict.resolved:
        return item
    element, before = conflict.element, getattr(item, conflict.element)
    if choice == "theirs":
        setattr(item, element, conflict.theirs)
    elif choice == "rows":
        setattr(item, element, _decided_rows(conflict, before, rows or {}))
    conflict.resolved, conflict.resolution = True, choice
    conflict.save(update_fields=["resolved", "resolution"])
    if not item.conflicts.filter(resolved=False).exists():
        item.sync_state = ImplementationItem.Sync.OUTDATED
    item.save()
    record(item, "zwfw.listing.resolve", user, {element: {
        "before": before, "after": getattr(item, element)}}, choice=choice,
        rows={str(n): d for n, d in sorted((rows or {}).items())},
        catalogue_version=conflict.catalogue_version.number)  # fmt: skip
    return item


def _decided_rows(conflict: MergeConflict, ours, rows: dict[int, str]) -> list:
    label = str(ImplementationItem._meta.get_field(conflict.element).verbose_name)
    if not merge_lists.is_list_element(conflict.element):
        raise DomainError(
            [Problem(conflict.element, f"{label}不是列表，只能整项采用目录或保留本地")]
        )
    aligned = merge_lists.slots(conflict.element, conflict.base, conflict.theirs, ours)
    merge_lists.check_decisions(conflict.element, label, aligned, rows)
    return merge_lists.merge_rows(aligned, rows)
