"""Staff transitions of a case (预审, 受理, 办理, 办结); each checks the handler's permission.

Applicant transitions (submit, supplement, withdraw) are in ``core.cases.applying``.
"""

from django.db.models import Q
from django.utils import timezone

from core.domain.errors import DomainError, Problem
from tenants.models import Department

from . import access, clock, results, states
from .models import CaseMaterial, SupplementNotice
from .transitions import run

MAX_REASON = 2000


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError([Problem("reason", f"请填写{what}")])
    if len(text) > MAX_REASON:
        raise DomainError([Problem("reason", f"{what}不能超过{MAX_REASON}字")])
    return text


def _handler(user):
    return lambda case: access.require_handler(user, case)


def request_supplement(case, user, items: list[dict], note: str = ""):
    """一次性告知: one notice listing every missing or faulty material; the clock stops."""
    names = set(case.materials.values_list("name", flat=True))
    cleaned, problems = [], []
    for index, item in enumerate(items or []):
        material, reason = (item.get("material") or "").strip(), (item.get("reason") or "").strip()
        if material not in names:
            problems.append(Problem(f"items[{index}]", f"“{material}”不是本办件的申请材料"))
        elif not reason:
            problems.append(Problem(f"items[{index}]", f"请写明“{material}”需要补正的内容"))
        else:
            cleaned.append({"material": material, "reason": reason})
    if not cleaned and not problems:
        problems.append(Problem("items", "补正告知至少要列出一项材料"))
    if len({i["material"] for i in cleaned}) != len(cleaned):
        problems.append(Problem("items", "同一材料只能列一次，请合并补正内容"))
    if problems:
        raise DomainError(problems)

    def check(locked):
        access.require_handler(user, locked)
        if SupplementNotice.objects.filter(case=locked).exists():
            raise DomainError([Problem("state", "补正告知只能发出一次（一次性告知）")])

    username = user.get_username()
    with run(case, "request_supplement", username, note, check=check, items=cleaned) as locked:
        SupplementNotice.objects.create(case=locked, items=cleaned, note=note, issued_by=username)
        clock.pause(locked, clock.today())
    return locked


def accept(case, user):
    with run(case, "accept", user.get_username(), check=_handler(user)) as locked:
        locked.accepted_at = timezone.now()
    return locked


def reject(case, user, reason: str):
    """不予受理, with the reason the 不予受理通知书 states."""
    reason = _reason(reason, "不予受理的理由")
    with run(case, "reject", user.get_username(), reason, check=_handler(user)) as locked:
        _close(locked, reason)
    return locked


def advance_step(case, user, note: str = ""):
    def check(locked):
        access.require_handler(user, locked)
        if locked.step + 1 >= len(locked.steps):
            raise DomainError([Problem("step", "已是最后一个办理环节，请办结")])

    with run(case, "advance_step", user.get_username(), note, check=check) as locked:
        locked.step += 1
    return locked


def suspend(case, user, reason: str):
    """挂起 (现场勘验, 专家评审, 公示 …): the clock stops until ``resume``."""
    reason = _reason(reason, "挂起原因")
    with run(case, "suspend", user.get_username(), reason, check=_handler(user)) as locked:
        clock.pause(locked, clock.today())
    return locked


def resume(case, user):
    with run(case, "resume", user.get_username(), check=_handler(user)) as locked:
        clock.resume(locked, clock.today())
    return locked


def transfer(case, user, department: Department, reason: str):
    """转办 to another active department of the same region (the case's handlers change)."""
    reason = _reason(reason, "转办原因")

    def check(locked):
        access.require_handler(user, locked)
        same_region = Q(region_id=locked.department.region_id, is_active=True)
        if not Department.objects.filter(same_region, pk=department.pk).exists():
            raise DomainError([Problem("department", "只能转办给本区划启用中的部门")])
        if department.pk == locked.department_id:
            raise DomainError([Problem("department", "办件已在该部门")])

    data = {"from_department": case.department.name, "to_department": department.name}
    with run(case, "transfer", user.get_username(), reason, check=check, **data) as locked:
        locked.department = department
    return locked


def complete(case, user, approved: bool, reason: str = "", result_name: str = "",
             result_upload=None, base_url: str = ""):  # fmt: skip
    """办结: 准予 (with the result, e.g. the licence number) or 不予许可 (with the reason), and
    the result document: the file staff attach (same checks as uploads) or a generated
    决定书 (``core.cases.results``; ``base_url`` is the region host's, for its QR code)."""
    if approved:
        result_name = (result_name or "").strip()
        if not result_name:
            raise DomainError([Problem("result_name", "请填写办理结果（如证照名称和编号）")])
    else:
        reason = _reason(reason, "不予许可的理由")
    checked = results.check(result_upload)
    note = result_name if approved else reason
    document = None
    try:
        with run(case, "complete", user.get_username(), note, check=_handler(user)) as locked:
            locked.state = states.APPROVED if approved else states.DENIED
            locked.result_name = result_name[:200]
            _close(locked, "" if approved else reason)
            document = results.attach(locked, user.get_username(), result_upload, checked, base_url)
    except BaseException:
        results.discard(document)  # the stored file of a transaction that did not commit
        raise
    return locked


def return_case(case, user, reason: str):
    """退件: the application goes back to the applicant (at their request, or it cannot go on)."""
    reason = _reason(reason, "退件原因")
    with run(case, "return_case", user.get_username(), reason, check=_handler(user)) as locked:
        _close(locked, reason)
    return locked


def _close(case, reason: str) -> None:
    if case.paused_since is not None:
        clock.resume(case, clock.today())
    case.decision_reason = reason
    case.finished_at = timezone.now()


def tolerated_materials(case) -> list[str]:
    return list(
        case.materials.filter(status=CaseMaterial.Status.TOLERATED).values_list("name", flat=True)
    )
