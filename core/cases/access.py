"""Who may act on a case: its applicant (or a 经办人 acting for its enterprise) and the staff
handling its department. Everything else gets nothing (views answer 404, services refuse).

Staff of other regions cannot even sign in to this region's admin (users live in the tenant
schema); inside a region, a handler sees the cases of the departments assigned to them
(``CaseHandler``) and needs the permission ``cases.handle_case``; a superuser sees all.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from .models import CaseHandler


@dataclass(frozen=True)
class Applicant:
    """The signed-in person applying, and the enterprise they act for (None: for themselves).

    Built from ``core.identity.subject.Subject`` (``from_subject``); the identity layer has
    already checked that the person may act for the enterprise (经办人 authorisation)."""

    person_id: int
    name: str
    enterprise_id: int | None = None
    enterprise_name: str = ""
    level: int = 1  # 实名等级 of the person (core.identity.models.Level)


def from_subject(subject) -> Applicant | None:
    if subject is None:
        return None
    return Applicant(
        person_id=subject.person_id, name=subject.name, enterprise_id=subject.enterprise_id,
        enterprise_name=subject.enterprise_name or "", level=subject.level,
    )  # fmt: skip


def is_applicant(case, applicant: Applicant | None) -> bool:
    """The person who applied for themselves, or whoever acts now for the applying enterprise."""
    if applicant is None:
        return False
    if case.applicant_enterprise_id is not None:
        return applicant.enterprise_id == case.applicant_enterprise_id
    return applicant.enterprise_id is None and applicant.person_id == case.applicant_person_id


def require_applicant(case, applicant: Applicant | None) -> None:
    if not is_applicant(case, applicant):
        raise PermissionDenied("只有申请人可以办理此操作")


def department_ids(user) -> set[int] | None:
    """Departments whose cases the user handles; None: all of the region (superuser)."""
    if not (user and user.is_active):
        return set()
    if user.is_superuser:
        return None
    if not user.has_perm("cases.handle_case"):
        return set()
    return set(CaseHandler.objects.filter(user=user).values_list("department_id", flat=True))


def can_handle(user, case) -> bool:
    allowed = department_ids(user)
    return allowed is None or case.department_id in allowed


def require_handler(user, case) -> None:
    if not can_handle(user, case):
        raise PermissionDenied("您不是该办件所属部门的办理人员")


UNKNOWN = object()  # visible_cases: not looked up yet


def visible_cases(user, queryset, allowed=UNKNOWN):
    if allowed is UNKNOWN:
        allowed = department_ids(user)
    return queryset if allowed is None else queryset.filter(department_id__in=allowed)
