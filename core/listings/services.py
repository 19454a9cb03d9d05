"""Tenant-side operations on 实施清单 entries: claim, edit, submit, publish, suspend, compare.

All functions run in the tenant's schema (the connection's schema is the claimant region). Each
one locks the entry row and works on its current state (never on the caller's possibly stale
copy); edits from forms state the revision they were based on and a stale one is refused.
Whatever can change a guide writes a sync request in the same transaction (the outbox).
"""

from django.db import transaction

from core.audit.log import changes_between, record
from core.catalogue.models import Claim, Matter, MatterVersion
from core.domain import codes, normal
from core.domain.errors import DomainError, Problem
from core.four_eyes import refuse_own_submission
from core.published.outbox import request_sync
from tenants.current import current_region, province_of

from . import rules
from .models import LOCAL_ELEMENTS, CodeHistory, ImplementationItem, ItemVersion
from .validation import check_local_elements

LOCAL_DEFAULTS_FROM_CATALOGUE = (
    "case_type",
    "conditions",
    "materials",
    "steps",
    "result",
    "fee",
    "faqs",
)


def catalogue_defaults(version: MatterVersion) -> dict:
    """The local elements an entry starts with: the province's recommended defaults."""
    values = {name: getattr(version, name) for name in LOCAL_DEFAULTS_FROM_CATALOGUE}
    values["promised_limit"] = dict(version.statutory_limit)
    values["aliases"] = []
    return values


@transaction.atomic
def claim_matter(matter: Matter, department, level: str, user: str = "") -> ImplementationItem:
    """认领: the region's department implements the matter at ``level``; creates the public claim
    (registry) and the tenant's entry, pre-filled with the catalogue's defaults."""
    region = current_region()
    # Lock the matter: a catalogue version being published waits for this claim, or this claim
    # waits for it and starts from the new version; either way the fan-out sees the claim.
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    version = matter.current_version
    problems = []
    if matter.province_id != province_of(region).pk:
        problems.append(Problem("basic_code", f"事项 {matter.basic_code} 不属于本省目录"))
    if version is None or not version.is_published:
        problems.append(Problem("basic_code", f"事项 {matter.basic_code} 尚未发布，不能认领"))
    elif version.status != "在用":
        problems.append(
            Problem("basic_code", f"事项 {matter.basic_code} 状态为“{version.status}”，不能认领")
        )
    elif level not in version.levels:
        allowed = "、".join(f"{c} {codes.LEVELS[c]}" for c in version.levels)
        problems.append(Problem("level", f"行使层级 {level} 不在该事项允许的层级内（{allowed}）"))
    if department.region_id != region.pk:
        problems.append(Problem("department", f"部门“{department.name}”不属于{region.name}"))
    if problems:
        raise DomainError(problems)
    code = codes.implementation_code(department.uscc, level, matter.basic_code)
    if Claim.objects.filter(implementation_code=code).exists():
        raise DomainError(
            [Problem("basic_code", f"{department.short_name}已按层级 {level} 认领该事项（{code}）")]
        )
    claim = Claim.objects.create(
        region=region, department=department, matter=matter, level=level, implementation_code=code
    )
    item = ImplementationItem.objects.create(
        claim=claim, matter=matter, department=department, level=level,
        implementation_code=code, base_version=version, submitted_by=user,
        **catalogue_defaults(version),
    )  # fmt: skip
    record(item, "zwfw.listing.claim", user, implementation_code=code, level=level,
           department=department.name, catalogue_version=version.number)  # fmt: skip
    return item


def _editable(item: ImplementationItem) -> None:
    if item.state == ImplementationItem.State.REVIEW:
        raise DomainError("事项正在审核中，请先撤回再修改")


def lock(item: ImplementationItem, expected_revision: int | None = None, based_on=None) -> None:
    """Lock the entry's row and reload ``item`` from it; refuse a stale edit, naming the
    elements that changed since ``based_on`` (element → digest, as the form was rendered)."""
    list(ImplementationItem.objects.select_for_update().filter(pk=item.pk).values_list("pk"))
    item.refresh_from_db()
    if expected_revision is None or int(expected_revision) == item.revision:
        return
    changed = [
        str(ImplementationItem._meta.get_field(name).verbose_name)
        for name, value in item.element_digests().items()
        if based_on and based_on.get(name) not in (None, value)
    ]
    detail = f"期间变化的要素：{'、'.join(changed)}。" if changed else ""
    raise DomainError(
        [Problem("revision", f"该事项已被他人修改（状态：{item.get_state_display()}），您的修改未保存。"
                             f"{detail}请刷新页面后重新编辑。")]
    )  # fmt: skip


@transaction.atomic
def update_item(
    item: ImplementationItem, values: dict, user: str = "", expected_revision=None, based_on=None
) -> list[str]:
    """Change local elements; a published entry keeps its live version until republished."""
    lock(item, expected_revision, based_on)
    _editable(item)
    unknown = sorted(set(values) - set(LOCAL_ELEMENTS))
    if unknown:
        raise DomainError(
            [Problem(name, "不是可由市县填写的清单要素（固定要素以目录为准）") for name in unknown]
        )
    problems = check_local_elements(values, item.department.region)
    if problems:
        raise DomainError(problems)
    before = item.local_elements()
    # Only real changes: CRLF from a browser, a reordered multi-select are none (``normal``).
    changed = item.set_local_elements(normal.changed_elements(before, values))
    if changed:
        if item.state == ImplementationItem.State.PUBLISHED:
            item.state = ImplementationItem.State.DRAFT
        item.save()
        changes = changes_between(before, item.local_elements())
        record(item, "zwfw.listing.edit", user, changes, revision=item.revision)
    return changed


def problems_of(item: ImplementationItem) -> list[Problem]:
    """Rule violations of an entry under its province's rule configuration."""
    region = item.department.region
    local = {**item.local_elements(), "level": item.level}
    problems = check_local_elements(local, region)
    province = province_of(region)
    config = province.options.get("rules")
    problems += rules.check(local, item.base_version.elements(), config, province.code)
    if item.conflicts.filter(resolved=False).exists():
        problems.append(Problem("sync_state", "存在与新目录版本的冲突，请先在同步收件箱中处理"))
    return problems


@transaction.atomic
def submit_item(
    item: ImplementationItem, user: str = "", expected_revision=None
) -> ImplementationItem:
    """Draft → review; refused with every rule violation."""
    lock(item, expected_revision)
    if item.state not in (ImplementationItem.State.DRAFT, ImplementationItem.State.SUSPENDED):
        raise DomainError(f"事项当前状态为“{item.get_state_display()}”，不能提交审核")
    if problems := problems_of(item):
        raise DomainError(problems)
    item.state, item.submitted_by = ImplementationItem.State.REVIEW, user
    item.save(update_fields=["state", "submitted_by", "updated_at"])
    record(item, "zwfw.listing.submit", user, revision=item.revision)
    return item


@transaction.atomic
def withdraw_item(item: ImplementationItem, user: str = "", note: str = "") -> ImplementationItem:
    """Review → draft: the editor withdraws (撤回) or a reviewer rejects (不通过) with a note."""
    lock(item)
    if item.state != ImplementationItem.State.REVIEW:
        raise DomainError("只能撤回审核中的事项")
    item.state = ImplementationItem.State.DRAFT
    item.review_note = f"{user}：{note}" if user and note else note
    item.save(update_fields=["state", "review_note", "updated_at"])
    kind = "撤回" if user == item.submitted_by else "退回"
    record(
        item, "zwfw.listing.withdraw", user, kind=kind, note=note, submitted_by=item.submitted_by
    )
    return item


def snapshot(item: ImplementationItem) -> dict:
    """The full content of an entry as published: fixed elements from its catalogue version,
    local elements, codes and the implementing department."""
    version = item.base_version
    department = item.department
    return {
        "basic_code": item.matter.basic_code,
        "implementation_code": item.implementation_code,
        "level": item.level,
        "department": {"name": department.name, "short_name": department.short_name,
                       "uscc": department.uscc, "nature": department.nature},
        "catalogue_version": version.number,
        "fixed": version.fixed_elements(),
        "local": item.local_elements(),
    }  # fmt: skip


@transaction.atomic
def publish_item(
    item: ImplementationItem, user: str = "", direct: bool = False, expected_revision=None
) -> ItemVersion:
    """Review → published: a new numbered version; its guide follows through the sync outbox.
    ``direct`` publishes a draft without the review step (imports by an authorised operator: the
    operator's own act, logged as direct); an entry under review is never published by the one
    who submitted it (four-eyes)."""
    lock(item, expected_revision)
    allowed = [ImplementationItem.State.REVIEW]
    if direct:
        allowed += [ImplementationItem.State.DRAFT, ImplementationItem.State.SUSPENDED]
    if item.state not in allowed:
        raise DomainError(f"事项当前状态为“{item.get_state_display()}”，须先提交审核")
    if item.state == ImplementationItem.State.REVIEW:  # a submission, even when ``direct``
        refuse_own_submission(item.submitted_by, user, "实施清单事项")
    if problems := problems_of(item):
        raise DomainError(problems)
    number = (item.versions.values_list("number", flat=True).first() or 0) + 1
    version = ItemVersion.objects.create(
        item=item, number=number, catalogue_version=item.base_version,
        elements=snapshot(item), published_by=user,
    )  # fmt: skip
    item.state, item.live_version = ImplementationItem.State.PUBLISHED, version
    if item.sync_state == ImplementationItem.Sync.OUTDATED:
        item.sync_state = ImplementationItem.Sync.CURRENT
    item.save()
    request_sync(item.pk)
    record(item, "zwfw.listing.publish", user, number=number, direct=direct,
           submitted_by=item.submitted_by)  # fmt: skip
    return version


@transaction.atomic
def suspend_item(
    item: ImplementationItem,
    reason: str = "",
    cancelled: bool = False,
    by_catalogue: bool = False,
    user: str = "",
) -> ImplementationItem:
    """Take an entry offline (挂起); its guide is withdrawn. Staff may only suspend published
    entries; a catalogue suspension or cancellation (``by_catalogue``) suspends any entry."""
    lock(item)
    if item.state != ImplementationItem.State.PUBLISHED and not by_catalogue:
        raise DomainError("只能暂停已发布的事项")
    item.review_note = reason or item.review_note
    item.state, item.live_version = ImplementationItem.State.SUSPENDED, None  # nothing is online
    if cancelled:
        item.sync_state = ImplementationItem.Sync.CANCELLED
    item.save()
    request_sync(item.pk)
    record(item, "zwfw.listing.suspend", user, reason=reason, cancelled=cancelled,
           by_catalogue=by_catalogue)  # fmt: skip
    return item


@transaction.atomic
def change_implementer(item: ImplementationItem, department=None, level=None, reason="") -> str:
    """A reorganisation changed the department (USCC) or the level: new 实施编码, history kept.
    The live guide keeps its published content until the entry is republished."""
    lock(item)
    department, level = department or item.department, level or item.level
    new_code = codes.implementation_code(department.uscc, level, item.matter.basic_code)
    if new_code == item.implementation_code:
        return new_code
    CodeHistory.objects.create(
        item=item, old_code=item.implementation_code, new_code=new_code, reason=reason
    )
    Claim.objects.filter(pk=item.claim_id).update(
        department=department, level=level, implementation_code=new_code
    )
    item.department, item.level, item.implementation_code = department, level, new_code
    item.save()
    request_sync(item.pk)
    return new_code


def compare_item_versions(a: ItemVersion, b: ItemVersion) -> list[dict]:
    """Element-by-element comparison of two published versions of an entry."""
    rows = []
    for group in ("fixed", "local"):
        old, new = a.elements.get(group, {}), b.elements.get(group, {})
        for name in dict.fromkeys([*old, *new]):
            rows.append({"group": group, "element": name, "a": old.get(name), "b": new.get(name),
                         "changed": old.get(name) != new.get(name)})  # fmt: skip
    return rows
