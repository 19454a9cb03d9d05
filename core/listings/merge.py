"""Three-way merge of a new catalogue version into an entry (base = the version the entry is
based on, theirs = the new version, ours = the entry's local elements).

- fixed elements follow the catalogue (the entry simply points at the new version);
- a local element the tenant never changed from the catalogue default takes the new default;
- an element changed on both sides, differently, becomes a MergeConflict for review;
- an entry under review is taken back to draft with a note: the reviewer approves what the
  merge produced, never content that changed under them (no silent rewrite of a submission);
- a published entry's live version stays online until the merged entry is republished.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.audit.log import record
from core.catalogue.models import MatterVersion

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
        value, conflict = three_way(
            getattr(base, source), getattr(new, source), getattr(item, element)
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
    conflict: MergeConflict, choice: str, expected_revision=None, user: str = ""
) -> ImplementationItem:
    """Keep the local value ("ours") or take the catalogue's ("theirs")."""
    if choice not in ("ours", "theirs"):
        raise ValueError("choice must be 'ours' or 'theirs'")
    item = conflict.item
    lock(item, expected_revision)
    conflict.refresh_from_db()
    if conflict.resolved:
        return item
    if choice == "theirs":
        setattr(item, conflict.element, conflict.theirs)
    conflict.resolved, conflict.resolution = True, choice
    conflict.save(update_fields=["resolved", "resolution"])
    if not item.conflicts.filter(resolved=False).exists():
        item.sync_state = ImplementationItem.Sync.OUTDATED
    item.save()
    after = getattr(item, conflict.element)
    record(item, "zwfw.listing.resolve", user, {conflict.element: {
        "before": conflict.ours, "after": after}}, choice=choice,
        catalogue_version=conflict.catalogue_version.number)  # fmt: skip
    return item
