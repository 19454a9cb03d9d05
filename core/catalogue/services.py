"""Province-side operations on the catalogue: create, draft, review, publish, compare.

Every change is a new numbered version; a published version never changes. Publishing a version
that claimants depend on fans the change out to their tenants (see ``fanout``).
"""

from django.db import transaction
from django.utils import timezone

from core.audit.log import changes_between, last_actor, record
from core.domain import codes, normal
from core.domain.errors import DomainError, Problem
from core.four_eyes import refuse_own_submission

from .models import DEFAULT_ELEMENTS, FIXED_ELEMENTS, Matter, MatterVersion
from .validation import LABELS, check_version_elements

VERSION_FIELDS = FIXED_ELEMENTS + DEFAULT_ELEMENTS
# Every published version says what changed and why (变更说明); version 1 says this.
FIRST_PUBLICATION_NOTE = "首次发布"


def version_values(data: dict) -> dict:
    values = {name: data[name] for name in VERSION_FIELDS if name in data}
    for name in ("effective_date", "cancel_date"):
        if values.get(name) == "":
            values[name] = None
    return values


@transaction.atomic
def create_matter(province, basic_code: str, data: dict, user: str = "", national=False) -> Matter:
    """A new matter with version 1 as a draft. ``data`` holds the version's elements."""
    problems = check_version_elements(data, basic_code, province.code)
    if message := codes.basic_code_error(basic_code):
        problems.insert(0, Problem("basic_code", message))
    elif not national and basic_code[:2] != (prefix := (province.code or "")[:2]):
        message = f"地方事项基本编码应以本省代码 {prefix} 开头（00 为国家目录事项）"
        problems.insert(0, Problem("basic_code", message))
    if problems:
        raise DomainError(problems)
    if Matter.objects.filter(province=province, basic_code=basic_code).exists():
        raise DomainError(f"基本编码 {basic_code} 已存在")
    parent = None
    if codes.is_subitem(basic_code):
        parent = Matter.objects.filter(
            province=province, basic_code=codes.main_item_code(basic_code)
        ).first()
        if parent is None:
            raise DomainError(f"子项 {basic_code} 的主项 {codes.main_item_code(basic_code)} 不存在")
    matter = Matter.objects.create(
        province=province, basic_code=basic_code, parent=parent, is_national=national
    )
    version = MatterVersion.objects.create(
        matter=matter, number=1, created_by=user, **version_values(data)
    )
    record(version, "zwfw.catalogue.create", user, basic_code=basic_code, number=1)
    return matter


def open_draft(matter: Matter) -> MatterVersion | None:
    return matter.versions.filter(state__in=["draft", "review"]).first()


@transaction.atomic
def start_version(matter: Matter, user: str = "", allow_national=False) -> MatterVersion:
    """The open draft of a matter, or a new one copied from its current version."""
    if matter.is_national and not allow_national:
        raise DomainError("国家目录事项为只读，只能通过导入国家目录更新")
    if draft := open_draft(matter):
        return draft
    current = matter.current_version or matter.versions.order_by("-number").first()
    number = (matter.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    values = {name: getattr(current, name) for name in VERSION_FIELDS} if current else {}
    return MatterVersion.objects.create(matter=matter, number=number, created_by=user, **values)


@transaction.atomic
def update_draft(version: MatterVersion, data: dict, user: str = "") -> MatterVersion:
    """Change a draft's elements and, when ``data`` has it, its 变更说明 (``change_note``)."""
    if version.state not in (MatterVersion.State.DRAFT, MatterVersion.State.REJECTED):
        raise DomainError("只能修改草稿状态的版本")
    before = _values(version)
    # Only real changes: CRLF from a browser, a reordered multi-select are none (``normal``).
    changed = normal.changed_elements(before, version_values(data))
    note = (
        normal.clean_text(str(data["change_note"] or ""))
        if "change_note" in data
        else version.change_note
    )
    if not changed and note == version.change_note and version.state == MatterVersion.State.DRAFT:
        return version
    for name, value in changed.items():
        setattr(version, name, value)
    version.change_note = note
    version.state = MatterVersion.State.DRAFT
    version.save()
    record(version, "zwfw.catalogue.edit", user, changes_between(before, _values(version)))
    return version


def _values(version: MatterVersion) -> dict:
    return {name: getattr(version, name) for name in (*VERSION_FIELDS, "change_note")}


def _check(version: MatterVersion) -> None:
    """Every problem of the version's elements, and a missing 变更说明 (version 1 gets
    ``FIRST_PUBLICATION_NOTE``: nothing came before it)."""
    matter = version.matter
    problems = check_version_elements(version.elements(), matter.basic_code, matter.province.code)
    if version.number == 1 and not version.change_note.strip():
        version.change_note = FIRST_PUBLICATION_NOTE
    if not version.change_note.strip():
        problems.append(Problem("change_note", "请填写变更说明：本版本改了什么、为什么改"))
    if problems:
        raise DomainError(problems)


@transaction.atomic
def submit_version(version: MatterVersion, user: str = "") -> MatterVersion:
    """Draft → review."""
    if version.state not in (MatterVersion.State.DRAFT, MatterVersion.State.REJECTED):
        raise DomainError(f"版本当前状态为“{version.get_state_display()}”，不能提交审核")
    _check(version)
    version.state, version.created_by = MatterVersion.State.REVIEW, version.created_by or user
    version.save()
    record(version, "zwfw.catalogue.submit", user, number=version.number)
    return version


def _refuse_own(version: MatterVersion, user: str) -> None:
    """Four-eyes: neither its 编制人 nor whoever submitted it (the audit log names the submitter;
    the version keeps only its 编制人) reviews a version."""
    for author in {version.created_by, last_actor(version, "zwfw.catalogue.submit")}:
        refuse_own_submission(author, user, "目录版本")


@transaction.atomic
def reject_version(version: MatterVersion, user: str = "", note: str = "") -> MatterVersion:
    if version.state != MatterVersion.State.REVIEW:
        raise DomainError("只能退回审核中的版本")
    _refuse_own(version, user)
    version.state, version.reviewed_by = MatterVersion.State.REJECTED, user
    version.review_note = note
    version.save()
    record(version, "zwfw.catalogue.reject", user, number=version.number, note=note)
    return version


@transaction.atomic
def publish_version(version: MatterVersion, user: str = "", direct: bool = False) -> MatterVersion:
    """Review → published: becomes the matter's current version; claimants are notified.
    Its 编制人 may not publish it (four-eyes) unless ``direct``: an operator's import."""
    if version.state == MatterVersion.State.PUBLISHED:
        return version
    if not direct:
        _refuse_own(version, user)
    _check(version)
    matter = Matter.objects.select_for_update().get(pk=version.matter_id)
    previous = matter.current_version
    version.state, version.reviewed_by = MatterVersion.State.PUBLISHED, user
    version.published_at = timezone.now()
    version.save()
    matter.current_version = version
    matter.save(update_fields=["current_version"])
    record(
        version, "zwfw.catalogue.publish", user, number=version.number, direct=direct,
        previous=previous.number if previous else None,
    )  # fmt: skip
    if previous is not None:
        from .fanout import queue_fan_out

        queue_fan_out(version)
    return version


def compare_versions(a: MatterVersion, b: MatterVersion) -> list[dict]:
    """Element-by-element comparison of two versions of the same matter."""
    old, new = a.elements(), b.elements()
    return [
        {"element": name, "label": LABELS.get(name, name), "a": old[name], "b": new[name],
         "changed": old[name] != new[name]}
        for name in VERSION_FIELDS
    ]  # fmt: skip
