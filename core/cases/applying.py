"""The applicant's side of a case: submit, supplement (补正), withdraw (撤回).

Files are uploaded first (``uploads.store``, owned by the person, attached to no case) and named
here by id per material; a file of somebody else, or one already used, is refused as unknown.
"""

from django.db import connection, transaction
from django.utils import timezone

from core.domain.errors import DomainError, Problem
from core.listings.models import ImplementationItem
from tenants.current import current_region, province_of

from . import access, application, clock, eligibility, numbers, states
from .models import Case, CaseFile, CaseMaterial, SupplementNotice
from .transitions import finish, run
from .uploads import FILES_PER_MATERIAL


def _files(applicant, files: dict[str, list[int]], allowed: set[str]) -> dict[str, list]:
    """{material: [CaseFile]} of the applicant's unattached uploads; problems named per file."""
    ids = {pk for pks in files.values() for pk in pks}
    found = {
        f.pk: f
        for f in CaseFile.objects.select_for_update().filter(
            pk__in=ids, owner_person_id=applicant.person_id, case__isnull=True
        )
    }
    problems, out, seen = [], {}, set()
    for material, pks in files.items():
        if material not in allowed:
            problems.append(Problem(f"materials.{material}", f"“{material}”不是所需的申请材料"))
            continue
        if len(pks) > FILES_PER_MATERIAL:
            problems.append(Problem(f"materials.{material}",
                                    f"“{material}”最多上传{FILES_PER_MATERIAL}个文件"))  # fmt: skip
        for pk in pks:
            if pk not in found:
                problems.append(Problem(f"materials.{material}", f"文件 {pk} 不存在或已使用"))
            elif pk in seen:  # one file stands for one material only
                problems.append(Problem(f"materials.{material}", f"文件 {pk} 只能用于一项材料"))
            seen.add(pk)
        out[material] = [found[pk] for pk in pks if pk in found]
    if problems:
        raise DomainError(problems)
    return {m: fs for m, fs in out.items() if fs}


def _status(spec, given: bool) -> str:
    if given:
        return CaseMaterial.Status.UPLOADED
    if spec.e_license:
        return CaseMaterial.Status.E_LICENSE
    return CaseMaterial.Status.TOLERATED if spec.tolerable else CaseMaterial.Status.NOT_GIVEN


def submit(item, applicant, situations: list[str], files: dict[str, list[int]],
           contact_phone: str = "", submission_key: str = "") -> Case:  # fmt: skip
    """Open a case against a live entry that takes online applications.

    ``submission_key`` (the form's one-time key) makes a repeated post return the case the
    first one opened; the repeat's own uploads stay unattached (the sweeper removes them)."""
    if applicant is None:
        raise DomainError([Problem("applicant", "请先登录再申请")])
    region = current_region()
    province_code = province_of(region).code
    if problem := eligibility.level_problem(applicant, province_code):
        raise DomainError([problem])
    item = ImplementationItem.objects.select_related("live_version").get(pk=item.pk)
    if not application.accepts_online(item):
        raise DomainError([Problem("implementation_code", f"“{item.name}”暂不支持网上申请")])
    version = item.live_version
    specs = application.materials_for(
        application.local(version), list(dict.fromkeys(situations or []))
    )
    now = timezone.now()
    submission_key = (submission_key or "")[:64]
    with transaction.atomic():
        if submission_key and (first := _submitted(applicant, submission_key)) is not None:
            return first
        given = _files(applicant, files or {}, {s.name for s in specs})
        if problems := application.missing_required(specs, set(given)):
            raise DomainError(problems)
        case = Case(
            number=numbers.next_number(item.implementation_code, timezone.localdate(now)),
            query_code=numbers.new_query_code(), item=item, item_version=version,
            department_id=item.department_id, applicant_person_id=applicant.person_id,
            applicant_enterprise_id=applicant.enterprise_id, applicant_name=applicant.name[:100],
            enterprise_name=applicant.enterprise_name[:200], contact_phone=contact_phone[:20],
            submission_key=submission_key,
            situations=list(dict.fromkeys(situations or [])), state=states.SUBMITTED,
            limit=application.local(version).get("promised_limit") or {},
            province_code=province_code, submitted_at=now,
        )  # fmt: skip
        case.due_date = clock.due_date(case)
        case.save()
        _attach(case, specs, given)
        finish(case, "submit", f"applicant:{applicant.person_id}", "")
    return case


def _submitted(applicant, submission_key: str) -> Case | None:
    """The case this applicant already opened with this key; concurrent posts of one form wait
    here for each other (a transaction-level lock on the key)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
            [f"case-submission:{submission_key}", applicant.person_id % 2**31],
        )
    return Case.objects.filter(
        applicant_person_id=applicant.person_id, submission_key=submission_key
    ).first()


def _attach(case: Case, specs, given: dict[str, list], round_: int = 1) -> None:
    for spec in specs:
        status = _status(spec, spec.name in given)
        CaseMaterial.objects.create(
            case=case, name=spec.name, required=spec.required, status=status,
            e_license_ref=application.e_license_ref(case.number, spec.name)
            if status == CaseMaterial.Status.E_LICENSE else "",
            position=spec.position,
        )  # fmt: skip
    _link(case, given, round_)


def _link(case: Case, given: dict[str, list], round_: int) -> None:
    for material, files in given.items():
        CaseFile.objects.filter(pk__in=[f.pk for f in files]).update(
            case=case, material=material, round=round_
        )


def supplement(case: Case, applicant, files: dict[str, list[int]]) -> Case:
    """补正: a file for every material the notice lists (all at once); the clock runs again."""

    def check(locked):
        access.require_applicant(locked, applicant)

    actor = f"applicant:{getattr(applicant, 'person_id', '')}"
    with run(case, "supplement", actor, check=check) as locked:
        notice = SupplementNotice.objects.get(case=locked)
        listed = [i["material"] for i in notice.items]
        given = _files(applicant, files or {}, set(listed))
        if missing := [m for m in listed if m not in given]:
            raise DomainError(
                [Problem(f"materials.{m}", f"补正告知要求补交“{m}”，请上传") for m in missing]
            )
        _link(locked, given, 2)
        locked.materials.filter(name__in=listed).update(
            status=CaseMaterial.Status.UPLOADED, e_license_ref=""
        )
        notice.fulfilled_at = timezone.now()
        notice.save(update_fields=["fulfilled_at"])
        clock.resume(locked, clock.today())
    return locked


def withdraw(case: Case, applicant, reason: str = "") -> Case:
    """撤回 before 受理 (预审 or waiting for 补正)."""

    def check(locked):
        access.require_applicant(locked, applicant)

    actor = f"applicant:{getattr(applicant, 'person_id', '')}"
    with run(case, "withdraw", actor, (reason or "").strip()[:500], check=check) as locked:
        locked.paused_since = None
        locked.finished_at = timezone.now()
        locked.decision_reason = (reason or "").strip()[:500]
    return locked
